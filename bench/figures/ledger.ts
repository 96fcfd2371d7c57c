// ledger.post_single and ledger.post_bulk: postMovement against the same work done straight on the driver.
//
// post_single: one receipt per transaction through inTx + postMovement, against a replay of the very
// statements postMovement issued for one receipt (logged once through a traced Db), each prepared
// once, one transaction per movement. The replay feeds each statement the values the command would
// (new seq, movement id, line id, time, previous audit hash), so it writes the same rows.
//
// post_bulk: one receipt of 1,000 lines (distinct item × bin) per transaction, against raw batched
// multi-row inserts of the same rows: movement, lines, entries, balance upserts, valuation upserts,
// cost layers and item-locations.

import { inTx } from '../../src/db/db.js';
import { systemCtx } from '../../src/kernel/context.js';
import { formatMoney, intFromDb } from '../../src/kernel/decimal.js';
import { postMovement, type MovementInput } from '../../src/modules/ledger/index.js';
import { MAX_STORED, SQL } from '../../src/modules/ledger/ledger.repo.js';
import { benchDb, pgClient, type BenchDb } from '../lib/engines.js';
import { buildBenchPlant, type BenchPlant } from '../lib/plant.js';
import { normalize, pgRunner, sqliteRunner, tracedDb, type RawRunner, type TracedStatement } from '../lib/trace.js';
import { fmtRate, interleaved, log, timeMs, type FigureResult, type Sizes } from '../lib/common.js';

const ctx = systemCtx('bench');

/** Which parameter of which posting statement takes which fresh value (ledger.repo.ts SQL). */
const FRESH: ReadonlyMap<string, Readonly<Record<number, 'seq' | 'movementId' | 'lineId' | 'postedAt'>>> = new Map<string, Readonly<Record<number, 'seq' | 'movementId' | 'lineId' | 'postedAt'>>>([
  [SQL.insertMovement, { 0: 'seq', 2: 'postedAt' }],
  [SQL.insertLine, { 0: 'movementId' }],
  [SQL.insertEntryPair, { 0: 'movementId', 1: 'lineId', 2: 'seq', 8: 'postedAt', 9: 'movementId', 10: 'lineId', 11: 'seq', 17: 'postedAt' }],
  [SQL.insertEntry, { 0: 'movementId', 1: 'lineId', 2: 'seq', 8: 'postedAt' }],
  [SQL.insertLayer, { 1: 'movementId', 2: 'seq', 3: 'postedAt' }],
  [SQL.touchItemLocation, { 2: 'seq' }],
  [SQL.lastReceipt, { 0: 'postedAt' }],
  [SQL.lastShipment, { 0: 'postedAt' }],
  [SQL.upsertDelta, { 4: 'postedAt' }],
  [SQL.takeGuarded, { 1: 'postedAt' }],
]);

interface Fresh {
  seq: number;
  movementId: number;
  lineId: number;
  postedAt: string;
  prevHash: string | null;
}

/** Replays one traced movement with fresh values; returns nothing, like a posting that succeeded. */
async function replayMovement(run: RawRunner, statements: readonly TracedStatement[], traced: { postedAt: string; movementId: number; prevHash: string | null }): Promise<void> {
  const f: Fresh = { seq: 0, movementId: 0, lineId: 0, postedAt: new Date().toISOString(), prevHash: null };
  await run.tx(async () => {
    for (const s of statements) {
      const key = normalize(s.sql);
      const map = FRESH.get(key);
      let params: unknown[];
      if (map) {
        params = s.params.map((p, i) => {
          const which = map[i];
          return which === undefined ? p : f[which];
        });
      } else if (/insert into "audit_event"/.test(s.sql)) {
        // the audit row: its time, the movement it names and the chain link are this movement's
        params = s.params.map((p) => (p === traced.postedAt ? f.postedAt : p === String(traced.movementId) ? String(f.movementId) : p === traced.prevHash ? f.prevHash : p));
      } else {
        params = [...s.params];
      }
      const rows = await run.rows(s.sql, params);
      if (key === SQL.nextSeq) f.seq = intFromDb(rows[0]?.value);
      else if (key === SQL.insertMovement) f.movementId = intFromDb(rows[0]?.id);
      else if (key === SQL.insertLine) f.lineId = intFromDb(rows[0]?.id);
      else if (/select "hash" from "audit_event"/.test(s.sql)) f.prevHash = (rows[0]?.hash as string | undefined) ?? null;
    }
  });
}

