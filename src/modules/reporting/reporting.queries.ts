// Read-only queries of the count reports (seed 000 step 11) and the count history (step 13).
// One source of rows for JSON, CSV, PDF and history: reportLines walks the first counts of the
// filter in keyset pages (by line id) and gathers, per page, their recounts, counters,
// investigations and corrections in a handful of batched queries, so a period of any size streams.

import type { Q } from '../../db/db.js';
import type { Ctx } from '../../kernel/context.js';
import { extendValue, formatMoney, formatUnits, intFromDb } from '../../kernel/decimal.js';
import { clampLimit, decodeCursor, encodeCursor } from '../../kernel/paging.js';
import { assertSiteAllowed, type Permission } from '../access/index.js';
import { findLocationRef } from '../catalog/index.js';
import { requireSite } from '../counting/index.js';
import { reportingErrors } from './reporting.errors.js';
import { AccuracyAccumulator, dayAfter, isFlagged, paretoOf, parseDay, pctOf, periodOf, varianceStatusText } from './reporting.rules.js';
import type {
  CounterPerformance, CountFigures, CountHistory, CountReport, CountReportFilter, CountReportRow, CountReportTotals, Granularity, PeriodPoint, PersonRef,
  ResolvedCountFilter, TrendDimension, TrendGroup,
} from './reporting.types.js';
import { TREND_DIMENSIONS } from './reporting.types.js';

export const REPORT_PERMISSION: Permission = 'reports.read';
const BATCH = 500;
/** recounts of recounts (a supervisor may order another recount) are followed this deep */
const MAX_CHAIN_DEPTH = 8;

export const REPORT_NOTES: readonly string[] = [
  'shortage = system − counted: positive is a shortage (less found than the book), negative an overage.',
  'The system quantity is the balance at the ledger position of the count, not today\'s balance.',
  'A line is reported once, by its first count; recounts appear beside it (first count and recount side by side) and are not lines of their own.',
  'Accuracy counts each line once, by its first count: recount lines are excluded. Accuracy by count = lines within tolerance (not flagged for recount or investigation) / lines evaluated; accuracy by value = 1 − Σ|shortage value| / Σ system value.',
  'Values are at the unit cost used when the line was evaluated; lines counted but not yet submitted are listed without figures and left out of the totals.',
];

// ---------------------------------------------------------------- filter

export async function resolveCountFilter(q: Q, f: CountReportFilter | ResolvedCountFilter, ctx?: Ctx): Promise<ResolvedCountFilter> {
  if ('resolved' in f) return f;
  let siteId: number | null = null;
  let site: string | null = null;
  let taskId: number | null = null;
  if (f.taskId !== undefined) {
    const task = await q.selectFrom('count_task').select(['id', 'site_id']).where('id', '=', f.taskId).executeTakeFirst();
    if (!task) throw reportingErrors.task_not_found(`taskId: count task ${f.taskId} does not exist`, { field: 'taskId' });
    taskId = task.id;
    siteId = task.site_id;
  }
  if (f.site !== undefined) {
    const s = await requireSite(q, f.site);
    if (siteId !== null && siteId !== s.id) throw reportingErrors.bad_filter(`site: task ${taskId} is not a task of ${s.code}`, { field: 'site' });
    siteId = s.id;
  }
  if (siteId === null) throw reportingErrors.bad_filter('site: name a site (with from and to), or a taskId', { field: 'site' });
  site = (await findLocationRef(q, siteId))?.code ?? String(siteId);
  if (ctx) assertSiteAllowed(ctx, REPORT_PERMISSION, siteId, 'site', `site "${site}"`);
  if (taskId === null && (f.from === undefined || f.to === undefined)) {
    throw reportingErrors.bad_filter(`${f.from === undefined ? 'from' : 'to'}: a period report needs from and to (YYYY-MM-DD)`, { field: f.from === undefined ? 'from' : 'to' });
  }
  for (const k of ['from', 'to'] as const) {
    const v = f[k];
    if (v !== undefined && parseDay(v) === undefined) throw reportingErrors.bad_filter(`${k}: "${v}" is not a date like 2026-03-01`, { field: k });
  }
  if (f.from !== undefined && f.to !== undefined && f.from > f.to) throw reportingErrors.bad_filter('to: the period ends before it starts', { field: 'to' });
  let zoneId: number | null = null;
  let zone: string | null = null;
  if (f.zone !== undefined) {
    const z = await findLocationRef(q, f.zone);
    if (!z || z.kind !== 'zone' || z.siteId !== siteId) throw reportingErrors.bad_filter(`zone: "${f.zone}" is not a zone of ${site}`, { field: 'zone' });
    zoneId = z.id;
    zone = z.code;
  }
  return {
    resolved: true, siteId, site, zoneId, zone, taskId, from: f.from ?? null, to: f.to ?? null,
    fromTs: f.from !== undefined ? `${f.from}T00:00:00.000Z` : null, toTs: f.to !== undefined ? dayAfter(f.to) : null,
  };
}

