// The count itself: task sheets, observations, task submission, variance and tolerance, recounts,
// investigations and approved corrections (seed 000 steps 3–10).

import { sql } from 'kysely';
import type { Db, DbKind, Q, Tx } from '../../db/db.js';
import type { Ctx } from '../../kernel/context.js';
import { extendValue, formatMoney, formatUnits, intFromDb, divRound, pow10 } from '../../kernel/decimal.js';
import { recordAudit } from '../audit/audit.js';
import { blockLocation, unblockLocation, ensureLot, findFactor, findItemRef, findLocationRef, findLotRef, requireItemRef, toBaseUnits, type ItemRef } from '../catalog/index.js';
import { currentPosition, postMovement } from '../ledger/index.js';
import { inScope, mayApproveCorrection } from '../access/index.js';
import { computeVariance } from './variance.rules.js';
import { createRuleSelector, evaluateTolerance } from './tolerance.rules.js';
import { countingErrors } from './counting.errors.js';
import { loadPolicy, loadRules } from './counting.policy.js';
import { checkSite, isCounterOnly, isTrustedCaller, rolesAt, scopeOf, userIdOf } from './counting.access.js';
import { notifyCounting } from './counting.notify.js';
import type { CountLineTable } from './counting.tables.js';
import type { Selectable } from 'kysely';
import type { ToleranceResult } from './counting.types.js';

type Line = Selectable<CountLineTable>;

export interface WorkflowDeps {
  readonly kind: DbKind;
}

export function workflowDeps(db: Pick<Db, 'kind'>): WorkflowDeps {
  return { kind: db.kind };
}

export const CAUSE_CODES = ['miscount', 'data_entry', 'receiving', 'picking', 'misidentified_part', 'unrecorded_scrap', 'unrecorded_consumption', 'transfer_not_posted', 'uom_error', 'damage', 'theft', 'other'] as const;
export type CauseCode = (typeof CAUSE_CODES)[number];

const CLOSED_TASK = new Set(['completed', 'cancelled']);
const COUNTABLE_LINE = new Set(['assigned', 'counted', 'planned']);

async function loadTask(q: Q, ctx: Ctx, taskId: number, field = 'taskId') {
  const task = await q.selectFrom('count_task').selectAll().where('id', '=', taskId).executeTakeFirst();
  if (!task) throw countingErrors.task_not_found(`count task ${taskId} does not exist`, { field });
  // Counters open their tasks; reviewers (counting.read) may look at any task of their sites.
  if (!inScope(scopeOf(ctx, 'counting.read'), task.site_id)) checkSite(ctx, 'counting.count', task.site_id, field, `count task ${taskId}`);
  if (isCounterOnly(ctx, task.site_id) && task.counter_user_id !== userIdOf(ctx)) {
    throw countingErrors.not_your_task(`count task ${taskId} is not assigned to you`, { field });
  }
  return task;
}

// ---------------------------------------------------------------- task sheet (step 3)

export interface SheetLine {
  lineId: number;
  kind: string;
  status: string;
  reasons: string[];
  sku: string;
  description: string;
  uom: string;
  units: { uom: string; factor: string }[];
  location: string;
  walkSeq: number | null;
  lot: string | null;
  lotTracked: boolean;
  serialTracked: boolean;
  /** quantities are left out for a counter on a blind task */
  lastReceipt: { at: string; qty?: string } | null;
  lastShipment: { at: string; qty?: string } | null;
  /** absent whenever the count is blind and the caller is a counter */
  systemQty?: string;
  /** what has been counted on this line so far (all counters), in base units */
  countedQty: string | null;
  observations: number;
  unexpected: boolean;
}

export interface TaskSheet {
  taskId: number;
  site: string;
  zone: string | null;
  kind: string;
  status: string;
  blind: boolean;
  counterUserId: number | null;
  dueAt: string | null;
  estimatedMinutes: number;
  lines: SheetLine[];
}

/** The task sheet of seed 000 step 3. A counter never gets the system quantity of a blind task. */
export async function getTaskSheet(q: Q, ctx: Ctx, taskId: number): Promise<TaskSheet> {
  const task = await loadTask(q, ctx, taskId);
  const hideSystem = task.blind === 1 && isCounterOnly(ctx, task.site_id);
  const rows = await q
    .selectFrom('count_line as c')
    .innerJoin('item as i', 'i.id', 'c.item_id')
    .innerJoin('location as l', 'l.id', 'c.location_id')
    .leftJoin('lot', 'lot.id', 'c.lot_id')
    .leftJoin('item_location as il', (j) => j.onRef('il.item_id', '=', 'c.item_id').onRef('il.location_id', '=', 'c.location_id'))
    .select(['c.id', 'c.kind', 'c.status', 'c.reasons_json', 'c.item_id', 'c.location_id', 'c.unexpected', 'i.sku', 'i.description', 'i.base_uom', 'i.qty_scale', 'i.lot_tracked', 'i.serial_tracked', 'l.code', 'l.walk_seq', 'lot.lot_no',
      'il.last_receipt_at', 'il.last_receipt_qty', 'il.last_shipment_at', 'il.last_shipment_qty'])
    .where('c.task_id', '=', task.id)
    .where('c.status', '<>', 'cancelled')
    .orderBy('l.walk_seq')
    .orderBy('l.code')
    .orderBy('c.id')
    .execute();
  const ids = rows.map((r) => r.id);
  const obs = ids.length
    ? await q.selectFrom('count_observation').select(['line_id', sql<number>`sum(qty)`.as('qty'), sql<number>`count(*)`.as('n')]).where('line_id', 'in', ids).groupBy('line_id').execute()
    : [];
  const obsMap = new Map(obs.map((o) => [o.line_id, o]));
  const units = new Map<number, { uom: string; factor: string }[]>();
  for (const itemId of new Set(rows.map((r) => r.item_id))) units.set(itemId, await q.selectFrom('item_unit').select(['uom', 'factor']).where('item_id', '=', itemId).execute());
  const balances = hideSystem || rows.length === 0 ? new Map<string, number>() : new Map(
    (await q.selectFrom('stock_balance').select(['item_id', 'location_id', sql<number>`sum(qty_on_hand)`.as('qty')])
      .where('location_id', 'in', [...new Set(rows.map((r) => r.location_id))]).groupBy(['item_id', 'location_id']).execute())
      .map((b) => [`${b.item_id}@${b.location_id}`, intFromDb(b.qty)]),
  );
  const zone = task.zone_id !== null ? ((await findLocationRef(q, task.zone_id))?.code ?? null) : null;
  const site = (await findLocationRef(q, task.site_id))?.code ?? String(task.site_id);
  return {
    taskId: task.id, site, zone, kind: task.kind, status: task.status, blind: task.blind === 1, counterUserId: task.counter_user_id, dueAt: task.due_at, estimatedMinutes: task.estimated_minutes,
    lines: rows.map((r) => {
      const o = obsMap.get(r.id);
      const line: SheetLine = {
        lineId: r.id, kind: r.kind, status: r.status, reasons: JSON.parse(r.reasons_json) as string[], sku: r.sku, description: r.description, uom: r.base_uom,
        units: units.get(r.item_id) ?? [], location: r.code, walkSeq: r.walk_seq, lot: r.lot_no ?? null, lotTracked: r.lot_tracked === 1, serialTracked: r.serial_tracked === 1,
        // In a blind count the counter gets the dates only: a last receipt's quantity often is the book quantity.
        lastReceipt: r.last_receipt_at ? { at: r.last_receipt_at, ...(hideSystem ? {} : { qty: formatUnits(intFromDb(r.last_receipt_qty), r.qty_scale) }) } : null,
        lastShipment: r.last_shipment_at ? { at: r.last_shipment_at, ...(hideSystem ? {} : { qty: formatUnits(intFromDb(r.last_shipment_qty), r.qty_scale) }) } : null,
        countedQty: o ? formatUnits(intFromDb(o.qty), r.qty_scale) : null,
        observations: o ? intFromDb(o.n) : 0,
        unexpected: r.unexpected === 1,
      };
      if (!hideSystem) line.systemQty = formatUnits(balances.get(`${r.item_id}@${r.location_id}`) ?? 0, r.qty_scale);
      return line;
    }),
  };
}

