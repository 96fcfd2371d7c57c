// Read side of counting: tasks, lines for variance review, schedule calendar, corrections, investigations.

import { sql } from 'kysely';
import type { Q } from '../../db/db.js';
import type { Ctx } from '../../kernel/context.js';
import { formatMoney, formatUnits, intFromDb } from '../../kernel/decimal.js';
import { clampLimit, decodeCursor, toPage, type Page } from '../../kernel/paging.js';
import { findLocationRef } from '../catalog/index.js';
import { countingErrors } from './counting.errors.js';
import { checkSite, isCounterOnly, scopeOf, userIdOf } from './counting.access.js';
import { requireSite } from './counting.policy.js';

export interface TaskSummary {
  taskId: number;
  site: string;
  zone: string | null;
  kind: string;
  status: string;
  blind: boolean;
  counterUserId: number | null;
  dueAt: string | null;
  overdue: boolean;
  scheduledDate: string | null;
  estimatedMinutes: number;
  critical: boolean;
  lines: number;
  linesCounted: number;
}

export async function listTasks(q: Q, ctx: Ctx, f: { site?: string; status?: string; counterUserId?: number; mine?: boolean; date?: string; limit?: number; cursor?: string }): Promise<Page<TaskSummary>> {
  const limit = clampLimit(f.limit);
  const cur = decodeCursor(f.cursor, 1);
  let query = q.selectFrom('count_task as t')
    .innerJoin('location as s', 's.id', 't.site_id')
    .leftJoin('location as z', 'z.id', 't.zone_id')
    .select(['t.id', 's.code as site', 'z.code as zone', 't.kind', 't.status', 't.blind', 't.counter_user_id', 't.due_at', 't.scheduled_date', 't.estimated_minutes', 't.critical', 't.site_id'])
    .select((eb) => [
      eb.selectFrom('count_line as c').select(sql<number>`count(*)`.as('n')).whereRef('c.task_id', '=', 't.id').where('c.status', '<>', 'cancelled').as('lines'),
      eb.selectFrom('count_line as c').select(sql<number>`count(*)`.as('n')).whereRef('c.task_id', '=', 't.id').where('c.status', 'not in', ['cancelled', 'assigned', 'planned']).as('counted'),
    ]);
  if (f.site) query = query.where('t.site_id', '=', (await requireSite(q, f.site)).id);
  const scope = scopeOf(ctx, f.mine ? 'counting.count' : 'counting.read');
  if (scope !== null) query = query.where('t.site_id', 'in', [...scope, -1]);
  if (f.status) query = query.where('t.status', '=', f.status as 'open');
  if (f.date) query = query.where('t.scheduled_date', '=', f.date);
  if (f.mine) {
    const uid = userIdOf(ctx);
    query = query.where('t.counter_user_id', '=', uid ?? -1).where('t.status', 'in', ['open', 'in_progress']);
  } else if (f.counterUserId !== undefined) query = query.where('t.counter_user_id', '=', f.counterUserId);
  if (cur) query = query.where('t.id', '>', Number(cur[0]));
  const rows = await query.orderBy('t.id').limit(limit + 1).execute();
  const now = ctx.now().toISOString();
  return toPage(rows.filter((r) => !isCounterOnly(ctx, r.site_id) || r.counter_user_id === userIdOf(ctx)), limit, (r) => [r.id], (r) => ({
    taskId: r.id, site: r.site, zone: r.zone ?? null, kind: r.kind, status: r.status, blind: r.blind === 1, counterUserId: r.counter_user_id, dueAt: r.due_at,
    overdue: r.due_at !== null && r.due_at < now && (r.status === 'open' || r.status === 'in_progress'), scheduledDate: r.scheduled_date, estimatedMinutes: r.estimated_minutes,
    critical: r.critical === 1, lines: intFromDb(r.lines), linesCounted: intFromDb(r.counted),
  }));
}

