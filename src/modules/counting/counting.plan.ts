// Planning the counts: schedule generation for a period, assignment of a day's lines to counters,
// ad-hoc counts (bin, item, zone) and triggered counts (negative balance, count at zero, pick shortage).

import { sql } from 'kysely';
import type { Q, Tx } from '../../db/db.js';
import type { Ctx } from '../../kernel/context.js';
import { intFromDb } from '../../kernel/decimal.js';
import { recordAudit } from '../audit/audit.js';
import { findItemRef, findLocationRef } from '../catalog/index.js';
import { generateSchedule } from './schedule.rules.js';
import { assignDay } from './assignment.rules.js';
import { summarizeCountHistory } from './frequency.rules.js';
import { countingErrors } from './counting.errors.js';
import { loadPolicy, requireSite, WEEKDAYS } from './counting.policy.js';
import { checkSite } from './counting.access.js';
import type { AbcClass, AssignmentLine, CounterProfile, ScheduleCandidate } from './counting.types.js';
import type { CountLineTable, TaskKind } from './counting.tables.js';
import type { Insertable } from 'kysely';

const DAY = 86_400_000;

export function workingDaysBetween(start: string, end: string, weekdays: readonly string[]): string[] {
  const out: string[] = [];
  const s = Date.parse(`${start}T00:00:00Z`);
  const e = Date.parse(`${end}T00:00:00Z`);
  for (let t = s; t <= e; t += DAY) {
    const d = new Date(t);
    if (weekdays.includes(WEEKDAYS[d.getUTCDay()] as string)) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

/** An active item-location of a site, with what scheduling and assignment need to know. */
export interface ItemLocationRow {
  readonly itemId: number;
  readonly locationId: number;
  readonly zoneId: number;
  readonly walkSeq: number;
  readonly qty: number;
  readonly abcClass: AbcClass;
  readonly critical: boolean;
  readonly skillLevel: number;
  readonly lastCountedAt: string | null;
}

/** Reads the site's item-locations with stock (or negative stock) and their last counts: the floor the bench compares with. */
export async function readItemLocations(q: Q, siteId: number): Promise<ItemLocationRow[]> {
  const rows = await q
    .selectFrom('stock_balance as b')
    .innerJoin('location as l', 'l.id', 'b.location_id')
    .innerJoin('item as i', 'i.id', 'b.item_id')
    .leftJoin('item_abc as a', 'a.item_id', 'b.item_id')
    .select(['b.item_id', 'b.location_id', 'l.parent_id', 'l.walk_seq', sql<number>`sum(b.qty_on_hand)`.as('qty'), 'a.abc_class', 'i.criticality', 'i.count_skill_level'])
    .where('l.site_id', '=', siteId)
    .where('l.kind', '=', 'bin')
    .where('l.active', '=', 1)
    .where('i.status', '<>', 'inactive')
    .groupBy(['b.item_id', 'b.location_id', 'l.parent_id', 'l.walk_seq', 'a.abc_class', 'i.criticality', 'i.count_skill_level'])
    .execute();
  const last = await q
    .selectFrom('count_line')
    .select(['item_id', 'location_id', sql<string>`max(counted_at)`.as('last')])
    .where('site_id', '=', siteId)
    .where('counted_at', 'is not', null)
    .groupBy(['item_id', 'location_id'])
    .execute();
  const lastMap = new Map(last.map((r) => [`${r.item_id}@${r.location_id}`, r.last]));
  const out: ItemLocationRow[] = [];
  for (const r of rows) {
    const qty = intFromDb(r.qty);
    if (qty === 0) continue;
    out.push({
      itemId: r.item_id,
      locationId: r.location_id,
      zoneId: r.parent_id ?? 0,
      walkSeq: r.walk_seq ?? 0,
      qty,
      abcClass: (r.abc_class ?? 'C') as AbcClass,
      critical: r.criticality === 'critical',
      skillLevel: r.count_skill_level,
      lastCountedAt: lastMap.get(`${r.item_id}@${r.location_id}`) ?? null,
    });
  }
  return out;
}

async function countHistory(q: Q, siteId: number): Promise<Map<string, { countedAt: string; missed: boolean }[]>> {
  const rows = await q
    .selectFrom('count_line')
    .select(['item_id', 'location_id', 'counted_at', 'outcome'])
    .where('site_id', '=', siteId)
    .where('counted_at', 'is not', null)
    .where('outcome', 'is not', null)
    .where('kind', '<>', 'recount')
    .orderBy('counted_at')
    .execute();
  const m = new Map<string, { countedAt: string; missed: boolean }[]>();
  for (const r of rows) {
    const k = `${r.item_id}@${r.location_id}`;
    let h = m.get(k);
    if (!h) m.set(k, (h = []));
    h.push({ countedAt: r.counted_at as string, missed: r.outcome === 'recount' || r.outcome === 'investigate' });
  }
  return m;
}

export interface ScheduleRequest {
  site: string;
  periodStart: string;
  periodEnd: string;
  /** item-locations a supervisor wants on the schedule whatever their due date */
  manual?: { item: string; location: string }[];
}

export interface ScheduleDto {
  scheduleId: number;
  site: string;
  periodStart: string;
  periodEnd: string;
  workingDays: number;
  lines: number;
  itemLocations: number;
  replacedPlannedLines: number;
  capacity: { dailyCapacity: number | null; capacityLines: number | null; shortfallLines: number; overCapacityDays: number };
  byReason: Record<string, number>;
}

const INSERT_BATCH = 400;

async function insertLines(tx: Tx, rows: Insertable<CountLineTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) await tx.insertInto('count_line').values(rows.slice(i, i + INSERT_BATCH)).execute();
}

/**
 * Generates the schedule of a period: every active item-location at least once, A/B/C at their
 * frequencies, critical items at the critical minimum, past misses boosted; spread evenly over the
 * working days; every line says why. Planned lines of the same period not yet in a task are replaced.
 */
export async function generateCountSchedule(tx: Tx, ctx: Ctx, req: ScheduleRequest): Promise<ScheduleDto> {
  const site = await requireSite(tx, req.site);
  checkSite(ctx, 'counting.schedule', site.id, 'site', `site ${site.code}`);
  const policy = await loadPolicy(tx, site.id);
  const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));
  if (!isDay(req.periodStart)) throw countingErrors.bad_period('periodStart must be a date like 2026-01-01', { field: 'periodStart' });
  if (!isDay(req.periodEnd)) throw countingErrors.bad_period('periodEnd must be a date like 2026-12-31', { field: 'periodEnd' });
  if (req.periodEnd < req.periodStart) throw countingErrors.bad_period('periodEnd is before periodStart', { field: 'periodEnd' });
  if (Date.parse(req.periodEnd) - Date.parse(req.periodStart) > 366 * DAY) throw countingErrors.bad_period('a period is at most one year', { field: 'periodEnd' });
  const days = workingDaysBetween(req.periodStart, req.periodEnd, policy.working_days.split(','));
  if (days.length === 0) throw countingErrors.bad_period('the period has no working day', { field: 'periodEnd' });

  const manual = new Set<string>();
  for (const [i, m] of (req.manual ?? []).entries()) {
    const item = await findItemRef(tx, m.item);
    if (!item) throw countingErrors.bad_period(`manual/${i}/item: no item "${m.item}"`, { field: `manual/${i}/item` });
    const loc = await findLocationRef(tx, m.location);
    if (!loc || loc.kind !== 'bin' || loc.siteId !== site.id) throw countingErrors.bad_period(`manual/${i}/location: "${m.location}" is not a bin of ${site.code}`, { field: `manual/${i}/location` });
    manual.add(`${item.id}@${loc.id}`);
  }

  const ils = await readItemLocations(tx, site.id);
  const hist = await countHistory(tx, site.id);
  const byKey = new Map(ils.map((r) => [`${r.itemId}@${r.locationId}`, r]));
  const candidates: ScheduleCandidate[] = ils.map((r) => {
    const key = `${r.itemId}@${r.locationId}`;
    const s = summarizeCountHistory(hist.get(key) ?? [], { boostFactor: policy.boost_factor, maxMultiplier: policy.boost_max, cleanCountsToReset: policy.clean_counts_to_reset });
    return {
      key, itemId: String(r.itemId), locationId: String(r.locationId), zoneId: String(r.zoneId), walkSeq: r.walkSeq, abcClass: r.abcClass, critical: r.critical,
      recentVarianceCount: s.recentVarianceCount, cleanStreak: s.cleanStreak, negativeBalance: r.qty < 0, lastCountedAt: r.lastCountedAt, active: true, manual: manual.has(key),
    };
  });
  const result = generateSchedule({
    candidates,
    workingDays: days,
    policy: {
      countsPerYear: { A: policy.counts_a, B: policy.counts_b, C: policy.counts_c },
      criticalMinPerYear: policy.critical_min,
      varianceBoost: { kind: 'multiplier', boostFactor: policy.boost_factor, maxMultiplier: policy.boost_max, cleanCountsToReset: policy.clean_counts_to_reset },
      ...(policy.daily_capacity !== null ? { dailyCapacity: policy.daily_capacity } : {}),
      // Yearly frequencies scale by this site's own working year (a 5-day week has about 261 days).
      workingDaysPerYear: Math.round((365.25 * policy.working_days.split(',').filter(Boolean).length) / 7),
    },
  });

  const replaced = await tx.updateTable('count_line').set({ status: 'cancelled', closed_at: ctx.now().toISOString() })
    .where('site_id', '=', site.id).where('status', '=', 'planned').where('task_id', 'is', null).where('kind', '=', 'scheduled')
    .where('planned_date', '>=', req.periodStart).where('planned_date', '<=', req.periodEnd).executeTakeFirst();
  const now = ctx.now().toISOString();
  const sched = await tx.insertInto('count_schedule').values({
    site_id: site.id, period_start: req.periodStart, period_end: req.periodEnd, lines: result.lines.length,
    capacity_json: JSON.stringify({ ...result.capacity, overCapacityDays: result.capacity.overCapacityDays.length }), created_at: now, actor: ctx.actor,
  }).returning('id').executeTakeFirstOrThrow();
  const byReason: Record<string, number> = {};
  const blind = policy.blind_counts;
  const rows: Insertable<CountLineTable>[] = result.lines.map((l) => {
    const il = byKey.get(l.key);
    for (const r of l.reasons) byReason[r] = (byReason[r] ?? 0) + 1;
    return {
      site_id: site.id, schedule_id: sched.id, task_id: null, item_id: il?.itemId ?? 0, location_id: il?.locationId ?? 0, lot_id: null, kind: 'scheduled',
      reasons_json: JSON.stringify(l.reasons), planned_date: l.date, status: 'planned', blind, walk_seq: il?.walkSeq ?? null, recount_of_line_id: null, unexpected: 0, created_at: now,
    };
  });
  await insertLines(tx, rows);
  const dto: ScheduleDto = {
    scheduleId: sched.id, site: site.code, periodStart: req.periodStart, periodEnd: req.periodEnd, workingDays: days.length, lines: result.lines.length,
    itemLocations: candidates.length, replacedPlannedLines: Number(replaced.numUpdatedRows ?? 0n),
    capacity: { dailyCapacity: result.capacity.dailyCapacity, capacityLines: result.capacity.capacityLines, shortfallLines: result.capacity.shortfallLines, overCapacityDays: result.capacity.overCapacityDays.length },
    byReason,
  };
  await recordAudit(tx, ctx, { action: 'count_schedule.generate', entity: 'count_schedule', entityId: sched.id, after: dto });
  return dto;
}

