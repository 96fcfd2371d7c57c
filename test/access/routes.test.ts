// Every route of the OpenAPI document: anonymous callers are refused (401) except the public ones,
// and for each role the answer follows the permission table exactly (403 when the role lacks the
// route's permission, never 401/403 when it holds it).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDb, ENGINE, type TestDb } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';
import { ROLES, ROLE_PERMISSIONS } from '../../src/modules/access/index.js';

interface Op {
  readonly method: string;
  readonly path: string;
  readonly url: string;
  readonly permission: string | undefined;
}

const PUBLIC_PATHS = new Set(['GET /health', 'POST /api/v1/auth/login']);

describe(`access: every route (${ENGINE})`, () => {
  let db: TestDb;
  let t: TestApp;
  let ops: Op[] = [];

  before(async () => {
    db = await testDb();
    t = await testApp(db);
    const doc = (await t.injectAs('anonymous', '/openapi.json')).json() as { paths: Record<string, Record<string, { 'x-permission'?: string }>> };
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        // ids that exist nowhere, so that a permitted call changes nothing of the credentials in use
        const url = path.replace(/\{[^}]+\}/g, (m) => (/id/i.test(m) ? '999999' : 'NO-SUCH-CODE'));
        ops.push({ method: method.toUpperCase(), path, url, permission: op['x-permission'] });
      }
    }
  });
  after(async () => {
    await t?.close();
    await db?.drop();
  });

  const call = (who: Parameters<TestApp['injectAs']>[0], op: Op) =>
    t.injectAs(who, { method: op.method as 'GET', url: op.url, ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: {} }) });

  test('the document lists the routes of every module, each with a permission', () => {
    assert.ok(ops.length > 20, `only ${ops.length} operations`);
    for (const op of ops) assert.ok(op.permission, `${op.method} ${op.path} has no x-permission`);
    for (const p of ['/api/v1/users', '/api/v1/tokens', '/api/v1/audit', '/api/v1/movements', '/api/v1/stock']) assert.ok(ops.some((o) => o.path === p), p);
  });

  test('anonymous callers get 401 everywhere but health, login, the OpenAPI document and the docs', async () => {
    for (const op of ops) {
      const r = await call('anonymous', op);
      if (PUBLIC_PATHS.has(`${op.method} ${op.path}`)) {
        assert.notEqual(r.statusCode, 401, `${op.method} ${op.path}`);
        continue;
      }
      assert.equal(r.statusCode, 401, `${op.method} ${op.path} answered ${r.statusCode} to an anonymous caller`);
      assert.equal(r.json().code, 'access.unauthenticated');
      assert.match(String(r.headers['content-type']), /application\/problem\+json/);
    }
    assert.equal((await t.injectAs('anonymous', '/openapi.json')).statusCode, 200);
    const docs = await t.injectAs('anonymous', '/docs');
    assert.ok(docs.statusCode < 400, `/docs answered ${docs.statusCode}`);
  });

  test('a bad or unknown bearer token is anonymous: 401', async () => {
    for (const authorization of ['Bearer srt_not-a-real-token-at-all', 'Basic YWRtaW46YWRtaW4=', 'Bearer']) {
      const r = await t.injectAs('anonymous', { method: 'GET', url: '/api/v1/stock', headers: { authorization } });
      assert.equal(r.statusCode, 401, authorization);
    }
  });

  for (const role of ROLES) {
    test(`role ${role}: 403 exactly where the permission table says so`, async () => {
      const held = new Set<string>(ROLE_PERMISSIONS[role]);
      for (const op of ops) {
        if (op.permission === 'public') continue;
        const r = await call(role, op);
        const code = r.statusCode >= 400 ? (r.json() as { code?: string }).code : undefined;
        const may = op.permission === 'authenticated' || held.has(op.permission as string);
        assert.notEqual(r.statusCode, 401, `${role} ${op.method} ${op.path}`);
        assert.notEqual(r.statusCode, 500, `${role} ${op.method} ${op.path}: ${r.body}`);
        if (may) assert.notEqual(code, 'access.forbidden', `${role} should be allowed ${op.method} ${op.path} (${op.permission})`);
        else {
          assert.equal(r.statusCode, 403, `${role} should be refused ${op.method} ${op.path} (${op.permission}), got ${r.statusCode}`);
          assert.equal(code, 'access.forbidden');
        }
      }
    });
  }
});

describe(`access: fail closed (${ENGINE})`, () => {
  test('an app with a route that declares no permission, or an unknown one, refuses to start', async () => {
    const db = await testDb();
    try {
      await assert.rejects(testApp(db, { routes: [(app) => { app.get('/api/v1/oops', async () => ({})); }] }), /config\.permission.*GET \/api\/v1\/oops/);
      await assert.rejects(testApp(db, { routes: [(app) => { app.get('/api/v1/oops2', { config: { permission: 'stock.steal' as never } }, async () => ({})); }] }), /oops2/);
    } finally {
      await db.drop();
    }
  });
});
