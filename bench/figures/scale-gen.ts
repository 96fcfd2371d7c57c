// The scale dataset, generated fast with raw batched inserts that keep the ledger's invariants:
// every movement has its line and its two entries, balances equal the sums of their entries (virtual
// locations included, so each item sums to zero), item valuations equal the physical entries, cost
// layers are consumed oldest first, the sequence counter is the last seq. The quick size is checked
// with checkLedger. Site and warehouse go through the catalog commands; the rest is raw.
//
// Shape: items = item-locations / 10, each item in 10 bins; bins = item-locations / 100 in zones of
// 50 bins; the first movements receive every item-location, the rest are a seeded mix of shipments,
// issues to production, receipts and transfers over the last 360 days; count lines are the "last
// counts" (one observation each), the newest `reportLines` of them in the last 7 days.

import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { openSqlite, inTx, type Db } from '../../src/db/db.js';
import { systemCtx } from '../../src/kernel/context.js';
import { checkLedger } from '../../src/modules/ledger/index.js';
import { classifyItems } from '../../src/modules/counting/index.js';
import { makeSite, makeWarehouse } from '../../test/support/catalog-builders.js';
import type { DbSpec } from '../lib/engines.js';
import { pgClient } from '../lib/engines.js';
import type { ScaleSize } from '../lib/common.js';

export interface ScaleManifest {
  readonly site: string;
  readonly siteId: number;
  readonly zones: readonly string[];
  readonly items: number;
  readonly bins: number;
  readonly movements: number;
  readonly reportFrom: string;
  readonly reportTo: string;
  readonly position: number;
  /** sku and bin code of item-locations for point queries */
  readonly samples: readonly { readonly sku: string; readonly bin: string }[];
  readonly generateSeconds: number;
  readonly checked: string;
}

/** Multi-row inserts of `chunk` rows, buffered. */
interface Sink {
  add(table: string, cols: readonly string[], row: readonly unknown[]): Promise<void>;
  flush(): Promise<void>;
  exec(text: string): Promise<void>;
  commit(): Promise<void>;
  close(): Promise<void>;
}

function sqliteSink(file: string): Sink {
  const raw: BetterSqlite3.Database = openSqlite(file);
  raw.pragma('synchronous = OFF');
  const stmts = new Map<string, BetterSqlite3.Statement>();
  const bufs = new Map<string, { cols: readonly string[]; rows: unknown[]; n: number }>();
  const CHUNK = 500;
  const writeN = (table: string, cols: readonly string[], rows: unknown[], n: number) => {
    const key = `${table}:${n}`;
    let s = stmts.get(key);
    if (!s) {
      const one = `(${cols.map(() => '?').join(',')})`;
      s = raw.prepare(`insert into ${table} (${cols.join(',')}) values ${Array.from({ length: n }, () => one).join(',')}`);
      stmts.set(key, s);
    }
    s.run(rows);
  };
  // a partial buffer goes in pieces of 100, 10 and 1 rows: a handful of prepared statements per table
  const write = (table: string, cols: readonly string[], rows: unknown[], n: number) => {
    let at = 0;
    for (const size of [CHUNK, 100, 10, 1]) {
      while (n - at >= size) {
        writeN(table, cols, rows.slice(at * cols.length, (at + size) * cols.length), size);
        at += size;
      }
    }
  };
  raw.exec('begin');
  return {
    async add(table, cols, row) {
      let b = bufs.get(table);
      if (!b) bufs.set(table, (b = { cols, rows: [], n: 0 }));
      b.rows.push(...row);
      // a full buffer flushes every table, parents first (tables in the order first seen): foreign keys hold
      if (++b.n === CHUNK) for (const [t, x] of bufs) if (x.n) write(t, x.cols, x.rows, x.n), (x.rows = []), (x.n = 0);
    },
    async flush() {
      for (const [table, b] of bufs) if (b.n) write(table, b.cols, b.rows, b.n), (b.rows = []), (b.n = 0);
    },
    async exec(text) {
      raw.exec(text);
    },
    async commit() {
      raw.exec('commit');
      raw.exec('begin');
    },
    async close() {
      raw.exec('commit');
      raw.close();
    },
  };
}

