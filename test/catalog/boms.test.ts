import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, assertProblem, auditEvents, counts, type Harness } from './helpers.js';
import { makeBom, makeItem } from '../support/catalog-builders.js';

describe('bills of materials', () => {
  let h: Harness;
  const post = (payload: object) => h.t.inject({ method: 'POST', url: '/api/v1/boms', payload });
  before(async () => {
    h = await harness();
    // a three-level product: BIKE ← FRAME ← TUBE, and a paint sold by the kg at scale 3
    await makeItem(h.db, { sku: 'BIKE', description: 'Bicycle', inventoryType: 'finished' });
    await makeItem(h.db, { sku: 'FRAME', description: 'Frame', inventoryType: 'wip' });
    await makeItem(h.db, { sku: 'TUBE', description: 'Steel tube', baseUom: 'm', qtyScale: 3 });
    await makeItem(h.db, { sku: 'WHEEL', description: 'Wheel' });
    await makeItem(h.db, { sku: 'PAINT', description: 'Paint', baseUom: 'kg', qtyScale: 3 });
    await makeItem(h.db, { sku: 'MIX', description: 'Paint mix', inventoryType: 'wip', baseUom: 'kg', qtyScale: 3 });
  });
  after(async () => h.close());

  test('create with exact decimal strings; read by code and id', async () => {
    const r = await post({ code: 'BOM-FRAME', parentSku: 'FRAME', components: [{ sku: 'TUBE', qtyPer: '2.350', scrapPct: '2.5' }, { sku: 'PAINT', qtyPer: '0.25' }] });
    assert.equal(r.statusCode, 201, r.body);
    const bom = r.json();
    assert.equal(bom.parentSku, 'FRAME');
    assert.equal(bom.qtyOutput, '1');
    assert.deepEqual(bom.components, [
      { lineNo: 1, sku: 'TUBE', qtyPer: '2.35', scrapPct: '2.5' },
      { lineNo: 2, sku: 'PAINT', qtyPer: '0.25', scrapPct: '0' },
    ]);
    assert.deepEqual((await h.t.inject('/api/v1/boms/BOM-FRAME')).json(), bom);
    assert.deepEqual((await h.t.inject(`/api/v1/boms/by-id/${bom.id}`)).json(), bom);
    assert.equal((await auditEvents(h.db, 'bom', bom.id))[0]?.action, 'catalog.bom.create');
    // output quantity at the parent's scale: a batch of 2.5 kg of mix
    const mix = await post({ code: 'BOM-MIX', parentSku: 'MIX', qtyOutput: '2.5', components: [{ sku: 'PAINT', qtyPer: '2.4' }] });
    assert.equal(mix.json().qtyOutput, '2.5');
    const stored = await h.db.k.selectFrom('bom').select('qty_output').where('code', '=', 'BOM-MIX').executeTakeFirstOrThrow();
    assert.equal(Number(stored.qty_output), 2500);
  });

  test('refuses a BOM that contains its own parent', async () => {
    assertProblem(await post({ code: 'BOM-SELF', parentSku: 'TUBE', components: [{ sku: 'TUBE', qtyPer: '1' }] }), 422, 'catalog.bom_cycle', 'components/0/sku');
  });

  test('refuses cycles across levels and names the path', async () => {
    assert.equal((await post({ code: 'BOM-BIKE', parentSku: 'BIKE', components: [{ sku: 'FRAME', qtyPer: '1' }, { sku: 'WHEEL', qtyPer: '2' }] })).statusCode, 201);
    const before = await counts(h.db);
    // TUBE ← BIKE would close BIKE → FRAME → TUBE → BIKE
    const r = await post({ code: 'BOM-TUBE', parentSku: 'TUBE', components: [{ sku: 'WHEEL', qtyPer: '1' }, { sku: 'BIKE', qtyPer: '1' }] });
    assertProblem(r, 422, 'catalog.bom_cycle', 'components/1/sku');
    assert.deepEqual(r.json().cycle, ['TUBE', 'BIKE', 'FRAME', 'TUBE']);
    assert.match(r.json().detail, /TUBE → BIKE → FRAME → TUBE/);
    assert.deepEqual(await counts(h.db), before, 'nothing written');
    // a shared component (a diamond) is not a cycle
    assert.equal((await post({ code: 'BOM-WHEEL', parentSku: 'WHEEL', components: [{ sku: 'TUBE', qtyPer: '1.2' }] })).statusCode, 201);
  });

  test('an update that would close a cycle is refused; replacing a BOM\'s own lines is not a cycle', async () => {
    assertProblem(await h.t.inject({ method: 'PATCH', url: '/api/v1/boms/BOM-FRAME', payload: { components: [{ sku: 'BIKE', qtyPer: '1' }] } }), 422, 'catalog.bom_cycle', 'components/0/sku');
    const r = await h.t.inject({ method: 'PATCH', url: '/api/v1/boms/BOM-FRAME', payload: { components: [{ sku: 'TUBE', qtyPer: '2.4' }], qtyOutput: '1' } });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json().components, [{ lineNo: 1, sku: 'TUBE', qtyPer: '2.4', scrapPct: '0' }]);
    const ev = (await auditEvents(h.db, 'bom', r.json().id)).at(-1);
    assert.equal(ev?.action, 'catalog.bom.update');
    assert.equal(JSON.parse(ev?.before_json ?? '{}').components.length, 2);
  });

  test('inactive BOMs still count for cycles (they may be reactivated)', async () => {
    await makeItem(h.db, { sku: 'KIT' });
    await makeItem(h.db, { sku: 'PART' });
    await makeBom(h.db, { sku: 'KIT' }, [{ sku: 'PART', qtyPer: '1' }], { code: 'BOM-KIT' });
    const d = await h.t.inject({ method: 'POST', url: '/api/v1/boms/BOM-KIT/deactivate' });
    assert.equal(d.json().active, false);
    assertProblem(await post({ code: 'BOM-PART', parentSku: 'PART', components: [{ sku: 'KIT', qtyPer: '1' }] }), 422, 'catalog.bom_cycle', 'components/0/sku');
  });

  test('list by parent, component and active flag; paged', async () => {
    const codes = async (qs: string) => ((await h.t.inject(`/api/v1/boms?${qs}`)).json().items as { code: string }[]).map((b) => b.code);
    assert.deepEqual(await codes('parent=BIKE'), ['BOM-BIKE']);
    assert.deepEqual(await codes('component=TUBE'), ['BOM-FRAME', 'BOM-WHEEL']);
    assert.deepEqual(await codes('active=false'), ['BOM-KIT']);
    const p1 = (await h.t.inject('/api/v1/boms?limit=3')).json();
    const p2 = (await h.t.inject(`/api/v1/boms?limit=3&cursor=${p1.nextCursor}`)).json();
    assert.deepEqual([...p1.items, ...p2.items].map((b: { code: string }) => b.code), ['BOM-BIKE', 'BOM-FRAME', 'BOM-KIT', 'BOM-MIX', 'BOM-WHEEL']);
    assertProblem(await h.t.inject('/api/v1/boms?parent=NOPE'), 422, 'catalog.unknown_item', 'parent');
  });

  test('bad quantities, unknown items and duplicates name the field; nothing written', async () => {
    const before = await counts(h.db);
    const cases: Array<[object, number, string, string]> = [
      [{ code: 'B1', parentSku: 'NOPE', components: [{ sku: 'TUBE', qtyPer: '1' }] }, 422, 'catalog.unknown_item', 'parentSku'],
      [{ code: 'B1', parentSku: 'KIT', components: [{ sku: 'NOPE', qtyPer: '1' }] }, 422, 'catalog.unknown_item', 'components/0/sku'],
      [{ code: 'B1', parentSku: 'KIT', components: [{ sku: 'TUBE', qtyPer: '0' }] }, 422, 'catalog.bad_quantity', 'components/0/qtyPer'],
      [{ code: 'B1', parentSku: 'KIT', components: [{ sku: 'TUBE', qtyPer: '-1' }] }, 422, 'catalog.bad_quantity', 'components/0/qtyPer'],
      [{ code: 'B1', parentSku: 'KIT', components: [{ sku: 'TUBE', qtyPer: '1e3' }] }, 422, 'catalog.bad_quantity', 'components/0/qtyPer'],
      [{ code: 'B1', parentSku: 'KIT', components: [{ sku: 'TUBE', qtyPer: 1 }] }, 400, 'request.validation', 'components/0/qtyPer'],
      [{ code: 'B1', parentSku: 'KIT', components: [{ sku: 'TUBE', qtyPer: '1', scrapPct: '100' }] }, 422, 'catalog.bad_quantity', 'components/0/scrapPct'],
      [{ code: 'B1', parentSku: 'KIT', components: [{ sku: 'TUBE', qtyPer: '1' }, { sku: 'TUBE', qtyPer: '2' }] }, 422, 'catalog.invalid_field', 'components/1/sku'],
      [{ code: 'B1', parentSku: 'KIT', qtyOutput: '1.5', components: [{ sku: 'TUBE', qtyPer: '1' }] }, 422, 'kernel.too_many_decimals', 'qtyOutput'],
      [{ code: 'B1', parentSku: 'KIT', qtyOutput: '0', components: [{ sku: 'TUBE', qtyPer: '1' }] }, 422, 'catalog.bad_quantity', 'qtyOutput'],
      [{ code: 'B1', parentSku: 'KIT', components: [] }, 400, 'request.validation', 'components'],
      [{ code: 'BOM-BIKE', parentSku: 'KIT', components: [{ sku: 'TUBE', qtyPer: '1' }] }, 409, 'catalog.duplicate_code', 'code'],
    ];
    for (const [payload, status, code, field] of cases) assertProblem(await post(payload), status, code, field);
    assertProblem(await h.t.inject('/api/v1/boms/NOPE'), 404, 'catalog.bom_not_found', 'code');
    assert.deepEqual(await counts(h.db), before);
  });
});