// ---------------------------------------------------------------- observations (steps 4–5)

export interface ObservationInput {
  taskId: number;
  /** the line counted; omit for an item found that the task does not list (give item and location) */
  lineId?: number;
  item?: string;
  location?: string;
  qty?: string;
  unit?: string;
  lot?: string;
  lotExpiry?: string;
  binEmpty?: boolean;
  note?: string;
  secondCounterUserId?: number;
  device?: string;
  /** the device's own id for this observation: a resent queue posts each observation once */
  clientKey?: string;
  /** when the counter counted (device clock); the server time of receipt is kept too */
  observedAt?: string;
  /** trusted callers (CLI, imports) may record for a named counter */
  counterUserId?: number;
}

export interface ObservationResult {
  status: 'recorded' | 'duplicate';
  observationId: number;
  lineId: number;
  clientKey: string | null;
}

export async function recordObservation(deps: WorkflowDeps, tx: Tx, ctx: Ctx, input: ObservationInput): Promise<ObservationResult> {
  const task = await loadTask(tx, ctx, input.taskId);
  const counter = userIdOf(ctx) ?? (isTrustedCaller(ctx) ? (input.counterUserId ?? task.counter_user_id) : null);
  if (counter === null || counter === undefined) throw countingErrors.not_your_task('counts are recorded by a counter: sign in as a user', { field: 'taskId' });
  if (input.clientKey !== undefined) {
    const dup = await tx.selectFrom('count_observation').select(['id', 'line_id']).where('counter_user_id', '=', counter).where('client_key', '=', input.clientKey).executeTakeFirst();
    if (dup) return { status: 'duplicate', observationId: dup.id, lineId: dup.line_id, clientKey: input.clientKey };
  }
  if (CLOSED_TASK.has(task.status)) throw countingErrors.task_closed(`task ${task.id} is ${task.status}`, { field: 'taskId' });
  const now = ctx.now().toISOString();

  let line: Line | undefined;
  if (input.lineId !== undefined) {
    line = await tx.selectFrom('count_line').selectAll().where('id', '=', input.lineId).where('task_id', '=', task.id).executeTakeFirst();
    if (!line) throw countingErrors.line_not_found(`line ${input.lineId} is not part of task ${task.id}`, { field: 'lineId' });
  } else {
    if (!input.item || !input.location) throw countingErrors.line_not_found('give lineId, or item and location for an item the task does not list', { field: 'lineId' });
    const item = await requireItemRef(tx, input.item, 'item');
    const loc = await findLocationRef(tx, input.location);
    if (!loc || loc.kind !== 'bin' || loc.siteId !== task.site_id) throw countingErrors.line_not_found(`location: "${input.location}" is not a bin of this task's site`, { field: 'location' });
    line = await tx.selectFrom('count_line').selectAll().where('task_id', '=', task.id).where('item_id', '=', item.id).where('location_id', '=', loc.id).executeTakeFirst();
    if (!line) {
      const ins = await tx.insertInto('count_line').values({
        site_id: task.site_id, schedule_id: null, task_id: task.id, item_id: item.id, location_id: loc.id, lot_id: null, kind: 'unexpected', reasons_json: JSON.stringify(['found_unexpected']),
        planned_date: now.slice(0, 10), status: 'assigned', blind: task.blind, walk_seq: loc.walkSeq, recount_of_line_id: null, unexpected: 1, created_at: now,
      }).returning('id').executeTakeFirstOrThrow();
      line = await tx.selectFrom('count_line').selectAll().where('id', '=', ins.id).executeTakeFirstOrThrow();
    }
  }
  if (!COUNTABLE_LINE.has(line.status)) throw countingErrors.line_not_countable(`line ${line.id} is ${line.status} and takes no more counts`, { field: 'lineId' });
  const item = (await findItemRef(tx, line.item_id)) as ItemRef;

  let qty = 0n;
  if (input.binEmpty) {
    if (input.qty !== undefined && !/^0+(\.0+)?$/.test(input.qty.trim())) throw countingErrors.bad_quantity('qty: a bin reported empty cannot also have a quantity', { field: 'qty' });
  } else {
    if (input.qty === undefined) throw countingErrors.bad_quantity('qty is required unless binEmpty is true', { field: 'qty' });
    const factor = findFactor(item.baseUom, item.units, input.unit);
    if (factor === undefined) throw countingErrors.bad_quantity(`unit: "${input.unit}" is not a unit of ${item.sku}`, { field: 'unit' });
    qty = toBaseUnits(input.qty, factor, item.qtyScale, 'qty');
    if (qty < 0n) throw countingErrors.bad_quantity('qty cannot be negative', { field: 'qty' });
  }
  let lotId: number | null = null;
  if (input.lot) {
    if (!item.lotTracked && !item.serialTracked) throw countingErrors.lot_mismatch(`lot: ${item.sku} is not lot- or serial-tracked`, { field: 'lot' });
    // A lot the system does not know may be what the counter found: it is recorded, with no stock yet.
    const lot = (await findLotRef(tx, item.id, input.lot)) ?? (await ensureLot(tx, item, input.lot, { expiresOn: input.lotExpiry ?? null, now: ctx.now() }));
    lotId = lot.id;
  } else if ((item.lotTracked || item.serialTracked) && !input.binEmpty && qty > 0n) {
    throw countingErrors.lot_mismatch(`lot: ${item.sku} is lot-tracked; name the lot counted`, { field: 'lot' });
  }
  const position = await currentPosition(tx);
  const observedAt = input.observedAt && !Number.isNaN(Date.parse(input.observedAt)) ? new Date(input.observedAt).toISOString() : now;
  const ins = await tx.insertInto('count_observation').values({
    line_id: line.id, task_id: task.id, lot_id: lotId, qty: Number(qty), qty_entered: input.binEmpty ? '0' : (input.qty ?? '0').trim(), uom_entered: input.unit ?? item.baseUom,
    bin_empty: input.binEmpty ? 1 : 0, counter_user_id: counter, second_counter_user_id: input.secondCounterUserId ?? null, device: input.device ?? null,
    client_key: input.clientKey ?? null, note: input.note ?? null, ledger_position: position, observed_at: observedAt, received_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  // The system quantity is compared as of the first observation's ledger position: stock that moves
  // later neither hides nor invents a variance.
  if (line.counted_position === null) {
    await tx.updateTable('count_line').set({ counted_position: position, counted_at: observedAt, status: 'counted' }).where('id', '=', line.id).execute();
  } else if (line.status !== 'counted') {
    await tx.updateTable('count_line').set({ status: 'counted' }).where('id', '=', line.id).execute();
  }
  if (task.status === 'open') {
    await tx.updateTable('count_task').set({ status: 'in_progress', started_at: now }).where('id', '=', task.id).execute();
    const policy = await loadPolicy(tx, task.site_id);
    if (policy.block_bins_while_counting === 1) await setTaskBinsBlocked(tx, ctx, task.id, true);
  }
  await recordAudit(tx, ctx, { action: 'count.observe', entity: 'count_observation', entityId: ins.id, after: { lineId: line.id, taskId: task.id, qty: formatUnits(qty, item.qtyScale), lotId, binEmpty: !!input.binEmpty, device: input.device ?? null, clientKey: input.clientKey ?? null } });
  return { status: 'recorded', observationId: ins.id, lineId: line.id, clientKey: input.clientKey ?? null };
}

async function setTaskBinsBlocked(tx: Tx, ctx: Ctx, taskId: number, blocked: boolean): Promise<void> {
  const bins = await tx.selectFrom('count_line as c').innerJoin('location as l', 'l.id', 'c.location_id').select(['l.code', 'l.blocked']).where('c.task_id', '=', taskId).distinct().execute();
  for (const b of bins) {
    if (blocked && b.blocked === 0) await blockLocation(tx, ctx, { code: b.code });
    if (!blocked && b.blocked === 1) await unblockLocation(tx, ctx, { code: b.code });
  }
}

// ---------------------------------------------------------------- submission and evaluation (steps 6–7)

export interface LineEvaluation {
  lineId: number;
  sku: string;
  location: string;
  outcome: string;
  flagged: boolean;
  status: string;
  /** system − counted; positive = shortage, negative = overage */
  shortageQty: string;
  direction: 'shortage' | 'overage' | 'none';
  /** shortage as percent of the system quantity; null when the system quantity is 0 */
  shortagePct: string | null;
  shortageValue: string;
  followUp: { recountTaskId?: number; investigationId?: number; correctionId?: number; movementId?: number };
}

export interface SubmitResult {
  taskId: number;
  status: string;
  /** empty for a counter on a blind task */
  lines: LineEvaluation[];
  submittedLines: number;
}

/** Submits a task: every line must have a count; each is evaluated against the tolerance rules. */
export async function submitTask(deps: WorkflowDeps, tx: Tx, ctx: Ctx, taskId: number): Promise<SubmitResult> {
  const task = await loadTask(tx, ctx, taskId);
  if (CLOSED_TASK.has(task.status)) throw countingErrors.task_closed(`task ${task.id} is ${task.status}`, { field: 'taskId' });
  const lines = await tx.selectFrom('count_line').selectAll().where('task_id', '=', task.id).where('status', '<>', 'cancelled').orderBy('id').execute();
  const uncounted = lines.filter((l) => l.status === 'assigned' || l.status === 'planned');
  if (uncounted.length) throw countingErrors.task_incomplete(`lines ${uncounted.map((l) => l.id).join(', ')} have no count yet (count them or report the bin empty)`, { field: 'lines', extra: { uncountedLineIds: uncounted.map((l) => l.id) } });
  const now = ctx.now().toISOString();
  // A task is one site's: its policy and the rule set are read once for all of its lines.
  const policy = await loadPolicy(tx, task.site_id);
  const evaluation: EvaluationContext = { policy, selectRule: createRuleSelector(await loadRules(tx)) };
  const results: LineEvaluation[] = [];
  for (const line of lines) if (line.status === 'counted') results.push(await evaluateLine(deps, tx, ctx, line, evaluation));
  await tx.updateTable('count_task').set({ status: 'completed', completed_at: now }).where('id', '=', task.id).execute();
  if (policy.block_bins_while_counting === 1) await setTaskBinsBlocked(tx, ctx, task.id, false);
  await recordAudit(tx, ctx, { action: 'count_task.submit', entity: 'count_task', entityId: task.id, after: { lines: results.map((r) => [r.lineId, r.outcome, r.shortageQty]) } });
  await notifyCounting(tx, ctx, {
    kind: 'count.task_completed', siteId: task.site_id, taskId: task.id, counterUserId: task.counter_user_id,
    linesCounted: results.length, linesFlagged: results.filter((r) => r.flagged).length,
  });
  // A counter learns that the task is in, not the variances: counted + shortage would give away the
  // book quantity of a blind count (and of the recount that may follow).
  if (task.blind === 1 && isCounterOnly(ctx, task.site_id)) return { taskId: task.id, status: 'completed', lines: [], submittedLines: results.length };
  return { taskId: task.id, status: 'completed', lines: results, submittedLines: results.length };
}

interface LotFigures {
  lotId: number;
  system: bigint;
  counted: bigint;
}

async function lotFigures(q: Q, line: Line): Promise<LotFigures[]> {
  const position = intFromDb(line.counted_position);
  let sys = q.selectFrom('stock_entry').select(['lot_id', sql<number>`sum(qty)`.as('qty')]).where('item_id', '=', line.item_id).where('location_id', '=', line.location_id).where('seq', '<=', position).groupBy('lot_id');
  if (line.lot_id !== null) sys = sys.where('lot_id', '=', line.lot_id);
  const systemRows = await sys.execute();
  const counted = await q.selectFrom('count_observation').select(['lot_id', sql<number>`sum(qty)`.as('qty')]).where('line_id', '=', line.id).groupBy('lot_id').execute();
  const m = new Map<number, LotFigures>();
  for (const s of systemRows) m.set(intFromDb(s.lot_id), { lotId: intFromDb(s.lot_id), system: BigInt(intFromDb(s.qty)), counted: 0n });
  for (const c of counted) {
    const lot = c.lot_id === null ? 0 : intFromDb(c.lot_id);
    const f = m.get(lot) ?? { lotId: lot, system: 0n, counted: 0n };
    f.counted += BigInt(intFromDb(c.qty));
    m.set(lot, f);
  }
  // An untracked item's stock sits in lot 0; observations without a lot belong there.
  return [...m.values()].filter((f) => f.system !== 0n || f.counted !== 0n || f.lotId === 0).sort((a, b) => a.lotId - b.lotId);
}

async function unitCostOf(q: Q, item: ItemRef): Promise<bigint> {
  if (item.costMethod === 'standard' && item.standardCostMinor !== null) return BigInt(item.standardCostMinor);
  const v = await q.selectFrom('item_valuation').select(['qty_valued', 'value_minor']).where('item_id', '=', item.id).executeTakeFirst();
  const qv = v ? BigInt(intFromDb(v.qty_valued)) : 0n;
  if (qv > 0n) return divRound(BigInt(intFromDb(v?.value_minor)) * pow10(item.qtyScale), qv);
  return BigInt(item.standardCostMinor ?? 0);
}

const SEVERITY: Record<string, number> = { within: 0, auto_accept: 0, recount: 2, investigate: 3 };

async function lineContext(q: Q, line: Line, item: ItemRef) {
  const loc = await findLocationRef(q, line.location_id);
  const abc = await q.selectFrom('item_abc').select('abc_class').where('item_id', '=', item.id).executeTakeFirst();
  return {
    itemId: String(item.id), siteId: String(line.site_id), ...(item.category ? { categoryId: item.category } : {}), ...(abc ? { abcClass: abc.abc_class } : {}),
    criticality: item.criticality, ...(loc?.parentId ? { zoneId: String(loc.parentId) } : {}),
  };
}

interface EvaluationContext {
  readonly policy: Awaited<ReturnType<typeof loadPolicy>>;
  readonly selectRule: ReturnType<typeof createRuleSelector>;
}

async function evaluateLine(deps: WorkflowDeps, tx: Tx, ctx: Ctx, line: Line, evaluation: EvaluationContext): Promise<LineEvaluation> {
  const item = (await findItemRef(tx, line.item_id)) as ItemRef;
  const loc = await findLocationRef(tx, line.location_id);
  const figures = await lotFigures(tx, line);
  const unitCost = await unitCostOf(tx, item);
  const rule = evaluation.selectRule(await lineContext(tx, line, item));
  const policy = evaluation.policy;
  const totalSystem = figures.reduce((s, f) => s + f.system, 0n);
  const totalCounted = figures.reduce((s, f) => s + f.counted, 0n);
  const total = computeVariance({ qtySystem: totalSystem, qtyCounted: totalCounted, qtyScale: item.qtyScale, unitCostMinor: unitCost });
  // The most severe of the total and of each lot decides: an unexpected lot is a variance even when totals agree.
  let worst: ToleranceResult = evaluateTolerance(rule, total);
  let anyLotDiff = false;
  for (const f of figures) {
    if (f.system === f.counted) continue;
    anyLotDiff = true;
    const r = evaluateTolerance(rule, computeVariance({ qtySystem: f.system, qtyCounted: f.counted, qtyScale: item.qtyScale, unitCostMinor: unitCost }));
    if ((SEVERITY[r.outcome] ?? 0) > (SEVERITY[worst.outcome] ?? 0)) worst = r;
  }
  const outcome = !anyLotDiff ? 'within' : worst.outcome;
  await tx.updateTable('count_line').set({
    qty_system: Number(totalSystem), qty_counted: Number(totalCounted), qty_shortage: Number(total.qtyShortage), value_shortage_minor: Number(total.valueShortageMinor),
    pct_shortage: total.pctShortage, unit_cost_minor: Number(unitCost), outcome, tolerance_json: JSON.stringify({ ...worst, exceeded: worst.exceeded, lots: figures.map((f) => ({ lotId: f.lotId, system: String(f.system), counted: String(f.counted) })) }),
    rule_id: /^\d+$/.test(worst.ruleId) ? Number(worst.ruleId) : null,
  }).where('id', '=', line.id).execute();

  const ev: LineEvaluation = {
    lineId: line.id, sku: item.sku, location: loc?.code ?? String(line.location_id), outcome, flagged: worst.flagged && anyLotDiff, status: line.status,
    shortageQty: formatUnits(total.qtyShortage, item.qtyScale), direction: total.direction, shortagePct: total.pctShortage, shortageValue: formatMoney(total.valueShortageMinor), followUp: {},
  };
  const setStatus = async (status: CountLineTable['status'], extra: Partial<Pick<Line, 'resolution' | 'closed_at'>> = {}) => {
    await tx.updateTable('count_line').set({ status, ...extra }).where('id', '=', line.id).execute();
    ev.status = status;
  };
  const corrections = figures.filter((f) => f.counted !== f.system).map((f) => ({ lotId: f.lotId, qty: f.counted - f.system }));
  const now = ctx.now().toISOString();

  if (line.recount_of_line_id !== null) {
    await tx.updateTable('count_line').set({ status: 'recounted' }).where('id', '=', line.recount_of_line_id).where('status', '=', 'recount').execute();
  }
  if (!anyLotDiff) {
    await setStatus('accepted', { resolution: line.recount_of_line_id !== null ? 'recount_agrees_with_system' : 'no_variance', closed_at: now });
    // The first count was the miss: the recount settles the original line too.
    if (line.recount_of_line_id !== null) await tx.updateTable('count_line').set({ resolution: 'recount_agrees_with_system', closed_at: now }).where('id', '=', line.recount_of_line_id).execute();
    return ev;
  }
  if (outcome === 'auto_accept' || outcome === 'within') {
    const correction = await proposeCorrection(tx, ctx, line, item, corrections, unitCost, policy.supervisor_limit_minor, outcome === 'auto_accept' && worst.autoCorrect && policy.auto_correct === 1);
    ev.followUp.correctionId = correction.id;
    if (correction.autoPost) {
      const moved = await postCorrection(deps, tx, ctx, correction.id, 'system');
      ev.followUp.movementId = moved;
      ev.status = 'corrected';
    } else {
      await setStatus('pending_approval');
    }
    return ev;
  }
  // Flagged.
  const original = line.recount_of_line_id !== null ? await tx.selectFrom('count_line').selectAll().where('id', '=', line.recount_of_line_id).executeTakeFirst() : undefined;
  await notifyCounting(tx, ctx, {
    kind: 'count.line_flagged', siteId: line.site_id, lineId: line.id, sku: item.sku, location: ev.location, outcome,
    shortageQty: ev.shortageQty, direction: ev.direction, shortagePct: ev.shortagePct, shortageValue: ev.shortageValue, recount: line.recount_of_line_id !== null,
  });
  if (line.recount_of_line_id === null) {
    // First count out of tolerance: a blind recount by a different counter, who sees neither figure.
    ev.followUp.recountTaskId = await createRecount(tx, ctx, line);
    await setStatus('recount');
    return ev;
  }
  // The recount confirms a variance.
  if (outcome === 'investigate' || original?.outcome === 'investigate') {
    ev.followUp.investigationId = await openInvestigation(tx, ctx, line, item);
    await setStatus('investigating');
    return ev;
  }
  const correction = await proposeCorrection(tx, ctx, line, item, corrections, unitCost, policy.supervisor_limit_minor, false);
  ev.followUp.correctionId = correction.id;
  await setStatus('pending_approval');
  return ev;
}

async function countersOf(q: Q, lineIds: number[]): Promise<number[]> {
  if (!lineIds.length) return [];
  const rows = await q.selectFrom('count_observation').select(['counter_user_id', 'second_counter_user_id']).where('line_id', 'in', lineIds).execute();
  return [...new Set(rows.flatMap((r) => [r.counter_user_id, ...(r.second_counter_user_id ? [r.second_counter_user_id] : [])]))];
}

async function createRecount(tx: Tx, ctx: Ctx, line: Line): Promise<number> {
  const now = ctx.now().toISOString();
  const exclude = await countersOf(tx, [line.id]);
  const profiles = await tx.selectFrom('counter_profile').select(['user_id', 'home_zones_json', 'skill_level']).where('active', '=', 1).orderBy('user_id').execute();
  const loc = await findLocationRef(tx, line.location_id);
  const item = (await findItemRef(tx, line.item_id)) as ItemRef;
  const eligible = profiles.filter((p) => !exclude.includes(p.user_id) && p.skill_level >= item.countSkillLevel);
  const home = eligible.filter((p) => (JSON.parse(p.home_zones_json) as number[]).includes(loc?.parentId ?? -1));
  const counter = (home[0] ?? eligible[0])?.user_id ?? null;
  const task = await tx.insertInto('count_task').values({
    site_id: line.site_id, zone_id: loc?.parentId ?? null, kind: 'recount', status: 'open', blind: 1, counter_user_id: counter, assigned_by: counter ? 'system' : null, assigned_at: counter ? now : null,
    due_at: new Date(ctx.now().getTime() + 24 * 3_600_000).toISOString(), scheduled_date: now.slice(0, 10), estimated_minutes: 3, critical: item.criticality === 'critical' ? 1 : 0, created_at: now, started_at: null, completed_at: null,
  }).returning('id').executeTakeFirstOrThrow();
  await tx.insertInto('count_line').values({
    site_id: line.site_id, schedule_id: null, task_id: task.id, item_id: line.item_id, location_id: line.location_id, lot_id: line.lot_id, kind: 'recount', reasons_json: JSON.stringify(['recount_of_flagged_line']),
    planned_date: now.slice(0, 10), status: 'assigned', blind: 1, walk_seq: line.walk_seq, recount_of_line_id: line.id, unexpected: line.unexpected, created_at: now,
  }).execute();
  if (counter) await tx.insertInto('count_assignment').values({ task_id: task.id, counter_user_id: counter, previous_user_id: null, assigned_by: 'system', assigned_at: now, due_at: null, reasons_json: JSON.stringify(['recount', 'different_counter']) }).execute();
  return task.id;
}

/** Orders a recount of a line by hand (supervisor), whatever its outcome. */
export async function orderRecount(tx: Tx, ctx: Ctx, lineId: number): Promise<{ recountTaskId: number }> {
  const line = await tx.selectFrom('count_line').selectAll().where('id', '=', lineId).executeTakeFirst();
  if (!line) throw countingErrors.line_not_found(`count line ${lineId} does not exist`, { field: 'lineId' });
  checkSite(ctx, 'counting.review', line.site_id, 'lineId', `count line ${lineId}`);
  if (!['pending_approval', 'accepted', 'investigating'].includes(line.status)) throw countingErrors.line_not_countable(`line ${lineId} is ${line.status}`, { field: 'lineId' });
  if (line.recount_of_line_id !== null) throw countingErrors.line_not_countable(`line ${lineId} is a recount; order the recount on line ${line.recount_of_line_id}`, { field: 'lineId' });
  const recountTaskId = await createRecount(tx, ctx, line);
  await tx.updateTable('count_line').set({ status: 'recount' }).where('id', '=', line.id).execute();
  await tx.updateTable('count_correction').set({ status: 'rejected', decided_by: ctx.actor, decided_at: ctx.now().toISOString(), note: 'recount ordered' }).where('line_id', '=', line.id).where('status', 'in', ['proposed', 'awaiting_manager']).execute();
  await recordAudit(tx, ctx, { action: 'count_line.order_recount', entity: 'count_line', entityId: line.id, after: { recountTaskId } });
  return { recountTaskId };
}

// ---------------------------------------------------------------- investigation (steps 8–9)

export interface InvestigationEvidence {
  movementsSinceLastCount: { seq: number; type: string; postedAt: string; qty: string; lot: string | null; sourceDoc: string | null }[];
  previousCounts: { lineId: number; countedAt: string | null; systemQty: string | null; countedQty: string | null; outcome: string | null }[];
  receiptsAndShipmentsSinceCount: { seq: number; type: string; postedAt: string; qty: string }[];
  recounts: { lineId: number; countedAt: string | null; countedQty: string | null; systemQty: string | null }[];
}

async function gatherEvidence(q: Q, line: Line, item: ItemRef): Promise<InvestigationEvidence> {
  const chain = [line.id];
  if (line.recount_of_line_id) chain.push(line.recount_of_line_id);
  const prev = await q.selectFrom('count_line').select(['id', 'counted_at', 'counted_position', 'qty_system', 'qty_counted', 'outcome'])
    .where('item_id', '=', line.item_id).where('location_id', '=', line.location_id).where('id', 'not in', chain).where('counted_at', 'is not', null)
    .orderBy('counted_at', 'desc').limit(10).execute();
  const first = line.recount_of_line_id ? await q.selectFrom('count_line').select(['counted_position']).where('id', '=', line.recount_of_line_id).executeTakeFirst() : undefined;
  const countPos = intFromDb(first?.counted_position ?? line.counted_position);
  const sincePos = prev[0]?.counted_position ? intFromDb(prev[0].counted_position) : 0;
  const moves = await q.selectFrom('stock_entry as e').innerJoin('movement as m', 'm.id', 'e.movement_id').leftJoin('lot', 'lot.id', 'e.lot_id')
    .select(['m.seq', 'm.movement_type', 'm.posted_at', 'e.qty', 'lot.lot_no', 'm.source_doc'])
    .where('e.item_id', '=', line.item_id).where('e.location_id', '=', line.location_id).where('e.seq', '>', sincePos).orderBy('e.seq').limit(200).execute();
  const fmt = (v: unknown) => formatUnits(intFromDb(v), item.qtyScale);
  const recounts = await q.selectFrom('count_line').select(['id', 'counted_at', 'qty_counted', 'qty_system']).where('kind', '=', 'recount').where('recount_of_line_id', 'in', chain).execute();
  return {
    movementsSinceLastCount: moves.map((m) => ({ seq: intFromDb(m.seq), type: m.movement_type, postedAt: m.posted_at, qty: fmt(m.qty), lot: m.lot_no ?? null, sourceDoc: m.source_doc })),
    previousCounts: prev.map((p) => ({ lineId: p.id, countedAt: p.counted_at, systemQty: p.qty_system === null ? null : fmt(p.qty_system), countedQty: p.qty_counted === null ? null : fmt(p.qty_counted), outcome: p.outcome })),
    receiptsAndShipmentsSinceCount: moves.filter((m) => intFromDb(m.seq) > countPos && ['receipt', 'shipment', 'customer_return', 'return_to_supplier'].includes(m.movement_type)).map((m) => ({ seq: intFromDb(m.seq), type: m.movement_type, postedAt: m.posted_at, qty: fmt(m.qty) })),
    recounts: recounts.map((r) => ({ lineId: r.id, countedAt: r.counted_at, countedQty: r.qty_counted === null ? null : fmt(r.qty_counted), systemQty: r.qty_system === null ? null : fmt(r.qty_system) })),
  };
}

/** Finds the investigator with the fewest open investigations at the site (role holders come from the access module). */
async function pickInvestigator(q: Q, siteId: number): Promise<number | null> {
  const candidates = await investigatorsAt(q, siteId);
  if (!candidates.length) return null;
  const open = await q.selectFrom('investigation').select(['assigned_to', sql<number>`count(*)`.as('n')]).where('status', '=', 'open').where('assigned_to', 'in', candidates).groupBy('assigned_to').execute();
  const load = new Map(open.map((o) => [o.assigned_to, intFromDb(o.n)]));
  return [...candidates].sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || a - b)[0] ?? null;
}

type RoleHolders = (q: Q, siteId: number, role: string) => Promise<number[]>;
let roleHolders: RoleHolders = async () => [];

/** The access module tells counting who holds a role at a site (investigators, inventory managers). */
export function setRoleHolders(fn: RoleHolders): void {
  roleHolders = fn;
}

export function investigatorsAt(q: Q, siteId: number): Promise<number[]> {
  return roleHolders(q, siteId, 'investigator');
}

async function openInvestigation(tx: Tx, ctx: Ctx, line: Line, item: ItemRef): Promise<number> {
  const evidence = await gatherEvidence(tx, line, item);
  const assignee = await pickInvestigator(tx, line.site_id);
  const inv = await tx.insertInto('investigation').values({
    line_id: line.id, site_id: line.site_id, status: 'open', assigned_to: assignee, evidence_json: JSON.stringify(evidence), causes_json: '[]', evidence_text: null,
    corrective_actions_json: '[]', conclusion: null, found_location_id: null, investigator_user_id: null, created_at: ctx.now().toISOString(), completed_at: null,
  }).returning('id').executeTakeFirstOrThrow();
  await recordAudit(tx, ctx, { action: 'investigation.open', entity: 'investigation', entityId: inv.id, after: { lineId: line.id, assignedTo: assignee } });
  return inv.id;
}

export interface InvestigationNoteInput {
  causes?: string[];
  evidenceText?: string;
  correctiveActions?: { what: string; owner: string; due?: string }[];
  conclusion?: string;
  /** where the missing (or extra) stock really is: the resolution becomes a transfer between the bins */
  foundLocation?: string;
}

export async function saveInvestigationNote(tx: Tx, ctx: Ctx, id: number, input: InvestigationNoteInput): Promise<InvestigationDto> {
  const inv = await tx.selectFrom('investigation').selectAll().where('id', '=', id).executeTakeFirst();
  if (!inv) throw countingErrors.investigation_not_found(`investigation ${id} does not exist`, { field: 'id' });
  checkSite(ctx, 'counting.investigate', inv.site_id, 'id', `investigation ${id}`);
  if (inv.status !== 'open') throw countingErrors.investigation_closed(`investigation ${id} is completed`, { field: 'id' });
  const patch: Partial<{ causes_json: string; evidence_text: string; corrective_actions_json: string; conclusion: string; found_location_id: number | null; investigator_user_id: number | null }> = {};
  if (input.causes) {
    input.causes.forEach((c, i) => { if (!(CAUSE_CODES as readonly string[]).includes(c)) throw countingErrors.bad_cause(`causes/${i}: "${c}" is not one of ${CAUSE_CODES.join(', ')}`, { field: `causes/${i}` }); });
    patch.causes_json = JSON.stringify([...new Set(input.causes)]);
  }
  if (input.evidenceText !== undefined) patch.evidence_text = input.evidenceText;
  if (input.correctiveActions) {
    input.correctiveActions.forEach((a, i) => {
      if (!a.what?.trim()) throw countingErrors.bad_cause(`correctiveActions/${i}/what is required`, { field: `correctiveActions/${i}/what` });
      if (!a.owner?.trim()) throw countingErrors.bad_cause(`correctiveActions/${i}/owner is required`, { field: `correctiveActions/${i}/owner` });
      if (a.due !== undefined && Number.isNaN(Date.parse(a.due))) throw countingErrors.bad_cause(`correctiveActions/${i}/due must be a date`, { field: `correctiveActions/${i}/due` });
    });
    patch.corrective_actions_json = JSON.stringify(input.correctiveActions);
  }
  if (input.conclusion !== undefined) patch.conclusion = input.conclusion;
  if (input.foundLocation !== undefined) {
    const line = await tx.selectFrom('count_line').select(['location_id', 'site_id']).where('id', '=', inv.line_id).executeTakeFirstOrThrow();
    const loc = await findLocationRef(tx, input.foundLocation);
    if (!loc || loc.kind !== 'bin' || loc.siteId !== line.site_id || loc.id === line.location_id) throw countingErrors.bad_found_location(`foundLocation: "${input.foundLocation}" must be another bin of the same site`, { field: 'foundLocation' });
    patch.found_location_id = loc.id;
  }
  patch.investigator_user_id = inv.investigator_user_id ?? userIdOf(ctx);
  await tx.updateTable('investigation').set(patch).where('id', '=', id).execute();
  const after = await getInvestigation(tx, id);
  await recordAudit(tx, ctx, { action: 'investigation.note', entity: 'investigation', entityId: id, before: { causes: inv.causes_json, conclusion: inv.conclusion }, after: { causes: after.causes, conclusion: after.conclusion, foundLocation: after.foundLocation } });
  return after;
}

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

export async function addAttachment(tx: Tx, ctx: Ctx, id: number, input: { filename: string; contentType: string; dataBase64: string }): Promise<{ attachmentId: number; size: number }> {
  const inv = await tx.selectFrom('investigation').select(['id', 'status', 'site_id']).where('id', '=', id).executeTakeFirst();
  if (!inv) throw countingErrors.investigation_not_found(`investigation ${id} does not exist`, { field: 'id' });
  checkSite(ctx, 'counting.investigate', inv.site_id, 'id', `investigation ${id}`);
  const bytes = Buffer.from(input.dataBase64, 'base64');
  if (bytes.length === 0) throw countingErrors.bad_cause('dataBase64 is empty or not base64', { field: 'dataBase64' });
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw countingErrors.attachment_too_large(`attachments are at most ${MAX_ATTACHMENT_BYTES} bytes`, { field: 'dataBase64' });
  const row = await tx.insertInto('attachment').values({ investigation_id: id, filename: input.filename, content_type: input.contentType, bytes, size: bytes.length, uploaded_by: ctx.actor, uploaded_at: ctx.now().toISOString() }).returning('id').executeTakeFirstOrThrow();
  await recordAudit(tx, ctx, { action: 'investigation.attach', entity: 'attachment', entityId: row.id, after: { investigationId: id, filename: input.filename, size: bytes.length } });
  return { attachmentId: row.id, size: bytes.length };
}

export async function getAttachment(q: Q, id: number): Promise<{ filename: string; contentType: string; bytes: Buffer }> {
  const a = await q.selectFrom('attachment').select(['filename', 'content_type', 'bytes']).where('id', '=', id).executeTakeFirst();
  if (!a) throw countingErrors.investigation_not_found(`attachment ${id} does not exist`, { field: 'id' });
  return { filename: a.filename, contentType: a.content_type, bytes: Buffer.from(a.bytes) };
}

export interface InvestigationDto {
  id: number;
  countLineId: number;
  status: string;
  site: string;
  sku: string;
  location: string;
  /** system − counted at the count, in the item's base unit */
  shortageQty: string | null;
  assignedTo: number | null;
  investigatorUserId: number | null;
  evidence: InvestigationEvidence;
  causes: string[];
  evidenceText: string | null;
  correctiveActions: { what: string; owner: string; due?: string }[];
  conclusion: string | null;
  foundLocation: string | null;
  attachments: { id: number; filename: string; contentType: string; size: number }[];
  createdAt: string;
  completedAt: string | null;
}

export async function getInvestigation(q: Q, id: number, ctx?: Ctx): Promise<InvestigationDto> {
  const inv = await q.selectFrom('investigation').selectAll().where('id', '=', id).executeTakeFirst();
  if (!inv) throw countingErrors.investigation_not_found(`investigation ${id} does not exist`, { field: 'id' });
  if (ctx) checkSite(ctx, 'counting.read', inv.site_id, 'id', `investigation ${id}`);
  const line = await q.selectFrom('count_line as c').innerJoin('item as i', 'i.id', 'c.item_id').innerJoin('location as l', 'l.id', 'c.location_id')
    .select(['c.id', 'c.qty_shortage', 'i.sku', 'i.qty_scale', 'l.code']).where('c.id', '=', inv.line_id).executeTakeFirstOrThrow();
  const atts = await q.selectFrom('attachment').select(['id', 'filename', 'content_type', 'size']).where('investigation_id', '=', id).orderBy('id').execute();
  return {
    id: inv.id, countLineId: inv.line_id, status: inv.status, site: (await findLocationRef(q, inv.site_id))?.code ?? '', sku: line.sku, location: line.code,
    shortageQty: line.qty_shortage === null ? null : formatUnits(intFromDb(line.qty_shortage), line.qty_scale), assignedTo: inv.assigned_to, investigatorUserId: inv.investigator_user_id,
    evidence: JSON.parse(inv.evidence_json) as InvestigationEvidence, causes: JSON.parse(inv.causes_json) as string[], evidenceText: inv.evidence_text,
    correctiveActions: JSON.parse(inv.corrective_actions_json) as InvestigationDto['correctiveActions'], conclusion: inv.conclusion,
    foundLocation: inv.found_location_id ? ((await findLocationRef(q, inv.found_location_id))?.code ?? null) : null,
    attachments: atts.map((a) => ({ id: a.id, filename: a.filename, contentType: a.content_type, size: a.size })), createdAt: inv.created_at, completedAt: inv.completed_at,
  };
}

/** Completes an investigation: the line gets its proposed correction (a transfer when the stock was found in another bin). */
export async function completeInvestigation(tx: Tx, ctx: Ctx, id: number, input: InvestigationNoteInput): Promise<{ investigation: InvestigationDto; correctionId: number }> {
  await saveInvestigationNote(tx, ctx, id, input);
  const inv = await tx.selectFrom('investigation').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  if (!inv.conclusion) throw countingErrors.bad_cause('conclusion is required to complete an investigation', { field: 'conclusion' });
  if ((JSON.parse(inv.causes_json) as string[]).length === 0) throw countingErrors.bad_cause('name at least one cause explored', { field: 'causes' });
  const now = ctx.now().toISOString();
  await tx.updateTable('investigation').set({ status: 'completed', completed_at: now, investigator_user_id: inv.investigator_user_id ?? userIdOf(ctx) }).where('id', '=', id).execute();
  const line = await tx.selectFrom('count_line').selectAll().where('id', '=', inv.line_id).executeTakeFirstOrThrow();
  const item = (await findItemRef(tx, line.item_id)) as ItemRef;
  const figures = await lotFigures(tx, line);
  const policy = await loadPolicy(tx, line.site_id);
  const corrections = figures.filter((f) => f.counted !== f.system).map((f) => ({ lotId: f.lotId, qty: f.counted - f.system }));
  const correction = await proposeCorrection(tx, ctx, line, item, corrections, BigInt(intFromDb(line.unit_cost_minor)), policy.supervisor_limit_minor, false, inv.found_location_id, inv.conclusion);
  await tx.updateTable('count_line').set({ status: 'pending_approval', resolution_note: inv.conclusion }).where('id', '=', line.id).execute();
  await recordAudit(tx, ctx, { action: 'investigation.complete', entity: 'investigation', entityId: id, after: { correctionId: correction.id } });
  return { investigation: await getInvestigation(tx, id), correctionId: correction.id };
}

// ---------------------------------------------------------------- corrections (step 10)

async function proposeCorrection(
  tx: Tx, ctx: Ctx, line: Line, item: ItemRef, lots: { lotId: number; qty: bigint }[], unitCost: bigint, supervisorLimit: number, autoPost: boolean, foundLocationId: number | null = null, note: string | null = null,
): Promise<{ id: number; autoPost: boolean }> {
  const qty = lots.reduce((s, l) => s + l.qty, 0n);
  const value = extendValue(qty, item.qtyScale, unitCost);
  const abs = value < 0n ? -value : value;
  const requiredRole = autoPost ? 'system' : abs <= BigInt(supervisorLimit) ? 'supervisor' : 'inventory_manager';
  const row = await tx.insertInto('count_correction').values({
    line_id: line.id, qty_correction: Number(qty), value_minor: Number(value), resolution: foundLocationId ? 'transfer' : 'adjust', transfer_from_location_id: foundLocationId,
    status: 'proposed', proposed_by: ctx.actor, proposed_at: ctx.now().toISOString(), decided_by: null, decided_at: null, required_role: requiredRole, movement_id: null,
    lots_json: JSON.stringify(lots.map((l) => ({ lotId: l.lotId, qty: String(l.qty) }))), note,
  }).returning('id').executeTakeFirstOrThrow();
  if (requiredRole === 'inventory_manager') {
    const loc = await findLocationRef(tx, line.location_id);
    await notifyCounting(tx, ctx, { kind: 'count.correction_awaiting_approval', siteId: line.site_id, lineId: line.id, correctionId: row.id, sku: item.sku, location: loc?.code ?? '', correctionQty: formatUnits(qty, item.qtyScale), value: formatMoney(value) });
  }
  return { id: row.id, autoPost };
}

export interface ApprovalResult {
  correctionId: number;
  status: string;
  movementId: number | null;
  validationLineId: number | null;
}

/**
 * Approves a correction and posts it. Supervisors approve within the site's limit; inventory managers
 * above it; nobody approves a count they counted or investigated (unless the site turns that off).
 */
export async function approveCorrection(deps: WorkflowDeps, tx: Tx, ctx: Ctx, correctionId: number): Promise<ApprovalResult> {
  const c = await tx.selectFrom('count_correction').selectAll().where('id', '=', correctionId).executeTakeFirst();
  if (!c) throw countingErrors.correction_not_found(`correction ${correctionId} does not exist`, { field: 'correctionId' });
  if (c.status !== 'proposed') throw countingErrors.correction_decided(`correction ${correctionId} is ${c.status}`, { field: 'correctionId' });
  const line = await tx.selectFrom('count_line').selectAll().where('id', '=', c.line_id).executeTakeFirstOrThrow();
  const policy = await loadPolicy(tx, line.site_id);
  if (!isTrustedCaller(ctx)) {
    const roles = rolesAt(ctx, line.site_id);
    const manager = roles.has('inventory_manager');
    const supervisor = roles.has('supervisor');
    if (!manager && !supervisor) throw countingErrors.not_an_approver('only supervisors and inventory managers approve count corrections', { field: 'correctionId' });
    checkSite(ctx, 'counting.approve', line.site_id, 'correctionId', `correction ${correctionId}`);
    const uid = userIdOf(ctx);
    if (uid !== null) {
      const chain = [line.id, ...(line.recount_of_line_id ? [line.recount_of_line_id] : [])];
      const recounts = await tx.selectFrom('count_line').select('id').where('recount_of_line_id', 'in', chain).execute();
      const countedBy = await countersOf(tx, [...chain, ...recounts.map((r) => r.id)]);
      const investigators = await tx.selectFrom('investigation').select(['investigator_user_id', 'assigned_to']).where('line_id', 'in', chain).execute();
      const investigatedBy = investigators.flatMap((i) => [i.investigator_user_id, i.assigned_to]).filter((x): x is number => x !== null);
      const sod = await mayApproveCorrection(tx, { userId: uid, countedBy, investigatedBy, siteId: line.site_id });
      if (!sod.allowed) throw countingErrors.segregation_of_duties(`${sod.reason ?? 'you counted or investigated this line'}; another approver must decide`, { field: 'correctionId' });
    }
    if (!manager && c.required_role === 'inventory_manager') {
      throw countingErrors.over_approval_limit(`the correction's value ${formatMoney(Math.abs(intFromDb(c.value_minor)))} exceeds the supervisor limit ${formatMoney(intFromDb(policy.supervisor_limit_minor))}; it waits for an inventory manager`, { field: 'correctionId', extra: { routedTo: 'inventory_manager' } });
    }
  }
  const movementId = await postCorrection(deps, tx, ctx, c.id, ctx.actor);
  const validationLineId = await scheduleValidation(tx, ctx, line, policy.validation_recount_days);
  return { correctionId: c.id, status: 'posted', movementId, validationLineId };
}

export async function rejectCorrection(tx: Tx, ctx: Ctx, correctionId: number, note?: string): Promise<{ correctionId: number; status: string }> {
  const c = await tx.selectFrom('count_correction').selectAll().where('id', '=', correctionId).executeTakeFirst();
  if (!c) throw countingErrors.correction_not_found(`correction ${correctionId} does not exist`, { field: 'correctionId' });
  if (c.status !== 'proposed') throw countingErrors.correction_decided(`correction ${correctionId} is ${c.status}`, { field: 'correctionId' });
  const line = await tx.selectFrom('count_line').select('site_id').where('id', '=', c.line_id).executeTakeFirstOrThrow();
  if (!isTrustedCaller(ctx)) {
    const roles = rolesAt(ctx, line.site_id);
    if (!roles.has('inventory_manager') && !roles.has('supervisor')) throw countingErrors.not_an_approver('only supervisors and inventory managers decide on count corrections', { field: 'correctionId' });
    checkSite(ctx, 'counting.approve', line.site_id, 'correctionId', `correction ${correctionId}`);
  }
  const now = ctx.now().toISOString();
  await tx.updateTable('count_correction').set({ status: 'rejected', decided_by: ctx.actor, decided_at: now, note: note ?? c.note }).where('id', '=', c.id).execute();
  await tx.updateTable('count_line').set({ status: 'closed', resolution: 'correction_rejected', resolution_note: note ?? null, closed_at: now }).where('id', '=', c.line_id).execute();
  await recordAudit(tx, ctx, { action: 'count_correction.reject', entity: 'count_correction', entityId: c.id, before: { status: c.status }, after: { status: 'rejected', note: note ?? null } });
  return { correctionId: c.id, status: 'rejected' };
}

/** Posts an approved correction as a count-correction movement (or a transfer) linked to the line. */
async function postCorrection(deps: WorkflowDeps, tx: Tx, callerCtx: Ctx, correctionId: number, decidedBy: string): Promise<number> {
  // The approval is the authority for this posting: the ledger records the approver as the actor but
  // does not ask whether the approver may post movements of their own.
  const ctx: Ctx = { actor: callerCtx.actor, ...(callerCtx.actorUserId !== undefined ? { actorUserId: callerCtx.actorUserId } : {}), ...(callerCtx.requestId ? { requestId: callerCtx.requestId } : {}), ...(callerCtx.clientAddr ? { clientAddr: callerCtx.clientAddr } : {}), now: callerCtx.now };
  const c = await tx.selectFrom('count_correction').selectAll().where('id', '=', correctionId).executeTakeFirstOrThrow();
  const line = await tx.selectFrom('count_line').selectAll().where('id', '=', c.line_id).executeTakeFirstOrThrow();
  const item = (await findItemRef(tx, line.item_id)) as ItemRef;
  const bin = await findLocationRef(tx, line.location_id);
  const lots = (JSON.parse(c.lots_json) as { lotId: number; qty: string }[]).map((l) => ({ lotId: l.lotId, qty: BigInt(l.qty) })).filter((l) => l.qty !== 0n);
  const lotNo = async (lotId: number) => (lotId ? (await tx.selectFrom('lot').select('lot_no').where('id', '=', lotId).executeTakeFirstOrThrow()).lot_no : undefined);
  const inv = await tx.selectFrom('investigation').select(['causes_json']).where('line_id', '=', line.id).executeTakeFirst();
  const cause = inv ? ((JSON.parse(inv.causes_json) as string[])[0] ?? 'count_variance') : 'count_variance';
  const sourceDoc = `count-line:${line.id}`;
  let movementId: number;
  if (c.resolution === 'transfer' && c.transfer_from_location_id) {
    const other = await findLocationRef(tx, c.transfer_from_location_id);
    const moveLines = [];
    for (const l of lots) {
      const lot = await lotNo(l.lotId);
      // Shortage here, found there: the book moves from this bin to the bin where the stock is.
      const out = l.qty < 0n;
      moveLines.push({ item: item.id, qty: formatUnits(out ? -l.qty : l.qty, item.qtyScale), from: out ? (bin?.code as string) : (other?.code as string), to: out ? (other?.code as string) : (bin?.code as string), ...(lot ? { lot } : {}) });
    }
    const m = await postMovement({ kind: deps.kind }, tx, ctx, { type: 'transfer', lines: moveLines, sourceDoc, reasonCode: cause, note: `count correction ${c.id} resolved by transfer` });
    movementId = m.id;
  } else {
    const moveLines = [];
    for (const l of lots) {
      const lot = await lotNo(l.lotId);
      moveLines.push({ item: item.id, qty: formatUnits(l.qty < 0n ? -l.qty : l.qty, item.qtyScale), ...(l.qty < 0n ? { from: bin?.code as string } : { to: bin?.code as string }), ...(lot ? { lot } : {}) });
    }
    const m = await postMovement({ kind: deps.kind }, tx, ctx, { type: 'count_correction', lines: moveLines, countLineId: line.id, sourceDoc, reasonCode: cause, ...(c.note ? { note: c.note } : {}) });
    movementId = m.id;
  }
  const now = ctx.now().toISOString();
  await tx.updateTable('count_correction').set({ status: 'posted', decided_by: decidedBy, decided_at: now, movement_id: movementId }).where('id', '=', c.id).execute();
  await tx.updateTable('count_line').set({ status: 'corrected', correction_movement_id: movementId, resolution: c.resolution === 'transfer' ? 'transfer' : 'adjusted', closed_at: now }).where('id', '=', line.id).execute();
  if (line.recount_of_line_id) await tx.updateTable('count_line').set({ correction_movement_id: movementId, resolution: 'corrected_after_recount', closed_at: now }).where('id', '=', line.recount_of_line_id).execute();
  await recordAudit(tx, ctx, { action: 'count_correction.post', entity: 'count_correction', entityId: c.id, before: { status: c.status }, after: { status: 'posted', movementId, decidedBy } });
  return movementId;
}

/** After a correction, a validation count of the same item-location within the policy's days. */
async function scheduleValidation(tx: Tx, ctx: Ctx, line: Line, days: number): Promise<number> {
  const now = ctx.now();
  const date = new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  const row = await tx.insertInto('count_line').values({
    site_id: line.site_id, schedule_id: null, task_id: null, item_id: line.item_id, location_id: line.location_id, lot_id: line.lot_id, kind: 'validation',
    reasons_json: JSON.stringify(['validation_after_correction']), planned_date: date, status: 'planned', blind: 1, walk_seq: line.walk_seq, recount_of_line_id: null, unexpected: 0, created_at: now.toISOString(),
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export { findLotRef };
