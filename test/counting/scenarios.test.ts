// Cycle counting told as stories, one per path of seed 000 (steps 3–10).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inTx } from '../../src/db/db.js';
import { postMovement, checkLedger, getMovement } from '../../src/modules/ledger/index.js';
import {
  approveCorrection, completeInvestigation, createAdhocCount, getInvestigation, getLine, getTaskSheet, listTasks, recordObservation, rejectCorrection, submitTask, workflowDeps, type ObservationInput,
} from '../../src/modules/counting/index.js';
import { isDomainError } from '../../src/kernel/errors.js';
import { testDb, type TestDb } from '../support/db.js';
import { builderCtx } from '../support/catalog-builders.js';
import { as, asRoles, countingPlant, COUNTERS, INVESTIGATOR, MANAGER, SUPERVISOR, type CountingPlant } from './counting-fixture.js';

let db: TestDb;
before(async () => { db = await testDb(); });
after(async () => { await db.drop(); });

const sup = () => as(SUPERVISOR, 'supervisor');
const mgr = () => as(MANAGER, 'inventory_manager');

async function adhoc(p: CountingPlant, bin: string, counter: number): Promise<number> {
  return (await inTx(db, (tx) => createAdhocCount(tx, builderCtx, { site: p.site.code, by: 'bin', target: bin, counterUserId: counter }))).taskId;
}
async function observe(counter: number, input: ObservationInput) {
  return inTx(db, (tx) => recordObservation(workflowDeps(db), tx, as(counter, 'counter'), input));
}
async function lineOf(taskId: number, sku: string): Promise<number> {
  const sheet = await getTaskSheet(db.k, builderCtx, taskId);
  const line = sheet.lines.find((l) => l.sku === sku);
  assert.ok(line, `task ${taskId} has a line for ${sku}`);
  return line.lineId;
}
/** Submits as the counter, who is also a shift lead here, so the answer carries the evaluations. */
async function submit(counter: number, taskId: number) {
  return inTx(db, (tx) => submitTask(workflowDeps(db), tx, asRoles(counter, ['counter', 'supervisor']), taskId));
}
async function expectCode(p: Promise<unknown>, code: string) {
  await assert.rejects(p, (e: unknown) => isDomainError(e) && e.code === code);
}