// ---------------------------------------------------------------- the rows

const big = (v: unknown): bigint => BigInt(intFromDb(v));
const bigOrNull = (v: unknown): bigint | null => (v === null || v === undefined ? null : big(v));

interface ChainLine {
  id: number;
  taskId: number | null;
  recountOf: number | null;
  kind: string;
  status: string;
  countedAt: string | null;
  qtySystem: bigint | null;
  qtyCounted: bigint | null;
  qtyShortage: bigint | null;
  valueShortage: bigint | null;
  pctShortage: string | null;
  unitCost: bigint | null;
  outcome: string | null;
  resolution: string | null;
  resolutionNote: string | null;
  correctionMovementId: number | null;
}

/** One first count with everything the reports say about it (internal: bigint figures). */
export interface ReportLine {
  root: ChainLine;
  site: string;
  zone: string | null;
  sku: string;
  description: string;
  uom: string;
  qtyScale: number;
  location: string;
  lot: string | null;
  reasons: string[];
  /** recounts, in the order they were created */
  recounts: ChainLine[];
  /** user ids per line id (counters, second counters); filled when detail is on */
  counters: Map<number, { counters: number[]; second: number[] }>;
  investigation: { id: number; status: string; investigator: number | null; causes: string[]; conclusion: string | null; completed: boolean }[];
  correction: { id: number; status: string; qty: bigint; decidedBy: string | null; decidedAt: string | null; movementId: number | null; note: string | null } | null;
  names: ReadonlyMap<number, string>;
}

function chainLine(r: {
  id: number; task_id: number | null; recount_of_line_id: number | null; kind: string; status: string; counted_at: string | null; qty_system: unknown; qty_counted: unknown; qty_shortage: unknown;
  value_shortage_minor: unknown; pct_shortage: string | null; unit_cost_minor: unknown; outcome: string | null; resolution: string | null; resolution_note: string | null; correction_movement_id: unknown;
}): ChainLine {
  return {
    id: intFromDb(r.id), taskId: r.task_id === null ? null : intFromDb(r.task_id), recountOf: r.recount_of_line_id === null ? null : intFromDb(r.recount_of_line_id), kind: r.kind, status: r.status,
    countedAt: r.counted_at, qtySystem: bigOrNull(r.qty_system), qtyCounted: bigOrNull(r.qty_counted), qtyShortage: bigOrNull(r.qty_shortage), valueShortage: bigOrNull(r.value_shortage_minor),
    pctShortage: r.pct_shortage, unitCost: bigOrNull(r.unit_cost_minor), outcome: r.outcome, resolution: r.resolution, resolutionNote: r.resolution_note,
    correctionMovementId: r.correction_movement_id === null || r.correction_movement_id === undefined ? null : intFromDb(r.correction_movement_id),
  };
}

const CHAIN_COLUMNS = ['c.id', 'c.task_id', 'c.recount_of_line_id', 'c.kind', 'c.status', 'c.counted_at', 'c.qty_system', 'c.qty_counted', 'c.qty_shortage', 'c.value_shortage_minor',
  'c.pct_shortage', 'c.unit_cost_minor', 'c.outcome', 'c.resolution', 'c.resolution_note', 'c.correction_movement_id'] as const;