function receipt(plant: BenchPlant): MovementInput {
  const item = plant.items[0];
  const bin = plant.bins[0];
  if (!item || !bin) throw new Error('bench plant is empty');
  return { type: 'receipt', sourceDoc: 'PO-BENCH', lines: [{ item: item.sku, qty: '7', to: bin.code, unitCost: '2.50' }] };
}

async function rawRunner(db: BenchDb): Promise<RawRunner> {
  if (db.spec.kind === 'sqlite') {
    if (!db.sqlite) throw new Error('no raw SQLite handle');
    return sqliteRunner(db.sqlite);
  }
  return pgRunner(await pgClient(db.spec.schema));
}

export async function postSingle(engine: 'sqlite' | 'postgres', sz: Sizes): Promise<{ result: FigureResult; statements: string[] }> {
  const db = await benchDb(engine, 'single');
  const run = await rawRunner(db);
  try {
    const plant = await buildBenchPlant(db, { prefix: 'PS', bins: 2, items: 2 });
    const input = receipt(plant);
    // warm up both paths, then log what one receipt runs
    for (let i = 0; i < 20; i++) await inTx(db, (tx) => postMovement(db, tx, ctx, input));
    const traced = tracedDb(db.spec);
    let statements: TracedStatement[];
    let tracedMove: { postedAt: string; movementId: number; prevHash: string | null };
    try {
      const prev = await db.k.selectFrom('audit_event').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
      traced.take();
      const m = await inTx(traced.db, (tx) => postMovement(traced.db, tx, ctx, input));
      statements = traced.take();
      tracedMove = { postedAt: m.postedAt, movementId: m.id, prevHash: prev?.hash ?? null };
    } finally {
      await traced.close();
    }
    for (let i = 0; i < 20; i++) await replayMovement(run, statements, tracedMove);

    const chunks = 10;
    const n = Math.max(1, Math.round(sz.postSingle / chunks));
    const figure = () => timeMs(async () => {
      for (let i = 0; i < n; i++) await inTx(db, (tx) => postMovement(db, tx, ctx, input));
    });
    const baseline = () => timeMs(async () => {
      for (let i = 0; i < n; i++) await replayMovement(run, statements, tracedMove);
    });
    const r = await interleaved(sz.reps, chunks, baseline, figure, 'rate');
    const fig = (n * 1000) / r.figMs;
    const base = (n * 1000) / r.baseMs;
    log(`ledger.post_single ${engine}: ${r.ratio.toFixed(2)} (${Math.round(fig)} vs ${Math.round(base)} movements/s)`);
    return {
      result: {
        id: 'ledger.post_single', engine, value: r.ratio, target: { op: '>=', value: 0.5 },
        rate: fmtRate(fig, 'movements'), baseline: `${fmtRate(base, 'movements')} (the ${statements.length} statements replayed)`, reps: sz.reps, samples: r.samples,
        note: `one 1-line receipt per transaction; ${statements.length} statements per movement`,
      },
      statements: statements.map((s) => s.sql.replace(/\s+/g, ' ')),
    };
  } finally {
    await run.close();
    await db.drop();
  }
}

// ---------------------------------------------------------------- bulk

const CHUNK = 200;

function dialectText(kind: 'sqlite' | 'postgres', text: string): string {
  let i = 0;
  return kind === 'sqlite' ? text : text.replace(/\?/g, () => `$${++i}`);
}

