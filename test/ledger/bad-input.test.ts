// Bad input never posts and never yields a 500 (SPEC §8): every case below gets a 4xx problem
// details answer with a stable code naming the offending field, and the ledger is exactly as before.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import { testDb, ENGINE, type TestDb } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';
import { buildLedgerPlant, ledgerSnapshot, assertLedgerClean, httpPostOk, httpReverse, type LedgerPlant } from '../support/ledger-fixtures.js';

const BODY_LIMIT = 16 * 1024;

interface Case {
  readonly name: string;
  readonly method?: 'POST' | 'GET';
  /** default /api/v1/movements */
  readonly url?: (s: Setup) => string;
  readonly body?: (s: Setup) => unknown;
  /** raw payload text instead of JSON.stringify(body) */
  readonly raw?: string;
  readonly headers?: Record<string, string>;
  readonly status: number;
  readonly code: string;
  readonly field: string;
}

interface Setup {
  readonly p: LedgerPlant;
  /** a receipt that has been reversed already, and its reversal */
  readonly reversedId: number;
  readonly reversalId: number;
  readonly keyUsed: string;
}

const rcv = (s: Setup, line: Record<string, unknown>) => ({ type: 'receipt', lines: [{ item: s.p.items.each, qty: '1', to: s.p.bins[0], ...line }] });
const SQLISH = "x'; drop table movement; --";