export interface AssignRequest {
  site: string;
  date: string;
  /** start of the counting shift (ISO); due times count from it. Default: 07:00 UTC of the date. */
  shiftStart?: string;
  maxTaskLines?: number;
  minutesPerLine?: number;
}

export interface AssignDto {
  date: string;
  tasks: { taskId: number; zone: string; counterUserId: number | null; lines: number; estimatedMinutes: number; dueAt: string | null; critical: boolean; reasons: string[] }[];
  unassigned: { taskId: number; zone: string; lines: number; reason: string }[];
  loads: { counterUserId: number; minutes: number; lines: number; tasks: number; capacityMinutes: number }[];
}

export async function loadCounters(q: Q): Promise<CounterProfile[]> {
  const rows = await q.selectFrom('counter_profile').selectAll().where('active', '=', 1).orderBy('user_id').execute();
  return rows.map((r) => ({ counterId: String(r.user_id), skillLevel: r.skill_level, homeZoneIds: (JSON.parse(r.home_zones_json) as number[]).map(String), dailyCapacityMinutes: r.daily_capacity_minutes }));
}

/**
 * Groups the day's planned lines (and triggered lines waiting) into tasks by zone in walk order and
 * assigns them to counters by skill, home zone and balanced workload, critical items first.
 */
export async function assignCountDay(tx: Tx, ctx: Ctx, req: AssignRequest): Promise<AssignDto> {
  const site = await requireSite(tx, req.site);
  checkSite(ctx, 'counting.assign', site.id, 'site', `site ${site.code}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(req.date)) throw countingErrors.bad_period('date must be like 2026-03-02', { field: 'date' });
  const policy = await loadPolicy(tx, site.id);
  const lines = await tx
    .selectFrom('count_line as c')
    .innerJoin('item as i', 'i.id', 'c.item_id')
    .select(['c.id', 'c.item_id', 'c.location_id', 'c.walk_seq', 'c.kind', 'c.reasons_json', 'i.criticality', 'i.count_skill_level', 'i.serial_tracked'])
    .select((eb) => eb.selectFrom('location as l').select('l.parent_id').whereRef('l.id', '=', 'c.location_id').as('zone_id'))
    .where('c.site_id', '=', site.id)
    .where('c.status', '=', 'planned')
    .where('c.task_id', 'is', null)
    .where('c.planned_date', '<=', req.date)
    .orderBy('c.id')
    .execute();
  if (lines.length === 0) throw countingErrors.nothing_to_assign(`no planned lines on or before ${req.date} at ${site.code}`, { field: 'date' });
  const counters = await loadCounters(tx);
  const shiftStart = req.shiftStart ?? `${req.date}T07:00:00.000Z`;
  const aLines: AssignmentLine[] = lines.map((l) => ({
    key: String(l.id), itemId: String(l.item_id), locationId: String(l.location_id), zoneId: String(l.zone_id ?? 0), walkSeq: l.walk_seq ?? 0,
    skillLevel: l.count_skill_level, critical: l.criticality === 'critical', ...(l.serial_tracked ? { estMinutes: 5 } : {}),
  }));
  const result = assignDay(aLines, counters, { shiftStart, ...(req.maxTaskLines ? { maxTaskLines: req.maxTaskLines } : {}), ...(req.minutesPerLine ? { minutesPerLine: req.minutesPerLine } : {}) });
  const now = ctx.now().toISOString();
  const zoneCode = new Map<string, string>();
  const codeOf = async (zoneId: string) => {
    let c = zoneCode.get(zoneId);
    if (c === undefined) zoneCode.set(zoneId, (c = (await findLocationRef(tx, Number(zoneId)))?.code ?? zoneId));
    return c;
  };
  const dto: AssignDto = { date: req.date, tasks: [], unassigned: [], loads: result.loads.map((l) => ({ counterUserId: Number(l.counterId), minutes: l.minutes, lines: l.lines, tasks: l.tasks, capacityMinutes: l.capacityMinutes })) };
  const createTask = async (plan: { zoneId: string; lineKeys: readonly string[]; estMinutes: number; critical: boolean }, counter: number | null, dueAt: string | null, reasons: readonly string[]) => {
    const task = await tx.insertInto('count_task').values({
      site_id: site.id, zone_id: Number(plan.zoneId) || null, kind: 'scheduled', status: 'open', blind: policy.blind_counts, counter_user_id: counter,
      assigned_by: counter === null ? null : ctx.actor, assigned_at: counter === null ? null : now, due_at: dueAt, scheduled_date: req.date,
      estimated_minutes: plan.estMinutes, critical: plan.critical ? 1 : 0, created_at: now, started_at: null, completed_at: null,
    }).returning('id').executeTakeFirstOrThrow();
    const ids = plan.lineKeys.map(Number);
    for (let i = 0; i < ids.length; i += 500) await tx.updateTable('count_line').set({ task_id: task.id, status: 'assigned' }).where('id', 'in', ids.slice(i, i + 500)).execute();
    if (counter !== null) {
      await tx.insertInto('count_assignment').values({ task_id: task.id, counter_user_id: counter, previous_user_id: null, assigned_by: ctx.actor, assigned_at: now, due_at: dueAt, reasons_json: JSON.stringify(reasons) }).execute();
    }
    return task.id;
  };
  for (const t of result.assigned) {
    const id = await createTask(t, Number(t.counterId), t.dueAt, t.reasons);
    dto.tasks.push({ taskId: id, zone: await codeOf(t.zoneId), counterUserId: Number(t.counterId), lines: t.lineKeys.length, estimatedMinutes: t.estMinutes, dueAt: t.dueAt, critical: t.critical, reasons: [...t.reasons] });
  }
  for (const t of result.unassigned) {
    const id = await createTask(t, null, null, []);
    dto.unassigned.push({ taskId: id, zone: await codeOf(t.zoneId), lines: t.lineKeys.length, reason: t.reason });
  }
  await recordAudit(tx, ctx, { action: 'count_task.assign_day', entity: 'count_task', entityId: `${site.code}/${req.date}`, after: { tasks: dto.tasks.map((t) => [t.taskId, t.counterUserId, t.lines, t.dueAt]), unassigned: dto.unassigned.map((t) => [t.taskId, t.reason]) } });
  return dto;
}

/** Reassigns one task (or assigns an unassigned one); every assignment is recorded. */
export async function assignTask(tx: Tx, ctx: Ctx, input: { taskId: number; counterUserId: number; dueAt?: string }): Promise<{ taskId: number; counterUserId: number; dueAt: string | null }> {
  const task = await tx.selectFrom('count_task').selectAll().where('id', '=', input.taskId).executeTakeFirst();
  if (!task) throw countingErrors.task_not_found(`task ${input.taskId} does not exist`, { field: 'taskId' });
  checkSite(ctx, 'counting.assign', task.site_id, 'taskId', `task ${task.id}`);
  if (task.status === 'completed' || task.status === 'cancelled') throw countingErrors.task_closed(`task ${task.id} is ${task.status}`, { field: 'taskId' });
  const profile = await tx.selectFrom('counter_profile').select('user_id').where('user_id', '=', input.counterUserId).where('active', '=', 1).executeTakeFirst();
  if (!profile) throw countingErrors.counter_not_found(`user ${input.counterUserId} has no active counter profile`, { field: 'counterUserId' });
  if (task.kind === 'recount') {
    const firstCounters = await tx.selectFrom('count_line as r').innerJoin('count_observation as o', 'o.line_id', 'r.recount_of_line_id').select('o.counter_user_id').where('r.task_id', '=', task.id).execute();
    if (firstCounters.some((c) => c.counter_user_id === input.counterUserId)) throw countingErrors.same_counter('a recount goes to a different counter than the first count', { field: 'counterUserId' });
  }
  const now = ctx.now().toISOString();
  const dueAt = input.dueAt ?? task.due_at;
  await tx.updateTable('count_task').set({ counter_user_id: input.counterUserId, assigned_by: ctx.actor, assigned_at: now, due_at: dueAt }).where('id', '=', task.id).execute();
  await tx.insertInto('count_assignment').values({ task_id: task.id, counter_user_id: input.counterUserId, previous_user_id: task.counter_user_id, assigned_by: ctx.actor, assigned_at: now, due_at: dueAt, reasons_json: JSON.stringify(['manual']) }).execute();
  await recordAudit(tx, ctx, { action: 'count_task.assign', entity: 'count_task', entityId: task.id, before: { counterUserId: task.counter_user_id, dueAt: task.due_at }, after: { counterUserId: input.counterUserId, dueAt } });
  return { taskId: task.id, counterUserId: input.counterUserId, dueAt };
}

export interface AdhocRequest {
  site: string;
  by: 'bin' | 'item' | 'zone';
  /** bin code, SKU or zone code, by `by` */
  target: string;
  counterUserId?: number;
  blind?: boolean;
  dueAt?: string;
  reason?: string;
}

/** Creates a task now for the item-locations of a bin, an item or a zone; a bin with no stock still gets a task (the counter reports what is there). */
export async function createAdhocCount(tx: Tx, ctx: Ctx, req: AdhocRequest, kind: TaskKind = 'adhoc'): Promise<{ taskId: number; lines: number }> {
  const site = await requireSite(tx, req.site);
  checkSite(ctx, 'counting.schedule', site.id, 'site', `site ${site.code}`);
  const policy = await loadPolicy(tx, site.id);
  let filter: (r: ItemLocationRow) => boolean;
  let zoneId: number | null = null;
  if (req.by === 'bin') {
    const loc = await findLocationRef(tx, req.target);
    if (!loc || loc.kind !== 'bin' || loc.siteId !== site.id) throw countingErrors.bad_period(`target: "${req.target}" is not a bin of ${site.code}`, { field: 'target' });
    zoneId = loc.parentId;
    filter = (r) => r.locationId === loc.id;
  } else if (req.by === 'zone') {
    const loc = await findLocationRef(tx, req.target);
    if (!loc || loc.kind !== 'zone' || loc.siteId !== site.id) throw countingErrors.bad_period(`target: "${req.target}" is not a zone of ${site.code}`, { field: 'target' });
    zoneId = loc.id;
    filter = (r) => r.zoneId === loc.id;
  } else {
    const item = await findItemRef(tx, req.target);
    if (!item) throw countingErrors.bad_period(`target: no item "${req.target}"`, { field: 'target' });
    filter = (r) => r.itemId === item.id;
  }
  const ils = (await readItemLocations(tx, site.id)).filter(filter).sort((a, b) => a.zoneId - b.zoneId || a.walkSeq - b.walkSeq);
  const now = ctx.now().toISOString();
  const blind = req.blind === undefined ? policy.blind_counts : req.blind ? 1 : 0;
  const task = await tx.insertInto('count_task').values({
    site_id: site.id, zone_id: zoneId ?? ils[0]?.zoneId ?? null, kind, status: 'open', blind, counter_user_id: req.counterUserId ?? null,
    assigned_by: req.counterUserId ? ctx.actor : null, assigned_at: req.counterUserId ? now : null, due_at: req.dueAt ?? null, scheduled_date: now.slice(0, 10),
    estimated_minutes: ils.length * 3, critical: ils.some((r) => r.critical) ? 1 : 0, created_at: now, started_at: null, completed_at: null,
  }).returning('id').executeTakeFirstOrThrow();
  const reason = req.reason ?? `manual_${req.by}`;
  await insertLines(tx, ils.map((r) => ({
    site_id: site.id, schedule_id: null, task_id: task.id, item_id: r.itemId, location_id: r.locationId, lot_id: null, kind, reasons_json: JSON.stringify([reason]),
    planned_date: now.slice(0, 10), status: 'assigned', blind, walk_seq: r.walkSeq, recount_of_line_id: null, unexpected: 0, created_at: now,
  })));
  if (req.counterUserId) {
    await tx.insertInto('count_assignment').values({ task_id: task.id, counter_user_id: req.counterUserId, previous_user_id: null, assigned_by: ctx.actor, assigned_at: now, due_at: req.dueAt ?? null, reasons_json: JSON.stringify([reason]) }).execute();
  }
  await recordAudit(tx, ctx, { action: `count_task.${kind}`, entity: 'count_task', entityId: task.id, after: { by: req.by, target: req.target, lines: ils.length, counterUserId: req.counterUserId ?? null, reason } });
  return { taskId: task.id, lines: ils.length };
}

/**
 * Triggered counts: an item-location whose balance went negative, or to exactly zero since its last
 * count (count at zero), gets a line planned for today unless one is open already.
 */
export async function scanTriggers(tx: Tx, ctx: Ctx, siteCode: string): Promise<{ negative: number; atZero: number }> {
  const site = await requireSite(tx, siteCode);
  checkSite(ctx, 'counting.schedule', site.id, 'site', `site ${site.code}`);
  const policy = await loadPolicy(tx, site.id);
  const today = ctx.now().toISOString().slice(0, 10);
  const balances = await tx
    .selectFrom('stock_balance as b')
    .innerJoin('location as l', 'l.id', 'b.location_id')
    .select(['b.item_id', 'b.location_id', 'l.walk_seq', sql<number>`sum(b.qty_on_hand)`.as('qty'), sql<string>`max(b.updated_at)`.as('updated_at')])
    .where('l.site_id', '=', site.id)
    .where('l.kind', '=', 'bin')
    .groupBy(['b.item_id', 'b.location_id', 'l.walk_seq'])
    .having(sql`sum(b.qty_on_hand)`, '<=', 0)
    .execute();
  if (balances.length === 0) return { negative: 0, atZero: 0 };
  const open = await tx.selectFrom('count_line').select(['item_id', 'location_id']).where('site_id', '=', site.id).where('status', 'in', ['planned', 'assigned', 'counted', 'recount']).execute();
  const openSet = new Set(open.map((o) => `${o.item_id}@${o.location_id}`));
  const last = await tx.selectFrom('count_line').select(['item_id', 'location_id', sql<string>`max(counted_at)`.as('last')]).where('site_id', '=', site.id).where('counted_at', 'is not', null).groupBy(['item_id', 'location_id']).execute();
  const lastMap = new Map(last.map((r) => [`${r.item_id}@${r.location_id}`, r.last]));
  const now = ctx.now().toISOString();
  let negative = 0;
  let atZero = 0;
  const rows: Insertable<CountLineTable>[] = [];
  for (const b of balances) {
    const key = `${b.item_id}@${b.location_id}`;
    if (openSet.has(key)) continue;
    const qty = intFromDb(b.qty);
    let reason: string | null = null;
    if (qty < 0) reason = 'negative_balance';
    else {
      const lastCount = lastMap.get(key);
      if (!lastCount || lastCount < b.updated_at) reason = 'count_at_zero';
    }
    if (!reason) continue;
    if (reason === 'negative_balance') negative++;
    else atZero++;
    rows.push({ site_id: site.id, schedule_id: null, task_id: null, item_id: b.item_id, location_id: b.location_id, lot_id: null, kind: 'triggered', reasons_json: JSON.stringify([reason]), planned_date: today, status: 'planned', blind: policy.blind_counts, walk_seq: b.walk_seq, recount_of_line_id: null, unexpected: 0, created_at: now });
  }
  await insertLines(tx, rows);
  if (rows.length) await recordAudit(tx, ctx, { action: 'count_line.trigger', entity: 'count_line', entityId: site.code, after: { negative, atZero } });
  return { negative, atZero };
}

/** A picker found less than the system said: count that bin today. */
export async function triggerPickShortage(tx: Tx, ctx: Ctx, input: { item: string; location: string; note?: string }): Promise<{ lineId: number }> {
  const item = await findItemRef(tx, input.item);
  if (!item) throw countingErrors.bad_period(`item: no item "${input.item}"`, { field: 'item' });
  const loc = await findLocationRef(tx, input.location);
  if (!loc || loc.kind !== 'bin' || loc.siteId === null) throw countingErrors.bad_period(`location: "${input.location}" is not a bin`, { field: 'location' });
  checkSite(ctx, 'ledger.post', loc.siteId, 'location', `bin ${loc.code}`);
  const policy = await loadPolicy(tx, loc.siteId);
  const now = ctx.now().toISOString();
  const row = await tx.insertInto('count_line').values({
    site_id: loc.siteId, schedule_id: null, task_id: null, item_id: item.id, location_id: loc.id, lot_id: null, kind: 'triggered', reasons_json: JSON.stringify(['pick_shortage']),
    planned_date: now.slice(0, 10), status: 'planned', blind: policy.blind_counts, walk_seq: loc.walkSeq, recount_of_line_id: null, unexpected: 0, created_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  await recordAudit(tx, ctx, { action: 'count_line.pick_shortage', entity: 'count_line', entityId: row.id, after: { item: item.sku, location: loc.code, note: input.note ?? null } });
  return { lineId: row.id };
}