async function counterNames(q: Q): Promise<Map<number, string>> {
  const rows = await q.selectFrom('counter_profile').select(['user_id', 'display_name']).execute();
  return new Map(rows.map((r) => [intFromDb(r.user_id), r.display_name]));
}

export interface ReportLinesOptions {
  /** gather counters, investigations and corrections too (default true) */
  readonly detail?: boolean;
  /** start after this first-count line id (keyset cursor) */
  readonly afterId?: number;
  /** stop after this many rows */
  readonly limit?: number;
  readonly batchSize?: number;
}

/** The first counts of a filter in line-id order, each with its recounts, counters, investigation and correction. */
export async function* reportLines(q: Q, filter: CountReportFilter | ResolvedCountFilter, opts: ReportLinesOptions = {}): AsyncGenerator<ReportLine> {
  const f = await resolveCountFilter(q, filter);
  const detail = opts.detail ?? true;
  const batch = Math.max(1, Math.min(opts.batchSize ?? BATCH, 2000));
  const names = detail ? await counterNames(q) : new Map<number, string>();
  let after = opts.afterId ?? 0;
  let left = opts.limit ?? Number.POSITIVE_INFINITY;
  while (left > 0) {
    let query = q.selectFrom('count_line as c')
      .innerJoin('item as i', 'i.id', 'c.item_id')
      .innerJoin('location as l', 'l.id', 'c.location_id')
      .innerJoin('location as s', 's.id', 'c.site_id')
      .leftJoin('location as z', 'z.id', 'l.parent_id')
      .leftJoin('lot', 'lot.id', 'c.lot_id')
      .select([...CHAIN_COLUMNS, 'c.reasons_json', 's.code as site', 'z.code as zone', 'z.kind as zone_kind', 'i.sku', 'i.description', 'i.base_uom', 'i.qty_scale', 'l.code as location', 'lot.lot_no'])
      .where('c.recount_of_line_id', 'is', null)
      .where('c.counted_at', 'is not', null)
      .where('c.status', '<>', 'cancelled')
      .where('c.id', '>', after);
    if (f.siteId !== null) query = query.where('c.site_id', '=', f.siteId);
    if (f.fromTs !== null) query = query.where('c.counted_at', '>=', f.fromTs);
    if (f.toTs !== null) query = query.where('c.counted_at', '<', f.toTs);
    if (f.zoneId !== null) query = query.where('l.parent_id', '=', f.zoneId);
    if (f.taskId !== null) {
      const t = f.taskId;
      // a task's report: its own lines, and for a recount task the first counts it recounted
      query = query.where((eb) => eb.or([
        eb('c.task_id', '=', t),
        eb('c.id', 'in', eb.selectFrom('count_line as r').select('r.recount_of_line_id').where('r.task_id', '=', t).where('r.recount_of_line_id', 'is not', null)),
      ]));
    }
    const take = Math.min(batch, left);
    const roots = await query.orderBy('c.id').limit(take).execute();
    if (roots.length === 0) return;
    const rootIds = roots.map((r) => intFromDb(r.id));

    // recounts, level by level (a recount of a recount belongs to the same first count)
    const rootOf = new Map<number, number>(rootIds.map((id) => [id, id]));
    const recounts = new Map<number, ChainLine[]>();
    let frontier = rootIds;
    for (let depth = 0; depth < MAX_CHAIN_DEPTH && frontier.length; depth++) {
      const kids = await q.selectFrom('count_line as c').select([...CHAIN_COLUMNS]).where('c.recount_of_line_id', 'in', frontier).where('c.status', '<>', 'cancelled').orderBy('c.id').execute();
      frontier = [];
      for (const k of kids) {
        const line = chainLine(k);
        const root = rootOf.get(line.recountOf as number) as number;
        rootOf.set(line.id, root);
        let list = recounts.get(root);
        if (!list) recounts.set(root, (list = []));
        list.push(line);
        frontier.push(line.id);
      }
    }
    for (const list of recounts.values()) list.sort((a, b) => a.id - b.id);
    const allIds = [...rootOf.keys()];

    const counters = new Map<number, { counters: number[]; second: number[] }>();
    const investigations = new Map<number, ReportLine['investigation']>();
    const corrections = new Map<number, NonNullable<ReportLine['correction']>>();
    if (detail) {
      const obs = await q.selectFrom('count_observation').select(['line_id', 'counter_user_id', 'second_counter_user_id']).where('line_id', 'in', allIds).orderBy('id').execute();
      for (const o of obs) {
        const id = intFromDb(o.line_id);
        let c = counters.get(id);
        if (!c) counters.set(id, (c = { counters: [], second: [] }));
        const u = intFromDb(o.counter_user_id);
        if (!c.counters.includes(u)) c.counters.push(u);
        if (o.second_counter_user_id !== null) {
          const s = intFromDb(o.second_counter_user_id);
          if (!c.second.includes(s)) c.second.push(s);
        }
      }
      const invs = await q.selectFrom('investigation').select(['id', 'line_id', 'status', 'investigator_user_id', 'assigned_to', 'causes_json', 'conclusion']).where('line_id', 'in', allIds).orderBy('id').execute();
      for (const v of invs) {
        const root = rootOf.get(intFromDb(v.line_id)) as number;
        let list = investigations.get(root);
        if (!list) investigations.set(root, (list = []));
        const who = v.investigator_user_id ?? v.assigned_to;
        list.push({ id: intFromDb(v.id), status: v.status, investigator: who === null ? null : intFromDb(who), causes: JSON.parse(v.causes_json) as string[], conclusion: v.conclusion, completed: v.status === 'completed' });
      }
      const corrs = await q.selectFrom('count_correction').select(['id', 'line_id', 'status', 'qty_correction', 'decided_by', 'decided_at', 'movement_id', 'note']).where('line_id', 'in', allIds).orderBy('id').execute();
      for (const k of corrs) {
        // the latest correction of the chain is the one that stands
        corrections.set(rootOf.get(intFromDb(k.line_id)) as number, {
          id: intFromDb(k.id), status: k.status, qty: big(k.qty_correction), decidedBy: k.decided_by, decidedAt: k.decided_at, movementId: k.movement_id === null ? null : intFromDb(k.movement_id), note: k.note,
        });
      }
    }

    for (const r of roots) {
      const root = chainLine(r);
      yield {
        root, site: r.site, zone: r.zone_kind === 'zone' ? (r.zone ?? null) : null, sku: r.sku, description: r.description, uom: r.base_uom, qtyScale: r.qty_scale, location: r.location,
        lot: r.lot_no ?? null, reasons: JSON.parse(r.reasons_json) as string[], recounts: recounts.get(root.id) ?? [], counters, investigation: investigations.get(root.id) ?? [],
        correction: corrections.get(root.id) ?? null, names,
      };
    }
    after = rootIds[rootIds.length - 1] as number;
    left -= roots.length;
    if (roots.length < take) return;
  }
}