export interface LineReview {
  lineId: number;
  taskId: number | null;
  site: string;
  sku: string;
  description: string;
  location: string;
  lot: string | null;
  kind: string;
  status: string;
  reasons: string[];
  plannedDate: string | null;
  countedAt: string | null;
  countedPosition: number | null;
  uom: string;
  /** system quantity at the ledger position of the count */
  systemQty: string | null;
  countedQty: string | null;
  /** system − counted: positive is a shortage, negative an overage */
  shortageQty: string | null;
  direction: 'shortage' | 'overage' | 'none' | null;
  /** shortage as percent of the system quantity (system − counted) / system */
  shortagePct: string | null;
  /** shortage valued at unit cost (system − counted) × cost */
  shortageValue: string | null;
  outcome: string | null;
  flagged: boolean;
  recountOfLineId: number | null;
  recountLineIds: number[];
  counters: number[];
  resolution: string | null;
  correctionMovementId: number | null;
}

const lineSelect = (q: Q) => q.selectFrom('count_line as c')
  .innerJoin('item as i', 'i.id', 'c.item_id')
  .innerJoin('location as l', 'l.id', 'c.location_id')
  .innerJoin('location as s', 's.id', 'c.site_id')
  .leftJoin('lot', 'lot.id', 'c.lot_id')
  .select(['c.id', 'c.task_id', 's.code as site', 'i.sku', 'i.description', 'i.base_uom', 'i.qty_scale', 'l.code as location', 'lot.lot_no', 'c.kind', 'c.status', 'c.reasons_json', 'c.planned_date',
    'c.counted_at', 'c.counted_position', 'c.qty_system', 'c.qty_counted', 'c.qty_shortage', 'c.pct_shortage', 'c.value_shortage_minor', 'c.outcome', 'c.recount_of_line_id', 'c.resolution', 'c.correction_movement_id', 'c.blind', 'c.site_id']);

type LineRow = Awaited<ReturnType<ReturnType<typeof lineSelect>['execute']>>[number];

async function toReview(q: Q, ctx: Ctx, rows: LineRow[]): Promise<LineReview[]> {
  const ids = rows.map((r) => r.id);
  const obs = ids.length ? await q.selectFrom('count_observation').select(['line_id', 'counter_user_id', 'second_counter_user_id']).where('line_id', 'in', ids).execute() : [];
  const recounts = ids.length ? await q.selectFrom('count_line').select(['id', 'recount_of_line_id']).where('recount_of_line_id', 'in', ids).execute() : [];
  return rows.map((r) => {
    const hide = r.blind === 1 && isCounterOnly(ctx, r.site_id);
    const shortage = r.qty_shortage === null ? null : intFromDb(r.qty_shortage);
    const f = (v: unknown) => (v === null || v === undefined ? null : formatUnits(intFromDb(v), r.qty_scale));
    return {
      lineId: r.id, taskId: r.task_id, site: r.site, sku: r.sku, description: r.description, location: r.location, lot: r.lot_no ?? null, kind: r.kind, status: r.status,
      reasons: JSON.parse(r.reasons_json) as string[], plannedDate: r.planned_date, countedAt: r.counted_at, countedPosition: r.counted_position === null ? null : intFromDb(r.counted_position), uom: r.base_uom,
      systemQty: hide ? null : f(r.qty_system), countedQty: f(r.qty_counted), shortageQty: hide ? null : f(r.qty_shortage),
      direction: hide || shortage === null ? null : shortage > 0 ? 'shortage' : shortage < 0 ? 'overage' : 'none',
      shortagePct: hide ? null : r.pct_shortage, shortageValue: hide || r.value_shortage_minor === null ? null : formatMoney(intFromDb(r.value_shortage_minor)),
      outcome: r.outcome, flagged: r.outcome === 'recount' || r.outcome === 'investigate', recountOfLineId: r.recount_of_line_id,
      recountLineIds: recounts.filter((x) => x.recount_of_line_id === r.id).map((x) => x.id),
      counters: [...new Set(obs.filter((o) => o.line_id === r.id).flatMap((o) => [o.counter_user_id, ...(o.second_counter_user_id ? [o.second_counter_user_id] : [])]))],
      resolution: r.resolution, correctionMovementId: r.correction_movement_id,
    };
  });
}