const CASES: Case[] = [
  { name: 'unknown item', body: (s) => rcv(s, { item: 'NO-SUCH-SKU' }), status: 422, code: 'catalog.unknown_item', field: 'lines/0/item' },
  { name: 'unknown item id', body: (s) => rcv(s, { item: 987654 }), status: 422, code: 'catalog.unknown_item', field: 'lines/0/item' },
  { name: 'unknown location', body: (s) => rcv(s, { to: 'NO-SUCH-BIN' }), status: 422, code: 'catalog.unknown_location', field: 'lines/0/to' },
  { name: 'unknown from location on an issue', body: (s) => ({ type: 'issue_to_production', lines: [{ item: s.p.items.each, qty: '1', from: 'NOWHERE' }] }), status: 422, code: 'catalog.unknown_location', field: 'lines/0/from' },
  { name: 'a warehouse is not a bin', body: (s) => rcv(s, { to: s.p.warehouse }), status: 422, code: 'catalog.location_not_stockable', field: 'lines/0/to' },
  { name: 'bad unit', body: (s) => rcv(s, { unit: 'furlong' }), status: 422, code: 'catalog.unknown_unit', field: 'lines/0/unit' },
  { name: 'a unit of another item (g on an each item)', body: (s) => rcv(s, { unit: 'g' }), status: 422, code: 'catalog.unknown_unit', field: 'lines/0/unit' },
  { name: 'too many decimals for a scale-0 item', body: (s) => rcv(s, { qty: '1.5' }), status: 422, code: 'kernel.too_many_decimals', field: 'lines/0/qty' },
  { name: 'too many decimals for a scale-3 item', body: (s) => rcv(s, { item: s.p.items.kg, qty: '0.0001' }), status: 422, code: 'kernel.too_many_decimals', field: 'lines/0/qty' },
  { name: 'a fraction of a gram below the kg scale', body: (s) => rcv(s, { item: s.p.items.kg, qty: '0.5', unit: 'g' }), status: 422, code: 'kernel.too_many_decimals', field: 'lines/0/qty' },
  { name: 'a case split below one each', body: (s) => rcv(s, { qty: '0.01', unit: 'case' }), status: 422, code: 'kernel.too_many_decimals', field: 'lines/0/qty' },
  { name: 'unit cost with more than 4 decimals', body: (s) => rcv(s, { unitCost: '1.00001' }), status: 422, code: 'kernel.too_many_decimals', field: 'lines/0/unitCost' },
  { name: 'quantity in exponent notation', body: (s) => rcv(s, { qty: '1e3' }), status: 422, code: 'kernel.invalid_decimal', field: 'lines/0/qty' },
  { name: 'zero quantity', body: (s) => rcv(s, { qty: '0' }), status: 422, code: 'ledger.non_positive_qty', field: 'lines/0/qty' },
  { name: 'zero written with decimals', body: (s) => rcv(s, { item: s.p.items.kg, qty: '0.000' }), status: 422, code: 'ledger.non_positive_qty', field: 'lines/0/qty' },
  { name: 'negative quantity', body: (s) => rcv(s, { qty: '-3' }), status: 422, code: 'ledger.non_positive_qty', field: 'lines/0/qty' },
  { name: 'negative unit cost', body: (s) => rcv(s, { unitCost: '-1' }), status: 422, code: 'ledger.non_positive_qty', field: 'lines/0/unitCost' },
  { name: 'quantity beyond what the ledger stores', body: (s) => rcv(s, { qty: '99999999999999999999' }), status: 422, code: 'kernel.out_of_range', field: 'lines/0/qty' },
  { name: 'a balance pushed beyond what the ledger stores', body: (s) => rcv(s, { item: s.p.items.lot, lot: 'BIG', qty: '1000' }), status: 422, code: 'kernel.out_of_range', field: 'lines/0/qty' },
  { name: 'transfer to the same bin', body: (s) => ({ type: 'transfer', lines: [{ item: s.p.items.each, qty: '1', from: s.p.bins[0], to: s.p.bins[0] }] }), status: 422, code: 'ledger.same_location', field: 'lines/0/to' },
  { name: 'over-issue (insufficient stock)', body: (s) => ({ type: 'issue_to_production', lines: [{ item: s.p.items.each, qty: '11', from: s.p.bins[0] }] }), status: 409, code: 'ledger.insufficient_stock', field: 'lines/0/qty' },
  { name: 'over-issue from an empty bin', body: (s) => ({ type: 'shipment', lines: [{ item: s.p.items.each, qty: '1', from: s.p.bins[2] }] }), status: 409, code: 'ledger.insufficient_stock', field: 'lines/0/qty' },
  {
    name: 'two lines that together over-issue; the first alone would fit',
    body: (s) => ({ type: 'issue_to_production', lines: [{ item: s.p.items.each, qty: '6', from: s.p.bins[0] }, { item: s.p.items.each, qty: '5', from: s.p.bins[0] }] }),
    status: 409, code: 'ledger.insufficient_stock', field: 'lines/0/qty',
  },
  {
    name: 'a valid first line does not post when the second is bad',
    body: (s) => ({ type: 'receipt', lines: [{ item: s.p.items.each, qty: '5', to: s.p.bins[1] }, { item: s.p.items.kg, qty: '0.0001', to: s.p.bins[1] }] }),
    status: 422, code: 'kernel.too_many_decimals', field: 'lines/1/qty',
  },
  { name: 'malformed JSON', raw: '{"type": "receipt", "lines": [', status: 400, code: 'request.malformed_json', field: 'body' },
  { name: 'empty JSON body', raw: '', status: 400, code: 'request.malformed_json', field: 'body' },
  { name: 'qty as a number', body: (s) => rcv(s, { qty: 1 }), status: 400, code: 'request.validation', field: 'lines/0/qty' },
  { name: 'qty as a float', body: (s) => rcv(s, { qty: 0.1 }), status: 400, code: 'request.validation', field: 'lines/0/qty' },
  { name: 'lines not an array', body: (s) => ({ type: 'receipt', lines: { item: s.p.items.each, qty: '1', to: s.p.bins[0] } }), status: 400, code: 'request.validation', field: 'lines' },
  { name: 'no lines', body: () => ({ type: 'receipt', lines: [] }), status: 400, code: 'request.validation', field: 'lines' },
  { name: 'missing type', body: (s) => ({ lines: rcv(s, {}).lines }), status: 400, code: 'request.validation', field: 'type' },
  { name: 'unknown movement type', body: (s) => ({ ...rcv(s, {}), type: 'teleport' }), status: 400, code: 'request.validation', field: 'type' },
  { name: 'count corrections are not posted through this route', body: (s) => ({ ...rcv(s, {}), type: 'count_correction', reasonCode: 'count' }), status: 400, code: 'request.validation', field: 'type' },
  { name: 'extra unknown field on the movement', body: (s) => ({ ...rcv(s, {}), priority: 'high' }), status: 400, code: 'request.validation', field: 'priority' },
  { name: 'extra unknown field on a line', body: (s) => rcv(s, { colour: 'red' }), status: 400, code: 'request.validation', field: 'lines/0/colour' },
  { name: 'a body that is a JSON array', body: () => [1, 2, 3], status: 400, code: 'request.validation', field: 'body' },
  { name: 'plain text instead of a JSON object', raw: 'receipt 1 each', headers: { 'content-type': 'text/plain' }, status: 400, code: 'request.validation', field: 'body' },
  { name: 'a media type the API does not take', raw: '<movement/>', headers: { 'content-type': 'application/xml' }, status: 415, code: 'request.unsupported_media_type', field: 'content-type' },
  {
    name: 'oversized body',
    body: (s) => ({ type: 'receipt', lines: Array.from({ length: 1000 }, () => ({ item: s.p.items.each, qty: '1', to: s.p.bins[0] })) }),
    status: 413, code: 'request.body_too_large', field: 'body',
  },
  { name: 'SQL-looking item', body: (s) => rcv(s, { item: SQLISH }), status: 422, code: 'catalog.unknown_item', field: 'lines/0/item' },
  { name: 'SQL-looking location', body: (s) => rcv(s, { to: SQLISH }), status: 422, code: 'catalog.unknown_location', field: 'lines/0/to' },
  { name: 'SQL-looking query parameter', method: 'GET', url: () => `/api/v1/stock?item=${encodeURIComponent(SQLISH)}`, status: 422, code: 'catalog.unknown_item', field: 'item' },
  { name: 'NUL byte in an item (PostgreSQL text cannot hold it)', body: (s) => rcv(s, { item: 'A\u0000B' }), status: 400, code: 'request.validation', field: 'lines/0/item' },
  { name: 'NUL byte in a note', body: (s) => ({ ...rcv(s, {}), note: 'x\u0000' }), status: 400, code: 'request.validation', field: 'note' },
  { name: 'NUL byte in a query parameter', method: 'GET', url: () => '/api/v1/movements?item=%00', status: 400, code: 'request.validation', field: 'item' },
  { name: 'missing lot on a lot-tracked item', body: (s) => rcv(s, { item: s.p.items.lot }), status: 422, code: 'catalog.lot_required', field: 'lines/0/lot' },
  { name: 'missing serial on a serial-tracked item', body: (s) => rcv(s, { item: s.p.items.serial }), status: 422, code: 'catalog.lot_required', field: 'lines/0/lot' },
  { name: 'a lot on an item that is not tracked', body: (s) => rcv(s, { lot: 'L1' }), status: 422, code: 'catalog.lot_not_tracked', field: 'lines/0/lot' },
  { name: 'issue of a lot that does not exist', body: (s) => ({ type: 'issue_to_production', lines: [{ item: s.p.items.lot, lot: 'NO-LOT', qty: '1', from: s.p.bins[0] }] }), status: 422, code: 'catalog.unknown_lot', field: 'lines/0/lot' },
  { name: 'serial quantity 2', body: (s) => rcv(s, { item: s.p.items.serial, lot: 'SN-NEW', qty: '2' }), status: 422, code: 'catalog.serial_quantity', field: 'lines/0/qty' },
  { name: 'a serial already on hand received again', body: (s) => rcv(s, { item: s.p.items.serial, lot: 'SN-1', to: s.p.bins[1] }), status: 409, code: 'ledger.serial_on_hand', field: 'lines/0/lot' },
  { name: 'from on a receipt', body: (s) => rcv(s, { from: s.p.bins[1] }), status: 422, code: 'ledger.location_not_allowed', field: 'lines/0/from' },
  { name: 'to on an issue', body: (s) => ({ type: 'issue_to_production', lines: [{ item: s.p.items.each, qty: '1', from: s.p.bins[0], to: s.p.bins[1] }] }), status: 422, code: 'ledger.location_not_allowed', field: 'lines/0/to' },
  { name: 'missing from on a transfer', body: (s) => ({ type: 'transfer', lines: [{ item: s.p.items.each, qty: '1', to: s.p.bins[1] }] }), status: 422, code: 'ledger.location_required', field: 'lines/0/from' },
  { name: 'adjustment naming both from and to', body: (s) => ({ type: 'adjustment', reasonCode: 'damage', lines: [{ item: s.p.items.each, qty: '1', from: s.p.bins[0], to: s.p.bins[1] }] }), status: 422, code: 'ledger.location_required', field: 'lines/0/from' },
  { name: 'adjustment without a reason', body: (s) => ({ type: 'adjustment', lines: [{ item: s.p.items.each, qty: '1', to: s.p.bins[0] }] }), status: 422, code: 'ledger.reason_required', field: 'reasonCode' },
  { name: 'virtual location as the bin of a receipt', body: (s) => rcv(s, { to: 'VIRTUAL/SCRAP' }), status: 422, code: 'ledger.wrong_location_kind', field: 'lines/0/to' },
  { name: 'virtual location as the bin of a transfer', body: (s) => ({ type: 'transfer', lines: [{ item: s.p.items.each, qty: '1', from: 'VIRTUAL/SUPPLIER', to: s.p.bins[1] }] }), status: 422, code: 'ledger.wrong_location_kind', field: 'lines/0/from' },
  { name: 'blocked bin', body: (s) => rcv(s, { to: s.p.bins[3] }), status: 409, code: 'catalog.location_blocked', field: 'lines/0/to' },
  { name: 'Idempotency-Key reused with another payload', body: (s) => rcv(s, { qty: '2' }), headers: { 'idempotency-key': 'key-used-once' }, status: 409, code: 'request.idempotency_conflict', field: 'Idempotency-Key' },
  { name: 'Idempotency-Key too long', body: (s) => rcv(s, {}), headers: { 'idempotency-key': 'k'.repeat(201) }, status: 422, code: 'request.validation', field: 'Idempotency-Key' },
  { name: 'unknown movement id on reverse', url: () => '/api/v1/movements/424242/reverse', body: () => ({}), status: 404, code: 'ledger.movement_not_found', field: 'movementId' },
  { name: 'non-numeric movement id on reverse', url: () => '/api/v1/movements/abc/reverse', body: () => ({}), status: 400, code: 'request.validation', field: 'id' },
  { name: 'reverse twice', url: (s) => `/api/v1/movements/${s.reversedId}/reverse`, body: () => ({}), status: 409, code: 'ledger.already_reversed', field: 'movementId' },
  { name: 'reverse a reversal', url: (s) => `/api/v1/movements/${s.reversalId}/reverse`, body: () => ({}), status: 409, code: 'ledger.cannot_reverse_reversal', field: 'movementId' },
  { name: 'unknown field on reverse', url: (s) => `/api/v1/movements/${s.reversedId}/reverse`, body: () => ({ force: true }), status: 400, code: 'request.validation', field: 'force' },
  { name: 'on-hand at a position beyond the ledger', method: 'GET', url: (s) => `/api/v1/stock/on-hand?item=${s.p.items.each}&location=${s.p.bins[0]}&position=100000`, status: 422, code: 'ledger.bad_position', field: 'position' },
  { name: 'on-hand without a location', method: 'GET', url: (s) => `/api/v1/stock/on-hand?item=${s.p.items.each}`, status: 400, code: 'request.validation', field: 'location' },
  { name: 'movements list with a forged cursor', method: 'GET', url: () => '/api/v1/movements?cursor=bm90LWEtY3Vyc29y', status: 422, code: 'request.invalid_cursor', field: 'cursor' },
];

