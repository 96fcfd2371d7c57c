// Planning the counts from the ledger: ABC classes with history, a schedule that covers every
// item-location and says why, assignment by zone and walk order, ad-hoc and triggered counts.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inTx } from '../../src/db/db.js';
import { postMovement } from '../../src/modules/ledger/index.js';
import {
  assignCountDay, classifyItems, createAdhocCount, generateCountSchedule, getTaskSheet, itemClassHistory, listLines, scanTriggers, setPolicy, triggerPickShortage, recordObservation, submitTask, workflowDeps, scheduleCalendar,
} from '../../src/modules/counting/index.js';
import { findLocationRef } from '../../src/modules/catalog/index.js';
import { testDb, type TestDb } from '../support/db.js';
import { builderCtx, makeBin, makeItem } from '../support/catalog-builders.js';
import { as, countingPlant, COUNTERS, type CountingPlant } from './counting-fixture.js';

let db: TestDb;
before(async () => { db = await testDb(); });
after(async () => { await db.drop(); });

const post = (type: 'receipt' | 'issue_to_production' | 'shipment', item: string, qty: string, bin: string, unitCost = '1.00') =>
  inTx(db, (tx) => postMovement(db, tx, builderCtx, { type, lines: [type === 'receipt' ? { item, qty, to: bin, unitCost } : { item, qty, from: bin }] }));

async function plantWithConsumption(): Promise<{ p: CountingPlant; skus: string[] }> {
  const p = await countingPlant(db);
  // Ten items with Pareto-like consumption: item 0 uses 500, item 1 200, … item 9 1.
  const uses = [500, 200, 100, 60, 40, 30, 20, 10, 5, 1];
  const skus: string[] = [];
  for (const [i, use] of uses.entries()) {
    const it = await makeItem(db, { sku: `${p.site.code}-I${i}`, description: `Item ${i}`, inventoryType: 'raw' });
    skus.push(it.sku);
    const bin = p.bins[i % 3]?.code as string;
    await post('receipt', it.sku, String(use + 10), bin);
    await post('issue_to_production', it.sku, String(use), bin);
  }
  return { p, skus };
}

test('ABC by trailing-12-month consumption value, with the class history kept', async () => {
  const { p, skus } = await plantWithConsumption();
  const run = await inTx(db, (tx) => classifyItems(tx, builderCtx, { site: p.site.code }));
  // Total 966: item 0 (500) + item 1 (200) = 72.5 %, + item 2 (100) = 82.9 % → A = items 0–2 (the item crossing 80 % is A).
  const hist0 = await itemClassHistory(db.k, skus[0] as string);
  const hist2 = await itemClassHistory(db.k, skus[2] as string);
  const hist9 = await itemClassHistory(db.k, skus[9] as string);
  assert.equal(hist0[0]?.abcClass, 'A');
  assert.equal(hist2[0]?.abcClass, 'A');
  assert.equal(hist9[0]?.abcClass, 'C');
  assert.ok(run.counts.A >= 3);
  // Reclassify with a tighter A: item 2 drops to B, and the history shows both runs.
  await inTx(db, (tx) => classifyItems(tx, builderCtx, { site: p.site.code, aPct: '70', bPct: '20' }));
  const again = await itemClassHistory(db.k, skus[2] as string);
  assert.equal(again.length, 2);
  assert.equal(again[0]?.abcClass, 'B');
  assert.equal(again[1]?.abcClass, 'A');
});