export async function listLines(q: Q, ctx: Ctx, f: { site?: string; status?: string; flagged?: boolean; kind?: string; from?: string; to?: string; taskId?: number; limit?: number; cursor?: string }): Promise<Page<LineReview>> {
  const limit = clampLimit(f.limit);
  const cur = decodeCursor(f.cursor, 1);
  let query = lineSelect(q);
  if (f.site) query = query.where('c.site_id', '=', (await requireSite(q, f.site)).id);
  const scope = scopeOf(ctx, 'counting.read');
  if (scope !== null) query = query.where('c.site_id', 'in', [...scope, -1]);
  if (f.status) query = query.where('c.status', '=', f.status as 'planned');
  if (f.kind) query = query.where('c.kind', '=', f.kind as 'scheduled');
  if (f.flagged) query = query.where('c.outcome', 'in', ['recount', 'investigate']);
  if (f.taskId !== undefined) query = query.where('c.task_id', '=', f.taskId);
  if (f.from) query = query.where('c.planned_date', '>=', f.from);
  if (f.to) query = query.where('c.planned_date', '<=', f.to);
  if (cur) query = query.where('c.id', '>', Number(cur[0]));
  const rows = await query.orderBy('c.id').limit(limit + 1).execute();
  const page = toPage(rows, limit, (r) => [r.id], (r) => r);
  return { items: await toReview(q, ctx, page.items), nextCursor: page.nextCursor };
}

export async function getLine(q: Q, ctx: Ctx, id: number): Promise<LineReview & { observations: { id: number; counterUserId: number; qty: string; unit: string; qtyEntered: string; lot: string | null; binEmpty: boolean; note: string | null; device: string | null; observedAt: string }[] }> {
  const row = await lineSelect(q).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw countingErrors.line_not_found(`count line ${id} does not exist`, { field: 'id' });
  checkSite(ctx, 'counting.read', row.site_id, 'id', `count line ${id}`);
  if (isCounterOnly(ctx, row.site_id)) {
    const task = row.task_id ? await q.selectFrom('count_task').select('counter_user_id').where('id', '=', row.task_id).executeTakeFirst() : undefined;
    if (!task || task.counter_user_id !== userIdOf(ctx)) throw countingErrors.not_your_task(`count line ${id} is not in one of your tasks`, { field: 'id' });
  }
  const [review] = await toReview(q, ctx, [row]);
  const obs = await q.selectFrom('count_observation as o').leftJoin('lot', 'lot.id', 'o.lot_id').select(['o.id', 'o.counter_user_id', 'o.qty', 'o.uom_entered', 'o.qty_entered', 'lot.lot_no', 'o.bin_empty', 'o.note', 'o.device', 'o.observed_at']).where('o.line_id', '=', id).orderBy('o.id').execute();
  return {
    ...(review as LineReview),
    observations: obs.map((o) => ({ id: o.id, counterUserId: o.counter_user_id, qty: formatUnits(intFromDb(o.qty), row.qty_scale), unit: o.uom_entered, qtyEntered: o.qty_entered, lot: o.lot_no ?? null, binEmpty: o.bin_empty === 1, note: o.note, device: o.device, observedAt: o.observed_at })),
  };
}

export interface CorrectionDto {
  correctionId: number;
  lineId: number;
  site: string;
  sku: string;
  location: string;
  /** physical − system at count: the quantity the correction posts (positive adds stock) */
  correctionQty: string;
  value: string;
  resolution: string;
  transferFrom: string | null;
  status: string;
  requiredRole: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  movementId: number | null;
  note: string | null;
}