// ---------------------------------------------------------------- rows as the API answers them

const STATUS_WORDS: Record<string, string> = {
  planned: 'planned', assigned: 'assigned', counted: 'counted, not submitted', accepted: 'accepted', corrected: 'corrected', pending_approval: 'correction awaiting approval',
  recount: 'recount pending', recounted: 'recounted', investigating: 'under investigation', closed: 'closed', cancelled: 'cancelled',
};

const RESOLUTION_WORDS: Record<string, string> = {
  no_variance: 'no variance', adjusted: 'adjusted by a count correction', transfer: 'resolved by a transfer between bins', corrected_after_recount: 'corrected after recount',
  recount_agrees_with_system: 'recount agrees with the system: no correction', correction_rejected: 'correction rejected',
};

function person(names: ReadonlyMap<number, string>, id: number): PersonRef {
  return { userId: id, name: names.get(id) ?? `user:${id}` };
}

function actorName(names: ReadonlyMap<number, string>, actor: string | null): string | null {
  if (actor === null) return null;
  const m = /^user:(\d+)$/.exec(actor);
  return m ? (names.get(Number(m[1])) ? `${names.get(Number(m[1]))} (${actor})` : actor) : actor;
}

function figures(l: ReportLine, c: ChainLine): CountFigures {
  const fq = (v: bigint | null) => (v === null ? null : formatUnits(v, l.qtyScale));
  const team = l.counters.get(c.id) ?? { counters: [], second: [] };
  const notCounted = c.countedAt === null;
  return {
    lineId: c.id, taskId: c.taskId, countedAt: c.countedAt, systemQty: fq(c.qtySystem), countedQty: fq(c.qtyCounted), shortageQty: fq(c.qtyShortage), shortagePct: c.pctShortage,
    shortageValue: c.valueShortage === null ? null : formatMoney(c.valueShortage), unitCost: c.unitCost === null ? null : formatMoney(c.unitCost), outcome: c.outcome,
    varianceStatus: notCounted ? 'not counted yet' : varianceStatusText(c.outcome, c.qtyShortage), flagged: isFlagged(c.outcome),
    counters: team.counters.map((u) => person(l.names, u)), secondCounters: team.second.map((u) => person(l.names, u)),
  };
}