describe(`ledger bad input (${ENGINE})`, () => {
  let db: TestDb;
  let t: TestApp;
  let s: Setup;
  const statuses: number[] = [];

  before(async () => {
    db = await testDb();
    const p = await buildLedgerPlant(db);
    t = await testApp(db, { config: { bodyLimit: BODY_LIMIT } });
    await httpPostOk(t, { type: 'receipt', lines: [{ item: p.items.each, qty: '10', to: p.bins[0], unitCost: '1.25' }] });
    await httpPostOk(t, { type: 'receipt', lines: [{ item: p.items.lot, lot: 'L1', qty: '5', to: p.bins[0] }] });
    await httpPostOk(t, { type: 'receipt', lines: [{ item: p.items.lot, lot: 'BIG', qty: String(Number.MAX_SAFE_INTEGER - 10), to: p.bins[2] }] });
    await httpPostOk(t, { type: 'receipt', lines: [{ item: p.items.serial, lot: 'SN-1', qty: '1', to: p.bins[0] }] });
    const keyUsed = 'key-used-once';
    await httpPostOk(t, rcv({ p } as Setup, { qty: '1', to: p.bins[1] }), keyUsed);
    const toReverse = await httpPostOk(t, { type: 'receipt', lines: [{ item: p.items.kg, qty: '2.5', to: p.bins[1] }] });
    const rev = await httpReverse(t, toReverse.id);
    assert.equal(rev.status, 201);
    await db.k.updateTable('location').set({ blocked: 1 }).where('code', '=', p.bins[3]).execute();
    s = { p, reversedId: toReverse.id, reversalId: rev.body.id, keyUsed };
    await assertLedgerClean(db);
  });
  after(async () => {
    await t?.close();
    await db?.drop();
  });

  for (const c of CASES) {
    test(c.name, async () => {
      const before = await ledgerSnapshot(db);
      const method = c.method ?? 'POST';
      const headers: Record<string, string> = { ...(method === 'POST' ? { 'content-type': 'application/json' } : {}), ...c.headers };
      const r = await t.inject({
        method,
        url: c.url ? c.url(s) : '/api/v1/movements',
        headers,
        ...(method === 'POST' ? { payload: c.raw ?? JSON.stringify(c.body ? c.body(s) : {}) } : {}),
      });
      statuses.push(r.statusCode);
      const body = JSON.parse(r.body) as { code: string; status: number; type: string; detail: string; errors: Array<{ field: string; reason: string }> };
      assert.equal(r.statusCode, c.status, `status for ${c.name}: ${r.body.slice(0, 400)}`);
      assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
      assert.equal(body.code, c.code, r.body);
      assert.equal(body.status, c.status);
      assert.equal(body.type, `urn:stockroom:problem:${c.code}`);
      assert.ok(body.detail.length > 0, 'a human detail');
      assert.ok(body.errors.some((e) => e.field === c.field && e.reason.length > 0), `errors[].field names ${c.field}: ${JSON.stringify(body.errors)}`);
      assert.deepEqual(await ledgerSnapshot(db), before, 'nothing was posted or changed');
      await assertLedgerClean(db);
    });
  }

  test('the movement table survived the SQL-looking input', async () => {
    const n = await sql<{ n: number }>`select count(*) as n from movement`.execute(db.k);
    assert.ok(Number(n.rows[0]?.n) >= 6);
  });

  test('random bodies: 201 or a 4xx problem, never a 500, and a refusal changes nothing', async () => {
    const item = fc.constantFrom(s.p.items.each, s.p.items.kg, s.p.items.lot, s.p.items.serial, 'NOPE', SQLISH, 5, -1, 1.5, null);
    const loc = fc.constantFrom(s.p.bins[0], s.p.bins[1], s.p.bins[3], 'VIRTUAL/CUSTOMER', s.p.zone, 'NOPE', 7, undefined);
    const qty = fc.oneof(fc.constantFrom('1', '0', '-1', '0.5', '1.0001', '12', ' 2 ', '1e2', '', 'abc', '99999999999999999999'), fc.integer(), fc.double());
    const line = fc.record({ item, qty, from: loc, to: loc, unit: fc.constantFrom(undefined, 'each', 'case', 'g', 'kg', 'bogus'), lot: fc.constantFrom(undefined, 'L1', 'SN-1', 'NEW', ''), unitCost: fc.constantFrom(undefined, '1', '-2', '0.00001', 'x') }, { requiredKeys: ['item', 'qty'] });
    const body = fc.oneof(
      fc.record({ type: fc.constantFrom('receipt', 'issue_to_production', 'transfer', 'shipment', 'adjustment', 'opening_balance', 'reversal', 'bogus'), lines: fc.array(line, { maxLength: 3 }), reasonCode: fc.constantFrom(undefined, 'damage', '') }, { requiredKeys: ['type', 'lines'] }),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const before = await ledgerSnapshot(db);
        const r = await t.inject({ method: 'POST', url: '/api/v1/movements', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(b) ?? 'null' });
        statuses.push(r.statusCode);
        if (r.statusCode === 201) return;
        assert.ok(r.statusCode >= 400 && r.statusCode < 500, `status ${r.statusCode}: ${r.body}`);
        assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
        assert.deepEqual(await ledgerSnapshot(db), before);
      }),
      { numRuns: 150 },
    );
    await assertLedgerClean(db);
  });

  test('no answer in this file was a 500', () => {
    assert.ok(statuses.length >= CASES.length, 'the cases ran');
    assert.deepEqual(statuses.filter((x) => x >= 500), []);
  });
});
