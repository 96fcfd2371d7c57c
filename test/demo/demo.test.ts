// The demo plant, loaded at small scale on the engine under test: the shape of its master data, a
// history that obeys the ledger's invariants and spreads over time in sequence order, the ABC shape
// of its consumption, and the same plant from the same seed.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testDb, ENGINE, type TestDb } from '../support/db.js';
import { systemCtx } from '../../src/kernel/context.js';
import { isDomainError } from '../../src/kernel/errors.js';
import { EXIT_CODE } from '../../src/cli/exit-codes.js';
import { runCli } from '../../src/main/cli.js';
import { checkLedger } from '../../src/modules/ledger/index.js';
import { demoErrors, loadDemo, loadDemoOnNewDatabase, type DemoLoadReport } from '../../src/modules/demo/index.js';
import type { Db } from '../../src/db/db.js';

const NOW = new Date('2026-11-20T15:00:00.000Z');
const ctx = systemCtx('test:demo');

async function balances(db: Db): Promise<string[]> {
  const rows = await db.k
    .selectFrom('stock_balance as b')
    .innerJoin('item as i', 'i.id', 'b.item_id')
    .innerJoin('location as l', 'l.id', 'b.location_id')
    .leftJoin('lot', 'lot.id', 'b.lot_id')
    .select(['i.sku', 'l.code', 'lot.lot_no', 'b.qty_on_hand'])
    .where('b.qty_on_hand', '<>', 0)
    .execute();
  return rows.map((r) => `${r.sku}|${r.code}|${r.lot_no ?? ''}|${Number(r.qty_on_hand)}`).sort();
}

async function skus(db: Db): Promise<string[]> {
  return (await db.k.selectFrom('item').select('sku').orderBy('sku').execute()).map((r) => r.sku);
}

