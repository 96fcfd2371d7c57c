// API tokens (scopes, expiry, revocation, shown once, stored hashed) and site scoping: a user of
// site A sees and changes nothing of site B, in lists, totals, valuation and movements.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDb, ENGINE, type TestDb } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';
import { inTx } from '../../src/db/db.js';
import { systemCtx } from '../../src/kernel/context.js';
import { createUser, mayApproveCorrection, sha256 } from '../../src/modules/access/index.js';
import { buildLedgerPlant, httpPostOk, type LedgerPlant } from '../support/ledger-fixtures.js';

describe(`access: API tokens (${ENGINE})`, () => {
  let db: TestDb;
  let t: TestApp;
  let clock = new Date('2026-06-01T08:00:00.000Z');
  let storekeeperId: number;

  before(async () => {
    db = await testDb();
    t = await testApp(db, { now: () => clock });
    storekeeperId = await inTx(db, async (tx) => (await createUser(tx, systemCtx(), { username: 'erp-feed', roles: [{ role: 'storekeeper' }] })).id);
  });
  after(async () => {
    await t?.close();
    await db?.drop();
  });

  const bearer = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

  test('a token acts only within its scopes; the token is shown once and stored as a hash', async () => {
    const r = await t.inject({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'reader', scopes: ['ledger.read'], expires: '30d', userId: storekeeperId } });
    assert.equal(r.statusCode, 201, r.body);
    const { token, info } = r.json() as { token: string; info: { id: number; prefix: string; scopes: string[] } };
    assert.match(token, /^srt_/);
    assert.deepEqual(info.scopes, ['ledger.read']);
    assert.equal((await bearer(token, 'GET', '/api/v1/stock')).statusCode, 200);
    const post = await bearer(token, 'POST', '/api/v1/movements', { type: 'receipt', lines: [] });
    assert.equal(post.statusCode, 403);
    assert.equal(post.json().code, 'access.forbidden');
    assert.equal((await bearer(token, 'GET', '/api/v1/users')).statusCode, 403);
    const me = (await bearer(token, 'GET', '/api/v1/auth/me')).json();
    assert.equal(me.kind, 'token');
    assert.deepEqual(me.permissions, ['ledger.read']);
    const row = await db.k.selectFrom('api_token').selectAll().where('id', '=', info.id).executeTakeFirstOrThrow();
    assert.equal(row.token_hash, sha256(token));
    assert.ok(!JSON.stringify(row).includes(token));
    const list = await t.inject('/api/v1/tokens');
    assert.ok(!list.body.includes(token));
    assert.ok(list.json().items.some((x: { id: number }) => x.id === info.id));
  });

  test('a token never gets more than its owner (or its creator) holds', async () => {
    const r = await t.inject({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'greedy', scopes: ['ledger.read', 'users.admin'], userId: storekeeperId } });
    assert.equal(r.statusCode, 403);
    assert.equal(r.json().code, 'access.scope_exceeds');
    const bad = await t.inject({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'bad', scopes: ['stock.steal'] } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].field.startsWith('scopes'), true);
    const past = await t.inject({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'old', scopes: ['ledger.read'], expires: '2020-01-01T00:00:00Z' } });
    assert.equal(past.statusCode, 422);
    assert.equal(past.json().errors[0].field, 'expires');
  });

  test('an expired token is refused', async () => {
    const r = await t.inject({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'short-lived', scopes: ['ledger.read'], expires: '1d' } });
    const token = r.json().token as string;
    assert.equal((await bearer(token, 'GET', '/api/v1/stock')).statusCode, 200);
    clock = new Date(clock.getTime() + 2 * 86400_000);
    const late = await bearer(token, 'GET', '/api/v1/stock');
    assert.equal(late.statusCode, 401);
    assert.equal(late.json().code, 'access.unauthenticated');
  });

  test('a revoked token is refused at once; the revocation is audited', async () => {
    const r = await t.inject({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'to-revoke', scopes: ['ledger.read'] } });
    const { token, info } = r.json() as { token: string; info: { id: number } };
    assert.equal((await bearer(token, 'GET', '/api/v1/stock')).statusCode, 200);
    const del = await t.inject({ method: 'DELETE', url: `/api/v1/tokens/${info.id}` });
    assert.equal(del.statusCode, 200);
    assert.equal(del.json().active, false);
    assert.equal((await bearer(token, 'GET', '/api/v1/stock')).statusCode, 401);
    const ev = await db.k.selectFrom('audit_event').selectAll().where('action', '=', 'token.revoke').where('entity_id', '=', String(info.id)).execute();
    assert.equal(ev.length, 1);
    assert.ok(!String(ev[0]?.after_json).includes(token));
  });

  test('a token of a deactivated user stops working', async () => {
    const r = await t.inject({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'owner-goes', scopes: ['ledger.read'], userId: storekeeperId } });
    const token = r.json().token as string;
    assert.equal((await bearer(token, 'GET', '/api/v1/stock')).statusCode, 200);
    await t.inject({ method: 'PATCH', url: `/api/v1/users/${storekeeperId}`, payload: { active: false } });
    assert.equal((await bearer(token, 'GET', '/api/v1/stock')).statusCode, 401);
  });
});

