import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, assertProblem, auditEvents, counts, type Harness } from './helpers.js';
import { buildPlant, makeItem, makeLot, makeSupplier, type Plant } from '../support/catalog-builders.js';
import { findLotRef } from '../../src/modules/catalog/index.js';

describe('suppliers', () => {
  let h: Harness;
  before(async () => { h = await harness(); });
  after(async () => h.close());

  test('create, read by code and id, update, deactivate, with audit', async () => {
    const r = await h.t.inject({ method: 'POST', url: '/api/v1/suppliers', payload: { code: 'ACME', name: 'Acme Fasteners', email: 'orders@acme.example', leadTimeDays: 14 } });
    assert.equal(r.statusCode, 201, r.body);
    const s = r.json();
    assert.deepEqual({ code: s.code, name: s.name, email: s.email, leadTimeDays: s.leadTimeDays, active: s.active }, { code: 'ACME', name: 'Acme Fasteners', email: 'orders@acme.example', leadTimeDays: 14, active: true });
    assert.deepEqual((await h.t.inject('/api/v1/suppliers/ACME')).json(), s);
    assert.deepEqual((await h.t.inject(`/api/v1/suppliers/by-id/${s.id}`)).json(), s);
    const u = await h.t.inject({ method: 'PATCH', url: '/api/v1/suppliers/ACME', payload: { leadTimeDays: 10, email: null } });
    assert.equal(u.json().leadTimeDays, 10);
    assert.equal(u.json().email, null);
    assert.equal(u.json().name, 'Acme Fasteners');
    const d = await h.t.inject({ method: 'POST', url: '/api/v1/suppliers/ACME/deactivate' });
    assert.equal(d.json().active, false);
    assert.deepEqual((await auditEvents(h.db, 'supplier', s.id)).map((e) => e.action), ['catalog.supplier.create', 'catalog.supplier.update', 'catalog.supplier.deactivate']);
    assertProblem(await h.t.inject('/api/v1/suppliers/NOPE'), 404, 'catalog.supplier_not_found', 'code');
  });

  test('refusals name the field and write nothing', async () => {
    const before = await counts(h.db);
    const post = (payload: object) => h.t.inject({ method: 'POST', url: '/api/v1/suppliers', payload });
    assertProblem(await post({ code: 'ACME', name: 'again' }), 409, 'catalog.duplicate_code', 'code');
    assertProblem(await post({ code: 'B', name: 'b', email: 'not-an-address' }), 422, 'catalog.invalid_field', 'email');
    assertProblem(await post({ code: 'B', name: 'b', leadTimeDays: -1 }), 400, 'request.validation', 'leadTimeDays');
    assertProblem(await post({ code: 'B B', name: 'b' }), 422, 'catalog.bad_code', 'code');
    assertProblem(await post({ code: 'B', name: '   ' }), 422, 'catalog.invalid_field', 'name');
    assert.deepEqual(await counts(h.db), before);
  });

  test('list by active flag and text, paged', async () => {
    for (const code of ['SUP-A', 'SUP-B', 'SUP-C']) await makeSupplier(h.db, { code, name: `Supplier ${code}` });
    const codes = async (qs: string) => ((await h.t.inject(`/api/v1/suppliers?${qs}`)).json().items as { code: string }[]).map((s) => s.code);
    assert.deepEqual(await codes('active=true'), ['SUP-A', 'SUP-B', 'SUP-C']);
    assert.deepEqual(await codes('active=false'), ['ACME']);
    assert.deepEqual(await codes('q=acme'), ['ACME']);
    const p1 = (await h.t.inject('/api/v1/suppliers?limit=2')).json();
    const p2 = (await h.t.inject(`/api/v1/suppliers?limit=2&cursor=${p1.nextCursor}`)).json();
    assert.deepEqual([...p1.items, ...p2.items].map((s: { code: string }) => s.code), ['ACME', 'SUP-A', 'SUP-B', 'SUP-C']);
    assert.equal(p2.nextCursor, null);
  });

  test('an item names its default supplier by code', async () => {
    const r = await h.t.inject({ method: 'POST', url: '/api/v1/items', payload: { sku: 'NUT-M8', description: 'Nut', inventoryType: 'raw', baseUom: 'each', qtyScale: 0, defaultSupplier: 'SUP-A' } });
    assert.equal(r.json().defaultSupplier, 'SUP-A');
    assertProblem(await h.t.inject({ method: 'PATCH', url: '/api/v1/items/NUT-M8', payload: { defaultSupplier: 'NOPE' } }), 422, 'catalog.unknown_supplier', 'defaultSupplier');
  });
});