export async function listCorrections(q: Q, ctx: Ctx, f: { site?: string; status?: string; limit?: number; cursor?: string }): Promise<Page<CorrectionDto>> {
  const limit = clampLimit(f.limit);
  const cur = decodeCursor(f.cursor, 1);
  let query = q.selectFrom('count_correction as k').innerJoin('count_line as c', 'c.id', 'k.line_id').innerJoin('item as i', 'i.id', 'c.item_id').innerJoin('location as l', 'l.id', 'c.location_id').innerJoin('location as s', 's.id', 'c.site_id')
    .leftJoin('location as tf', 'tf.id', 'k.transfer_from_location_id')
    .select(['k.id', 'k.line_id', 's.code as site', 'i.sku', 'i.qty_scale', 'l.code as location', 'k.qty_correction', 'k.value_minor', 'k.resolution', 'tf.code as transfer_from', 'k.status', 'k.required_role', 'k.proposed_at', 'k.decided_by', 'k.decided_at', 'k.movement_id', 'k.note']);
  if (f.site) query = query.where('c.site_id', '=', (await requireSite(q, f.site)).id);
  const scope = scopeOf(ctx, 'counting.read');
  if (scope !== null) query = query.where('c.site_id', 'in', [...scope, -1]);
  if (f.status) query = query.where('k.status', '=', f.status as 'proposed');
  if (cur) query = query.where('k.id', '>', Number(cur[0]));
  const rows = await query.orderBy('k.id').limit(limit + 1).execute();
  return toPage(rows, limit, (r) => [r.id], (r) => ({
    correctionId: r.id, lineId: r.line_id, site: r.site, sku: r.sku, location: r.location, correctionQty: formatUnits(intFromDb(r.qty_correction), r.qty_scale), value: formatMoney(intFromDb(r.value_minor)),
    resolution: r.resolution, transferFrom: r.transfer_from ?? null, status: r.status, requiredRole: r.required_role, proposedAt: r.proposed_at, decidedBy: r.decided_by, decidedAt: r.decided_at, movementId: r.movement_id, note: r.note,
  }));
}

export async function listInvestigations(q: Q, ctx: Ctx, f: { status?: string; mine?: boolean; limit?: number; cursor?: string }): Promise<Page<{ id: number; lineId: number; sku: string; location: string; status: string; assignedTo: number | null; createdAt: string }>> {
  const limit = clampLimit(f.limit);
  const cur = decodeCursor(f.cursor, 1);
  let query = q.selectFrom('investigation as v').innerJoin('count_line as c', 'c.id', 'v.line_id').innerJoin('item as i', 'i.id', 'c.item_id').innerJoin('location as l', 'l.id', 'c.location_id')
    .select(['v.id', 'v.line_id', 'i.sku', 'l.code', 'v.status', 'v.assigned_to', 'v.created_at']);
  const scope = scopeOf(ctx, 'counting.read');
  if (scope !== null) query = query.where('v.site_id', 'in', [...scope, -1]);
  if (f.status) query = query.where('v.status', '=', f.status as 'open');
  if (f.mine) query = query.where('v.assigned_to', '=', userIdOf(ctx) ?? -1);
  if (cur) query = query.where('v.id', '>', Number(cur[0]));
  const rows = await query.orderBy('v.id').limit(limit + 1).execute();
  return toPage(rows, limit, (r) => [r.id], (r) => ({ id: r.id, lineId: r.line_id, sku: r.sku, location: r.code, status: r.status, assignedTo: r.assigned_to, createdAt: r.created_at }));
}

/** The schedule calendar: planned lines per day with their reasons. */
export async function scheduleCalendar(q: Q, ctx: Ctx, f: { site: string; from: string; to: string }): Promise<{ days: { date: string; lines: number; byReason: Record<string, number> }[] }> {
  const site = await requireSite(q, f.site);
  checkSite(ctx, 'counting.read', site.id, 'site', `site ${site.code}`);
  const rows = await q.selectFrom('count_line').select(['planned_date', 'reasons_json', sql<number>`count(*)`.as('n')])
    .where('site_id', '=', site.id).where('planned_date', '>=', f.from).where('planned_date', '<=', f.to).where('status', '<>', 'cancelled')
    .groupBy(['planned_date', 'reasons_json']).orderBy('planned_date').execute();
  const days = new Map<string, { date: string; lines: number; byReason: Record<string, number> }>();
  for (const r of rows) {
    const d = r.planned_date as string;
    let day = days.get(d);
    if (!day) days.set(d, (day = { date: d, lines: 0, byReason: {} }));
    const n = intFromDb(r.n);
    day.lines += n;
    for (const reason of JSON.parse(r.reasons_json) as string[]) day.byReason[reason] = (day.byReason[reason] ?? 0) + n;
  }
  return { days: [...days.values()] };
}

export async function zoneCode(q: Q, id: number | null): Promise<string | null> {
  return id === null ? null : ((await findLocationRef(q, id))?.code ?? null);
}