test('a year\'s schedule counts every item-location, A monthly, and each line says why', async () => {
  const { p, skus } = await plantWithConsumption();
  await inTx(db, (tx) => classifyItems(tx, builderCtx, { site: p.site.code }));
  const s = await inTx(db, (tx) => generateCountSchedule(tx, builderCtx, { site: p.site.code, periodStart: '2027-01-01', periodEnd: '2027-12-31' }));
  assert.equal(s.itemLocations, 10);
  const lines = [];
  for (let cursor: string | null | undefined; ;) {
    const page = await listLines(db.k, builderCtx, { site: p.site.code, kind: 'scheduled', limit: 500, ...(cursor ? { cursor } : {}) });
    lines.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  assert.equal(lines.length, s.lines);
  const bySku = new Map<string, typeof lines>();
  for (const l of lines) bySku.set(l.sku, [...(bySku.get(l.sku) ?? []), l]);
  for (const sku of skus) assert.ok((bySku.get(sku)?.length ?? 0) >= 1, `${sku} is counted at least once`);
  const a = bySku.get(skus[0] as string) ?? [];
  assert.equal(a.length, 12, 'class A: 12 counts a year');
  assert.ok(a.every((l) => l.reasons.includes('class_a_monthly')));
  const months = new Set(a.map((l) => l.plannedDate?.slice(0, 7)));
  assert.ok(months.size >= 11, `spread over the months: ${[...months].join(',')}`);
  const c = bySku.get(skus[9] as string) ?? [];
  assert.equal(c.length, 1);
  assert.ok(c[0]?.reasons.some((r) => r.startsWith('class_c')));
  assert.ok(lines.every((l) => l.plannedDate && ![0, 6].includes(new Date(`${l.plannedDate}T00:00:00Z`).getUTCDay())), 'working days only');
  const cal = await scheduleCalendar(db.k, builderCtx, { site: p.site.code, from: '2027-01-01', to: '2027-01-31' });
  assert.ok(cal.days.length > 0 && cal.days.every((d) => d.lines > 0));
  // Regenerating replaces the planned lines instead of doubling them.
  const again = await inTx(db, (tx) => generateCountSchedule(tx, builderCtx, { site: p.site.code, periodStart: '2027-01-01', periodEnd: '2027-12-31' }));
  assert.equal(again.replacedPlannedLines, s.lines);
});

test('assignment groups a day into tasks by zone in walk order and balances the counters', async () => {
  const p = await countingPlant(db);
  const extra = [await makeBin(db, p.zone, { code: `${p.site.code}-A-04`, walkSeq: 5 })];
  const bins = [...p.bins.map((b) => b.code), ...extra.map((b) => b.code)];
  for (let i = 0; i < 8; i++) {
    const it = await makeItem(db, { sku: `${p.site.code}-AS${i}`, description: `Assign ${i}`, criticality: i === 7 ? 'critical' : 'normal' });
    await post('receipt', it.sku, '5', bins[i % bins.length] as string);
  }
  await inTx(db, (tx) => generateCountSchedule(tx, builderCtx, { site: p.site.code, periodStart: '2027-03-01', periodEnd: '2027-03-05' }));
  // Everything planned in that week is assigned on its last day (lines due on or before the date).
  const r = await inTx(db, (tx) => assignCountDay(tx, builderCtx, { site: p.site.code, date: '2027-03-05', maxTaskLines: 3 }));
  const total = r.tasks.reduce((s, x) => s + x.lines, 0) + r.unassigned.reduce((s, x) => s + x.lines, 0);
  assert.equal(total, 8);
  assert.ok(r.tasks.length >= 3, 'split into tasks of at most 3 lines');
  assert.ok(r.tasks.every((x) => x.lines <= 3));
  const counters = new Set(r.tasks.map((x) => x.counterUserId));
  assert.ok(counters.size >= 2, 'the work is spread over counters');
  assert.ok(r.tasks.every((x) => x.dueAt !== null));
  const critical = r.tasks.filter((x) => x.critical);
  assert.ok(critical.length >= 1 && critical.every((x) => x.reasons.includes('critical_first')));
  for (const task of r.tasks) {
    const sheet = await getTaskSheet(db.k, builderCtx, task.taskId);
    const walk = sheet.lines.map((l) => l.walkSeq ?? 0);
    assert.deepEqual(walk, [...walk].sort((x, y) => x - y), 'lines in walk order');
  }
});

test('ad-hoc counts by item and zone; triggered counts for negative balances, bins at zero and pick shortages', async () => {
  const p = await countingPlant(db, { blockBins: true });
  await setPolicyAllowNegative(p);
  const bolt = p.items.bolt.sku;
  await post('receipt', bolt, '10', p.bins[0].code);
  await post('receipt', bolt, '4', p.bins[1].code);
  const byItem = await inTx(db, (tx) => createAdhocCount(tx, builderCtx, { site: p.site.code, by: 'item', target: bolt, counterUserId: COUNTERS.ann }));
  assert.equal(byItem.lines, 2);
  // Counting blocks the bins of the task when the policy says so; submitting releases them.
  const sheet = await getTaskSheet(db.k, builderCtx, byItem.taskId);
  await inTx(db, (tx) => recordObservation(workflowDeps(db), tx, as(COUNTERS.ann, 'counter'), { taskId: byItem.taskId, lineId: sheet.lines[0]?.lineId as number, qty: '10' }));
  assert.equal((await findLocationRef(db.k, sheet.lines[0]?.location as string))?.blocked, true);
  await inTx(db, (tx) => recordObservation(workflowDeps(db), tx, as(COUNTERS.ann, 'counter'), { taskId: byItem.taskId, lineId: sheet.lines[1]?.lineId as number, qty: '4' }));
  await inTx(db, (tx) => submitTask(workflowDeps(db), tx, builderCtx, byItem.taskId));
  assert.equal((await findLocationRef(db.k, sheet.lines[0]?.location as string))?.blocked, false);

  // Bin 1 goes to zero, bin 2 below zero (the site allows it): both trigger counts.
  await post('shipment', bolt, '4', p.bins[1].code);
  const flour = p.items.flour.sku;
  await post('receipt', flour, '1', p.bins[2].code);
  await post('shipment', flour, '3', p.bins[2].code);
  const t = await inTx(db, (tx) => scanTriggers(tx, builderCtx, p.site.code));
  assert.equal(t.atZero, 1);
  assert.equal(t.negative, 1);
  const again = await inTx(db, (tx) => scanTriggers(tx, builderCtx, p.site.code));
  assert.deepEqual(again, { negative: 0, atZero: 0 }, 'an open line is not triggered twice');
  const pick = await inTx(db, (tx) => triggerPickShortage(tx, builderCtx, { item: bolt, location: p.bins[0].code, note: 'picker found 6' }));
  const triggered = await listLines(db.k, builderCtx, { site: p.site.code, kind: 'triggered' });
  const reasons = triggered.items.flatMap((l) => l.reasons).sort();
  assert.deepEqual(reasons, ['count_at_zero', 'negative_balance', 'pick_shortage']);
  assert.ok(triggered.items.some((l) => l.lineId === pick.lineId));
  // A zone count takes every item-location of the zone that holds (or owes) stock.
  const byZone = await inTx(db, (tx) => createAdhocCount(tx, builderCtx, { site: p.site.code, by: 'zone', target: p.zone.code }));
  assert.equal(byZone.lines, 2, 'bolt in bin 1 and flour (negative) in bin 3; bin 2 is empty');
});

test('past misses make an item-location count more often', async () => {
  const p = await countingPlant(db);
  const bolt = p.items.bolt.sku;
  await post('receipt', bolt, '100', p.bins[0].code);
  await inTx(db, (tx) => setPolicy(tx, builderCtx, p.site.code, { countsPerYear: { A: 12, B: 4, C: 4 } }));
  const base = await inTx(db, (tx) => generateCountSchedule(tx, builderCtx, { site: p.site.code, periodStart: '2027-01-01', periodEnd: '2027-12-31' }));
  // A flagged count (a miss) …
  const task = await inTx(db, (tx) => createAdhocCount(tx, builderCtx, { site: p.site.code, by: 'bin', target: p.bins[0].code, counterUserId: COUNTERS.ann }));
  const sheet = await getTaskSheet(db.k, builderCtx, task.taskId);
  await inTx(db, (tx) => recordObservation(workflowDeps(db), tx, as(COUNTERS.ann, 'counter'), { taskId: task.taskId, lineId: sheet.lines[0]?.lineId as number, qty: '50' }));
  await inTx(db, (tx) => submitTask(workflowDeps(db), tx, builderCtx, task.taskId));
  const boosted = await inTx(db, (tx) => generateCountSchedule(tx, builderCtx, { site: p.site.code, periodStart: '2027-01-01', periodEnd: '2027-12-31' }));
  assert.ok(boosted.lines > base.lines, `boosted ${boosted.lines} > ${base.lines}`);
  assert.ok((boosted.byReason.past_variance ?? 0) > 0);
});

async function setPolicyAllowNegative(p: CountingPlant): Promise<void> {
  await db.k.updateTable('location').set({ allow_negative_stock: 1 }).where('code', '=', p.site.code).execute();
}