describe('lots and serials', () => {
  let h: Harness;
  let plant: Plant;
  before(async () => {
    h = await harness();
    plant = await buildPlant(h.db, { prefix: 'L' });
  });
  after(async () => h.close());

  test('create a lot with expiry and supplier lot; read by id and by SKU + lot number', async () => {
    const r = await h.t.inject({ method: 'POST', url: '/api/v1/lots', payload: { sku: 'L-RESIN', lotNo: 'R-2026-001', expiresOn: '2027-03-31', supplierLot: 'SUP-77' } });
    assert.equal(r.statusCode, 201, r.body);
    const lot = r.json();
    assert.deepEqual({ sku: lot.sku, lotNo: lot.lotNo, kind: lot.kind, expiresOn: lot.expiresOn, supplierLot: lot.supplierLot, active: lot.active }, { sku: 'L-RESIN', lotNo: 'R-2026-001', kind: 'lot', expiresOn: '2027-03-31', supplierLot: 'SUP-77', active: true });
    assert.deepEqual((await h.t.inject(`/api/v1/lots/${lot.id}`)).json(), lot);
    assert.deepEqual((await h.t.inject('/api/v1/items/L-RESIN/lots/R-2026-001')).json(), lot);
    assert.equal((await findLotRef(h.db.k, plant.items.resin.id, 'R-2026-001'))?.id, lot.id, 'the ledger finds it');
    assert.equal((await auditEvents(h.db, 'lot', lot.id))[0]?.action, 'catalog.lot.create');
    assertProblem(await h.t.inject('/api/v1/items/L-RESIN/lots/NOPE'), 404, 'catalog.lot_not_found', 'lotNo');
    assertProblem(await h.t.inject('/api/v1/lots/999999'), 404, 'catalog.lot_not_found', 'id');
  });

  test('serials of a serial-tracked item are kind serial and unique per item', async () => {
    const pump = await makeItem(h.db, { sku: 'L-PUMP', description: 'Pump', serialTracked: true });
    const r = await h.t.inject({ method: 'POST', url: '/api/v1/lots', payload: { sku: pump.sku, lotNo: 'SN-0001' } });
    assert.equal(r.json().kind, 'serial');
    assertProblem(await h.t.inject({ method: 'POST', url: '/api/v1/lots', payload: { sku: pump.sku, lotNo: 'SN-0001' } }), 409, 'catalog.duplicate_code', 'lotNo');
    // the same number on another item is fine
    assert.equal((await h.t.inject({ method: 'POST', url: '/api/v1/lots', payload: { sku: 'L-RESIN', lotNo: 'SN-0001' } })).statusCode, 201);
  });

  test('refusals: untracked item, unknown item, impossible date; nothing written', async () => {
    const before = await counts(h.db);
    const post = (payload: object) => h.t.inject({ method: 'POST', url: '/api/v1/lots', payload });
    assertProblem(await post({ sku: 'L-BOLT-M8', lotNo: 'X' }), 422, 'catalog.lot_not_tracked', 'sku');
    assertProblem(await post({ sku: 'NOPE', lotNo: 'X' }), 422, 'catalog.unknown_item', 'sku');
    assertProblem(await post({ sku: 'L-RESIN', lotNo: 'X', expiresOn: '2026-02-30' }), 422, 'catalog.bad_date', 'expiresOn');
    assertProblem(await post({ sku: 'L-RESIN', lotNo: 'X', expiresOn: '31.12.2026' }), 422, 'catalog.bad_date', 'expiresOn');
    assert.deepEqual(await counts(h.db), before);
  });

  test('update expiry, deactivate, list by item, expiring before (first expiring first), paged', async () => {
    const a = await makeLot(h.db, plant.items.resin, { lotNo: 'R-A', expiresOn: '2026-12-15' });
    const b = await makeLot(h.db, plant.items.resin, { lotNo: 'R-B', expiresOn: '2026-12-01' });
    const c = await makeLot(h.db, plant.items.resin, { lotNo: 'R-C', expiresOn: '2026-12-01' });
    await makeLot(h.db, plant.items.resin, { lotNo: 'R-D' });
    const u = await h.t.inject({ method: 'PATCH', url: `/api/v1/lots/${a.id}`, payload: { expiresOn: '2026-11-30', supplierLot: 'S-1' } });
    assert.equal(u.statusCode, 200, u.body);
    assert.equal(u.json().expiresOn, '2026-11-30');
    const ev = (await auditEvents(h.db, 'lot', a.id)).at(-1);
    assert.equal(JSON.parse(ev?.before_json ?? '{}').expiresOn, '2026-12-15');

    const lotNos = async (qs: string) => ((await h.t.inject(`/api/v1/lots?${qs}`)).json().items as { lotNo: string }[]).map((l) => l.lotNo);
    assert.deepEqual(await lotNos('expiringBefore=2026-12-31'), ['R-A', 'R-B', 'R-C']);
    assert.deepEqual(await lotNos('expiringBefore=2026-12-01'), ['R-A']);
    const p1 = (await h.t.inject('/api/v1/lots?expiringBefore=2027-12-31&limit=2')).json();
    const p2 = (await h.t.inject(`/api/v1/lots?expiringBefore=2027-12-31&limit=2&cursor=${p1.nextCursor}`)).json();
    assert.deepEqual([...p1.items, ...p2.items].map((l: { lotNo: string }) => l.lotNo), ['R-A', 'R-B', 'R-C', 'R-2026-001']);
    assert.equal(p2.nextCursor, null);
    assert.equal((await lotNos('item=L-PUMP')).length, 1);
    assertProblem(await h.t.inject('/api/v1/lots?item=NOPE'), 422, 'catalog.unknown_item', 'item');

    const d = await h.t.inject({ method: 'POST', url: `/api/v1/lots/${b.id}/deactivate` });
    assert.equal(d.json().active, false);
    assert.deepEqual(await lotNos('item=L-RESIN&active=false'), ['R-B']);
    assert.ok(!(await lotNos('item=L-RESIN&active=true')).includes('R-B'));
    assert.ok(c.id > b.id);
  });
});
