// A small two-month count history built through the real commands: a plant with two zones, a count
// policy and tolerance rule, three counters (Ann, Bob, Cid), ad-hoc zone counts in March and April,
// blind recounts by another counter, two investigations with causes, approvals by a supervisor.
//
// Stock (receipts): bolt (each, cost 2.00) 100 in A-01 and 200 in B-01; flour (kg, scale 3, cost 3.00)
// 50 in A-02 and 20 in B-01; widget (each, standard cost 25.00) 40 in A-03.
// Rule: ≤ 1 unit auto-accepted (and corrected at once); > 2 % recount; > 10 % investigate.
//
// First counts (shortage = system − counted), hand-checked:
//   March 3 (Ann, zone A; Bob with Cid as second counter, zone B)
//   R1 bolt  A-01  100 → 101     -1   -1.00 %   -2.00  auto-accepted, corrected (+1)
//   R2 flour A-02  50  → 49.5    0.5   1.00 %    1.50  auto-accepted, corrected
//   R3 widget A-03 40  → 36       4   10.00 %  100.00  recount → Cid counts 40: agrees with the system
//   R4 bolt  B-01  200 → 170     30   15.00 %   60.00  investigate → Cid 170 → investigation (picking,
//                                                      data_entry) → correction approved by the supervisor
//   R5 flour B-01  20  → 20       0    0.00 %    0.00  no variance (Bob, second counter Cid)
//   April 7 (Bob, zone A; Ann, zone B)
//   R6 bolt  A-01  101 → 99       2    1.98 %    4.00  within tolerance → correction approved
//   R7 flour A-02  49.5 → 49.4   0.1   0.20 %    0.30  auto-accepted, corrected
//   R8 widget A-03 40  → 40       0    0.00 %    0.00  no variance
//   R9 bolt  B-01  170 → 160     10    5.88 %   20.00  recount → Cid 161 (9, 5.29 %, 18.00) → approved
//   R10 flour B-01 20  → 15       5   25.00 %   15.00  investigate → Bob 15 → investigation (picking) → approved

import { ROLE_PERMISSIONS, type Role } from '../../src/modules/access/index.js';
import assert from 'node:assert/strict';
import { inTx, type Db } from '../../src/db/db.js';
import type { Ctx } from '../../src/kernel/context.js';
import { postMovement } from '../../src/modules/ledger/index.js';
import {
  approveCorrection, assignTask, completeInvestigation, createAdhocCount, createRule, getLine, getTaskSheet, listCorrections, listInvestigations, recordObservation, setPolicy,
  setRoleHolders, submitTask, upsertCounterProfile, workflowDeps,
} from '../../src/modules/counting/index.js';
import { buildPlant, builderCtx, makeBin, makeZone, type Plant } from '../support/catalog-builders.js';

export const ANN = 11;
export const BOB = 12;
export const CID = 13;
export const SUPERVISOR = 21;
export const INVESTIGATOR = 41;

export function userCtx(userId: number, role: string, at: string): Ctx {
  const now = new Date(at);
  return { actor: `user:${userId}`, actorUserId: userId, principal: { kind: 'user', id: userId, userId, name: `user${userId}`, roles: [{ role, sites: null }], grants: Object.fromEntries((ROLE_PERMISSIONS[role as Role] ?? []).map((perm) => [perm, null])) }, now: () => now };
}

export interface CountHistoryFixture {
  readonly plant: Plant;
  readonly site: string;
  readonly zoneA: string;
  readonly zoneB: string;
  readonly binB: string;
  readonly sku: { bolt: string; flour: string; widget: string };
  /** first-count line ids R1…R10 */
  readonly line: Record<'R1' | 'R2' | 'R3' | 'R4' | 'R5' | 'R6' | 'R7' | 'R8' | 'R9' | 'R10', number>;
  readonly task: { marchA: number; marchB: number; aprilA: number; aprilB: number; recountR3: number; recountR4: number; recountR9: number; recountR10: number };
}