describe(`demo plant, small scale (${ENGINE})`, () => {
  let db: TestDb;
  let report: DemoLoadReport;

  before(async () => {
    db = await testDb();
    report = await loadDemo(db, ctx, { small: true, now: NOW });
  });
  after(async () => {
    await db.drop();
  });

  test('two sites, three warehouses, zones and about 400 bins walked in order, a few blocked', async () => {
    const kinds = await db.k.selectFrom('location').select(['kind', sql<number>`count(*)`.as('n')]).where('kind', '<>', 'virtual').groupBy('kind').execute();
    const n = Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)]));
    assert.deepEqual({ site: n.site, warehouse: n.warehouse }, { site: 2, warehouse: 3 });
    assert.ok((n.zone ?? 0) >= 10, `zones: ${n.zone}`);
    assert.ok((n.bin ?? 0) >= 380 && (n.bin ?? 0) <= 420, `bins: ${n.bin}`);
    const blocked = await db.k.selectFrom('location').select('code').where('blocked', '=', 1).execute();
    assert.ok(blocked.length >= 2, 'some bins are blocked');
    const bin = await db.k.selectFrom('location').selectAll().where('code', '=', 'P1-RM-A-01-03').executeTakeFirstOrThrow();
    assert.equal(bin.kind, 'bin');
    // serpentine: aisle A runs up the bays, aisle B comes back down
    const zone = await db.k.selectFrom('location').select(['code', 'walk_seq']).where('parent_id', '=', bin.parent_id).orderBy('walk_seq').execute();
    const seqs = zone.map((z) => z.walk_seq as number);
    assert.equal(new Set(seqs).size, seqs.length, 'walk sequence is unique within a zone');
    const firstB = zone.findIndex((z) => z.code.startsWith('P1-RM-B-'));
    assert.match(zone[firstB - 1]?.code ?? '', /^P1-RM-A-10-/);
    assert.match(zone[firstB]?.code ?? '', /^P1-RM-B-10-/);
  });

  test('items of all four inventory types, with lots that expire, serials, GTINs and units', async () => {
    const types = await db.k.selectFrom('item').select(['inventory_type', sql<number>`count(*)`.as('n')]).groupBy('inventory_type').execute();
    const n = Object.fromEntries(types.map((t) => [t.inventory_type, Number(t.n)]));
    for (const t of ['raw', 'wip', 'finished', 'mro']) assert.ok((n[t] ?? 0) > 0, `${t} items: ${n[t]}`);
    assert.equal(Object.values(n).reduce((a, b) => a + b, 0), report.items);
    const lotItems = await db.k.selectFrom('item').select('sku').where('lot_tracked', '=', 1).where('shelf_life_days', 'is not', null).execute();
    assert.ok(lotItems.length > 0, 'lot-tracked items with a shelf life');
    const lots = await db.k.selectFrom('lot').select(['expires_on', 'kind']).execute();
    const expiring = lots.filter((l) => l.kind === 'lot' && l.expires_on !== null);
    assert.ok(expiring.length > 0, 'lots with an expiry date');
    assert.ok(expiring.some((l) => (l.expires_on as string) < '2027-02-20'), 'some lots expire within three months');
    assert.ok(lots.some((l) => l.kind === 'serial'), 'serial numbers');
    const fg = await db.k.selectFrom('item').select(['gtin', 'cost_method']).where('inventory_type', '=', 'finished').execute();
    assert.ok(fg.every((i) => i.gtin !== null && /^\d{13}$/.test(i.gtin)), 'finished goods carry GTINs');
    const units = await db.k.selectFrom('item_unit').select(['uom', 'factor']).execute();
    assert.ok(units.some((u) => u.uom === 'g' && u.factor === '0.001'), 'kg items take grams');
    assert.ok(units.some((u) => u.uom === 'case'), 'cases');
    const crit = await db.k.selectFrom('item').select('sku').where('criticality', '=', 'critical').execute();
    assert.ok(crit.length > 0 && crit.length < report.items * 0.15, `a few critical items: ${crit.length}`);
  });

  test('BOMs go three levels deep: finished ← sub-assembly ← raw', async () => {
    const rows = await db.k
      .selectFrom('bom as b1')
      .innerJoin('item as p', 'p.id', 'b1.parent_item_id')
      .innerJoin('bom_component as c1', 'c1.bom_id', 'b1.id')
      .innerJoin('bom as b2', 'b2.parent_item_id', 'c1.item_id')
      .innerJoin('item as w', 'w.id', 'b2.parent_item_id')
      .innerJoin('bom_component as c2', 'c2.bom_id', 'b2.id')
      .innerJoin('item as r', 'r.id', 'c2.item_id')
      .select(['p.inventory_type as top', 'w.inventory_type as mid', 'r.inventory_type as leaf', 'c2.scrap_pct'])
      .execute();
    assert.ok(rows.some((r) => r.top === 'finished' && r.mid === 'wip' && r.leaf === 'raw'), 'a three-level chain');
    assert.ok(rows.some((r) => r.scrap_pct !== '0'), 'scrap factors');
  });

  test('movements of every kind, spread over the history in sequence order', async () => {
    const types = await db.k.selectFrom('movement').select(['movement_type', sql<number>`count(*)`.as('n')]).groupBy('movement_type').execute();
    const n = Object.fromEntries(types.map((t) => [t.movement_type, Number(t.n)]));
    for (const t of ['opening_balance', 'receipt', 'issue_to_production', 'production_output', 'production_scrap', 'transfer', 'shipment', 'customer_return', 'adjustment']) {
      assert.ok((n[t] ?? 0) > 0, `${t}: ${n[t] ?? 0}`);
    }
    const times = await db.k.selectFrom('movement').select(['seq', 'posted_at']).orderBy('seq').execute();
    assert.equal(times.length, report.movements);
    for (let i = 1; i < times.length; i++) assert.ok((times[i - 1]?.posted_at as string) <= (times[i]?.posted_at as string), `posted_at rises with seq at ${i}`);
    const first = new Date(times[0]?.posted_at as string).getTime();
    const last = new Date(times.at(-1)?.posted_at as string).getTime();
    assert.ok(last <= NOW.getTime() && last > NOW.getTime() - 3 * 86_400_000, 'history ends today');
    assert.ok(first < NOW.getTime() - 40 * 86_400_000, 'history starts 45 days back');
    const multi = await db.k.selectFrom('movement_line').select(['movement_id', sql<number>`count(*)`.as('n')]).groupBy('movement_id').having(sql`count(*)`, '>', 3).execute();
    assert.ok(multi.length > 0, 'movements carry several lines');
    // finished goods move from the production floor to the finished-goods warehouse
    const cross = await db.k
      .selectFrom('movement_line as l')
      .innerJoin('location as f', 'f.id', 'l.from_location_id')
      .innerJoin('location as t', 't.id', 'l.to_location_id')
      .select('l.id')
      .where('f.code', 'like', 'P1-RM-%')
      .where('t.code', 'like', 'P1-FG-%')
      .execute();
    assert.ok(cross.length > 0, 'transfers between warehouses');
    const adj = await db.k.selectFrom('movement').select('reason_code').where('movement_type', '=', 'adjustment').execute();
    assert.ok(adj.every((a) => a.reason_code !== null), 'adjustments carry a reason');
  });

  test('no negative physical stock, and the ledger checks clean', async () => {
    const neg = await db.k
      .selectFrom('stock_balance as b')
      .innerJoin('location as l', 'l.id', 'b.location_id')
      .select('b.item_id')
      .where('l.kind', '<>', 'virtual')
      .where('b.qty_on_hand', '<', 0)
      .execute();
    assert.equal(neg.length, 0);
    const check = await checkLedger(db.k);
    assert.deepEqual(check.differences, []);
    assert.ok(check.ok);
    assert.equal(check.movements, report.movements);
  });

  test('consumption has an ABC shape: the top 20 % of items hold most of its value', async () => {
    const rows = await db.k
      .selectFrom('movement_line as l')
      .innerJoin('movement as m', 'm.id', 'l.movement_id')
      .select(['l.item_id', sql<number>`sum(l.value_minor)`.as('v')])
      .where('m.movement_type', 'in', ['issue_to_production', 'shipment'])
      .groupBy('l.item_id')
      .execute();
    const values = rows.map((r) => Number(r.v)).sort((a, b) => b - a);
    const total = values.reduce((a, b) => a + b, 0);
    const top = values.slice(0, Math.ceil(values.length * 0.2)).reduce((a, b) => a + b, 0);
    assert.ok(values.length >= report.items * 0.4, `items consumed: ${values.length}`);
    assert.ok(top / total >= 0.6, `top 20 % hold ${((100 * top) / total).toFixed(1)} % of consumption value`);
  });

  test('receipts are priced within ±10 % of each other', async () => {
    const rows = await db.k
      .selectFrom('movement_line as l')
      .innerJoin('movement as m', 'm.id', 'l.movement_id')
      .innerJoin('item as i', 'i.id', 'l.item_id')
      .select(['l.item_id', sql<number>`min(l.unit_cost_minor)`.as('lo'), sql<number>`max(l.unit_cost_minor)`.as('hi'), sql<number>`count(*)`.as('n')])
      .where('m.movement_type', '=', 'receipt')
      .where('i.cost_method', '=', 'average')
      .groupBy('l.item_id')
      .execute();
    assert.ok(rows.length > 0);
    for (const r of rows) assert.ok(Number(r.hi) <= Math.ceil((Number(r.lo) * 11) / 9) + 1, `item ${r.item_id}: ${r.lo}..${r.hi}`);
    assert.ok(rows.some((r) => Number(r.hi) > Number(r.lo)), 'prices vary');
  });

  test('a second load refuses a database that has items, and --force still refuses a ledger with movements', async () => {
    await assert.rejects(loadDemo(db, ctx, { small: true, now: NOW }), (e) => isDomainError(e) && e.code === demoErrors.codes.not_empty);
    await assert.rejects(loadDemo(db, ctx, { small: true, now: NOW, force: true }), (e) => isDomainError(e) && e.code === demoErrors.codes.ledger_not_empty);
    const logs: string[] = [];
    await loadDemoOnNewDatabase({ db, config: { demo: true }, log: (m) => logs.push(m) });
    assert.match(logs.join('\n'), /not loaded/);
  });

  test('the same seed gives the same plant: SKUs and final balances', async () => {
    const other = await testDb();
    try {
      const again = await loadDemo(other, ctx, { small: true, now: NOW });
      assert.equal(again.movements, report.movements);
      assert.deepEqual(await skus(other), await skus(db));
      assert.deepEqual(await balances(other), await balances(db));
      const value = async (d: Db) => (await d.k.selectFrom('item_valuation').select(sql<number>`sum(value_minor)`.as('v')).executeTakeFirstOrThrow()).v;
      assert.equal(Number(await value(other)), Number(await value(db)));
    } finally {
      await other.drop();
    }
  });
});

