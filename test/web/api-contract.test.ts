// The web app's API client against the server's OpenAPI document: every endpoint the app calls exists
// with that method, the query parameters it may send are declared, and the permission the app assumes
// (to show or hide a screen) is the one the route declares. Plus the navigation's permissions.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENDPOINTS, type EndpointName } from '../../web/src/shared/api/endpoints.js';
import { NAV, can, permissionsOf, visibleSiteIds } from '../../web/src/app/permissions.js';
import { testDb, type TestDb } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';

interface OpenApiOperation {
  parameters?: Array<{ name: string; in: string }>;
  'x-permission'?: string;
}
type OpenApi = { paths: Record<string, Record<string, OpenApiOperation>> };

describe('web API client ↔ OpenAPI document', () => {
  let db: TestDb;
  let t: TestApp;
  let doc: OpenApi;

  before(async () => {
    db = await testDb();
    t = await testApp(db);
    const res = await t.inject('/openapi.json');
    assert.equal(res.statusCode, 200);
    doc = res.json() as OpenApi;
  });
  after(async () => {
    await t.close();
    await db.drop();
  });

  for (const [name, spec] of Object.entries(ENDPOINTS) as [EndpointName, (typeof ENDPOINTS)[EndpointName]][]) {
    it(`${name}: ${spec.method} ${spec.path} is served with the query and permission the app assumes`, () => {
      const op = doc.paths[spec.path]?.[spec.method.toLowerCase()];
      assert.ok(op, `${spec.method} ${spec.path} is not in /openapi.json`);
      const declared = new Set((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
      for (const q of 'query' in spec ? spec.query : []) assert.ok(declared.has(q), `${name}: query parameter "${q}" is not declared by the server (declared: ${[...declared].join(', ')})`);
      assert.equal(op['x-permission'], spec.permission, `${name}: the route's permission`);
    });
  }

  it('every navigation entry needs the permission of the endpoint its screen calls first', () => {
    for (const n of NAV) {
      const ep = ENDPOINTS[n.endpoint as EndpointName];
      assert.ok(ep, `${n.label}: unknown endpoint ${n.endpoint}`);
      assert.equal(n.permission, ep.permission, `${n.label}`);
    }
  });
});

describe('web permissions', () => {
  it('shows a storekeeper the ledger screens and posting, but not the valuation report', () => {
    const perms = permissionsOf(['catalog.read', 'ledger.read', 'ledger.post']);
    const shown = NAV.filter((n) => can(perms, n.permission)).map((n) => n.label);
    assert.deepEqual(shown, ['Dashboard', 'Items', 'Locations', 'Lots', 'Stock on hand', 'Movements', 'Post a movement']);
  });
  it('shows an auditor everything to read and nothing to post', () => {
    const perms = permissionsOf(['catalog.read', 'ledger.read', 'reports.read', 'audit.read']);
    const shown = NAV.filter((n) => can(perms, n.permission)).map((n) => n.label);
    assert.ok(shown.includes('Valuation'));
    assert.ok(!shown.includes('Post a movement'));
  });
  it('limits the site switcher to the union of the sites the inventory permissions hold in', () => {
    assert.deepEqual(visibleSiteIds({ 'catalog.read': [3, 1], 'ledger.read': [1, 2] }), [1, 2, 3]);
    assert.equal(visibleSiteIds({ 'catalog.read': [3], 'ledger.read': null }), null);
    assert.deepEqual(visibleSiteIds({ 'counting.count': [1] }), []);
  });
});