/** Shapes one report line as the API answers it (decimal strings, words for the printed report). */
export function toReportRow(l: ReportLine): CountReportRow {
  const first = figures(l, l.root);
  const last = l.recounts[l.recounts.length - 1];
  const recount = last ? figures(l, last) : null;
  const established = [...l.recounts].reverse().find((r) => r.qtyShortage !== null) ?? l.root;
  const status = last?.status ?? l.root.status;
  const chainNewestFirst = [...l.recounts].reverse().concat([l.root]);
  const resolutionCode = chainNewestFirst.find((c) => c.resolution !== null)?.resolution ?? null;
  const resolutionNote = chainNewestFirst.find((c) => c.resolutionNote !== null)?.resolutionNote ?? null;
  const movementId = l.root.correctionMovementId ?? chainNewestFirst.find((c) => c.correctionMovementId !== null)?.correctionMovementId ?? l.correction?.movementId ?? null;
  const inv = l.investigation[l.investigation.length - 1];
  const k = l.correction;
  const recountTeam = [...new Set(l.recounts.flatMap((r) => { const t = l.counters.get(r.id); return t ? [...t.counters, ...t.second] : []; }))];

  const who: string[] = [];
  if (inv) who.push(`investigated by ${inv.investigator === null ? 'nobody yet' : person(l.names, inv.investigator).name}${inv.status === 'completed' ? '' : ' (open)'}`);
  if (k && k.decidedBy !== null) who.push(k.decidedBy === 'system' ? 'auto-corrected by the system' : `${k.status === 'rejected' ? 'rejected' : 'approved'} by ${actorName(l.names, k.decidedBy)}`);
  else if (k) who.push(`correction ${k.status === 'proposed' ? 'awaiting approval' : k.status}`);

  const notes: string[] = [];
  if (resolutionCode) notes.push(RESOLUTION_WORDS[resolutionCode] ?? resolutionCode);
  if (inv && inv.causes.length) notes.push(`causes: ${inv.causes.join(', ')}`);
  if (inv?.conclusion) notes.push(`investigation: ${inv.conclusion}`);
  else if (resolutionNote) notes.push(resolutionNote);
  if (k && k.note && k.note !== inv?.conclusion && k.note !== resolutionNote) notes.push(k.note);
  if (movementId !== null) notes.push(`correction movement #${movementId}`);

  const statusText = [first.varianceStatus, ...(recount ? [`recount: ${recount.varianceStatus}`] : []), STATUS_WORDS[status] ?? status].join('; ');
  return {
    lineId: l.root.id, taskId: l.root.taskId, site: l.site, zone: l.zone, sku: l.sku, description: l.description, uom: l.uom, location: l.location, lot: l.lot, countKind: l.root.kind, reasons: l.reasons,
    first, recount, recounts: l.recounts.length,
    finalShortageQty: established.qtyShortage === null ? null : formatUnits(established.qtyShortage, l.qtyScale),
    finalShortageValue: established.valueShortage === null ? null : formatMoney(established.valueShortage),
    status, statusText,
    investigation: inv ? { id: inv.id, status: inv.status, investigator: inv.investigator === null ? null : person(l.names, inv.investigator), causes: inv.causes, conclusion: inv.conclusion } : null,
    resolution: {
      code: resolutionCode, note: resolutionNote, correctionId: k?.id ?? null, correctionStatus: k?.status ?? null, correctionQty: k ? formatUnits(k.qty, l.qtyScale) : null,
      decidedBy: k?.decidedBy ?? null, decidedAt: k?.decidedAt ?? null, correctionMovementId: movementId,
    },
    investigatorResolver: who.join('; '),
    resolutionNotes: notes.join('; '),
    team: { firstCounters: first.counters, secondCounters: first.secondCounters, recountCounters: recountTeam.map((u) => person(l.names, u)) },
  };
}