function placeholders(rows: number, cols: number, kind: 'sqlite' | 'postgres'): string {
  let i = 0;
  const row = () => `(${Array.from({ length: cols }, () => (kind === 'sqlite' ? '?' : `$${++i}`)).join(', ')})`;
  return Array.from({ length: rows }, row).join(', ');
}

interface BulkLine {
  readonly itemId: number;
  readonly binId: number;
  readonly qty: number;
  readonly unitCost: number;
}

/**
 * The rows a receipt of `lines` writes, inserted in multi-row statements of CHUNK rows: what posting
 * costs when nothing is looked up, checked or valued one line at a time.
 */
async function rawBulkReceipt(run: RawRunner, kind: 'sqlite' | 'postgres', supplierId: number, lines: readonly BulkLine[]): Promise<void> {
  const now = new Date().toISOString();
  await run.tx(async () => {
    const seq = intFromDb((await run.rows(SQL.nextSeq, []))[0]?.value);
    const mv = await run.rows(dialectText(kind, SQL.insertMovement), [seq, 'receipt', now, 'bench', 'PO-BULK', null, null, null, null, null, null]);
    const movementId = intFromDb(mv[0]?.id);
    for (let c = 0; c < lines.length; c += CHUNK) {
      const part = lines.slice(c, c + CHUNK);
      const lineParams = part.flatMap((l, j) => [movementId, c + j + 1, l.itemId, 0, supplierId, l.binId, l.qty, 'each', String(l.qty), l.unitCost, l.qty * l.unitCost]);
      const ids = await run.rows(
        `insert into movement_line (movement_id, line_no, item_id, lot_id, from_location_id, to_location_id, qty, uom_entered, qty_entered, unit_cost_minor, value_minor) values ${placeholders(part.length, 11, kind)} returning id, line_no`,
        lineParams,
      );
      const idOf = new Map(ids.map((r) => [intFromDb(r.line_no), intFromDb(r.id)]));
      const entries = part.flatMap((l, j) => {
        const lineId = idOf.get(c + j + 1);
        const v = l.qty * l.unitCost;
        return [movementId, lineId, seq, l.itemId, supplierId, 0, -l.qty, -v, now, movementId, lineId, seq, l.itemId, l.binId, 0, l.qty, v, now];
      });
      await run.rows(`insert into stock_entry (movement_id, line_id, seq, item_id, location_id, lot_id, qty, value_minor, posted_at) values ${placeholders(part.length * 2, 9, kind)}`, entries);
      await run.rows(`insert into cost_layer (item_id, movement_id, seq, received_at, qty_in, qty_remaining, unit_cost_minor) values ${placeholders(part.length, 7, kind)}`,
        part.flatMap((l) => [l.itemId, movementId, seq, now, l.qty, l.qty, l.unitCost]));
      await run.rows(`insert into item_location (item_id, location_id, first_seq, last_receipt_at, last_receipt_qty) values ${placeholders(part.length, 5, kind)}
        on conflict (item_id, location_id) do update set last_receipt_at = excluded.last_receipt_at, last_receipt_qty = excluded.last_receipt_qty`,
        part.flatMap((l) => [l.itemId, l.binId, seq, now, l.qty]));
    }
    // balances: one row per bin line and one per item at the supplier, in key order
    const deltas = new Map<string, [number, number, number]>();
    for (const l of lines) {
      for (const [loc, q] of [[supplierId, -l.qty], [l.binId, l.qty]] as const) {
        const k = `${l.itemId}:${loc}`;
        const d = deltas.get(k);
        if (d) d[2] += q;
        else deltas.set(k, [l.itemId, loc, q]);
      }
    }
    const sorted = [...deltas.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (let c = 0; c < sorted.length; c += CHUNK) {
      const part = sorted.slice(c, c + CHUNK);
      await run.rows(`insert into stock_balance (item_id, location_id, lot_id, qty_on_hand, updated_at) values ${placeholders(part.length, 5, kind)}
        on conflict (item_id, location_id, lot_id) do update set qty_on_hand = stock_balance.qty_on_hand + excluded.qty_on_hand, updated_at = excluded.updated_at
        where abs(stock_balance.qty_on_hand + excluded.qty_on_hand) <= ${MAX_STORED}`, part.flatMap(([i, loc, q]) => [i, loc, 0, q, now]));
    }
    const vals = new Map<number, [number, number]>();
    for (const l of lines) {
      const v = vals.get(l.itemId) ?? [0, 0];
      v[0] += l.qty;
      v[1] += l.qty * l.unitCost;
      vals.set(l.itemId, v);
    }
    const vrows = [...vals.entries()].sort(([a], [b]) => a - b);
    for (let c = 0; c < vrows.length; c += CHUNK) {
      const part = vrows.slice(c, c + CHUNK);
      await run.rows(`insert into item_valuation (item_id, qty_valued, value_minor, updated_seq) values ${placeholders(part.length, 4, kind)}
        on conflict (item_id) do update set qty_valued = item_valuation.qty_valued + excluded.qty_valued, value_minor = item_valuation.value_minor + excluded.value_minor`,
        part.flatMap(([id, [q, v]]) => [id, q, v, 0]));
    }
  });
}

export async function postBulk(engine: 'sqlite' | 'postgres', sz: Sizes): Promise<FigureResult> {
  const db = await benchDb(engine, 'bulk');
  const run = await rawRunner(db);
  try {
    const itemsN = sz.quick ? 50 : 100;
    const binsN = Math.ceil(sz.bulkLines / itemsN);
    const plant = await buildBenchPlant(db, { prefix: 'PB', bins: binsN, items: itemsN });
    const supplier = await db.k.selectFrom('location').select('id').where('virtual_role', '=', 'supplier').executeTakeFirstOrThrow();
    const pairs: { item: (typeof plant.items)[number]; bin: (typeof plant.bins)[number] }[] = [];
    for (const bin of plant.bins) for (const item of plant.items) if (pairs.length < sz.bulkLines) pairs.push({ item, bin });
    // 3 units at 1.2500 (12,500 minor units of 4 decimals): the raw rows carry the same numbers
    const input: MovementInput = { type: 'receipt', sourceDoc: 'PO-BULK', lines: pairs.map((p) => ({ item: p.item.sku, qty: '3', to: p.bin.code, unitCost: '1.25' })) };
    const rawLines: BulkLine[] = pairs.map((p) => ({ itemId: p.item.id, binId: p.bin.id, qty: 3, unitCost: 12_500 }));
    const check = await inTx(db, (tx) => postMovement(db, tx, ctx, input, { skipAudit: true }));
    if (check.lines[0]?.value !== formatMoney(3 * 12_500)) throw new Error(`bulk receipt valued ${check.lines[0]?.value}, the raw rows assume ${formatMoney(3 * 12_500)}`);
    await rawBulkReceipt(run, engine, intFromDb(supplier.id), rawLines);

    // one movement per chunk, chunks alternating between the two sides
    const figure = () => timeMs(() => inTx(db, (tx) => postMovement(db, tx, ctx, input, { skipAudit: true })));
    const baseline = () => timeMs(() => rawBulkReceipt(run, engine, intFromDb(supplier.id), rawLines));
    const r = await interleaved(sz.reps, sz.bulkMovements, baseline, figure, 'rate');
    const fig = (pairs.length * 1000) / r.figMs;
    const base = (pairs.length * 1000) / r.baseMs;
    log(`ledger.post_bulk ${engine}: ${r.ratio.toFixed(2)} (${Math.round(fig)} vs ${Math.round(base)} lines/s)`);
    return {
      id: 'ledger.post_bulk', engine, value: r.ratio, target: { op: '>=', value: 0.5 },
      rate: fmtRate(fig, 'lines'), baseline: `${fmtRate(base, 'lines')} (multi-row inserts)`, reps: sz.reps, samples: r.samples,
      note: `receipts of ${pairs.length} lines (distinct item × bin), one per transaction, no audit event (as the import posts)`,
    };
  } finally {
    await run.close();
    await db.drop();
  }
}
