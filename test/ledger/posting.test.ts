// The perpetual ledger of SPEC §3, movement by movement: routes between bins and virtual
// locations, units, exact decimals, negative stock, last receipt/shipment, reversal, as-of on-hand,
// valuation (moving average, FIFO, LIFO), idempotency, and the database's own append-only guard.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testDb, ENGINE, type TestDb } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';
import { inTx } from '../../src/db/db.js';
import { postMovement, getMovement } from '../../src/modules/ledger/index.js';
import { parseMoney } from '../../src/kernel/decimal.js';
import {
  buildLedgerPlant, assertLedgerClean, balanceUnits, httpGet, httpOnHand, httpPost, httpPostOk, httpReverse, ledgerSnapshot, testCtx, type LedgerPlant,
} from '../support/ledger-fixtures.js';

describe(`ledger posting (${ENGINE})`, () => {
  let db: TestDb;
  let t: TestApp;
  let clock = new Date('2026-03-02T08:00:00.000Z');
  const tick = (minutes = 1) => {
    clock = new Date(clock.getTime() + minutes * 60_000);
    return clock;
  };
  let plantN = 0;
  /** every test gets a plant of its own, so their numbers do not mix */
  const plant = (opts: { allowNegative?: boolean } = {}) => buildLedgerPlant(db, { prefix: `T${++plantN}`, ...opts });

  before(async () => {
    db = await testDb();
    t = await testApp(db, { now: () => clock });
  });
  after(async () => {
    await t?.close();
    await db?.drop();
  });

  test('every movement type routes between the right locations and changes exactly those balances', async () => {
    const p = await plant();
    const [b1, b2, b3, b4] = [p.bins[0], p.bins[1], p.bins[2], p.bins[3]];
    const E = p.items.each;
    const cases: Array<{ body: Record<string, unknown>; from: string; to: string; qty: string }> = [
      { body: { type: 'opening_balance', lines: [{ item: E, qty: '50', to: b1 }] }, from: 'VIRTUAL/OPENING', to: b1, qty: '50' },
      { body: { type: 'receipt', lines: [{ item: E, qty: '40', to: b1 }] }, from: 'VIRTUAL/SUPPLIER', to: b1, qty: '40' },
      { body: { type: 'return_to_supplier', lines: [{ item: E, qty: '5', from: b1 }] }, from: b1, to: 'VIRTUAL/SUPPLIER', qty: '5' },
      { body: { type: 'issue_to_production', lines: [{ item: E, qty: '20', from: b1 }] }, from: b1, to: 'VIRTUAL/PRODUCTION', qty: '20' },
      { body: { type: 'production_output', lines: [{ item: E, qty: '15', to: b2 }] }, from: 'VIRTUAL/PRODUCTION', to: b2, qty: '15' },
      { body: { type: 'production_scrap', lines: [{ item: E, qty: '2', from: b2 }] }, from: b2, to: 'VIRTUAL/SCRAP', qty: '2' },
      { body: { type: 'transfer', lines: [{ item: E, qty: '30', from: b1, to: b3 }] }, from: b1, to: b3, qty: '30' },
      { body: { type: 'shipment', lines: [{ item: E, qty: '12', from: b3 }] }, from: b3, to: 'VIRTUAL/CUSTOMER', qty: '12' },
      { body: { type: 'customer_return', lines: [{ item: E, qty: '3', to: b3 }] }, from: 'VIRTUAL/CUSTOMER', to: b3, qty: '3' },
      { body: { type: 'adjustment', reasonCode: 'found', lines: [{ item: E, qty: '4', to: b4 }] }, from: 'VIRTUAL/ADJUSTMENT', to: b4, qty: '4' },
      { body: { type: 'adjustment', reasonCode: 'damage', lines: [{ item: E, qty: '1', from: b4 }] }, from: b4, to: 'VIRTUAL/ADJUSTMENT', qty: '1' },
    ];
    const locs = [b1, b2, b3, b4, 'VIRTUAL/OPENING', 'VIRTUAL/SUPPLIER', 'VIRTUAL/PRODUCTION', 'VIRTUAL/SCRAP', 'VIRTUAL/CUSTOMER', 'VIRTUAL/ADJUSTMENT'];
    const expected = new Map<string, bigint>(locs.map((l) => [l, 0n]));
    for (const c of cases) {
      tick();
      const m = await httpPostOk(t, c.body);
      assert.equal(m.type, c.body.type);
      assert.equal(m.lines.length, 1);
      assert.equal(m.lines[0].from, c.from, `${String(c.body.type)} from`);
      assert.equal(m.lines[0].to, c.to, `${String(c.body.type)} to`);
      assert.equal(m.lines[0].qty, c.qty);
      assert.equal(m.postedAt, clock.toISOString(), 'server time from the injected clock');
      if (c.body.reasonCode) assert.equal(m.reasonCode, c.body.reasonCode);
      expected.set(c.from, (expected.get(c.from) ?? 0n) - BigInt(c.qty));
      expected.set(c.to, (expected.get(c.to) ?? 0n) + BigInt(c.qty));
      for (const l of locs) assert.equal(await httpOnHand(t, E, l), String(expected.get(l)), `${l} after ${String(c.body.type)}`);
    }
    // hand-checked: b1 50+40-5-20-30 = 35, b2 15-2 = 13, b3 30-12+3 = 21, b4 4-1 = 3
    assert.deepEqual([b1, b2, b3, b4].map((l) => expected.get(l)), [35n, 13n, 21n, 3n]);
    // double entry: the item sums to zero over all locations
    assert.equal([...expected.values()].reduce((a, b) => a + b, 0n), 0n);
    await assertLedgerClean(db);
  });

  test('count corrections post through postMovement with their count line; not through the HTTP route', async () => {
    const p = await plant();
    await httpPostOk(t, { type: 'receipt', lines: [{ item: p.items.each, qty: '10', to: p.bins[0] }] });
    const down = await inTx(db, (tx) => postMovement(db, tx, testCtx(), { type: 'count_correction', countLineId: 4711, reasonCode: 'miscount', lines: [{ item: p.items.each, qty: '3', from: p.bins[0] }] }));
    assert.equal(down.type, 'count_correction');
    assert.equal(down.countLineId, 4711);
    assert.equal(down.lines[0]?.to, 'VIRTUAL/COUNT-ADJUSTMENT');
    const up = await inTx(db, (tx) => postMovement(db, tx, testCtx(), { type: 'count_correction', countLineId: 4712, reasonCode: 'found', lines: [{ item: p.items.each, qty: '1', to: p.bins[1] }] }));
    assert.equal(up.lines[0]?.from, 'VIRTUAL/COUNT-ADJUSTMENT');
    assert.equal(await httpOnHand(t, p.items.each, p.bins[0]), '7');
    assert.equal(await httpOnHand(t, p.items.each, p.bins[1]), '1');
    assert.equal((await getMovement(db.k, down.id)).countLineId, 4711);
    await assert.rejects(
      inTx(db, (tx) => postMovement(db, tx, testCtx(), { type: 'count_correction', reasonCode: 'x', lines: [{ item: p.items.each, qty: '1', to: p.bins[1] }] })),
      (e: { code?: string }) => e.code === 'ledger.count_line_required',
    );
    const r = await httpPost(t, { type: 'count_correction', reasonCode: 'x', lines: [{ item: p.items.each, qty: '1', to: p.bins[1] }] });
    assert.equal(r.status, 400);
    await assertLedgerClean(db);
  });

  test('units: 1 case posts 12 each, half a pallet 240; the unit as entered is kept', async () => {
    const p = await plant();
    const m = await httpPostOk(t, { type: 'receipt', lines: [{ item: p.items.each, qty: '1', unit: 'case', to: p.bins[0] }, { item: p.items.each, qty: '0.5', unit: 'pallet', to: p.bins[0] }] });
    assert.deepEqual(m.lines.map((l: { qty: string; qtyEntered: string; unitEntered: string; baseUom: string }) => [l.qty, l.qtyEntered, l.unitEntered, l.baseUom]), [['12', '1', 'case', 'each'], ['240', '0.5', 'pallet', 'each']]);
    assert.equal(await httpOnHand(t, p.items.each, p.bins[0]), '252');
    const issued = await httpPostOk(t, { type: 'issue_to_production', lines: [{ item: p.items.each, qty: '2', unit: 'case', from: p.bins[0] }] });
    assert.equal(issued.lines[0].qty, '24');
    assert.equal(await balanceUnits(db, p.itemIds.each, p.binIds[0]), 228n);
    await assertLedgerClean(db);
  });

  test('0.1 kg + 0.2 kg is exactly 0.3 kg; grams convert exactly', async () => {
    const p = await plant();
    await httpPostOk(t, { type: 'receipt', lines: [{ item: p.items.kg, qty: '0.1', to: p.bins[0] }] });
    await httpPostOk(t, { type: 'receipt', lines: [{ item: p.items.kg, qty: '0.2', to: p.bins[0] }] });
    assert.equal(await httpOnHand(t, p.items.kg, p.bins[0]), '0.3');
    assert.equal(await balanceUnits(db, p.itemIds.kg, p.binIds[0]), 300n, 'stored as integer grams at scale 3');
    const g = await httpPostOk(t, { type: 'receipt', lines: [{ item: p.items.kg, qty: '250', unit: 'g', to: p.bins[0] }] });
    assert.equal(g.lines[0].qty, '0.25');
    // ten issues of 0.03 kg leave exactly 0.25 kg (a float sum would drift)
    for (let i = 0; i < 10; i++) await httpPostOk(t, { type: 'issue_to_production', lines: [{ item: p.items.kg, qty: '0.03', from: p.bins[0] }] });
    assert.equal(await httpOnHand(t, p.items.kg, p.bins[0]), '0.25');
    const stock = await httpGet(t, `/api/v1/stock?item=${p.items.kg}`);
    assert.equal(stock.body.items[0].qtyOnHand, '0.25');
    await assertLedgerClean(db);
  });

  test('negative stock is refused by default and allowed where the site allows it', async () => {
    const strict = await plant();
    const before = await ledgerSnapshot(db);
    const r = await httpPost(t, { type: 'issue_to_production', lines: [{ item: strict.items.each, qty: '5', from: strict.bins[0] }] });
    assert.equal(r.status, 409);
    assert.equal(r.body.code, 'ledger.insufficient_stock');
    assert.deepEqual(await ledgerSnapshot(db), before);

    const loose = await plant({ allowNegative: true });
    const m = await httpPostOk(t, { type: 'issue_to_production', lines: [{ item: loose.items.each, qty: '5', from: loose.bins[0] }] });
    assert.equal(m.lines[0].qty, '5');
    assert.equal(await httpOnHand(t, loose.items.each, loose.bins[0]), '-5');
    await httpPostOk(t, { type: 'receipt', lines: [{ item: loose.items.each, qty: '8', to: loose.bins[0], unitCost: '2' }] });
    assert.equal(await httpOnHand(t, loose.items.each, loose.bins[0]), '3');
    // a transfer out of a negative-allowed bin into another bin of the same site
    await httpPostOk(t, { type: 'transfer', lines: [{ item: loose.items.each, qty: '10', from: loose.bins[0], to: loose.bins[1] }] });
    assert.equal(await httpOnHand(t, loose.items.each, loose.bins[0]), '-7');
    assert.equal(await httpOnHand(t, loose.items.each, loose.bins[1]), '10');
    await assertLedgerClean(db);
  });

  test('last receipt and last shipment per item and location', async () => {
    const p = await plant();
    const t1 = tick().toISOString();
    await httpPostOk(t, { type: 'receipt', lines: [{ item: p.items.each, qty: '10', to: p.bins[0] }] });
    const t2 = tick().toISOString();
    await httpPostOk(t, { type: 'receipt', lines: [{ item: p.items.each, qty: '7', to: p.bins[0] }] });
    tick();
    await httpPostOk(t, { type: 'receipt', lines: [{ item: p.items.each, qty: '4', to: p.bins[1] }] });
    const t4 = tick().toISOString();
    await httpPostOk(t, { type: 'shipment', lines: [{ item: p.items.each, qty: '3', from: p.bins[0] }] });
    tick();
    // a transfer is neither a receipt nor a shipment
    await httpPostOk(t, { type: 'transfer', lines: [{ item: p.items.each, qty: '2', from: p.bins[0], to: p.bins[1] }] });
    const rows = (await httpGet(t, `/api/v1/stock?item=${p.items.each}`)).body.items as Array<Record<string, string | null>>;
    const b1 = rows.find((r) => r.location === p.bins[0]);
    const b2 = rows.find((r) => r.location === p.bins[1]);
    assert.ok(t1 < t2);
    assert.deepEqual([b1?.lastReceiptAt, b1?.lastReceiptQty, b1?.lastShipmentAt, b1?.lastShipmentQty, b1?.qtyOnHand], [t2, '7', t4, '3', '12']);
    assert.deepEqual([b2?.lastReceiptQty, b2?.lastShipmentAt, b2?.qtyOnHand], ['4', null, '6']);
  });

  test('reversal: undoes a movement once; a second reversal and the reversal of a reversal are refused', async () => {
    const p = await plant();
    const rc = await httpPostOk(t, { type: 'receipt', lines: [{ item: p.items.each, qty: '10', to: p.bins[0], unitCost: '3' }] });
    const tr = await httpPostOk(t, { type: 'transfer', lines: [{ item: p.items.each, qty: '4', from: p.bins[0], to: p.bins[1] }] });
    const rv = await httpReverse(t, tr.id, { reasonCode: 'wrong-bin' });
    assert.equal(rv.status, 201);
    assert.equal(rv.body.type, 'reversal');
    assert.equal(rv.body.reversesMovementId, tr.id);
    assert.equal(rv.body.reasonCode, 'wrong-bin');
    assert.deepEqual([rv.body.lines[0].from, rv.body.lines[0].to, rv.body.lines[0].qty], [p.bins[1], p.bins[0], '4']);
    assert.equal(await httpOnHand(t, p.items.each, p.bins[0]), '10');
    assert.equal(await httpOnHand(t, p.items.each, p.bins[1]), '0');
    assert.equal((await httpGet(t, `/api/v1/movements/${tr.id}`)).body.reversedByMovementId, rv.body.id);

    const again = await httpReverse(t, tr.id);
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'ledger.already_reversed');
    const revrev = await httpReverse(t, rv.body.id);
    assert.equal(revrev.status, 409);
    assert.equal(revrev.body.code, 'ledger.cannot_reverse_reversal');

    // reversing an issue puts the stock back at the value it left with
    const iss = await httpPostOk(t, { type: 'issue_to_production', lines: [{ item: p.items.each, qty: '6', from: p.bins[0] }] });
    assert.equal(iss.lines[0].value, '18.00');
    const back = await httpReverse(t, iss.id);
    assert.equal(back.body.lines[0].value, '18.00');
    assert.equal(await httpOnHand(t, p.items.each, p.bins[0]), '10');
    // a receipt whose stock has left cannot be reversed into a negative balance
    await httpPostOk(t, { type: 'shipment', lines: [{ item: p.items.each, qty: '8', from: p.bins[0] }] });
    const blocked = await httpReverse(t, rc.id);
    assert.equal(blocked.status, 409);
    assert.equal(blocked.body.code, 'ledger.insufficient_stock');
    assert.equal(blocked.body.errors[0].field, 'movementId');
    await assertLedgerClean(db);
  });

  test('on-hand as of a ledger position and as of a time', async () => {
    const p = await plant();
    const E = p.items.each;
    const B = p.bins[0];
    const t0 = tick(10).toISOString();
    tick(10);
    const m1 = await httpPostOk(t, { type: 'receipt', lines: [{ item: E, qty: '10', to: B }] });
    const between12 = tick(5).toISOString();
    tick(5);
    // another plant's movement in between must not count
    const other = await plant();
    await httpPostOk(t, { type: 'receipt', lines: [{ item: other.items.each, qty: '99', to: other.bins[0] }] });
    const m2 = await httpPostOk(t, { type: 'issue_to_production', lines: [{ item: E, qty: '4', from: B }] });
    tick(10);
    const m3 = await httpPostOk(t, { type: 'receipt', lines: [{ item: E, qty: '5', to: B }] });
    const seqs = [m1.seq, m2.seq, m3.seq] as number[];
    assert.ok(seqs[0]! < seqs[1]! && seqs[1]! < seqs[2]!);
    assert.equal(await httpOnHand(t, E, B, `&position=${seqs[0]! - 1}`), '0');
    assert.equal(await httpOnHand(t, E, B, `&position=${seqs[0]}`), '10');
    assert.equal(await httpOnHand(t, E, B, `&position=${seqs[1]! - 1}`), '10');
    assert.equal(await httpOnHand(t, E, B, `&position=${seqs[1]}`), '6');
    assert.equal(await httpOnHand(t, E, B, `&position=${seqs[2]}`), '11');
    assert.equal(await httpOnHand(t, E, B), '11');
    assert.equal(await httpOnHand(t, E, B, `&at=${t0}`), '0');
    assert.equal(await httpOnHand(t, E, B, `&at=${m1.postedAt}`), '10', 'a movement posted at the instant counts');
    assert.equal(await httpOnHand(t, E, B, `&at=${between12}`), '10');
    assert.equal(await httpOnHand(t, E, B, `&at=${m2.postedAt}`), '6');
    assert.equal(await httpOnHand(t, E, B, `&at=${m3.postedAt}`), '11');
    const r = await httpGet(t, `/api/v1/stock/on-hand?item=${E}&location=${B}&position=${seqs[1]}`);
    assert.equal(r.body.position, seqs[1]);
  });

  test('moving-average valuation is exact and leaves no residue (hand-checked)', async () => {
    const p = await plant();
    const E = p.items.each;
    const B = p.bins[0];
    const val = async () => (await httpGet(t, `/api/v1/reports/valuation?item=${E}`)).body.lines[0] as { qtyOnHand: string; average: string } | undefined;
    // 10 @ 1.00 = 10.00; 5 @ 1.30 = 6.50 → 15 worth 16.50 (average 1.10)
    await httpPostOk(t, { type: 'receipt', lines: [{ item: E, qty: '10', to: B, unitCost: '1.00' }] });
    await httpPostOk(t, { type: 'receipt', lines: [{ item: E, qty: '5', to: B, unitCost: '1.30' }] });
    assert.deepEqual([(await val())?.qtyOnHand, (await val())?.average], ['15', '16.50']);
    // issue 4 → 16.50 × 4 / 15 = 4.40; 11 left worth 12.10
    const i1 = await httpPostOk(t, { type: 'issue_to_production', lines: [{ item: E, qty: '4', from: B }] });
    assert.equal(i1.lines[0].value, '4.40');
    assert.equal(i1.lines[0].unitCost, '1.10');
    // a transfer moves value with the stock and leaves the total alone
    await httpPostOk(t, { type: 'transfer', lines: [{ item: E, qty: '3', from: B, to: p.bins[1] }] });
    assert.equal((await val())?.average, '12.10');
    // 3 @ 0.3333 = 0.9999 → 14 worth 13.0999
    await httpPostOk(t, { type: 'receipt', lines: [{ item: E, qty: '3', to: B, unitCost: '0.3333' }] });
    assert.equal((await val())?.average, '13.0999');
    // issue 7 → 13.0999 × 7 / 14 = 6.54995, rounded half away from zero to 6.5500
    const i2 = await httpPostOk(t, { type: 'issue_to_production', lines: [{ item: E, qty: '7', from: B }] });
    assert.equal(i2.lines[0].value, '6.55');
    assert.equal((await val())?.average, '6.5499');
    // the last 7 (4 in B, 3 in the other bin) take exactly what is left: nothing remains
    const i3 = await httpPostOk(t, { type: 'issue_to_production', lines: [{ item: E, qty: '4', from: B }, { item: E, qty: '3', from: p.bins[1] }] });
    const values = i3.lines.map((l: { value: string }) => parseMoney(l.value, 'value'));
    // 6.5499 × 4 / 7 = 3.74280 → 3.7428; the other line takes the rest, 2.8071
    assert.deepEqual(values, [37428n, 28071n]);
    assert.equal(await val(), undefined, 'nothing left to value');
    const v = await db.k.selectFrom('item_valuation').selectAll().where('item_id', '=', p.itemIds.each).executeTakeFirstOrThrow();
    assert.deepEqual([Number(v.qty_valued), Number(v.value_minor)], [0, 0]);
    await assertLedgerClean(db);
  });

  test('FIFO and LIFO valuation report (hand-checked)', async () => {
    const p = await plant();
    const E = p.items.each;
    const B = p.bins[0];
    await httpPostOk(t, { type: 'receipt', lines: [{ item: E, qty: '10', to: B, unitCost: '1' }] });
    await httpPostOk(t, { type: 'receipt', lines: [{ item: E, qty: '10', to: B, unitCost: '2' }] });
    const third = await httpPostOk(t, { type: 'receipt', lines: [{ item: E, qty: '10', to: B, unitCost: '3' }] });
    await httpPostOk(t, { type: 'issue_to_production', lines: [{ item: E, qty: '15', from: B }] });
    const report = async () => (await httpGet(t, `/api/v1/reports/valuation?item=${E}`)).body as { lines: Array<Record<string, string>> };
    // 30 received worth 60.00; 15 issued at the 2.00 average → 15 left worth 30.00.
    // FIFO: the issue consumed 10 @ 1 and 5 @ 2 → 5 @ 2 + 10 @ 3 = 40.00.
    // LIFO (periodic): what is left is the oldest receipts → 10 @ 1 + 5 @ 2 = 20.00.
    let line = (await report()).lines[0];
    assert.deepEqual([line?.qtyOnHand, line?.average, line?.fifo, line?.lifo], ['15', '30.00', '40.00', '20.00']);
    // reversing the third receipt takes 10 out at the 2.00 average (20.00) and consumes its own layer:
    // 5 left worth 10.00; FIFO 5 @ 2 = 10.00; LIFO 5 @ 1 = 5.00.
    const rv = await httpReverse(t, third.id);
    assert.equal(rv.status, 201);
    assert.equal(rv.body.lines[0].value, '20.00');
    line = (await report()).lines[0];
    assert.deepEqual([line?.qtyOnHand, line?.average, line?.fifo, line?.lifo], ['5', '10.00', '10.00', '5.00']);
    await assertLedgerClean(db);
  });

  test('Idempotency-Key: the same payload posts once and answers the same; another payload is a 409', async () => {
    const p = await plant();
    const body = { type: 'receipt', lines: [{ item: p.items.each, qty: '6', to: p.bins[0] }] };
    const first = await httpPost(t, body, 'idem-1');
    assert.equal(first.status, 201);
    const pos = (await httpGet(t, '/api/v1/ledger/position')).body.position;
    const retry = await httpPost(t, body, 'idem-1');
    assert.equal(retry.status, 201);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.deepEqual(retry.body, first.body);
    assert.equal((await httpGet(t, '/api/v1/ledger/position')).body.position, pos, 'the retry posted nothing');
    assert.equal(await httpOnHand(t, p.items.each, p.bins[0]), '6');

    const other = await httpPost(t, { ...body, lines: [{ ...body.lines[0], qty: '7' }] }, 'idem-1');
    assert.equal(other.status, 409);
    assert.equal(other.body.code, 'request.idempotency_conflict');
    assert.equal(await httpOnHand(t, p.items.each, p.bins[0]), '6');

    // a refused request keeps no key: once the stock is there, the same request under the same key posts
    const issue = { type: 'issue_to_production', lines: [{ item: p.items.each, qty: '10', from: p.bins[0] }] };
    assert.equal((await httpPost(t, issue, 'idem-2')).status, 409);
    await httpPostOk(t, { type: 'receipt', lines: [{ item: p.items.each, qty: '4', to: p.bins[0] }] });
    const ok = await httpPost(t, issue, 'idem-2');
    assert.equal(ok.status, 201);
    assert.equal(ok.headers['idempotent-replayed'], undefined);
    assert.equal(await httpOnHand(t, p.items.each, p.bins[0]), '0');

    // reversals take keys too
    const r1 = await httpReverse(t, first.body.id, {}, 'idem-rev');
    const r2 = await httpReverse(t, first.body.id, {}, 'idem-rev');
    assert.equal(r1.status, 409, 'the stock has been issued: cannot reverse the receipt');
    assert.equal(r2.status, 409);
    await assertLedgerClean(db);
  });

  test('the database refuses UPDATE and DELETE of movements, lines and entries', async () => {
    const p = await plant();
    const m = await httpPostOk(t, { type: 'receipt', lines: [{ item: p.items.each, qty: '1', to: p.bins[0] }] });
    const attempts = [
      sql`update movement set actor = 'mallory' where id = ${m.id}`,
      sql`delete from movement where id = ${m.id}`,
      sql`update movement_line set qty = 1000 where movement_id = ${m.id}`,
      sql`delete from movement_line where movement_id = ${m.id}`,
      sql`update stock_entry set qty = qty * 2 where movement_id = ${m.id}`,
      sql`delete from stock_entry where movement_id = ${m.id}`,
      sql`update audit_event set actor = 'mallory'`,
      sql`delete from audit_event`,
    ];
    for (const q of attempts) await assert.rejects(q.execute(db.k), /append_only/);
    const after = await getMovement(db.k, m.id);
    assert.equal(after.actor, m.actor);
    assert.equal(after.lines[0]?.qty, '1');
    await assertLedgerClean(db);
  });

  test('check finds a balance that no longer matches its entries', async () => {
    const p = await plant();
    await httpPostOk(t, { type: 'receipt', lines: [{ item: p.items.each, qty: '5', to: p.bins[0] }] });
    await assertLedgerClean(db);
    // balances are a cache and not append-only; tamper with one and the check must say so
    await db.k.updateTable('stock_balance').set({ qty_on_hand: 6 }).where('item_id', '=', p.itemIds.each).where('location_id', '=', p.binIds[0]).execute();
    const r = (await httpGet(t, '/api/v1/ledger/check')).body as { ok: boolean; differences: Array<{ kind: string; expected: string; actual: string }> };
    assert.equal(r.ok, false);
    assert.deepEqual(r.differences.map((d) => [d.kind, d.expected, d.actual]), [['balance', '5', '6']]);
    await db.k.updateTable('stock_balance').set({ qty_on_hand: 5 }).where('item_id', '=', p.itemIds.each).where('location_id', '=', p.binIds[0]).execute();
    await assertLedgerClean(db);
  });
});