/** The rows of a count report, as an async iterator: the bench writes 10,000 of them to CSV. */
export async function* countReportRows(q: Q, filter: CountReportFilter | ResolvedCountFilter, opts: Omit<ReportLinesOptions, 'detail'> = {}): AsyncGenerator<CountReportRow> {
  for await (const l of reportLines(q, filter, { ...opts, detail: true })) yield toReportRow(l);
}

// ---------------------------------------------------------------- totals

function systemValueOf(l: ReportLine): bigint {
  const s = l.root.qtySystem ?? 0n;
  return extendValue(s < 0n ? -s : s, l.qtyScale, l.root.unitCost ?? 0n);
}

function accuracyInput(l: ReportLine) {
  return {
    withinTolerance: !isFlagged(l.root.outcome), flagged: isFlagged(l.root.outcome), qtyShortage: l.root.qtyShortage ?? 0n, valueShortageMinor: l.root.valueShortage ?? 0n,
    systemValueMinor: systemValueOf(l), pctShortage: l.root.pctShortage,
  };
}

const evaluated = (l: ReportLine) => l.root.outcome !== null;

/** Totals of a report over the whole filter: lines counted, flagged, accuracy by count and by value, shortage values. */
export async function countReportTotals(q: Q, filter: CountReportFilter | ResolvedCountFilter): Promise<CountReportTotals> {
  const acc = new AccuracyAccumulator();
  let counted = 0;
  let recounted = 0;
  let final = 0n;
  for await (const l of reportLines(q, filter, { detail: false })) {
    counted++;
    if (l.recounts.some((r) => r.countedAt !== null)) recounted++;
    if (!evaluated(l)) continue;
    acc.add(accuracyInput(l));
    const established = [...l.recounts].reverse().find((r) => r.valueShortage !== null) ?? l.root;
    final += established.valueShortage ?? 0n;
  }
  const a = acc.result();
  return {
    linesCounted: counted, linesEvaluated: a.lines, linesWithinTolerance: a.linesWithinTolerance, linesFlagged: a.linesFlagged, linesRecounted: recounted, linesWithVariance: a.linesWithVariance,
    accuracyByCountPct: a.accuracyByCountPct, accuracyByValuePct: a.accuracyByValuePct, shortageValue: a.shortageValue, absShortageValue: a.absShortageValue, systemValue: a.systemValue,
    finalShortageValue: formatMoney(final),
  };
}

/** The JSON report: one page of rows (keyset cursor) and the totals of the whole filter. */
export async function getCountReport(q: Q, filter: CountReportFilter | ResolvedCountFilter, page: { limit?: number; cursor?: string } = {}, ctx?: Ctx): Promise<CountReport> {
  const f = await resolveCountFilter(q, filter, ctx);
  const limit = clampLimit(page.limit);
  const cur = decodeCursor(page.cursor, 1);
  const afterId = cur ? Number(cur[0]) : 0;
  const items: CountReportRow[] = [];
  let lastId = 0;
  for await (const l of reportLines(q, f, { afterId, limit: limit + 1 })) {
    if (items.length === limit) {
      return { filter: filterDto(f), totals: await countReportTotals(q, f), items, nextCursor: encodeCursor([lastId]), notes: REPORT_NOTES };
    }
    items.push(toReportRow(l));
    lastId = l.root.id;
  }
  return { filter: filterDto(f), totals: await countReportTotals(q, f), items, nextCursor: null, notes: REPORT_NOTES };
}