describe(`access: site scoping (${ENGINE})`, () => {
  let db: TestDb;
  let admin: TestApp;
  let a: TestApp;
  let pA: LedgerPlant;
  let pB: LedgerPlant;
  let movA: number;
  let movB: number;

  before(async () => {
    db = await testDb();
    pA = await buildLedgerPlant(db, { prefix: 'SA' });
    pB = await buildLedgerPlant(db, { prefix: 'SB' });
    admin = await testApp(db);
    movA = (await httpPostOk(admin, { type: 'receipt', lines: [{ item: pA.items.each, qty: '10', to: pA.bins[0], unitCost: '2.00' }] })).id;
    movB = (await httpPostOk(admin, { type: 'receipt', lines: [{ item: pB.items.each, qty: '7', to: pB.bins[0], unitCost: '3.00' }] })).id;
    await httpPostOk(admin, { type: 'receipt', lines: [{ item: pA.items.kg, qty: '1.5', to: pA.bins[1], unitCost: '4.00' }, { item: pB.items.kg, qty: '2', to: pB.bins[1], unitCost: '4.00' }] });
    a = await testApp(db, { as: { roles: ['storekeeper', 'planner'], sites: [pA.site] } });
  });
  after(async () => {
    await a?.close();
    await admin?.close();
    await db?.drop();
  });

  test('stock lists show only the own site, whatever the filter', async () => {
    const all = (await a.inject('/api/v1/stock')).json().items as Array<{ location: string }>;
    assert.ok(all.length >= 2);
    assert.ok(all.every((r) => r.location.startsWith('SA-')), JSON.stringify(all));
    assert.deepEqual((await a.inject(`/api/v1/stock?site=${pB.site}`)).json().items, []);
    assert.deepEqual((await a.inject(`/api/v1/stock?item=${pB.items.each}`)).json().items, []);
    assert.deepEqual((await a.inject('/api/v1/stock?includeVirtual=true')).json().items.filter((r: { location: string }) => !r.location.startsWith('SA-')), []);
    const adminAll = (await admin.inject('/api/v1/stock')).json().items as Array<{ location: string }>;
    assert.ok(adminAll.some((r) => r.location.startsWith('SB-')));
  });

  test('movements: the list and single reads show nothing of the other site', async () => {
    const list = (await a.inject('/api/v1/movements')).json().items as Array<{ id: number }>;
    assert.ok(list.some((m) => m.id === movA));
    assert.ok(!list.some((m) => m.id === movB));
    assert.equal((await a.inject(`/api/v1/movements/${movA}`)).statusCode, 200);
    assert.equal((await a.inject(`/api/v1/movements/${movB}`)).statusCode, 404);
    assert.deepEqual((await a.inject(`/api/v1/movements?location=${pB.bins[0]}`)).json().items, []);
  });

  test('on-hand of a bin of the other site is refused', async () => {
    assert.equal((await a.inject(`/api/v1/stock/on-hand?item=${pA.items.each}&location=${pA.bins[0]}`)).json().qtyOnHand, '10');
    const r = await a.inject(`/api/v1/stock/on-hand?item=${pB.items.each}&location=${pB.bins[0]}`);
    assert.equal(r.statusCode, 403);
    assert.equal(r.json().code, 'access.site_forbidden');
    assert.equal(r.json().errors[0].field, 'location');
  });

  test('valuation lines and totals count only the own site', async () => {
    const v = (await a.inject('/api/v1/reports/valuation')).json() as { lines: Array<{ sku: string; qtyOnHand: string; average: string }>; totals: { average: string; fifo: string; lifo: string } };
    assert.deepEqual(v.lines.map((l) => l.sku).sort(), [pA.items.each, pA.items.kg].sort());
    // 10 × 2.00 + 1.5 × 4.00
    assert.equal(v.totals.average, '26.00');
    assert.equal(v.totals.fifo, '26.00');
    const full = (await admin.inject('/api/v1/reports/valuation')).json() as { totals: { average: string } };
    assert.equal(full.totals.average, '55.00');
  });

  test('posting: a line touching a bin of the other site is 403, nothing is written; the own site works', async () => {
    const before = await db.k.selectFrom('movement').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    for (const body of [
      { type: 'receipt', lines: [{ item: pB.items.each, qty: '1', to: pB.bins[0] }] },
      { type: 'transfer', lines: [{ item: pA.items.each, qty: '1', from: pA.bins[0], to: pB.bins[0] }] },
      { type: 'receipt', lines: [{ item: pA.items.each, qty: '1', to: pA.bins[0] }, { item: pB.items.each, qty: '1', to: pB.bins[2] }] },
    ]) {
      const r = await a.inject({ method: 'POST', url: '/api/v1/movements', payload: body });
      assert.equal(r.statusCode, 403, r.body);
      assert.equal(r.json().code, 'access.site_forbidden');
      assert.match(r.json().errors[0].field, /^lines\/\d\/(from|to)$/);
    }
    const after = await db.k.selectFrom('movement').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
    const ok = await a.inject({ method: 'POST', url: '/api/v1/movements', payload: { type: 'transfer', lines: [{ item: pA.items.each, qty: '1', from: pA.bins[0], to: pA.bins[2] }] } });
    assert.equal(ok.statusCode, 201, ok.body);
    const rev = await a.inject({ method: 'POST', url: `/api/v1/movements/${movB}/reverse`, payload: {} });
    assert.equal(rev.statusCode, 403);
  });

  test('catalog locations: lists and reads show nothing of the other site', async () => {
    const codes = ((await a.inject('/api/v1/locations?limit=500')).json().items as Array<{ code: string }>).map((l) => l.code);
    assert.ok(codes.includes(pA.bins[0]));
    assert.ok(codes.every((c) => c.startsWith('SA-')), codes.join(','));
    assert.deepEqual((await a.inject(`/api/v1/locations?site=${pB.site}`)).json().items, []);
    assert.equal((await a.inject(`/api/v1/locations/${pA.bins[0]}`)).statusCode, 200);
    for (const url of [`/api/v1/locations/${pB.bins[0]}`, `/api/v1/locations/by-id/${pB.binIds[0]}`, `/api/v1/locations/${pB.site}/tree`, `/api/v1/locations/${pB.zone}/children`]) {
      assert.equal((await a.inject(url)).statusCode, 404, url);
    }
    assert.equal((await a.inject(`/api/v1/locations/${pA.site}/tree`)).statusCode, 200);
    const adminCodes = ((await admin.inject('/api/v1/locations?limit=500')).json().items as Array<{ code: string }>).map((l) => l.code);
    assert.ok(adminCodes.includes(pB.bins[0]));
  });

  test('segregation of duties: on by default per site, can be turned off by an admin (audited)', async () => {
    const q = { userId: 5, countedBy: [5], investigatedBy: [], siteId: pA.siteId };
    assert.equal((await mayApproveCorrection(db.k, q)).allowed, false);
    assert.equal((await mayApproveCorrection(db.k, { ...q, countedBy: [6], investigatedBy: [5] })).allowed, false);
    assert.equal((await mayApproveCorrection(db.k, { ...q, countedBy: [6] })).allowed, true);
    const r = await admin.inject({ method: 'PATCH', url: `/api/v1/settings/sites/${pA.site}`, payload: { segregationOfDuties: false } });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().segregationOfDuties, false);
    assert.equal((await mayApproveCorrection(db.k, q)).allowed, true);
    assert.equal((await mayApproveCorrection(db.k, { ...q, siteId: pB.siteId })).allowed, false);
    const ev = await db.k.selectFrom('audit_event').selectAll().where('action', '=', 'site.settings').execute();
    assert.equal(ev.length, 1);
    assert.match(String(ev[0]?.before_json), /"segregationOfDuties":true/);
    assert.match(String(ev[0]?.after_json), /"segregationOfDuties":false/);
    assert.equal((await a.inject({ method: 'PATCH', url: `/api/v1/settings/sites/${pA.site}`, payload: { segregationOfDuties: true } })).statusCode, 403);
  });
});
