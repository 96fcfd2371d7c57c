// The audit trail API (filters, cursor paging, CSV, verify) and the CLI: user and token
// administration, `audit verify` catching a row changed behind the application's back, `audit
// export --csv`; and the first users of a new database.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { testDb, ENGINE, type TestDb } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';
import { runCliCaptured } from '../support/server-process.js';
import { execRaw } from '../../src/db/db.js';
import { EXIT_DRIFT } from '../../src/cli/exit-codes.js';
import { demoUsersHook, ROLES } from '../../src/modules/access/index.js';

// runCliCaptured takes over process.stdout, which the test runner's child also reports through: let
// pending reports out first, or a finished test's result is captured instead of reported.
const cli = async (env: NodeJS.ProcessEnv, ...argv: string[]) => {
  await new Promise((r) => setTimeout(r, 30));
  return runCliCaptured(env, ...argv);
};

describe(`audit trail and access CLI (${ENGINE})`, () => {
  let db: TestDb;
  let t: TestApp;
  let env: NodeJS.ProcessEnv;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stockroom-audit-'));

  before(async () => {
    db = await testDb({ file: true });
    env = { ...db.env, STOCKROOM_DEMO: '0', STOCKROOM_ACTOR: 'tester', PATH: process.env.PATH ?? '' };
    t = await testApp(db);
  });
  after(async () => {
    await t?.close();
    await db?.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('CLI: user add, list, reset-password; the new user can sign in', async () => {
    let r = await cli(env, 'user', 'add', '--role', 'admin', '--role', 'auditor', '--username', 'boss', '--password', 'Very-Secret-2026');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /added user boss \(id \d+\) with roles admin, auditor/);
    r = await cli(env, 'user', 'add', '--role', 'nonsense', '--username', 'x1', '--password', 'Very-Secret-2026');
    assert.equal(r.code, 65);
    assert.match(r.err, /access\.unknown_role/);
    r = await cli(env, 'user', 'add', '--role', 'counter', '--username', 'weak', '--password', 'short');
    assert.equal(r.code, 65);
    assert.match(r.err, /access\.weak_password/);
    r = await cli(env, 'user', 'list');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /boss\s+yes\s+admin, auditor/);
    const login = (password: string) => t.injectAs('anonymous', { method: 'POST', url: '/api/v1/auth/login', payload: { username: 'boss', password } });
    assert.equal((await login('Very-Secret-2026')).statusCode, 200);
    r = await cli(env, 'user', 'reset-password', '--username', 'boss');
    assert.equal(r.code, 0, r.err);
    const pw = /new password for boss: (\S+)/.exec(r.out)?.[1] as string;
    assert.ok(pw);
    assert.equal((await login('Very-Secret-2026')).statusCode, 401);
    assert.equal((await login(pw)).statusCode, 200);
  });

  test('CLI: token create prints the token once; it works until revoked', async () => {
    let r = await cli(env, 'token', 'create', '--scopes', 'ledger.read,catalog.read', '--expires', '30d', '--name', 'erp');
    assert.equal(r.code, 0, r.err);
    const token = r.out.trim().split('\n').at(-1) as string;
    const id = Number(/^token (\d+)/.exec(r.out)?.[1]);
    assert.match(token, /^srt_/);
    const get = () => t.inject({ method: 'GET', url: '/api/v1/stock', headers: { authorization: `Bearer ${token}` } });
    assert.equal((await get()).statusCode, 200);
    assert.equal((await t.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${token}` } })).statusCode, 403);
    r = await cli(env, 'token', 'list');
    assert.ok(!r.out.includes(token));
    assert.match(r.out, /erp/);
    r = await cli(env, 'token', 'create', '--scopes', 'ledger.read', '--expires', 'yesterday');
    assert.equal(r.code, 65);
    r = await cli(env, 'token', 'revoke', String(id));
    assert.equal(r.code, 0, r.err);
    assert.equal((await get()).statusCode, 401);
  });

  test('API: the audit trail with filters and cursor paging; every change names its actor', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await t.inject({ method: 'POST', url: '/api/v1/users', payload: { username: `paged-${i}`, roles: [{ role: 'counter' }] } });
      assert.equal(r.statusCode, 201, r.body);
    }
    const first = await t.inject('/api/v1/audit?action=user.create&limit=2');
    assert.equal(first.statusCode, 200, first.body);
    const p1 = first.json() as { items: Array<{ id: number; actor: string; entity: string; after: { username: string } }>; nextCursor: string };
    assert.equal(p1.items.length, 2);
    assert.equal(p1.items[0]?.after.username, 'paged-2');
    assert.match(p1.items[0]?.actor ?? '', /^token:\d+$/);
    assert.ok(p1.nextCursor);
    const p2 = (await t.inject(`/api/v1/audit?action=user.create&limit=2&cursor=${p1.nextCursor}`)).json() as { items: Array<{ id: number }> };
    assert.ok(p2.items.every((e) => e.id < (p1.items[1]?.id ?? 0)));
    const byPrefix = (await t.inject('/api/v1/audit?action=user.&entity=user')).json().items as Array<{ action: string }>;
    assert.ok(byPrefix.length >= 3 && byPrefix.every((e) => e.action.startsWith('user.')));
    const byCli = (await t.inject('/api/v1/audit?actor=cli:tester')).json().items as Array<{ action: string }>;
    assert.ok(byCli.some((e) => e.action === 'user.create'));
    assert.equal((await t.inject('/api/v1/audit?since=2100-01-01T00:00:00Z')).json().items.length, 0);
    const bad = await t.inject('/api/v1/audit?since=yesterday');
    assert.equal(bad.statusCode, 400);
    assert.equal((await t.inject('/api/v1/audit?cursor=garbage')).statusCode, 422);
  });

  test('API: CSV export with proper quoting', async () => {
    await t.inject({ method: 'POST', url: '/api/v1/users', payload: { username: 'csv-user', displayName: 'Quote "me", please', roles: [] } });
    const r = await t.inject('/api/v1/audit/export.csv?entity=user');
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /^text\/csv/);
    const lines = r.body.trim().split('\r\n');
    assert.equal(lines[0], 'id,at,actor,action,entity,entity_id,before_json,after_json,request_id,client_addr,prev_hash,hash');
    const row = lines.find((l) => l.includes('csv-user')) as string;
    assert.ok(row.includes('"{""active"":true'), row);
    assert.ok(row.includes('Quote \\""me\\"", please'), row);
  });

  test('verify: intact chain; a row changed directly in the database is named by API and CLI', async () => {
    const ok = (await t.inject('/api/v1/audit/verify')).json();
    assert.equal(ok.ok, true);
    assert.ok(ok.checked > 5);
    let r = await cli(env, 'audit', 'verify');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /intact/);
    // tamper: lift the append-only guard and change one record
    const victim = await db.k.selectFrom('audit_event').select('id').where('action', '=', 'user.create').orderBy('id').limit(1).executeTakeFirstOrThrow();
    await execRaw(db.k, ENGINE === 'postgres' ? 'drop trigger audit_event_append_only on audit_event' : 'drop trigger audit_event_no_update');
    await sql`update audit_event set actor = 'user:999' where id = ${victim.id}`.execute(db.k);
    const broken = (await t.inject('/api/v1/audit/verify')).json();
    assert.equal(broken.ok, false);
    assert.equal(broken.firstBrokenId, Number(victim.id));
    r = await cli(env, 'audit', 'verify');
    assert.equal(r.code, EXIT_DRIFT);
    assert.match(r.out, new RegExp(`BROKEN at record ${victim.id}\\b`));
  });

  test('CLI: audit export --csv writes a file', async () => {
    const file = path.join(tmp, 'audit.csv');
    const r = await cli(env, 'audit', 'export', '--csv', file);
    assert.equal(r.code, 0, r.err);
    const text = fs.readFileSync(file, 'utf8');
    const rows = await db.k.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(text.trim().split('\r\n').length, Number(rows.n) + 1);
    assert.match(r.out, new RegExp(`exported ${Number(rows.n)} audit record`));
  });
});

describe(`first users of a new database (${ENGINE})`, () => {
  test('one user per role, admin named admin, printed once with generated passwords; they can sign in', async () => {
    const db = await testDb();
    try {
      let printed = '';
      const logged: string[] = [];
      await demoUsersHook((s) => (printed += s))({ db, config: { demo: true }, log: (m) => logged.push(m) });
      for (const role of ROLES) assert.match(printed, new RegExp(`\\b${role}\\b`));
      const admin = /^admin\s+admin\s+(\S+)$/m.exec(printed)?.[1] as string;
      assert.ok(admin && admin.length >= 12);
      assert.ok(!logged.join('\n').includes(admin), 'passwords are printed, not logged');
      const t = await testApp(db, { as: 'anonymous' });
      try {
        const r = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: admin } });
        assert.equal(r.statusCode, 200, r.body);
        const sk = /^storekeeper\s+storekeeper\s+(\S+)$/m.exec(printed)?.[1] as string;
        const s = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'storekeeper', password: sk } });
        assert.deepEqual(s.json().user.roles, [{ role: 'storekeeper', sites: null }]);
      } finally {
        await t.close();
      }
      // a second run (existing users) adds nobody
      printed = '';
      await demoUsersHook((s) => (printed += s))({ db, config: { demo: true }, log: () => undefined });
      assert.equal(printed, '');
    } finally {
      await db.drop();
    }
  });
});