export function filterDto(f: ResolvedCountFilter): CountReport['filter'] {
  return { site: f.site, zone: f.zone, taskId: f.taskId, from: f.from, to: f.to };
}

// ---------------------------------------------------------------- history (step 13)

export interface CountHistoryFilter {
  readonly site: string;
  readonly from: string;
  readonly to: string;
  readonly zone?: string;
  readonly granularity?: Granularity;
  /** trend dimensions to answer (default all four) */
  readonly by?: readonly TrendDimension[];
  /** groups per dimension, largest Σ|shortage value| first (default 20) */
  readonly top?: number;
}

class Series {
  readonly total = new AccuracyAccumulator();
  readonly periods = new Map<string, { p: ReturnType<typeof periodOf>; acc: AccuracyAccumulator }>();
  add(period: ReturnType<typeof periodOf>, input: ReturnType<typeof accuracyInput>): void {
    this.total.add(input);
    let e = this.periods.get(period.period);
    if (!e) this.periods.set(period.period, (e = { p: period, acc: new AccuracyAccumulator() }));
    e.acc.add(input);
  }
  points(): PeriodPoint[] {
    return [...this.periods.values()].sort((a, b) => (a.p.periodStart < b.p.periodStart ? -1 : 1)).map((e) => ({ ...e.p, ...e.acc.result() }));
  }
}

const HISTORY_NOTES: readonly string[] = [
  'Accuracy counts each line once, by its first count: recount lines are excluded from accuracy, frequency and magnitude (a recount checks the first count; it is not a line of its own).',
  'Accuracy by count = lines within tolerance (not flagged for recount or investigation) / lines evaluated. Accuracy by value = 1 − Σ|shortage value| / Σ system value, at the unit cost of each count; it is negative when the variances exceed the book value.',
  'Variance frequency = share of lines with any variance (system − counted ≠ 0); magnitude = mean |shortage %| over lines with a non-zero system quantity, and Σ|shortage value|.',
  'shortage = system − counted: positive is a shortage, negative an overage.',
  'Periods are ISO weeks (Monday first) or calendar months in UTC, by the time of the first count.',
  'Pareto: each cause named in a completed investigation counts once per investigation.',
  'Counter performance: a counter is credited with the first counts they took part in (as counter or second counter); recount disagreement rate = first counts of theirs whose recount by another counter found a different quantity / first counts of theirs that were recounted by another counter.',
];