describe(`demo plant CLI and start-up hook (${ENGINE})`, () => {
  test('`stockroom demo load` loads a tiny plant, then refuses to load it twice', async () => {
    const db = await testDb({ file: true });
    const env: NodeJS.ProcessEnv = { ...process.env, ...db.env };
    if (ENGINE === 'sqlite') delete env.DATABASE_URL;
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const errWrite = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((s: string | Uint8Array) => (out.push(String(s)), true)) as typeof process.stdout.write;
    process.stderr.write = ((s: string | Uint8Array) => (out.push(String(s)), true)) as typeof process.stderr.write;
    try {
      assert.equal(await runCli(['demo', 'load', '--items', '40', '--days', '5', '--seed', '7'], env), 0, out.join(''));
      assert.match(out.join(''), /demo plant loaded on (sqlite|postgres): 2 sites, 3 warehouses/);
      assert.equal(await runCli(['demo', 'load', '--items', '40', '--days', '5'], env), EXIT_CODE.conflict);
      assert.match(out.join(''), /error demo\.not_empty/);
      assert.equal(await runCli(['demo', 'load', '--items', 'many'], env), EXIT_CODE.invalid);
    } finally {
      process.stdout.write = write;
      process.stderr.write = errWrite;
      await db.drop();
    }
  });

  test('the start-up hook leaves a new database empty when the demo is switched off', async () => {
    const db = await testDb();
    try {
      const logs: string[] = [];
      await loadDemoOnNewDatabase({ db, config: { demo: false }, log: (m) => logs.push(m) });
      const n = await db.k.selectFrom('item').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 0);
      assert.match(logs.join('\n'), /STOCKROOM_DEMO=0/);
    } finally {
      await db.drop();
    }
  });
});