async function pgSink(schema: string): Promise<Sink> {
  const c: pg.Client = await pgClient(schema);
  const bufs = new Map<string, { cols: readonly string[]; rows: unknown[]; n: number }>();
  const CHUNK = 1000;
  const write = async (table: string, cols: readonly string[], rows: unknown[], n: number) => {
    let i = 0;
    const one = () => `(${cols.map(() => `$${++i}`).join(',')})`;
    await c.query(`insert into ${table} (${cols.join(',')}) values ${Array.from({ length: n }, one).join(',')}`, rows);
  };
  await c.query('begin');
  return {
    async add(table, cols, row) {
      let b = bufs.get(table);
      if (!b) bufs.set(table, (b = { cols, rows: [], n: 0 }));
      b.rows.push(...row);
      if (++b.n === CHUNK) for (const [t, x] of bufs) if (x.n) await write(t, x.cols, x.rows, x.n), (x.rows = []), (x.n = 0);
    },
    async flush() {
      for (const [table, b] of bufs) if (b.n) await write(table, b.cols, b.rows, b.n), (b.rows = []), (b.n = 0);
    },
    async exec(text) {
      await c.query(text);
    },
    async commit() {
      await c.query('commit');
      await c.query('begin');
    },
    async close() {
      await c.query('commit');
      await c.end();
    },
  };
}

