// The whole count cycle through the HTTP API, each step by the role that does it, with real users
// and tokens; and the blind promise: a counter never receives the book quantity, by any route.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inTx } from '../../src/db/db.js';
import { systemCtx } from '../../src/kernel/context.js';
import { createToken, createUser, ROLE_PERMISSIONS, type Role } from '../../src/modules/access/index.js';
import { testDb, type TestDb } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';
import { buildPlant, makeSite, type Plant } from '../support/catalog-builders.js';

let db: TestDb;
let t: TestApp;
let plant: Plant;
const users: Record<string, { id: number; token: string }> = {};

async function user(name: string, role: Role, sites: string[] | null = null): Promise<void> {
  const r = await inTx(db, async (tx) => {
    const ctx = systemCtx('system:test');
    const u = await createUser(tx, ctx, { username: name, roles: [{ role, sites }] });
    return { id: u.id, token: (await createToken(tx, ctx, { name, scopes: [...ROLE_PERMISSIONS[role]], expires: null, userId: u.id })).token };
  });
  users[name] = r;
}

function as(name: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  const u = users[name];
  assert.ok(u, name);
  return t.inject({ method, url, headers: { authorization: `Bearer ${u.token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

before(async () => {
  db = await testDb();
  t = await testApp(db);
  plant = await buildPlant(db);
  await user('ann', 'counter');
  await user('bob', 'counter');
  await user('sue', 'supervisor');
  await user('ivy', 'investigator');
  await user('max', 'inventory_manager');
  const elsewhere = await makeSite(db, { code: 'OTHER-SITE', name: 'Another plant' });
  await user('zed', 'supervisor', [elsewhere.code]);
});
after(async () => {
  await t.close();
  await db.drop();
});

test('a count cycle through the API: count, flag, blind recount, investigate, route upward, approve, post', async () => {
  const bolt = plant.items.bolt.sku;
  const bin = plant.bins[0].code;
  // Book quantity 7919: a number that cannot appear by accident.
  let r = await t.inject({ method: 'POST', url: '/api/v1/movements', payload: { type: 'receipt', lines: [{ item: bolt, qty: '7919', to: bin, unitCost: '2.00' }] } });
  assert.equal(r.statusCode, 201, r.body);

  r = await as('max', 'PUT', `/api/v1/counting/policy/${plant.site.code}`, { supervisorLimit: '500.00', blindCounts: true });
  assert.equal(r.statusCode, 200, r.body);
  r = await as('max', 'POST', '/api/v1/counting/tolerance-rules', { name: 'default', scope: 'default', autoAccept: { qty: '1' }, recount: { pct: '2' }, investigate: { pct: '10' } });
  assert.equal(r.statusCode, 201, r.body);
  for (const name of ['ann', 'bob']) {
    r = await as('sue', 'PUT', `/api/v1/counting/counters/${users[name]?.id}`, { displayName: name, skillLevel: 3, homeZones: [plant.zone.code], dailyCapacityMinutes: 420 });
    assert.equal(r.statusCode, 200, r.body);
  }
  r = await as('sue', 'POST', '/api/v1/counting/adhoc', { site: plant.site.code, by: 'bin', target: bin, counterUserId: users.ann?.id });
  assert.equal(r.statusCode, 201, r.body);
  const taskId = r.json().taskId as number;

  // The counter: my tasks, the sheet (no book quantity), a queue sent three times, submit.
  r = await as('ann', 'GET', '/api/v1/counting/my-tasks');
  assert.deepEqual(r.json().items.map((x: { taskId: number }) => x.taskId), [taskId]);
  r = await as('bob', 'GET', `/api/v1/counting/tasks/${taskId}`);
  assert.equal(r.statusCode, 403, 'another counter cannot open the task');
  r = await as('ann', 'GET', `/api/v1/counting/tasks/${taskId}`);
  assert.equal(r.statusCode, 200);
  assert.ok(!r.body.includes('7919'), 'the blind sheet does not carry the book quantity');
  const lineId = r.json().lines[0].lineId as number;
  const queue = { observations: [
    { taskId, lineId, qty: '500', unit: 'case', clientKey: 'tab-3:1', device: 'tab-3' },
    { taskId, lineId, qty: '1000', clientKey: 'tab-3:2', device: 'tab-3' },
  ] };
  for (let i = 0; i < 3; i++) {
    r = await as('ann', 'POST', '/api/v1/counting/observations/batch', queue);
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json().results.map((x: { status: string }) => x.status), i === 0 ? ['recorded', 'recorded'] : ['duplicate', 'duplicate']);
  }
  r = await as('ann', 'POST', `/api/v1/counting/tasks/${taskId}/submit`);
  assert.equal(r.statusCode, 200, r.body);
  assert.ok(!r.body.includes('7919') && !r.body.includes('919'), 'the submit answer does not reveal the variance');

  // The supervisor reviews: 7000 counted against 7919 is a shortage of 919 (11.6 %): flagged.
  r = await as('sue', 'GET', `/api/v1/counting/lines?taskId=${taskId}`);
  const line = r.json().items[0];
  assert.equal(line.systemQty, '7919');
  assert.equal(line.countedQty, '7000');
  assert.equal(line.shortageQty, '919');
  assert.equal(line.direction, 'shortage');
  assert.equal(line.flagged, true);
  assert.equal(line.status, 'recount');

  // The recount goes to bob, blind, without the first count.
  r = await as('bob', 'GET', '/api/v1/counting/my-tasks');
  const recountTask = r.json().items[0].taskId as number;
  r = await as('bob', 'GET', `/api/v1/counting/tasks/${recountTask}`);
  assert.ok(!r.body.includes('7919') && !r.body.includes('7000'), 'neither the book quantity nor the first count');
  r = await as('bob', 'POST', `/api/v1/counting/tasks/${recountTask}/observations`, { lineId: r.json().lines[0].lineId, qty: '7000' });
  assert.equal(r.statusCode, 201, r.body);
  r = await as('bob', 'POST', `/api/v1/counting/tasks/${recountTask}/submit`);
  assert.equal(r.statusCode, 200);

  // The investigator was assigned automatically and finds the evidence gathered.
  r = await as('ivy', 'GET', '/api/v1/counting/investigations?mine=true');
  const invId = r.json().items[0]?.id as number;
  assert.ok(invId, r.body);
  r = await as('ivy', 'GET', `/api/v1/counting/investigations/${invId}`);
  assert.equal(r.json().evidence.recounts.length, 1);
  r = await as('ivy', 'POST', `/api/v1/counting/investigations/${invId}/attachments`, { filename: 'label.jpg', contentType: 'image/jpeg', dataBase64: Buffer.from('photo bytes').toString('base64') });
  assert.equal(r.statusCode, 201, r.body);
  r = await as('ivy', 'POST', `/api/v1/counting/investigations/${invId}/complete`, { causes: ['theft'], evidenceText: 'cage door found open', correctiveActions: [{ what: 'move to locked cage', owner: 'sue', due: '2026-12-01' }], conclusion: 'loss confirmed' });
  assert.equal(r.statusCode, 200, r.body);
  const correctionId = r.json().correctionId as number;

  // 919 × 2.00 = 1838.00 is above the supervisor's 500.00: refused, and waiting for the manager.
  r = await as('ann', 'POST', `/api/v1/counting/corrections/${correctionId}/approve`);
  assert.equal(r.statusCode, 403, 'a counter has no approval permission');
  r = await as('sue', 'POST', `/api/v1/counting/corrections/${correctionId}/approve`);
  assert.equal(r.statusCode, 403);
  assert.equal(r.json().code, 'count.over_approval_limit');
  r = await as('max', 'GET', '/api/v1/notifications');
  assert.equal(r.statusCode, 200, r.body);
  const kinds = r.json().items.map((n: { kind: string }) => n.kind);
  assert.ok(kinds.includes('count.line_flagged') && kinds.includes('count.correction_awaiting_approval') && kinds.includes('count.task_completed'), JSON.stringify(kinds));
  r = await as('max', 'POST', `/api/v1/counting/corrections/${correctionId}/approve`);
  assert.equal(r.statusCode, 200, r.body);
  r = await t.inject(`/api/v1/stock/on-hand?item=${bolt}&location=${bin}`);
  assert.equal(r.json().qtyOnHand, '7000');
});

test('a counter receives the book quantity of a blind count from no route at all', async () => {
  const spec = (await t.inject('/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
  const task = (await as('ann', 'GET', '/api/v1/counting/my-tasks')).json().items[0]?.taskId ?? 1;
  const ids: Record<string, string> = { id: String(task), sku: plant.items.bolt.sku, site: plant.site.code, code: plant.bins[0].code, userId: String(users.ann?.id) };
  let checked = 0;
  for (const [path, ops] of Object.entries(spec.paths)) {
    if (!('get' in ops)) continue;
    const url = path.replace(/\{(\w+)\}/g, (_m, k: string) => ids[k] ?? '1');
    const r = await as('ann', 'GET', url);
    assert.ok(r.statusCode < 500, `${url} → ${r.statusCode}`);
    assert.ok(!r.body.includes('7919'), `${url} leaks the book quantity to a counter`);
    checked++;
  }
  assert.ok(checked > 20, `walked ${checked} GET routes`);
});

test('a supervisor of another site sees and changes nothing of this one', async () => {
  let r = await as('zed', 'GET', '/api/v1/counting/lines');
  assert.equal(r.statusCode, 200);
  assert.deepEqual(r.json().items, []);
  r = await as('zed', 'GET', '/api/v1/counting/tasks');
  assert.deepEqual(r.json().items, []);
  r = await as('zed', 'GET', '/api/v1/counting/corrections');
  assert.deepEqual(r.json().items, []);
  r = await as('zed', 'POST', '/api/v1/counting/adhoc', { site: plant.site.code, by: 'bin', target: plant.bins[1].code });
  assert.equal(r.statusCode, 403);
  assert.equal(r.json().code, 'access.site_forbidden');
  r = await as('zed', 'GET', `/api/v1/counting/policy/${plant.site.code}`);
  assert.equal(r.statusCode, 403);
  const line = (await as('sue', 'GET', '/api/v1/counting/lines')).json().items[0];
  r = await as('zed', 'GET', `/api/v1/counting/lines/${line.lineId}`);
  assert.equal(r.statusCode, 403);
});
