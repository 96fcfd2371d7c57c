import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, assertProblem, auditEvents, counts, type Harness } from './helpers.js';
import { makeItem } from '../support/catalog-builders.js';
import { requireLocationRef, siteAllowsNegative } from '../../src/modules/catalog/index.js';

describe('locations', () => {
  let h: Harness;
  const post = (payload: object) => h.t.inject({ method: 'POST', url: '/api/v1/locations', payload });
  before(async () => {
    h = await harness();
  });
  after(async () => h.close());

  test('create site > warehouse > zone > bins; each knows its site and parent', async () => {
    const site = await post({ code: 'S1', name: 'Plant 1', kind: 'site', allowNegativeStock: true });
    assert.equal(site.statusCode, 201, site.body);
    assert.equal(site.json().siteId, site.json().id, 'a site is its own site');
    assert.equal((await post({ code: 'S1-WH', name: 'Main warehouse', kind: 'warehouse', parent: 'S1' })).statusCode, 201);
    assert.equal((await post({ code: 'S1-Z1', name: 'Zone 1', kind: 'zone', parent: 'S1-WH' })).statusCode, 201);
    assert.equal((await post({ code: 'S1-Z2', name: 'Zone 2', kind: 'zone', parent: 'S1-WH' })).statusCode, 201);
    // created out of walk order on purpose
    for (const [code, walkSeq] of [['S1-Z1-C', 10], ['S1-Z1-A', 30], ['S1-Z1-B', 20]] as const) {
      const r = await post({ code, name: code, kind: 'bin', parent: 'S1-Z1', walkSeq });
      assert.equal(r.statusCode, 201, r.body);
    }
    const bin = (await h.t.inject('/api/v1/locations/S1-Z1-A')).json();
    assert.equal(bin.kind, 'bin');
    assert.equal(bin.parent, 'S1-Z1');
    assert.equal(bin.site, 'S1');
    assert.equal(bin.siteId, site.json().id);
    assert.equal(bin.walkSeq, 30);
    assert.deepEqual((await h.t.inject(`/api/v1/locations/by-id/${bin.id}`)).json(), bin);
    // the ledger's lookups see what the catalog created
    const ref = await requireLocationRef(h.db.k, 'S1-Z1-A', 'to');
    assert.equal(ref.siteId, site.json().id);
    assert.equal(await siteAllowsNegative(h.db.k, ref.siteId), true);
    assert.equal((await auditEvents(h.db, 'location', bin.id))[0]?.action, 'catalog.location.create');
  });

  test('tree of a site nests every level, bins in walk sequence', async () => {
    const r = await h.t.inject('/api/v1/locations/S1/tree');
    assert.equal(r.statusCode, 200, r.body);
    const tree = r.json();
    assert.equal(tree.code, 'S1');
    const wh = tree.children[0];
    assert.equal(wh.code, 'S1-WH');
    assert.deepEqual(wh.children.map((z: { code: string }) => z.code), ['S1-Z1', 'S1-Z2']);
    assert.deepEqual(wh.children[0].children.map((b: { code: string; walkSeq: number }) => [b.code, b.walkSeq]), [['S1-Z1-C', 10], ['S1-Z1-B', 20], ['S1-Z1-A', 30]]);
    const zone = (await h.t.inject('/api/v1/locations/S1-Z1/tree')).json();
    assert.equal(zone.children.length, 3);
    const children = (await h.t.inject('/api/v1/locations/S1-Z1/children')).json();
    assert.deepEqual(children.items.map((c: { code: string }) => c.code), ['S1-Z1-C', 'S1-Z1-B', 'S1-Z1-A']);
    assertProblem(await h.t.inject('/api/v1/locations/NOPE/tree'), 404, 'catalog.location_not_found', 'code');
  });

  test('list filters: kind, site, parent, active; cursor paging', async () => {
    const codes = async (qs: string) => ((await h.t.inject(`/api/v1/locations?${qs}`)).json().items as { code: string }[]).map((l) => l.code);
    assert.deepEqual(await codes('kind=bin&site=S1'), ['S1-Z1-A', 'S1-Z1-B', 'S1-Z1-C']);
    assert.deepEqual(await codes('parent=S1-WH'), ['S1-Z1', 'S1-Z2']);
    assert.equal((await codes('kind=virtual')).length, 7);
    assert.deepEqual(await codes('site=S1&active=false'), []);
    assertProblem(await h.t.inject('/api/v1/locations?site=NOPE'), 422, 'catalog.unknown_location', 'site');
    const first = (await h.t.inject('/api/v1/locations?site=S1&limit=4')).json();
    const second = (await h.t.inject(`/api/v1/locations?site=S1&limit=4&cursor=${first.nextCursor}`)).json();
    assert.equal(first.items.length, 4);
    assert.equal(second.items.length, 3);
    assert.equal(second.nextCursor, null);
    assert.equal(new Set([...first.items, ...second.items].map((l: { code: string }) => l.code)).size, 7);
  });

  test('wrong or missing parents are refused naming the field; nothing written', async () => {
    const before = await counts(h.db);
    assertProblem(await post({ code: 'X1', name: 'x', kind: 'bin', parent: 'S1-WH' }), 422, 'catalog.bad_parent', 'parent');
    assertProblem(await post({ code: 'X2', name: 'x', kind: 'zone', parent: 'S1' }), 422, 'catalog.bad_parent', 'parent');
    assertProblem(await post({ code: 'X3', name: 'x', kind: 'warehouse' }), 422, 'catalog.bad_parent', 'parent');
    assertProblem(await post({ code: 'X4', name: 'x', kind: 'site', parent: 'S1' }), 422, 'catalog.bad_parent', 'parent');
    assertProblem(await post({ code: 'X5', name: 'x', kind: 'bin', parent: 'NOPE' }), 422, 'catalog.unknown_location', 'parent');
    assertProblem(await post({ code: 'X6', name: 'x', kind: 'zone', parent: 'S1-WH', walkSeq: 4 }), 422, 'catalog.invalid_field', 'walkSeq');
    assertProblem(await post({ code: 'X7', name: 'x', kind: 'bin', parent: 'S1-Z1', allowNegativeStock: true }), 422, 'catalog.invalid_field', 'allowNegativeStock');
    assertProblem(await post({ code: 'S1-Z1-A', name: 'x', kind: 'bin', parent: 'S1-Z1' }), 409, 'catalog.duplicate_code', 'code');
    assertProblem(await post({ code: 'X8', name: 'x', kind: 'virtual' }), 400, 'request.validation', 'kind');
    assert.deepEqual(await counts(h.db), before);
  });

  test('PATCH renames and re-sequences a bin; flags that do not fit the kind are refused', async () => {
    const r = await h.t.inject({ method: 'PATCH', url: '/api/v1/locations/S1-Z1-A', payload: { name: 'Bin A (top shelf)', walkSeq: 5 } });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().name, 'Bin A (top shelf)');
    assert.equal(r.json().walkSeq, 5);
    const tree = (await h.t.inject('/api/v1/locations/S1-Z1/tree')).json();
    assert.equal(tree.children[0].code, 'S1-Z1-A');
    assertProblem(await h.t.inject({ method: 'PATCH', url: '/api/v1/locations/S1-Z1', payload: { blocked: true } }), 422, 'catalog.invalid_field', 'blocked');
    const site = await h.t.inject({ method: 'PATCH', url: '/api/v1/locations/S1', payload: { allowNegativeStock: false } });
    assert.equal(site.json().allowNegativeStock, false);
    const ev = (await auditEvents(h.db, 'location', r.json().id)).at(-1);
    assert.equal(ev?.action, 'catalog.location.update');
    assert.equal(JSON.parse(ev?.before_json ?? '{}').walkSeq, 30);
  });

  test('block and unblock a bin', async () => {
    const b = await h.t.inject({ method: 'POST', url: '/api/v1/locations/S1-Z1-B/block' });
    assert.equal(b.statusCode, 200, b.body);
    assert.equal(b.json().blocked, true);
    assert.equal((await requireLocationRef(h.db.k, 'S1-Z1-B', 'from')).blocked, true);
    const u = await h.t.inject({ method: 'POST', url: '/api/v1/locations/S1-Z1-B/unblock' });
    assert.equal(u.json().blocked, false);
    const actions = (await auditEvents(h.db, 'location', b.json().id)).map((e) => e.action);
    assert.deepEqual(actions.slice(-2), ['catalog.location.block', 'catalog.location.unblock']);
  });

  test('deactivate: refused with active children or stock; allowed when empty; PATCH active reactivates', async () => {
    assertProblem(await h.t.inject({ method: 'POST', url: '/api/v1/locations/S1-Z1/deactivate' }), 409, 'catalog.location_has_children', 'active');
    const item = await makeItem(h.db, { sku: 'LOC-STOCK' });
    const bin = (await h.t.inject('/api/v1/locations/S1-Z1-C')).json();
    await h.db.k.insertInto('stock_balance').values({ item_id: item.id, location_id: bin.id, lot_id: 0, qty_on_hand: 1, updated_at: new Date().toISOString() }).execute();
    assertProblem(await h.t.inject({ method: 'POST', url: '/api/v1/locations/S1-Z1-C/deactivate' }), 409, 'catalog.has_stock', 'active');
    const z2 = await h.t.inject({ method: 'POST', url: '/api/v1/locations/S1-Z2/deactivate' });
    assert.equal(z2.statusCode, 200, z2.body);
    assert.equal(z2.json().active, false);
    assert.deepEqual((await h.t.inject('/api/v1/locations?active=false')).json().items.map((l: { code: string }) => l.code), ['S1-Z2']);
    assertProblem(await post({ code: 'S1-Z2-A', name: 'x', kind: 'bin', parent: 'S1-Z2' }), 422, 'catalog.location_inactive', 'parent');
    const back = await h.t.inject({ method: 'PATCH', url: '/api/v1/locations/S1-Z2', payload: { active: true } });
    assert.equal(back.json().active, true);
  });

  test('virtual locations are readable and read-only', async () => {
    const r = await h.t.inject('/api/v1/locations/VIRTUAL%2FSCRAP');
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().kind, 'virtual');
    assert.equal(r.json().virtualRole, 'scrap');
    assert.equal((await h.t.inject('/api/v1/locations/VIRTUAL%2FSCRAP/tree')).json().children.length, 0);
    const before = await counts(h.db);
    assertProblem(await h.t.inject({ method: 'PATCH', url: '/api/v1/locations/VIRTUAL%2FSCRAP', payload: { name: 'Bin' } }), 422, 'catalog.virtual_read_only', 'code');
    assertProblem(await h.t.inject({ method: 'POST', url: '/api/v1/locations/VIRTUAL%2FSCRAP/deactivate' }), 422, 'catalog.virtual_read_only', 'code');
    assert.deepEqual(await counts(h.db), before);
  });
});