/** A small seeded PRNG (mulberry32): the same dataset every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;

export async function generateScale(db: Db, spec: DbSpec, size: ScaleSize, opts: { check: boolean }): Promise<ScaleManifest> {
  const t0 = Date.now();
  const ctx = systemCtx('bench:gen');
  const site = await makeSite(db, { code: 'SC-SITE', allowNegativeStock: false });
  const wh = await makeWarehouse(db, site, { code: 'SC-WH' });
  const virt = new Map((await db.k.selectFrom('location').select(['id', 'virtual_role']).where('kind', '=', 'virtual').execute()).map((r) => [r.virtual_role as string, r.id]));
  const SUP = virt.get('supplier') as number;
  const CUS = virt.get('customer') as number;
  const PRO = virt.get('production') as number;
  const maxLoc = Number((await db.k.selectFrom('location').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
  const maxItem = Number((await db.k.selectFrom('item').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m ?? 0);

  const nIL = size.itemLocations;
  const nItems = Math.max(10, Math.floor(nIL / 10));
  const perItem = Math.floor(nIL / nItems);
  const nBins = Math.max(perItem, Math.floor(nIL / 100));
  const zoneSize = 50;
  const nZones = Math.ceil(nBins / zoneSize);
  const sink = spec.kind === 'sqlite' ? sqliteSink(spec.file) : await pgSink(spec.schema);
  const now = Date.now();
  const iso = (t: number) => new Date(t).toISOString();
  const created = iso(now - 400 * DAY);

  // locations: zones, then bins
  const LOC = ['id', 'code', 'name', 'kind', 'parent_id', 'site_id', 'walk_seq', 'blocked', 'allow_negative_stock', 'active', 'created_at', 'updated_at'];
  const zoneIds: number[] = [];
  const zoneCodes: string[] = [];
  let locId = maxLoc;
  for (let z = 0; z < nZones; z++) {
    const id = ++locId;
    zoneIds.push(id);
    zoneCodes.push(`SC-Z${String(z + 1).padStart(3, '0')}`);
    await sink.add('location', LOC, [id, zoneCodes[z], `Zone ${z + 1}`, 'zone', wh.id, site.id, null, 0, 0, 1, created, created]);
  }
  const binIds: number[] = [];
  const binCodes: string[] = [];
  for (let b = 0; b < nBins; b++) {
    const id = ++locId;
    binIds.push(id);
    binCodes.push(`SC-B${String(b + 1).padStart(5, '0')}`);
    await sink.add('location', LOC, [id, binCodes[b], `Bin ${b + 1}`, 'bin', zoneIds[Math.floor(b / zoneSize)], site.id, (b % zoneSize) * 10 + 10, 0, 0, 1, created, created]);
  }
  // items: a few critical, costs 0.50 … 50.00
  const ITEM = ['id', 'sku', 'description', 'inventory_type', 'category', 'base_uom', 'qty_scale', 'cost_method', 'criticality', 'lot_tracked', 'serial_tracked', 'count_skill_level', 'status', 'created_at', 'updated_at'];
  const rnd = prng(42);
  const cost: number[] = [];
  const itemIds: number[] = [];
  const skus: string[] = [];
  for (let i = 0; i < nItems; i++) {
    const id = maxItem + i + 1;
    itemIds.push(id);
    skus.push(`SC-I${String(i + 1).padStart(6, '0')}`);
    cost.push((1 + Math.floor(rnd() * 100)) * 5_000); // minor units of 4 decimals
    await sink.add('item', ITEM, [id, skus[i], `Scale item ${i + 1}`, 'raw', `cat-${i % 20}`, 'each', 0, 'average', i % 50 === 0 ? 'critical' : 'normal', 0, 0, 1 + (i % 3), 'active', created, created]);
  }
  await sink.flush();

  // item-locations: item i in bins (i + k·step) mod nBins
  const step = Math.max(1, Math.floor(nBins / perItem));
  const ilItem = new Int32Array(nItems * perItem);
  const ilBin = new Int32Array(nItems * perItem);
  for (let i = 0, n = 0; i < nItems; i++) for (let k = 0; k < perItem; k++, n++) {
    ilItem[n] = i;
    ilBin[n] = (i + k * step) % nBins;
  }
  const nPairs = ilItem.length;
  const bal = new Float64Array(nPairs);
  const firstSeq = new Float64Array(nPairs);
  const lastRecAt = new Float64Array(nPairs);
  const lastRecQty = new Float64Array(nPairs);
  const lastShipAt = new Float64Array(nPairs);
  const lastShipQty = new Float64Array(nPairs);
  const virtBal = new Map<string, number>(); // `${item}:${loc}` for virtual locations
  const received: { movementId: number; seq: number; at: number; qty: number }[][] = Array.from({ length: nItems }, () => []);
  const consumed = new Float64Array(nItems);

  const MOV = ['id', 'seq', 'movement_type', 'posted_at', 'actor', 'source_doc', 'site_id'];
  const LINE = ['id', 'movement_id', 'line_no', 'item_id', 'lot_id', 'from_location_id', 'to_location_id', 'qty', 'uom_entered', 'qty_entered', 'unit_cost_minor', 'value_minor'];
  const ENT = ['movement_id', 'line_id', 'seq', 'item_id', 'location_id', 'lot_id', 'qty', 'value_minor', 'posted_at'];
  const M = Math.max(size.movements, nPairs);
  const span = 360 * DAY;
  const start = now - span - DAY;
  const addVirt = (item: number, loc: number, q: number) => {
    const k = `${item}:${loc}`;
    virtBal.set(k, (virtBal.get(k) ?? 0) + q);
  };
  for (let s = 1; s <= M; s++) {
    const at = start + Math.floor(((s - 1) / M) * span);
    const postedAt = iso(at);
    let type: string;
    let p: number;
    let from: number;
    let to: number;
    let qty: number;
    let p2 = -1;
    if (s <= nPairs) {
      p = s - 1;
      type = 'receipt';
      qty = 100 + Math.floor(rnd() * 100);
    } else {
      p = Math.floor(rnd() * nPairs);
      const r = rnd();
      type = r < 0.45 ? 'shipment' : r < 0.7 ? 'issue_to_production' : r < 0.9 ? 'receipt' : 'transfer';
      qty = 1 + Math.floor(rnd() * 10);
      if (type !== 'receipt' && (bal[p] as number) < qty) type = 'receipt';
      if (type === 'transfer') p2 = p - (p % perItem) + ((p % perItem) + 1) % perItem;
    }
    const item = ilItem[p] as number;
    const itemId = itemIds[item] as number;
    const bin = binIds[ilBin[p] as number] as number;
    const value = qty * (cost[item] as number);
    if (type === 'receipt') {
      from = SUP;
      to = bin;
      bal[p] = (bal[p] as number) + qty;
      addVirt(itemId, SUP, -qty);
      lastRecAt[p] = at;
      lastRecQty[p] = qty;
      (received[item] as { movementId: number; seq: number; at: number; qty: number }[]).push({ movementId: s, seq: s, at, qty });
    } else if (type === 'transfer') {
      from = bin;
      to = binIds[ilBin[p2] as number] as number;
      bal[p] = (bal[p] as number) - qty;
      bal[p2] = (bal[p2] as number) + qty;
      if (!firstSeq[p2]) firstSeq[p2] = s;
    } else {
      from = bin;
      to = type === 'shipment' ? CUS : PRO;
      bal[p] = (bal[p] as number) - qty;
      addVirt(itemId, to, qty);
      consumed[item] = (consumed[item] as number) + qty;
      if (type === 'shipment') {
        lastShipAt[p] = at;
        lastShipQty[p] = qty;
      }
    }
    if (!firstSeq[p]) firstSeq[p] = s;
    await sink.add('movement', MOV, [s, s, type, postedAt, 'bench:gen', null, site.id]);
    await sink.add('movement_line', LINE, [s, s, 1, itemId, 0, from, to, qty, 'each', String(qty), cost[item], value]);
    await sink.add('stock_entry', ENT, [s, s, s, itemId, from, 0, -qty, -value, postedAt]);
    await sink.add('stock_entry', ENT, [s, s, s, itemId, to, 0, qty, value, postedAt]);
    if (s % 100_000 === 0) {
      await sink.flush();
      await sink.commit();
    }
  }
  await sink.flush();
  // balances (physical and virtual), item-locations, valuations, cost layers
  const nowIso = iso(now);
  const BAL = ['item_id', 'location_id', 'lot_id', 'qty_on_hand', 'updated_at'];
  const IL = ['item_id', 'location_id', 'first_seq', 'last_receipt_at', 'last_receipt_qty', 'last_shipment_at', 'last_shipment_qty'];
  const onHand = new Float64Array(nItems);
  for (let p = 0; p < nPairs; p++) {
    const item = ilItem[p] as number;
    await sink.add('stock_balance', BAL, [itemIds[item], binIds[ilBin[p] as number], 0, bal[p], nowIso]);
    onHand[item] = (onHand[item] as number) + (bal[p] as number);
    await sink.add('item_location', IL, [itemIds[item], binIds[ilBin[p] as number], firstSeq[p],
      lastRecAt[p] ? iso(lastRecAt[p] as number) : null, lastRecAt[p] ? lastRecQty[p] : null, lastShipAt[p] ? iso(lastShipAt[p] as number) : null, lastShipAt[p] ? lastShipQty[p] : null]);
  }
  for (const [k, q] of virtBal) {
    const [item, loc] = k.split(':').map(Number);
    await sink.add('stock_balance', BAL, [item, loc, 0, q, nowIso]);
  }
  const LAYER = ['item_id', 'movement_id', 'seq', 'received_at', 'qty_in', 'qty_remaining', 'unit_cost_minor'];
  for (let i = 0; i < nItems; i++) {
    await sink.add('item_valuation', ['item_id', 'qty_valued', 'value_minor', 'updated_seq'], [itemIds[i], onHand[i], (onHand[i] as number) * (cost[i] as number), M]);
    let use = consumed[i] as number;
    for (const r of received[i] as { movementId: number; seq: number; at: number; qty: number }[]) {
      const take = Math.min(use, r.qty);
      use -= take;
      await sink.add('cost_layer', LAYER, [itemIds[i], r.movementId, r.seq, iso(r.at), r.qty, r.qty - take, cost[i]]);
    }
  }
  await sink.flush();
  await sink.exec(`update ledger_counter set value = ${M} where name = 'movement_seq'`);

  // counters, tasks, last counts (the newest reportLines of them in the last 7 days)
  for (let c = 1; c <= size.counters; c++) {
    await sink.add('counter_profile', ['user_id', 'display_name', 'skill_level', 'home_zones_json', 'daily_capacity_minutes', 'active', 'updated_at'],
      [100_000 + c, `Counter ${c}`, 1 + (c % 3), JSON.stringify([zoneIds[c % nZones]]), 420, 1, nowIso]);
  }
  const TASK = ['id', 'site_id', 'zone_id', 'kind', 'status', 'blind', 'counter_user_id', 'scheduled_date', 'estimated_minutes', 'critical', 'created_at', 'completed_at'];
  const CL = ['id', 'site_id', 'task_id', 'item_id', 'location_id', 'kind', 'reasons_json', 'planned_date', 'status', 'blind', 'walk_seq', 'unexpected', 'counted_position', 'counted_at',
    'qty_system', 'qty_counted', 'qty_shortage', 'value_shortage_minor', 'pct_shortage', 'unit_cost_minor', 'outcome', 'closed_at', 'created_at'];
  const OBS = ['line_id', 'task_id', 'qty', 'qty_entered', 'uom_entered', 'bin_empty', 'counter_user_id', 'ledger_position', 'observed_at', 'received_at'];
  const nLines = Math.min(size.countLines, nPairs);
  const perTask = 100;
  const reportStart = now - 7 * DAY;
  const olderSpan = 300 * DAY;
  for (let l = 0; l < nLines; l++) {
    const taskId = Math.floor(l / perTask) + 1;
    const inReport = l >= nLines - size.reportLines;
    const at = inReport ? reportStart + Math.floor(((l - (nLines - size.reportLines)) / size.reportLines) * 6 * DAY) : now - 8 * DAY - olderSpan + Math.floor((l / nLines) * olderSpan);
    const countedAt = iso(at);
    const p = (l * 7919) % nPairs;
    const item = ilItem[p] as number;
    const counter = 100_000 + 1 + (taskId % size.counters);
    if (l % perTask === 0) {
      await sink.add('count_task', TASK, [taskId, site.id, zoneIds[Math.floor((ilBin[p] as number) / zoneSize)], 'scheduled', 'completed', 1, counter, countedAt.slice(0, 10), perTask * 3, 0, countedAt, countedAt]);
    }
    const sys = 50 + (l % 50);
    const counted = l % 10 === 0 ? sys - 1 : sys;
    const short = sys - counted;
    await sink.add('count_line', CL, [l + 1, site.id, taskId, itemIds[item], binIds[ilBin[p] as number], 'scheduled', '["due"]', countedAt.slice(0, 10), 'accepted', 1, 10, 0, Math.floor(M / 2), countedAt,
      sys, counted, short, short * (cost[item] as number), short ? ((short * 100) / sys).toFixed(2) : '0.00', cost[item], 'within', countedAt, countedAt]);
    await sink.add('count_observation', OBS, [l + 1, taskId, counted, String(counted), 'each', 0, counter, Math.floor(M / 2), countedAt, countedAt]);
  }
  await sink.flush();
  if (spec.kind === 'postgres') {
    // explicit ids were written: move the identity sequences past them
    for (const t of ['location', 'item', 'movement', 'movement_line', 'count_task', 'count_line']) {
      await sink.exec(`select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`);
    }
  }
  await sink.close();
  await sql`analyze`.execute(db.k);
  // classes for the schedule: one committed ABC run
  await inTx(db, (tx) => classifyItems(tx, ctx, { site: site.code }));
  let checked = 'not checked (full size)';
  if (opts.check) {
    const r = await checkLedger(db.k);
    if (!r.ok) throw new Error(`generated ledger fails checkLedger: ${JSON.stringify(r.differences.slice(0, 3))}`);
    checked = `checkLedger ok (${r.movements} movements, ${r.balancesChecked} balances)`;
  }
  const samples: { sku: string; bin: string }[] = [];
  for (let i = 0; i < 200; i++) {
    const p = Math.floor((i * nPairs) / 200);
    samples.push({ sku: skus[ilItem[p] as number] as string, bin: binCodes[ilBin[p] as number] as string });
  }
  return {
    site: site.code, siteId: site.id, zones: zoneCodes, items: nItems, bins: nBins, movements: M, reportFrom: iso(reportStart).slice(0, 10), reportTo: iso(now).slice(0, 10),
    position: M, samples, generateSeconds: (Date.now() - t0) / 1000, checked,
  };
}
