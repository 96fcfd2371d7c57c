import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, assertProblem, auditEvents, counts, type Harness } from './helpers.js';
import { buildPlant, makeItem, type Plant } from '../support/catalog-builders.js';
import { findItemRef } from '../../src/modules/catalog/index.js';

const boltBody = {
  sku: 'BOLT-M10', description: 'Hex bolt M10x40', inventoryType: 'raw', category: 'fasteners', baseUom: 'each', qtyScale: 0,
  criticality: 'critical', standardCost: '0.1234', gtin: '4006381333931',
  units: [{ uom: 'case', factor: '12.0' }, { uom: 'pallet', factor: '480', gtin: '04006381333948' }],
};

describe('items', () => {
  let h: Harness;
  let plant: Plant;
  before(async () => {
    h = await harness();
    plant = await buildPlant(h.db, { prefix: 'P1' });
  });
  after(async () => h.close());

  test('create answers 201 with the item, units normalized, money as a string', async () => {
    const r = await h.t.inject({ method: 'POST', url: '/api/v1/items', payload: boltBody });
    assert.equal(r.statusCode, 201, r.body);
    const item = r.json();
    assert.equal(item.sku, 'BOLT-M10');
    assert.equal(item.standardCost, '0.1234');
    assert.equal(item.criticality, 'critical');
    assert.equal(item.status, 'active');
    assert.deepEqual(item.units, [{ uom: 'case', factor: '12', gtin: null }, { uom: 'pallet', factor: '480', gtin: '04006381333948' }]);
    const bySku = await h.t.inject('/api/v1/items/BOLT-M10');
    const byId = await h.t.inject(`/api/v1/items/by-id/${item.id}`);
    assert.deepEqual(bySku.json(), item);
    assert.deepEqual(byId.json(), item);
    const stored = await h.db.k.selectFrom('item').select(['standard_cost_minor']).where('id', '=', item.id).executeTakeFirstOrThrow();
    assert.equal(Number(stored.standard_cost_minor), 1234, 'money is stored as integer minor units');
  });

  test('create records an audit event with the new record', async () => {
    const item = (await h.t.inject('/api/v1/items/BOLT-M10')).json();
    const events = await auditEvents(h.db, 'item', item.id);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.action, 'catalog.item.create');
    assert.equal(events[0]?.before_json, null);
    assert.equal(JSON.parse(events[0]?.after_json ?? '{}').sku, 'BOLT-M10');
  });

  test('duplicate SKU is a 409 naming sku; duplicate GTIN a 409 naming gtin; nothing written', async () => {
    const before = await counts(h.db);
    assertProblem(await h.t.inject({ method: 'POST', url: '/api/v1/items', payload: boltBody }), 409, 'catalog.duplicate_sku', 'sku');
    assertProblem(await h.t.inject({ method: 'POST', url: '/api/v1/items', payload: { ...boltBody, sku: 'OTHER' } }), 409, 'catalog.duplicate_gtin', 'gtin');
    assert.deepEqual(await counts(h.db), before);
  });

  test('unknown SKU and id answer 404', async () => {
    assertProblem(await h.t.inject('/api/v1/items/NOPE'), 404, 'catalog.item_not_found', 'sku');
    assertProblem(await h.t.inject('/api/v1/items/by-id/999999'), 404, 'catalog.item_not_found', 'id');
  });

  test('PATCH changes only the fields sent, records before and after', async () => {
    const before = (await h.t.inject('/api/v1/items/BOLT-M10')).json();
    const r = await h.t.inject({ method: 'PATCH', url: '/api/v1/items/BOLT-M10', payload: { description: 'Hex bolt M10x40 zinc', category: null, standardCost: '12.5' } });
    assert.equal(r.statusCode, 200, r.body);
    const afterItem = r.json();
    assert.equal(afterItem.description, 'Hex bolt M10x40 zinc');
    assert.equal(afterItem.category, null);
    assert.equal(afterItem.standardCost, '12.50');
    for (const k of ['sku', 'inventoryType', 'baseUom', 'qtyScale', 'criticality', 'gtin', 'units', 'createdAt']) assert.deepEqual(afterItem[k], before[k], k);
    const events = await auditEvents(h.db, 'item', before.id);
    const last = events.at(-1);
    assert.equal(last?.action, 'catalog.item.update');
    assert.equal(JSON.parse(last?.before_json ?? '{}').description, 'Hex bolt M10x40');
    assert.equal(JSON.parse(last?.after_json ?? '{}').description, 'Hex bolt M10x40 zinc');
  });

  test('PATCH units replaces the list; the ledger lookup sees the new factors', async () => {
    const r = await h.t.inject({ method: 'PATCH', url: '/api/v1/items/BOLT-M10', payload: { units: [{ uom: 'box', factor: '100' }, { uom: 'case', factor: '24' }] } });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json().units.map((u: { uom: string; factor: string }) => `${u.uom}=${u.factor}`), ['box=100', 'case=24']);
    const ref = await findItemRef(h.db.k, 'BOLT-M10');
    assert.deepEqual(ref?.units.map((u) => `${u.uom}=${u.factor}`).sort(), ['box=100', 'case=24']);
  });

  test('an empty PATCH changes nothing and writes no audit event', async () => {
    const before = await counts(h.db);
    const r = await h.t.inject({ method: 'PATCH', url: '/api/v1/items/BOLT-M10', payload: {} });
    assert.equal(r.statusCode, 200);
    assert.deepEqual(await counts(h.db), before);
  });

  test('unit conversion is exact: case, pallet, grams of a kg item at scale 3', async () => {
    const bolt = plant.items.bolt.sku;
    const flour = plant.items.flour.sku;
    const cases: Array<[string, string, string | undefined, string]> = [
      [bolt, '2', 'case', '24'],
      [bolt, '1', 'pallet', '480'],
      [bolt, '7', undefined, '7'],
      [bolt, '7', 'each', '7'],
      [flour, '250', 'g', '0.25'],
      [flour, '1', 'g', '0.001'],
      [flour, '1.5', 'kg', '1.5'],
    ];
    for (const [sku, qty, uom, want] of cases) {
      const r = await h.t.inject(`/api/v1/items/${sku}/convert?qty=${qty}${uom ? `&uom=${uom}` : ''}`);
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().qty, want, `${qty} ${uom} of ${sku}`);
    }
    // half a gram is 0.0005 kg: more decimals than the item keeps, refused rather than rounded
    assertProblem(await h.t.inject(`/api/v1/items/${flour}/convert?qty=0.5&uom=g`), 422, 'kernel.too_many_decimals', 'qty');
    assertProblem(await h.t.inject(`/api/v1/items/${bolt}/convert?qty=1&uom=kg`), 422, 'catalog.unknown_unit', 'uom');
    assertProblem(await h.t.inject(`/api/v1/items/${bolt}/convert?qty=1,5`), 422, 'kernel.invalid_decimal', 'qty');
  });

  test('list filters: text, type, category, criticality, status, lot tracking', async () => {
    const skus = async (qs: string) => ((await h.t.inject(`/api/v1/items?${qs}`)).json().items as { sku: string }[]).map((i) => i.sku);
    assert.deepEqual(await skus('q=FLOUR'), ['P1-FLOUR']);
    assert.deepEqual(await skus('q=epoxy'), ['P1-RESIN'], 'text search is case-insensitive and covers the description');
    assert.deepEqual(await skus('q=%25'), [], 'LIKE wildcards in q are taken literally');
    assert.deepEqual(await skus('type=finished'), ['P1-WIDGET']);
    assert.deepEqual(await skus('category=food'), ['P1-FLOUR']);
    assert.deepEqual(await skus('criticality=critical'), ['BOLT-M10', 'P1-RESIN']);
    assert.deepEqual(await skus('lotTracked=true'), ['P1-RESIN']);
    assert.ok(!(await skus('lotTracked=false')).includes('P1-RESIN'));
    assert.deepEqual(await skus('status=inactive'), []);
    // A scanned barcode finds its item, by the item's GTIN or a unit's, with or without the leading 0.
    await makeItem(h.db, { sku: 'SCAN-ME', description: 'Scannable', gtin: '96385074', units: [{ uom: 'case', factor: '6', gtin: '05012345678900' }] });
    assert.deepEqual(await skus('q=96385074'), ['SCAN-ME']);
    assert.deepEqual(await skus('q=5012345678900'), ['SCAN-ME']);
  });

  test('cursor paging walks every item once, in SKU order', async () => {
    for (let i = 0; i < 5; i++) await makeItem(h.db, { sku: `PAGE-${i}`, description: 'paging' });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await h.t.inject(`/api/v1/items?q=paging&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(r.statusCode, 200, r.body);
      const page = r.json() as { items: { sku: string }[]; nextCursor: string | null };
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((i) => i.sku));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    assert.deepEqual(seen, ['PAGE-0', 'PAGE-1', 'PAGE-2', 'PAGE-3', 'PAGE-4']);
    assert.equal(pages, 3);
    assertProblem(await h.t.inject('/api/v1/items?cursor=garbage'), 422, 'request.invalid_cursor', 'cursor');
  });

  test('deactivate sets status inactive; refused while the item holds stock in a bin', async () => {
    const item = await makeItem(h.db, { sku: 'DEACT-1', description: 'to retire' });
    const r = await h.t.inject({ method: 'POST', url: '/api/v1/items/DEACT-1/deactivate' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().status, 'inactive');
    assert.equal((await auditEvents(h.db, 'item', item.id)).at(-1)?.action, 'catalog.item.deactivate');
    const list = (await h.t.inject('/api/v1/items?status=inactive')).json();
    assert.deepEqual(list.items.map((i: { sku: string }) => i.sku), ['DEACT-1']);

    // stock on hand in a bin: the item cannot go inactive (the row stays either way)
    const stocked = await makeItem(h.db, { sku: 'DEACT-2', description: 'has stock' });
    await h.db.k.insertInto('stock_balance').values({ item_id: stocked.id, location_id: plant.bins[0].id, lot_id: 0, qty_on_hand: 5, updated_at: new Date().toISOString() }).execute();
    assertProblem(await h.t.inject({ method: 'POST', url: '/api/v1/items/DEACT-2/deactivate' }), 409, 'catalog.has_stock', 'status');
    assert.equal((await h.t.inject('/api/v1/items/DEACT-2')).json().status, 'active');
    // discontinued (no more buying, stock stays) is allowed
    const d = await h.t.inject({ method: 'PATCH', url: '/api/v1/items/DEACT-2', payload: { status: 'discontinued' } });
    assert.equal(d.json().status, 'discontinued');
  });

  test('base unit, scale and tracking are locked once the ledger holds movements of the item', async () => {
    const item = await makeItem(h.db, { sku: 'LOCKED-1', description: 'posted' });
    const now = new Date().toISOString();
    const mv = await h.db.k.insertInto('movement').values({ seq: 1, movement_type: 'receipt', posted_at: now, actor: 'test', source_doc: null, reason_code: null, note: null, idempotency_key: null, reverses_movement_id: null, count_line_id: null, site_id: plant.site.id }).returning('id').executeTakeFirstOrThrow();
    const line = await h.db.k.insertInto('movement_line').values({ movement_id: mv.id, line_no: 1, item_id: item.id, lot_id: 0, from_location_id: 1, to_location_id: plant.bins[0].id, qty: 3, uom_entered: 'each', qty_entered: '3', unit_cost_minor: 0, value_minor: 0 }).returning('id').executeTakeFirstOrThrow();
    await h.db.k.insertInto('stock_entry').values({ movement_id: mv.id, line_id: line.id, seq: 1, item_id: item.id, location_id: plant.bins[0].id, lot_id: 0, qty: 3, value_minor: 0, posted_at: now }).execute();
    assertProblem(await h.t.inject({ method: 'PATCH', url: '/api/v1/items/LOCKED-1', payload: { qtyScale: 2 } }), 409, 'catalog.item_in_use', 'qtyScale');
    assertProblem(await h.t.inject({ method: 'PATCH', url: '/api/v1/items/LOCKED-1', payload: { baseUom: 'kg' } }), 409, 'catalog.item_in_use', 'baseUom');
    assertProblem(await h.t.inject({ method: 'PATCH', url: '/api/v1/items/LOCKED-1', payload: { lotTracked: true } }), 409, 'catalog.item_in_use', 'lotTracked');
    const ok = await h.t.inject({ method: 'PATCH', url: '/api/v1/items/LOCKED-1', payload: { description: 'still editable', qtyScale: 0 } });
    assert.equal(ok.statusCode, 200, ok.body);
  });

  test('an Idempotency-Key replays the first answer and creates one item', async () => {
    const payload = { sku: 'IDEM-1', description: 'once', inventoryType: 'mro', baseUom: 'each', qtyScale: 0 };
    const headers = { 'idempotency-key': 'k-idem-1' };
    const a = await h.t.inject({ method: 'POST', url: '/api/v1/items', payload, headers });
    const b = await h.t.inject({ method: 'POST', url: '/api/v1/items', payload, headers });
    assert.equal(a.statusCode, 201);
    assert.equal(b.statusCode, 201);
    assert.equal(b.headers['idempotent-replayed'], 'true');
    assert.deepEqual(b.json(), a.json());
    const n = await h.db.k.selectFrom('item').select('id').where('sku', '=', 'IDEM-1').execute();
    assert.equal(n.length, 1);
    assertProblem(await h.t.inject({ method: 'POST', url: '/api/v1/items', payload: { ...payload, description: 'other' }, headers }), 409, 'request.idempotency_conflict');
  });
});

describe('units of measure', () => {
  let h: Harness;
  before(async () => { h = await harness(); });
  after(async () => h.close());

  test('list, filter by dimension, page, and read one', async () => {
    const all = (await h.t.inject('/api/v1/uoms?limit=500')).json();
    assert.ok(all.items.some((u: { code: string }) => u.code === 'kg'));
    assert.equal(all.nextCursor, null);
    const mass = (await h.t.inject('/api/v1/uoms?dimension=mass')).json();
    assert.deepEqual(mass.items.map((u: { code: string }) => u.code), ['g', 'kg', 'lb', 't']);
    const p1 = (await h.t.inject('/api/v1/uoms?limit=2')).json();
    const p2 = (await h.t.inject(`/api/v1/uoms?limit=2&cursor=${p1.nextCursor}`)).json();
    assert.equal(p1.items.length, 2);
    assert.notEqual(p2.items[0].code, p1.items[1].code);
    assert.deepEqual((await h.t.inject('/api/v1/uoms/g')).json(), { code: 'g', name: 'Gram', dimension: 'mass' });
    assertProblem(await h.t.inject('/api/v1/uoms/parsec'), 404, 'catalog.uom_not_found', 'code');
  });
});