/** Cycle count history for charts and tables: accuracy over time, trends, Pareto of causes, counter performance. */
export async function countHistory(q: Q, filter: CountHistoryFilter, ctx?: Ctx): Promise<CountHistory> {
  const f = await resolveCountFilter(q, { site: filter.site, from: filter.from, to: filter.to, ...(filter.zone !== undefined ? { zone: filter.zone } : {}) }, ctx);
  const granularity = filter.granularity ?? 'month';
  const dims = filter.by && filter.by.length ? [...new Set(filter.by)] : [...TREND_DIMENSIONS];
  const top = Math.max(1, Math.min(filter.top ?? 20, 500));
  const overall = new Series();
  const trends = new Map<TrendDimension, Map<string, { label: string; s: Series }>>(dims.map((d) => [d, new Map()]));
  const causes = new Map<string, number>();
  let investigations = 0;
  const perf = new Map<number, { lines: number; within: number; evaluated: number; recounted: number; disagreements: number; recountsDone: number }>();
  const perfOf = (u: number) => {
    let p = perf.get(u);
    if (!p) perf.set(u, (p = { lines: 0, within: 0, evaluated: 0, recounted: 0, disagreements: 0, recountsDone: 0 }));
    return p;
  };
  let names: ReadonlyMap<number, string> = new Map();

  for await (const l of reportLines(q, f, { detail: true })) {
    names = l.names;
    for (const inv of l.investigation) {
      if (!inv.completed || inv.causes.length === 0) continue;
      investigations++;
      for (const c of new Set(inv.causes)) causes.set(c, (causes.get(c) ?? 0) + 1);
    }
    const team = l.counters.get(l.root.id) ?? { counters: [], second: [] };
    const firstTeam = [...new Set([...team.counters, ...team.second])];
    // recounts by counters other than the first team, counted and evaluated, in order
    const otherRecounts = l.recounts.filter((r) => {
      const t = l.counters.get(r.id);
      const rc = t ? [...t.counters, ...t.second] : [];
      return r.qtyCounted !== null && rc.length > 0 && rc.every((u) => !firstTeam.includes(u));
    });
    for (const r of l.recounts) {
      const t = l.counters.get(r.id);
      for (const u of new Set(t ? [...t.counters, ...t.second] : [])) perfOf(u).recountsDone++;
    }
    const firstRecount = otherRecounts.find((r) => r.recountOf === l.root.id) ?? otherRecounts[0];
    for (const u of firstTeam) {
      const p = perfOf(u);
      p.lines++;
      if (evaluated(l)) {
        p.evaluated++;
        if (!isFlagged(l.root.outcome)) p.within++;
      }
      if (firstRecount && l.root.qtyCounted !== null) {
        p.recounted++;
        if (firstRecount.qtyCounted !== l.root.qtyCounted) p.disagreements++;
      }
    }
    if (!evaluated(l)) continue;
    const input = accuracyInput(l);
    const period = periodOf(l.root.countedAt as string, granularity);
    overall.add(period, input);
    const groupKeys: Record<TrendDimension, { key: string; label: string }[]> = {
      location: [{ key: l.location, label: l.location }],
      zone: [{ key: l.zone ?? '(no zone)', label: l.zone ?? '(no zone)' }],
      item: [{ key: l.sku, label: `${l.sku} ${l.description}` }],
      counter: firstTeam.map((u) => ({ key: String(u), label: person(l.names, u).name })),
    };
    for (const d of dims) {
      const groups = trends.get(d) as Map<string, { label: string; s: Series }>;
      for (const g of groupKeys[d]) {
        let e = groups.get(g.key);
        if (!e) groups.set(g.key, (e = { label: g.label, s: new Series() }));
        e.s.add(period, input);
      }
    }
  }

  const trendOut: Partial<Record<TrendDimension, TrendGroup[]>> = {};
  for (const d of dims) {
    const groups = [...(trends.get(d) as Map<string, { label: string; s: Series }>).entries()].map(([key, e]) => ({ key, e, abs: e.s.total.absShortageValue }));
    groups.sort((a, b) => (b.abs > a.abs ? 1 : b.abs < a.abs ? -1 : 0) || b.e.s.total.lines - a.e.s.total.lines || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    trendOut[d] = groups.slice(0, top).map((g) => ({ key: g.key, label: g.e.label, total: g.e.s.total.result(), series: g.e.s.points() }));
  }
  const counters: CounterPerformance[] = [...perf.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([u, p]) => ({
      counter: person(names, u), linesCounted: p.lines, accuracyByCountPct: pctOf(BigInt(p.within), BigInt(p.evaluated)), linesRecounted: p.recounted, recountDisagreements: p.disagreements,
      recountDisagreementRatePct: pctOf(BigInt(p.disagreements), BigInt(p.recounted)), disagreementsPerLinesCountedPct: pctOf(BigInt(p.disagreements), BigInt(p.lines)), recountsPerformed: p.recountsDone,
    }));
  return {
    site: f.site as string, zone: f.zone, from: f.from as string, to: f.to as string, granularity, notes: HISTORY_NOTES,
    overall: overall.total.result(), accuracy: overall.points(), trends: trendOut, pareto: { investigations, causes: paretoOf(causes) }, counters,
  };
}