describe('cycle counting stories', () => {
  test('a small variance within the auto-accept band is corrected at once', async () => {
    const p = await countingPlant(db);
    const bolt = p.items.bolt.sku;
    const bin = p.bins[0].code;
    await p.stock(bolt, bin, '100');
    const task = await adhoc(p, bin, COUNTERS.ann);
    await observe(COUNTERS.ann, { taskId: task, lineId: await lineOf(task, bolt), qty: '99' });
    const r = await submit(COUNTERS.ann, task);
    const ev = r.lines[0];
    assert.ok(ev);
    assert.equal(ev.outcome, 'auto_accept');
    assert.equal(ev.shortageQty, '1');
    assert.equal(ev.direction, 'shortage');
    assert.equal(ev.shortagePct, '1.00');
    assert.equal(ev.status, 'corrected');
    assert.ok(ev.followUp.movementId);
    const m = await getMovement(db.k, ev.followUp.movementId);
    assert.equal(m.type, 'count_correction');
    assert.equal(m.countLineId, ev.lineId);
    assert.equal(await p.onHand(bolt, bin), '99');
    assert.equal((await checkLedger(db.k)).ok, true);
  });

  test('a variance inside tolerance but above auto-accept waits for a supervisor, who posts it', async () => {
    const p = await countingPlant(db);
    const bolt = p.items.bolt.sku;
    const bin = p.bins[0].code;
    await p.stock(bolt, bin, '100');
    const task = await adhoc(p, bin, COUNTERS.ann);
    await observe(COUNTERS.ann, { taskId: task, lineId: await lineOf(task, bolt), qty: '102' });
    const ev = (await submit(COUNTERS.ann, task)).lines[0];
    assert.ok(ev?.followUp.correctionId);
    assert.equal(ev.outcome, 'within');
    assert.equal(ev.direction, 'overage');
    assert.equal(ev.shortageQty, '-2');
    assert.equal(ev.status, 'pending_approval');
    const r = await inTx(db, (tx) => approveCorrection(workflowDeps(db), tx, sup(), ev.followUp.correctionId as number));
    assert.equal(r.status, 'posted');
    assert.ok(r.validationLineId, 'a validation recount is scheduled');
    assert.equal(await p.onHand(bolt, bin), '102');
  });

  test('flagged → blind recount by another counter confirms → investigation → approval → correction posted', async () => {
    const p = await countingPlant(db);
    const bolt = p.items.bolt.sku;
    const bin = p.bins[1].code;
    await p.stock(bolt, bin, '100');
    const task = await adhoc(p, bin, COUNTERS.ann);
    const first = await lineOf(task, bolt);
    await observe(COUNTERS.ann, { taskId: task, lineId: first, qty: '70' });
    const ev = (await submit(COUNTERS.ann, task)).lines[0];
    assert.ok(ev);
    assert.equal(ev.flagged, true);
    assert.equal(ev.outcome, 'investigate');
    assert.equal(ev.status, 'recount');
    const recountTask = ev.followUp.recountTaskId as number;
    const recount = await getTaskSheet(db.k, as(COUNTERS.bob, 'counter'), recountTask);
    assert.equal(recount.blind, true);
    assert.notEqual(recount.counterUserId, COUNTERS.ann, 'the recount goes to a different counter');
    const recounter = recount.counterUserId as number;
    assert.equal(recount.lines[0]?.systemQty, undefined, 'a blind recount shows no system quantity');
    assert.equal(recount.lines[0]?.countedQty, null, 'nor the first count');
    await observe(recounter, { taskId: recountTask, lineId: recount.lines[0]?.lineId as number, qty: '70' });
    const rev = (await submit(recounter, recountTask)).lines[0];
    assert.ok(rev?.followUp.investigationId);
    assert.equal(rev.status, 'investigating');
    const inv = await getInvestigation(db.k, rev.followUp.investigationId);
    assert.equal(inv.assignedTo, INVESTIGATOR);
    assert.equal(inv.evidence.recounts.length, 1);
    assert.ok(inv.evidence.movementsSinceLastCount.some((m) => m.type === 'receipt'));
    const done = await inTx(db, (tx) => completeInvestigation(tx, as(INVESTIGATOR, 'investigator'), inv.id, {
      causes: ['picking', 'transfer_not_posted'], evidenceText: 'pick list 4471 shows 30 picked without a posting',
      correctiveActions: [{ what: 'retrain night shift on scanning picks', owner: 'shift lead', due: '2026-12-15' }], conclusion: 'unposted picks',
    }));
    // 30 × 2.00 = 60.00 is within the supervisor's 500.00 limit.
    const r = await inTx(db, (tx) => approveCorrection(workflowDeps(db), tx, sup(), done.correctionId));
    assert.equal(r.status, 'posted');
    assert.equal(await p.onHand(bolt, bin), '70');
    const line = await getLine(db.k, builderCtx, first);
    assert.equal(line.status, 'recounted');
    assert.deepEqual(line.recountLineIds.length, 1);
    const m = await getMovement(db.k, r.movementId as number);
    assert.equal(m.reasonCode, 'picking');
    assert.equal((await checkLedger(db.k)).ok, true);
  });

  test('a recount that agrees with the system closes the line without a correction', async () => {
    const p = await countingPlant(db);
    const bolt = p.items.bolt.sku;
    const bin = p.bins[2].code;
    await p.stock(bolt, bin, '50');
    const task = await adhoc(p, bin, COUNTERS.ann);
    await observe(COUNTERS.ann, { taskId: task, lineId: await lineOf(task, bolt), qty: '40' });
    const ev = (await submit(COUNTERS.ann, task)).lines[0];
    const recountTask = ev?.followUp.recountTaskId as number;
    const sheet = await getTaskSheet(db.k, builderCtx, recountTask);
    const recounter = sheet.counterUserId as number;
    await observe(recounter, { taskId: recountTask, lineId: sheet.lines[0]?.lineId as number, qty: '50' });
    const rev = (await submit(recounter, recountTask)).lines[0];
    assert.equal(rev?.status, 'accepted');
    assert.equal(rev?.shortageQty, '0');
    assert.equal(await p.onHand(bolt, bin), '50');
  });

  test('stock found in a bin the system says is empty is always flagged', async () => {
    const p = await countingPlant(db);
    const bolt = p.items.bolt.sku;
    const bin = p.bins[0].code;
    const task = await adhoc(p, bin, COUNTERS.ann);
    const r = await observe(COUNTERS.ann, { taskId: task, item: bolt, location: bin, qty: '5' });
    const line = await getLine(db.k, builderCtx, r.lineId);
    assert.equal(line.kind, 'unexpected');
    const ev = (await submit(COUNTERS.ann, task)).lines[0];
    assert.equal(ev?.flagged, true);
    assert.equal(ev?.shortageQty, '-5');
    assert.equal(ev?.direction, 'overage');
    assert.equal(ev?.shortagePct, null, 'no percent of a zero system quantity');
  });

  test('an unexpected lot is a variance even when the totals agree', async () => {
    const p = await countingPlant(db);
    const resin = p.items.resin.sku;
    const bin = p.bins[0].code;
    await p.stock(resin, bin, '10', { lot: 'L1' });
    const task = await adhoc(p, bin, COUNTERS.ann);
    const line = await lineOf(task, resin);
    await observe(COUNTERS.ann, { taskId: task, lineId: line, qty: '7', lot: 'L1' });
    await observe(COUNTERS.ann, { taskId: task, lineId: line, qty: '3', lot: 'L9-NEW' });
    const ev = (await submit(COUNTERS.ann, task)).lines[0];
    assert.equal(ev?.shortageQty, '0');
    assert.equal(ev?.flagged, true, 'L1 short 3 and L9-NEW over 3');
    await expectCode(observe(COUNTERS.ann, { taskId: task, lineId: line, qty: '1' }), 'count.task_closed');
  });

  test('a count entered in cases posts in each', async () => {
    const p = await countingPlant(db);
    const bolt = p.items.bolt.sku;
    const bin = p.bins[0].code;
    await p.stock(bolt, bin, '120');
    const task = await adhoc(p, bin, COUNTERS.ann);
    await observe(COUNTERS.ann, { taskId: task, lineId: await lineOf(task, bolt), qty: '10', unit: 'case' });
    const ev = (await submit(COUNTERS.ann, task)).lines[0];
    assert.equal(ev?.shortageQty, '0');
    assert.equal(ev?.status, 'accepted');
  });

  test('stock found in another bin is resolved by a transfer, not a write-off and a write-on', async () => {
    const p = await countingPlant(db);
    const bolt = p.items.bolt.sku;
    const [a, b] = [p.bins[0].code, p.bins[1].code];
    await p.stock(bolt, a, '100');
    await p.stock(bolt, b, '10');
    const task = await adhoc(p, a, COUNTERS.ann);
    await observe(COUNTERS.ann, { taskId: task, lineId: await lineOf(task, bolt), qty: '60' });
    const recountTask = (await submit(COUNTERS.ann, task)).lines[0]?.followUp.recountTaskId as number;
    const sheet = await getTaskSheet(db.k, builderCtx, recountTask);
    await observe(sheet.counterUserId as number, { taskId: recountTask, lineId: sheet.lines[0]?.lineId as number, qty: '60' });
    const inv = (await submit(sheet.counterUserId as number, recountTask)).lines[0]?.followUp.investigationId as number;
    const done = await inTx(db, (tx) => completeInvestigation(tx, as(INVESTIGATOR, 'investigator'), inv, { causes: ['transfer_not_posted'], conclusion: '40 put away in the next bin', foundLocation: b }));
    const r = await inTx(db, (tx) => approveCorrection(workflowDeps(db), tx, sup(), done.correctionId));
    assert.equal((await getMovement(db.k, r.movementId as number)).type, 'transfer');
    assert.equal(await p.onHand(bolt, a), '60');
    assert.equal(await p.onHand(bolt, b), '50');
  });

  test('stock moving during a count neither hides nor invents a variance', async () => {
    const p = await countingPlant(db);
    const bolt = p.items.bolt.sku;
    const bin = p.bins[2].code;
    await p.stock(bolt, bin, '100');
    const task = await adhoc(p, bin, COUNTERS.ann);
    await observe(COUNTERS.ann, { taskId: task, lineId: await lineOf(task, bolt), qty: '90' });
    // A receipt of 20 is posted after the count was taken, before the task is reviewed.
    await p.stock(bolt, bin, '20');
    const ev = (await submit(COUNTERS.ann, task)).lines[0];
    assert.equal(ev?.shortageQty, '10', 'book 100 at the count, counted 90');
    let correctionId = ev?.followUp.correctionId;
    if (!correctionId) {
      const sheet = await getTaskSheet(db.k, builderCtx, ev?.followUp.recountTaskId as number);
      await observe(sheet.counterUserId as number, { taskId: sheet.taskId, lineId: sheet.lines[0]?.lineId as number, qty: '110' });
      const rev = (await submit(sheet.counterUserId as number, sheet.taskId)).lines[0];
      assert.equal(rev?.shortageQty, '10', 'the recount at 110 against a book of 120 confirms the shortage of 10');
      correctionId = rev?.followUp.correctionId;
    }
    await inTx(db, (tx) => approveCorrection(workflowDeps(db), tx, sup(), correctionId as number));
    assert.equal(await p.onHand(bolt, bin), '110');
  });

  test('two counters counting parts of one bin add up; a resent offline queue posts each observation once', async () => {
    const p = await countingPlant(db);
    const flour = p.items.flour.sku;
    const bin = p.bins[0].code;
    await p.stock(flour, bin, '25.5');
    const task = await adhoc(p, bin, COUNTERS.ann);
    const line = await lineOf(task, flour);
    for (let resend = 0; resend < 3; resend++) {
      await observe(COUNTERS.ann, { taskId: task, lineId: line, qty: '15', clientKey: 'dev-1:obs-1', device: 'scanner-7' });
      await observe(COUNTERS.ann, { taskId: task, lineId: line, qty: '500', unit: 'g', clientKey: 'dev-1:obs-2', device: 'scanner-7' });
    }
    const dup = await observe(COUNTERS.ann, { taskId: task, lineId: line, qty: '15', clientKey: 'dev-1:obs-1' });
    assert.equal(dup.status, 'duplicate');
    // A helper counts the other half; a supervisor may count too.
    await inTx(db, (tx) => recordObservation(workflowDeps(db), tx, { ...builderCtx }, { taskId: task, lineId: line, qty: '10', counterUserId: COUNTERS.bob }));
    const l = await getLine(db.k, builderCtx, line);
    assert.equal(l.observations.length, 3, JSON.stringify(l.observations));
    const ev = (await submit(COUNTERS.ann, task)).lines[0];
    assert.equal(ev?.shortageQty, '0', '15 kg + 500 g + 10 kg = 25.5 kg');
  });

  test('approvals: counters cannot approve, nobody approves their own count, supervisors stay within their limit', async () => {
    const p = await countingPlant(db, { supervisorLimit: '10.00' });
    const bolt = p.items.bolt.sku;
    const bin = p.bins[0].code;
    await p.stock(bolt, bin, '100');
    const task = await adhoc(p, bin, SUPERVISOR);
    // The supervisor counts this bin himself (a supervisor holding the counter's job today).
    const lead = asRoles(SUPERVISOR, ['supervisor', 'counter']);
    await inTx(db, (tx) => recordObservation(workflowDeps(db), tx, lead, { taskId: task, item: bolt, location: bin, qty: '98' }));
    const ev = (await inTx(db, (tx) => submitTask(workflowDeps(db), tx, lead, task))).lines[0];
    const correctionId = ev?.followUp.correctionId as number;
    assert.ok(correctionId, `2 % is within tolerance: a correction is proposed (${JSON.stringify(ev)})`);
    await expectCode(inTx(db, (tx) => approveCorrection(workflowDeps(db), tx, as(COUNTERS.ann, 'counter'), correctionId)), 'count.not_an_approver');
    await expectCode(inTx(db, (tx) => approveCorrection(workflowDeps(db), tx, as(SUPERVISOR, 'supervisor'), correctionId)), 'count.segregation_of_duties');
    // Another supervisor: the value 4.00 is within a limit of 10.00.
    const r = await inTx(db, (tx) => approveCorrection(workflowDeps(db), tx, as(22, 'supervisor'), correctionId));
    assert.equal(r.status, 'posted');

    // Over the limit: 10 of 1000 is 1 % (within tolerance) but worth 20.00, above the supervisor's 10.00.
    const bin2 = p.bins[1].code;
    await p.stock(bolt, bin2, '1000');
    const task2 = await adhoc(p, bin2, COUNTERS.ann);
    await observe(COUNTERS.ann, { taskId: task2, lineId: await lineOf(task2, bolt), qty: '990' });
    const ev2 = (await submit(COUNTERS.ann, task2)).lines[0];
    const big = ev2?.followUp.correctionId as number;
    assert.ok(big, JSON.stringify(ev2));
    await expectCode(inTx(db, (tx) => approveCorrection(workflowDeps(db), tx, sup(), big)), 'count.over_approval_limit');
    const posted = await inTx(db, (tx) => approveCorrection(workflowDeps(db), tx, mgr(), big));
    assert.equal(posted.status, 'posted');
    await expectCode(inTx(db, (tx) => rejectCorrection(tx, mgr(), big)), 'count.correction_decided');
  });

  test('a counter sees only their own tasks, and a blind sheet never carries the system quantity', async () => {
    const p = await countingPlant(db);
    const bolt = p.items.bolt.sku;
    await p.stock(bolt, p.bins[0].code, '33');
    const task = await adhoc(p, p.bins[0].code, COUNTERS.ann);
    const sheet = await getTaskSheet(db.k, as(COUNTERS.ann, 'counter'), task);
    assert.equal(sheet.blind, true);
    assert.ok(sheet.lines.length > 0);
    assert.ok(sheet.lines.every((l) => !('systemQty' in l)));
    assert.ok(!JSON.stringify(sheet).includes('"33"'));
    const forSup = await getTaskSheet(db.k, sup(), task);
    assert.equal(forSup.lines[0]?.systemQty, '33');
    await expectCode(getTaskSheet(db.k, as(COUNTERS.bob, 'counter'), task), 'count.not_your_task');
    const mine = await listTasks(db.k, as(COUNTERS.bob, 'counter'), { mine: true });
    assert.ok(mine.items.every((t) => t.counterUserId === COUNTERS.bob));
    await observe(COUNTERS.ann, { taskId: task, lineId: sheet.lines[0]?.lineId as number, qty: '30' });
    const answer = await inTx(db, (tx) => submitTask(workflowDeps(db), tx, as(COUNTERS.ann, 'counter'), task));
    assert.deepEqual(answer.lines, [], 'a blind counter is not told the variance (counted + shortage = book)');
    assert.equal(answer.submittedLines, 1);
  });

  test('a task cannot be submitted with uncounted lines; bin empty counts as a count', async () => {
    const p = await countingPlant(db);
    const bolt = p.items.bolt.sku;
    const bin = p.bins[1].code;
    await p.stock(bolt, bin, '4');
    const task = await adhoc(p, bin, COUNTERS.cid);
    await expectCode(submit(COUNTERS.cid, task), 'count.task_incomplete');
    await expectCode(observe(COUNTERS.cid, { taskId: task, lineId: await lineOf(task, bolt), binEmpty: true, qty: '3' }), 'count.bad_quantity');
    await observe(COUNTERS.cid, { taskId: task, lineId: await lineOf(task, bolt), binEmpty: true });
    const ev = (await submit(COUNTERS.cid, task)).lines[0];
    assert.equal(ev?.shortageQty, '4');
    assert.equal(ev?.flagged, true);
  });
});

test('adjustments posted through the ledger stay consistent with counting', async () => {
  const p = await countingPlant(db);
  await inTx(db, (tx) => postMovement(db, tx, builderCtx, { type: 'receipt', lines: [{ item: p.items.widget.sku, qty: '3', to: p.bins[0].code }] }));
  assert.equal((await checkLedger(db.k)).ok, true);
});