export async function buildCountHistory(db: Db, prefix = 'R1'): Promise<CountHistoryFixture> {
  const wf = workflowDeps(db);
  const plant = await buildPlant(db, { prefix });
  const zoneB = await makeZone(db, plant.warehouse, { code: `${prefix}-B` });
  const binB = await makeBin(db, zoneB, { code: `${prefix}-B-01`, walkSeq: 10 });
  const site = plant.site.code;
  const [a1, a2, a3] = plant.bins;
  const sku = { bolt: plant.items.bolt.sku, flour: plant.items.flour.sku, widget: plant.items.widget.sku };
  setRoleHolders(async (_q, _site, role) => (role === 'investigator' ? [INVESTIGATOR] : []));
  await inTx(db, async (tx) => {
    await setPolicy(tx, builderCtx, site, { supervisorLimit: '500.00', autoCorrect: true, blindCounts: true });
    await createRule(tx, builderCtx, { name: 'default', scope: 'default', autoAccept: { qty: '1' }, recount: { pct: '2' }, investigate: { pct: '10' } });
    for (const [name, id] of [['Ann', ANN], ['Bob', BOB], ['Cid', CID]] as const) {
      await upsertCounterProfile(tx, builderCtx, { userId: id, displayName: name, skillLevel: 3, homeZones: [plant.zone.code, zoneB.code], dailyCapacityMinutes: 420 });
    }
    await postMovement(db, tx, builderCtx, {
      type: 'receipt',
      lines: [
        { item: sku.bolt, qty: '100', to: a1.code, unitCost: '2.00' },
        { item: sku.flour, qty: '50', to: a2.code, unitCost: '3.00' },
        { item: sku.widget, qty: '40', to: a3.code, unitCost: '25.00' },
        { item: sku.bolt, qty: '200', to: binB.code, unitCost: '2.00' },
        { item: sku.flour, qty: '20', to: binB.code, unitCost: '3.00' },
      ],
    });
  });

  const sup = (at: string) => userCtx(SUPERVISOR, 'supervisor', at);
  const lineOf = async (taskId: number, skuCode: string) => {
    const sheet = await getTaskSheet(db.k, sup('2026-03-01T00:00:00Z'), taskId);
    const l = sheet.lines.find((x) => x.sku === skuCode);
    assert.ok(l, `task ${taskId} has a line for ${skuCode}`);
    return l.lineId;
  };
  const count = (ctx: Ctx, taskId: number, lineId: number, qty: string, extra: { secondCounterUserId?: number } = {}) =>
    inTx(db, (tx) => recordObservation(wf, tx, ctx, { taskId, lineId, qty, observedAt: ctx.now().toISOString(), device: 'scanner-1', ...extra }));
  // a counter's submission of a blind task says nothing of the variances: the supervisor looks them up
  const submit = (ctx: Ctx, taskId: number) => inTx(db, (tx) => submitTask(wf, tx, ctx, taskId));
  const review = (lineId: number) => getLine(db.k, sup('2026-05-01T00:00:00Z'), lineId);
  const outcomeOf = async (lineId: number) => (await review(lineId)).outcome;
  const recountTaskOf = async (lineId: number) => {
    const rl = (await review(lineId)).recountLineIds;
    assert.equal(rl.length, 1, `line ${lineId} has one recount`);
    return { taskId: (await review(rl[0] as number)).taskId as number, lineId: rl[0] as number };
  };
  const proposedCorrectionOf = async (lineId: number) => {
    const c = (await listCorrections(db.k, builderCtx, { site, status: 'proposed', limit: 500 })).items.find((x) => x.lineId === lineId);
    assert.ok(c, `line ${lineId} has a proposed correction`);
    return c.correctionId;
  };
  const investigationOf = async (lineId: number) => {
    const v = (await listInvestigations(db.k, sup('2026-05-01T00:00:00Z'), { status: 'open', limit: 500 })).items.find((x) => x.lineId === lineId);
    assert.ok(v, `line ${lineId} is under investigation`);
    return v.id;
  };
  const approve = async (at: string, lineId: number) => {
    const correctionId = await proposedCorrectionOf(lineId);
    return inTx(db, (tx) => approveCorrection(wf, tx, sup(at), correctionId));
  };
  const recountBy = async (at: string, firstLineId: number, counter: number, qty: string): Promise<{ taskId: number; lineId: number }> => {
    const rc = await recountTaskOf(firstLineId);
    await inTx(db, (tx) => assignTask(tx, sup(at), { taskId: rc.taskId, counterUserId: counter }));
    const ctx = userCtx(counter, 'counter', at);
    await count(ctx, rc.taskId, rc.lineId, qty);
    await submit(ctx, rc.taskId);
    return rc;
  };
  const investigate = async (at: string, recountLineId: number, causes: string[], conclusion: string) => {
    const id = await investigationOf(recountLineId);
    await inTx(db, (tx) => completeInvestigation(tx, userCtx(INVESTIGATOR, 'investigator', at), id, { causes, conclusion, evidenceText: 'checked the pick lists' }));
  };

  // ---------------------------------------------------------------- March
  const m = '2026-03-03T09:00:00.000Z';
  const marchA = (await inTx(db, (tx) => createAdhocCount(tx, sup(m), { site, by: 'zone', target: plant.zone.code, counterUserId: ANN }))).taskId;
  const marchB = (await inTx(db, (tx) => createAdhocCount(tx, sup(m), { site, by: 'zone', target: zoneB.code, counterUserId: BOB }))).taskId;
  const R1 = await lineOf(marchA, sku.bolt);
  const R2 = await lineOf(marchA, sku.flour);
  const R3 = await lineOf(marchA, sku.widget);
  const R4 = await lineOf(marchB, sku.bolt);
  const R5 = await lineOf(marchB, sku.flour);
  const ann = userCtx(ANN, 'counter', '2026-03-03T09:10:00.000Z');
  await count(ann, marchA, R1, '101');
  await count(ann, marchA, R2, '49.5');
  await count(ann, marchA, R3, '36');
  const bob = userCtx(BOB, 'counter', '2026-03-03T10:20:00.000Z');
  await count(bob, marchB, R4, '170');
  await count(bob, marchB, R5, '20', { secondCounterUserId: CID });
  await submit(ann, marchA);
  await submit(bob, marchB);
  assert.equal(await outcomeOf(R3), 'recount');
  assert.equal(await outcomeOf(R4), 'investigate');
  const recountR3 = (await recountBy('2026-03-04T08:30:00.000Z', R3, CID, '40')).taskId;
  const r4 = await recountBy('2026-03-04T09:00:00.000Z', R4, CID, '170');
  await investigate('2026-03-05T11:00:00.000Z', r4.lineId, ['picking', 'data_entry'], 'Picks for order 4711 were never posted');
  await approve('2026-03-06T08:00:00.000Z', r4.lineId);
  const recountR4 = r4.taskId;

  // ---------------------------------------------------------------- April
  const a = '2026-04-07T07:00:00.000Z';
  const aprilA = (await inTx(db, (tx) => createAdhocCount(tx, sup(a), { site, by: 'zone', target: plant.zone.code, counterUserId: BOB }))).taskId;
  const aprilB = (await inTx(db, (tx) => createAdhocCount(tx, sup(a), { site, by: 'zone', target: zoneB.code, counterUserId: ANN }))).taskId;
  const R6 = await lineOf(aprilA, sku.bolt);
  const R7 = await lineOf(aprilA, sku.flour);
  const R8 = await lineOf(aprilA, sku.widget);
  const R9 = await lineOf(aprilB, sku.bolt);
  const R10 = await lineOf(aprilB, sku.flour);
  const bob2 = userCtx(BOB, 'counter', '2026-04-07T08:15:00.000Z');
  await count(bob2, aprilA, R6, '99');
  await count(bob2, aprilA, R7, '49.4');
  await count(bob2, aprilA, R8, '40');
  const ann2 = userCtx(ANN, 'counter', '2026-04-07T09:40:00.000Z');
  await count(ann2, aprilB, R9, '160');
  await count(ann2, aprilB, R10, '15');
  await submit(bob2, aprilA);
  await submit(ann2, aprilB);
  assert.equal(await outcomeOf(R6), 'within');
  await approve('2026-04-07T15:00:00.000Z', R6);
  const r9 = await recountBy('2026-04-08T08:00:00.000Z', R9, CID, '161');
  await approve('2026-04-08T12:00:00.000Z', r9.lineId);
  const r10 = await recountBy('2026-04-08T08:30:00.000Z', R10, BOB, '15');
  await investigate('2026-04-09T10:00:00.000Z', r10.lineId, ['picking'], 'Issued to line 2 without a posting');
  await approve('2026-04-09T14:00:00.000Z', r10.lineId);
  const recountR9 = r9.taskId;
  const recountR10 = r10.taskId;

  return {
    plant, site, zoneA: plant.zone.code, zoneB: zoneB.code, binB: binB.code, sku,
    line: { R1, R2, R3, R4, R5, R6, R7, R8, R9, R10 },
    task: { marchA, marchB, aprilA, aprilB, recountR3, recountR4, recountR9, recountR10 },
  };
}
