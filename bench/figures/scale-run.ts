// The scale.* figures on the generated dataset (scale-gen.ts): each query or command against the
// plainest SQL that reads the same rows, run straight on the driver (the floor). Commands that write
// (ABC, schedule + assignment) run in a transaction that is rolled back, so every repetition sees the
// same data. Runs in a child process whose peak RSS the parent samples (scale.ts).

import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { inTx, type Db } from '../../src/db/db.js';
import { systemCtx } from '../../src/kernel/context.js';
import { getOnHand, listBalances, valuationReport } from '../../src/modules/ledger/index.js';
import { assignCountDay, classifyItems, generateCountSchedule, readItemLocations } from '../../src/modules/counting/index.js';
import { countReportCsv, countReportRows } from '../../src/modules/reporting/index.js';
import { fmtMs, interleaved, log, timeMs, type FigureResult, type ScaleSize } from '../lib/common.js';
import type { DbSpec } from '../lib/engines.js';
import { pgClient } from '../lib/engines.js';
import type { ScaleManifest } from './scale-gen.js';

const ctx = systemCtx('bench:scale');

class Rollback extends Error {}

/** Runs fn in a transaction and rolls it back: a write command measured without changing the data. */
async function rolledBack(db: Db, fn: (tx: Parameters<Parameters<typeof inTx>[1]>[0]) => Promise<unknown>): Promise<void> {
  try {
    await inTx(db, async (tx) => {
      await fn(tx);
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
}

interface Floor {
  /** runs the text and reads every row (streamed on SQLite); returns the row count */
  read(text: string, params: readonly unknown[]): Promise<number>;
  close(): Promise<void>;
}

async function floorOf(db: Db, spec: DbSpec): Promise<Floor> {
  if (spec.kind === 'sqlite') {
    const raw = db.sqlite;
    if (!raw) throw new Error('no raw SQLite handle');
    const cache = new Map<string, ReturnType<typeof raw.prepare>>();
    return {
      async read(text, params) {
        let s = cache.get(text);
        if (!s) cache.set(text, (s = raw.prepare(text)));
        let n = 0;
        for (const _row of s.iterate(params as never)) n++;
        return n;
      },
      close: async () => undefined,
    };
  }
  const c: pg.Client = await pgClient(spec.schema);
  let i = 0;
  const names = new Map<string, string>();
  return {
    async read(text, params) {
      let name = names.get(text);
      if (!name) names.set(text, (name = `floor_${++i}`));
      let k = 0;
      const pgText = text.replace(/\?/g, () => `$${++k}`);
      return (await c.query({ name, text: pgText, values: params as unknown[] })).rowCount ?? 0;
    },
    close: () => c.end(),
  };
}

const ONHAND_PAGE = `select b.item_id, i.sku, i.description, i.qty_scale, i.base_uom, i.cost_method, i.standard_cost_minor, b.location_id, l.code, b.lot_id, lot.lot_no, lot.expires_on,
  b.qty_on_hand, il.last_receipt_at, il.last_receipt_qty, il.last_shipment_at, il.last_shipment_qty, v.qty_valued, v.value_minor
  from stock_balance b join item i on i.id = b.item_id join location l on l.id = b.location_id left join lot on lot.id = b.lot_id
  left join item_location il on il.item_id = b.item_id and il.location_id = b.location_id left join item_valuation v on v.item_id = b.item_id
  where l.kind <> 'virtual' and b.qty_on_hand <> 0 and l.parent_id = ?
  order by b.item_id, b.location_id, b.lot_id limit 51`;
const ONHAND_ASOF = `select coalesce(sum(e.qty), 0) as qty from stock_entry e
  where e.item_id = (select id from item where sku = ?) and e.location_id = (select id from location where code = ?) and e.seq <= ?`;
const VALUATION = `select i.id, i.sku, i.description, i.qty_scale, i.base_uom, v.qty_valued, v.value_minor, c.qty_in, c.qty_remaining, c.unit_cost_minor
  from item_valuation v join item i on i.id = v.item_id left join cost_layer c on c.item_id = v.item_id
  where v.qty_valued <> 0 order by i.sku, c.seq, c.id`;
const CONSUMPTION = `select ml.item_id, sum(ml.value_minor) as value, sum(ml.qty) as qty, count(*) as n
  from movement_line ml join movement m on m.id = ml.movement_id join location f on f.id = ml.from_location_id
  where m.movement_type in ('issue_to_production', 'shipment', 'production_scrap') and m.posted_at >= ? and m.posted_at <= ? and f.site_id = ?
  group by ml.item_id`;
const ITEMS = `select id, qty_scale from item where status <> 'inactive'`;
const REPORT_LINES = `select c.*, i.sku, i.description, i.base_uom, i.qty_scale, l.code as location, s.code as site, z.code as zone, lot.lot_no
  from count_line c join item i on i.id = c.item_id join location l on l.id = c.location_id join location s on s.id = c.site_id
  left join location z on z.id = l.parent_id left join lot on lot.id = c.lot_id
  where c.site_id = ? and c.counted_at >= ? and c.counted_at < ? and c.recount_of_line_id is null and c.status <> 'cancelled' order by c.id`;
const REPORT_OBS = `select o.line_id, o.counter_user_id, o.second_counter_user_id from count_observation o join count_line c on c.id = o.line_id
  where c.site_id = ? and c.counted_at >= ? and c.counted_at < ? order by o.id`;

function nextMonday(from: Date): string {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + 1));
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export async function runScaleFigures(db: Db, spec: DbSpec, man: ScaleManifest, size: ScaleSize, engine: 'sqlite' | 'postgres'): Promise<FigureResult[]> {
  const floor = await floorOf(db, spec);
  const out: FigureResult[] = [];
  const reps = size.reps;
  const sizeNote = `${man.movements.toLocaleString('en-US')} movements, ${(man.items * 10).toLocaleString('en-US')} item-locations`;
  // RSS while each figure runs (the parent reports the process's overall peak): says which one drives it
  let rssPeak = 0;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 10);
  const measure = async (id: string, what: string, base: () => Promise<unknown>, fig: () => Promise<unknown>, note: string) => {
    rssPeak = process.memoryUsage.rss();
    // one untimed run of each side first: caches and JIT warm for both
    await base();
    await fig();
    const r = await interleaved(reps, 1, () => timeMs(base), () => timeMs(fig), 'time');
    const mb = Math.round(rssPeak / 2 ** 20);
    log(`scale.${id} ${engine}: ${r.ratio.toFixed(2)} (${fmtMs(r.figMs)} vs ${fmtMs(r.baseMs)}); RSS up to ${mb} MB`);
    out.push({ id: `scale.${id}`, engine, value: r.ratio, target: { op: '<=', value: 3 }, rate: `${fmtMs(r.figMs)} ${what}`, baseline: `${fmtMs(r.baseMs)} (plain SQL)`, reps, samples: r.samples, note: `${note}; ${sizeNote}; RSS up to ${mb} MB while it ran` });
  };
  try {
    const zone = man.zones[1] ?? (man.zones[0] as string);
    const zoneId = (await db.k.selectFrom('location').select('id').where('code', '=', zone).executeTakeFirstOrThrow()).id;
    const PAGE_CALLS = 20;
    await measure('onhand_page', `per ${PAGE_CALLS} pages`,
      async () => { for (let i = 0; i < PAGE_CALLS; i++) await floor.read(ONHAND_PAGE, [zoneId]); },
      async () => { for (let i = 0; i < PAGE_CALLS; i++) await listBalances(db.k, { zone, limit: 50 }); },
      `listBalances first page (50 rows) of zone ${zone}`);

    const position = Math.floor(man.position / 2);
    await measure('onhand_asof', `per ${man.samples.length} look-ups`,
      async () => { for (const s of man.samples) await floor.read(ONHAND_ASOF, [s.sku, s.bin, position]); },
      async () => { for (const s of man.samples) await getOnHand(db.k, { item: s.sku, location: s.bin, position }); },
      `getOnHand of ${man.samples.length} item-locations as of position ${position}; floor: one sum over the entries by SKU and bin code`);

    await measure('valuation', 'per report',
      () => floor.read(VALUATION, []),
      () => valuationReport(db.k),
      `valuationReport over ${man.items.toLocaleString('en-US')} items (average, FIFO, LIFO); floor: valuations joined with their cost layers in one query`);

    const end = new Date();
    const start = new Date(end.getTime() - 365 * 86_400_000);
    await measure('abc', 'per run',
      async () => { await floor.read(CONSUMPTION, [start.toISOString(), end.toISOString(), man.siteId]); await floor.read(ITEMS, []); },
      () => rolledBack(db, (tx) => classifyItems(tx, ctx, { site: man.site })),
      'classifyItems (12-month consumption, writes the run and each class; rolled back); floor: the consumption aggregate and the item list');

    const periodStart = nextMonday(end);
    const periodEnd = new Date(Date.parse(periodStart) + 27 * 86_400_000).toISOString().slice(0, 10);
    let lines = 0;
    let tasks = 0;
    await measure('schedule_assign', 'per schedule + day',
      () => readItemLocations(db.k, man.siteId),
      () => rolledBack(db, async (tx) => {
        const s = await generateCountSchedule(tx, ctx, { site: man.site, periodStart, periodEnd });
        const a = await assignCountDay(tx, ctx, { site: man.site, date: periodStart });
        lines = s.lines;
        tasks = a.tasks.length + a.unassigned.length;
      }),
      `generateCountSchedule ${periodStart}…${periodEnd} then assignCountDay of its first day to ${size.counters} counters (rolled back); floor: readItemLocations`);
    const last = out[out.length - 1];
    if (last) out[out.length - 1] = { ...last, note: `${last.note}; ${lines.toLocaleString('en-US')} lines planned, ${tasks} tasks on day one` };

    const filter = { site: man.site, from: man.reportFrom, to: man.reportTo };
    const fromTs = `${man.reportFrom}T00:00:00.000Z`;
    const toTs = new Date(Date.parse(`${man.reportTo}T00:00:00.000Z`) + 86_400_000).toISOString();
    let bytes = 0;
    let rows = 0;
    await measure('count_report_csv', `per ${size.reportLines.toLocaleString('en-US')}-line CSV`,
      async () => { rows = await floor.read(REPORT_LINES, [man.siteId, fromTs, toTs]); await floor.read(REPORT_OBS, [man.siteId, fromTs, toTs]); },
      async () => {
        bytes = 0;
        await pipeline(countReportCsv(countReportRows(db.k, filter)), new Writable({ write(chunk: Buffer, _enc, cb) { bytes += chunk.length; cb(); } }));
      },
      'countReportRows → countReportCsv streamed to a sink; floor: the lines with their names and their observations, two queries');
    const rep = out[out.length - 1];
    if (rep) out[out.length - 1] = { ...rep, note: `${rep.note}; ${rows.toLocaleString('en-US')} lines, ${(bytes / 1e6).toFixed(1)} MB of CSV` };
  } finally {
    clearInterval(sampler);
    await floor.close();
  }
  return out;
}
