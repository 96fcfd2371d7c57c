// Users' e-mail addresses: set, changed and removed through the API and the CLI, refused when they are
// not addresses (422 access.bad_email naming the field), audited before and after; the first users of
// a demo database get addresses at the reserved domain stockroom.invalid.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDb, ENGINE, type TestDb } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';
import { runCliCaptured } from '../support/server-process.js';
import { demoUsersHook, listUsers } from '../../src/modules/access/index.js';

// runCliCaptured takes over process.stdout: let the runner's pending reports out first (see audit-cli.test.ts).
const cli = async (env: NodeJS.ProcessEnv, ...argv: string[]) => {
  await new Promise((r) => setTimeout(r, 30));
  return runCliCaptured(env, ...argv);
};

describe(`access: e-mail addresses (${ENGINE})`, () => {
  let db: TestDb;
  let t: TestApp;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    db = await testDb({ file: true });
    env = { ...db.env, STOCKROOM_DEMO: '0', STOCKROOM_ACTOR: 'tester', PATH: process.env.PATH ?? '' };
    t = await testApp(db);
  });
  after(async () => {
    await t?.close();
    await db?.drop();
  });

  test('API: create with an address, read it back, change it, remove it; each change audited', async () => {
    const r = await t.inject({ method: 'POST', url: '/api/v1/users', payload: { username: 'mia', displayName: 'Mia Manager', email: '  mia@plant.example ', roles: [{ role: 'inventory_manager' }] } });
    assert.equal(r.statusCode, 201, r.body);
    const id = r.json().id as number;
    assert.equal(r.json().email, 'mia@plant.example', 'trimmed');
    assert.equal((await t.inject(`/api/v1/users/${id}`)).json().email, 'mia@plant.example');
    const listed = (await t.inject('/api/v1/users?role=inventory_manager')).json().items as Array<{ username: string; email: string | null }>;
    assert.deepEqual(listed.find((u) => u.username === 'mia')?.email, 'mia@plant.example');

    const changed = await t.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { email: 'mia.m@plant.example' } });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().email, 'mia.m@plant.example');
    assert.equal(changed.json().displayName, 'Mia Manager', 'untouched');
    const kept = await t.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { displayName: 'Mia M.' } });
    assert.equal(kept.json().email, 'mia.m@plant.example', 'absent: unchanged');
    const removed = await t.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { email: null } });
    assert.equal(removed.statusCode, 200, removed.body);
    assert.equal(removed.json().email, null);
    const blank = await t.inject({ method: 'POST', url: '/api/v1/users', payload: { username: 'nomail', email: '', roles: [] } });
    assert.equal(blank.json().email, null, 'blank: no address');

    const audit = await db.k.selectFrom('audit_event').select(['action', 'before_json', 'after_json']).where('entity', '=', 'user').where('entity_id', '=', String(id)).orderBy('id').execute();
    const emails = audit.map((a) => [a.action, a.before_json ? JSON.parse(a.before_json).email : undefined, JSON.parse(a.after_json as string).email]);
    assert.deepEqual(emails, [
      ['user.create', undefined, 'mia@plant.example'],
      ['user.update', 'mia@plant.example', 'mia.m@plant.example'],
      ['user.update', 'mia.m@plant.example', 'mia.m@plant.example'],
      ['user.update', 'mia.m@plant.example', null],
    ]);
  });

  test('API: an address that is not one is refused with 422 access.bad_email naming email; nothing changes', async () => {
    for (const email of ['mia', 'mia@plant', 'mia@plant.example\r\nBcc: everyone@plant.example', 'a b@plant.example', `${'x'.repeat(250)}@plant.example`]) {
      const r = await t.inject({ method: 'POST', url: '/api/v1/users', payload: { username: 'bad-mail', email, roles: [] } });
      assert.equal(r.statusCode, 422, `${JSON.stringify(email)}: ${r.body}`);
      assert.equal(r.json().code, 'access.bad_email');
      assert.equal(r.json().errors[0].field, 'email');
    }
    assert.equal((await t.inject('/api/v1/users')).json().items.some((u: { username: string }) => u.username === 'bad-mail'), false);
    const u = (await t.inject({ method: 'POST', url: '/api/v1/users', payload: { username: 'ola', email: 'ola@plant.example', roles: [] } })).json();
    const r = await t.inject({ method: 'PATCH', url: `/api/v1/users/${u.id}`, payload: { email: 'ola at plant' } });
    assert.equal(r.statusCode, 422);
    assert.equal(r.json().code, 'access.bad_email');
    assert.equal(r.json().errors[0].field, 'email');
    assert.equal((await t.inject(`/api/v1/users/${u.id}`)).json().email, 'ola@plant.example');
    const notString = await t.inject({ method: 'PATCH', url: `/api/v1/users/${u.id}`, payload: { email: 42 } });
    assert.equal(notString.statusCode, 400);
    assert.match(notString.json().errors[0].field, /email/);
  });

  test('CLI: user add --email; the address is listed and served by the API; a bad one exits 65 with access.bad_email', async () => {
    let r = await cli(env, 'user', 'add', '--username', 'ivo', '--role', 'inventory_manager', '--email', 'ivo@plant.example');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /added user ivo \(id \d+\) <ivo@plant\.example> with roles inventory_manager/);
    r = await cli(env, 'user', 'list');
    assert.match(r.out, /ivo\s+ivo@plant\.example\s+yes/);
    r = await cli(env, 'user', 'list', '--json');
    assert.equal((JSON.parse(r.out) as Array<{ username: string; email: string | null }>).find((u) => u.username === 'ivo')?.email, 'ivo@plant.example');
    const api = (await t.inject('/api/v1/users')).json().items as Array<{ username: string; email: string | null }>;
    assert.equal(api.find((u) => u.username === 'ivo')?.email, 'ivo@plant.example');

    r = await cli(env, 'user', 'add', '--username', 'eve', '--role', 'counter', '--email', 'eve@');
    assert.equal(r.code, 65);
    assert.match(r.err, /error access\.bad_email: email must be an e-mail address/);
    assert.match(r.err, /^ {2}email: /m);
    assert.equal((await listUsers(db.k, new Date())).some((u) => u.username === 'eve'), false);
  });
});

describe(`first users get addresses at stockroom.invalid (${ENGINE})`, () => {
  test('demo users: <username>@stockroom.invalid (the token-only integration user none); without the demo the admin has none', async () => {
    for (const demo of [true, false]) {
      const db = await testDb();
      try {
        await demoUsersHook(() => undefined)({ db, config: { demo }, log: () => undefined });
        const users = await listUsers(db.k, new Date());
        for (const u of users) {
          const expected = demo && u.passwordSet ? `${u.username}@stockroom.invalid` : null;
          assert.equal(u.email, expected, `${u.username} (demo ${demo})`);
        }
        assert.ok(users.some((u) => u.username === 'inventory-manager') === demo);
      } finally {
        await db.drop();
      }
    }
  });
});
