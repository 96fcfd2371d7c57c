// Sessions: password login, the session cookie, CSRF on cookie writes, logout, password change and
// admin reset, the login throttle and its audited lock; security headers, CORS, and no secret in the log.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { testDb, ENGINE, type TestDb } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';
import { inTx } from '../../src/db/db.js';
import { systemCtx } from '../../src/kernel/context.js';
import { createUser, sha256 } from '../../src/modules/access/index.js';

const PW = 'Tr0ub4dor&3-long';

function cookieOf(r: { headers: Record<string, unknown> }): string {
  const set = r.headers['set-cookie'];
  const first = Array.isArray(set) ? String(set[0]) : String(set);
  return first.split(';')[0] as string;
}

describe(`access: sessions (${ENGINE})`, () => {
  let db: TestDb;
  let t: TestApp;
  let clock = new Date('2026-05-04T08:00:00.000Z');

  before(async () => {
    db = await testDb();
    t = await testApp(db, { now: () => clock });
    await inTx(db, async (tx) => {
      await createUser(tx, systemCtx(), { username: 'sam', password: PW, roles: [{ role: 'storekeeper' }] });
      await createUser(tx, systemCtx(), { username: 'lock-me', password: PW, roles: [{ role: 'counter' }] });
      await createUser(tx, systemCtx(), { username: 'alice', password: PW, roles: [{ role: 'admin' }] });
    });
  });
  after(async () => {
    await t?.close();
    await db?.drop();
  });

  const login = (username: string, password: string) => t.injectAs('anonymous', { method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

  test('login sets an HTTP-only SameSite=Strict session cookie and returns a CSRF token', async () => {
    const r = await login('sam', PW);
    assert.equal(r.statusCode, 200, r.body);
    const set = String(r.headers['set-cookie']);
    assert.match(set, /^stockroom_session=/);
    assert.match(set, /HttpOnly/i);
    assert.match(set, /SameSite=Strict/i);
    assert.match(set, /Path=\//);
    const body = r.json();
    assert.equal(body.user.username, 'sam');
    assert.equal(typeof body.csrfToken, 'string');
    assert.equal(body.user.password, undefined);
    const me = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookieOf(r) } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().name, 'sam');
    assert.ok(me.json().permissions.includes('ledger.post'));
    assert.ok(!me.json().permissions.includes('users.admin'));
  });

  test('an unknown user and a wrong password get the same answer', async () => {
    const a = await login('nobody-here', PW);
    const b = await login('sam', 'wrong password!');
    assert.equal(a.statusCode, 401);
    assert.equal(b.statusCode, 401);
    const strip = (x: Record<string, unknown>) => ({ ...x, instance: undefined });
    assert.deepEqual(strip(a.json()), strip(b.json()));
    assert.equal(a.json().code, 'access.login_failed');
    assert.equal(a.headers['set-cookie'], undefined);
  });

  test('cookie-authenticated writes need the x-csrf-token header; reads do not', async () => {
    const r = await login('alice', PW);
    const cookie = cookieOf(r);
    const csrf = r.json().csrfToken as string;
    const payload = { name: 'erp', scopes: ['ledger.read'], expires: '30d' };
    const noHeader = await t.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie }, payload });
    assert.equal(noHeader.statusCode, 403);
    assert.equal(noHeader.json().code, 'access.csrf_required');
    const wrong = await t.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie, 'x-csrf-token': 'x'.repeat(32) }, payload });
    assert.equal(wrong.statusCode, 403);
    const ok = await t.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie, 'x-csrf-token': csrf }, payload });
    assert.equal(ok.statusCode, 201, ok.body);
    const read = await t.inject({ method: 'GET', url: '/api/v1/tokens', headers: { cookie } });
    assert.equal(read.statusCode, 200);
    // bearer tokens are not sent by browsers on their own: no CSRF header needed
    const viaToken = await t.inject({ method: 'POST', url: '/api/v1/tokens', payload });
    assert.equal(viaToken.statusCode, 201);
  });

  test('GET /auth/me gives a cookie session its CSRF token (which works for writes) and names the user by display name and username', async () => {
    await inTx(db, (tx) => createUser(tx, systemCtx(), { username: 'dana', displayName: 'Dana Director', email: 'dana@plant.example', password: PW, roles: [{ role: 'admin' }] }));
    const s1 = await login('dana', PW);
    const s2 = await login('dana', PW);
    const cookie = cookieOf(s1);
    const me = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(me.headers['cache-control'], 'no-store');
    const body = me.json();
    assert.equal(body.name, 'Dana Director');
    assert.equal(body.username, 'dana');
    assert.equal(body.kind, 'user');
    assert.equal(body.csrfToken, s1.json().csrfToken, 'the token login gave, handed back');
    const csrf = body.csrfToken as string;
    assert.notEqual(csrf, s2.json().csrfToken, 'each session its own token');
    const payload = { name: 'from-me', scopes: ['ledger.read'], expires: '30d' };
    const ok = await t.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie, 'x-csrf-token': csrf }, payload });
    assert.equal(ok.statusCode, 201, ok.body);
    const other = await t.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie, 'x-csrf-token': s2.json().csrfToken }, payload });
    assert.equal(other.statusCode, 403, 'another session\'s token does not fit this cookie');
    assert.equal(other.json().code, 'access.csrf_required');
    // stored: only hashes, neither the cookie nor the token
    const rows = await db.k.selectFrom('user_session').selectAll().where('token_hash', '=', sha256(cookie.split('=')[1] as string)).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.csrf_hash, sha256(csrf));
    assert.ok(!JSON.stringify(rows).includes(csrf));
    // a bearer token gets no CSRF token (it needs none); its name is the token's, its username the owner's
    const viaToken = (await t.inject('/api/v1/auth/me')).json();
    assert.equal(viaToken.kind, 'token');
    assert.equal(viaToken.csrfToken, undefined);
    assert.match(viaToken.username, /^test-admin-/);
  });

  test('a session opened before CSRF tokens were derived keeps its random token; /auth/me gives one that works too', async () => {
    const user = await db.k.selectFrom('app_user').select('id').where('username', '=', 'alice').executeTakeFirstOrThrow();
    const value = randomBytes(32).toString('base64url');
    const oldCsrf = randomBytes(24).toString('base64url');
    await db.k.insertInto('user_session').values({
      token_hash: sha256(value), csrf_hash: sha256(oldCsrf), user_id: user.id, created_at: clock.toISOString(),
      expires_at: new Date(clock.getTime() + 3600_000).toISOString(), revoked_at: null, client_addr: null,
    }).execute();
    const cookie = `stockroom_session=${value}`;
    const payload = { name: 'legacy', scopes: ['ledger.read'], expires: '30d' };
    const old = await t.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie, 'x-csrf-token': oldCsrf }, payload });
    assert.equal(old.statusCode, 201, old.body);
    const fresh = (await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).json().csrfToken as string;
    assert.ok(fresh && fresh !== oldCsrf);
    const viaMe = await t.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie, 'x-csrf-token': fresh }, payload });
    assert.equal(viaMe.statusCode, 201, viaMe.body);
    const wrong = await t.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie, 'x-csrf-token': randomBytes(24).toString('base64url') }, payload });
    assert.equal(wrong.statusCode, 403);
  });

  test('logout ends the session', async () => {
    const r = await login('sam', PW);
    const cookie = cookieOf(r);
    const out = await t.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-csrf-token': r.json().csrfToken } });
    assert.equal(out.statusCode, 204);
    assert.equal((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode, 401);
  });

  test('password change: needs the current password, ends other sessions, the new one works', async () => {
    const s1 = await login('sam', PW);
    const s2 = await login('sam', PW);
    const h = { cookie: cookieOf(s2), 'x-csrf-token': s2.json().csrfToken };
    const bad = await t.inject({ method: 'POST', url: '/api/v1/auth/password', headers: h, payload: { currentPassword: 'not it at all', newPassword: 'a-new-pass-2026' } });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().errors[0].field, 'currentPassword');
    const weak = await t.inject({ method: 'POST', url: '/api/v1/auth/password', headers: h, payload: { currentPassword: PW, newPassword: 'short' } });
    assert.equal(weak.statusCode, 422);
    assert.equal(weak.json().errors[0].field, 'newPassword');
    const ok = await t.inject({ method: 'POST', url: '/api/v1/auth/password', headers: h, payload: { currentPassword: PW, newPassword: 'a-new-pass-2026' } });
    assert.equal(ok.statusCode, 204, ok.body);
    assert.equal((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookieOf(s1) } })).statusCode, 401, 'other session ended');
    assert.equal((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookieOf(s2) } })).statusCode, 200, 'this session kept');
    assert.equal((await login('sam', PW)).statusCode, 401);
    assert.equal((await login('sam', 'a-new-pass-2026')).statusCode, 200);
    const audit = await db.k.selectFrom('audit_event').select(['after_json']).where('action', '=', 'user.change_password').execute();
    assert.equal(audit.length, 1);
    assert.ok(!String(audit[0]?.after_json).includes('a-new-pass-2026'));
  });

  test('repeated failures are slowed, then lock the account; the lock is audited; admin reset unlocks', async () => {
    const started = Date.now();
    for (let i = 0; i < 5; i++) assert.equal((await login('lock-me', `wrong-${i}-password`)).statusCode, 401);
    assert.ok(Date.now() - started >= 300, 'failures from the third on are slowed');
    const locked = await login('lock-me', PW);
    assert.equal(locked.statusCode, 401);
    assert.equal(locked.json().code, 'access.login_locked');
    assert.ok(Number(locked.headers['retry-after']) > 0);
    const ev = await db.k.selectFrom('audit_event').selectAll().where('action', '=', 'auth.lockout').execute();
    assert.equal(ev.length, 1);
    assert.match(String(ev[0]?.after_json), /lock-me/);
    // the same lock for a name that does not exist: a lock reveals nothing
    for (let i = 0; i < 5; i++) await login('ghost', `wrong-${i}-password`);
    assert.equal((await login('ghost', PW)).json().code, 'access.login_locked');
    // the user list shows it; an admin reset unlocks and sets a new password
    const users = (await t.inject('/api/v1/users')).json().items as Array<{ id: number; username: string; locked: boolean }>;
    const u = users.find((x) => x.username === 'lock-me');
    assert.equal(u?.locked, true);
    const reset = await t.inject({ method: 'POST', url: `/api/v1/users/${u?.id}/reset-password`, payload: {} });
    assert.equal(reset.statusCode, 200, reset.body);
    const generated = reset.json().password as string;
    assert.ok(generated.length >= 12);
    assert.equal((await login('lock-me', generated)).statusCode, 200);
  });

  test('a lock expires after a while', async () => {
    for (let i = 0; i < 5; i++) await login('alice', `wrong-${i}-password`);
    assert.equal((await login('alice', PW)).json().code, 'access.login_locked');
    clock = new Date(clock.getTime() + 16 * 60_000);
    assert.equal((await login('alice', PW)).statusCode, 200);
  });

  test('a deactivated user cannot sign in and their sessions end', async () => {
    const s = await login('sam', 'a-new-pass-2026');
    const id = s.json().user.id as number;
    const r = await t.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { active: false } });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookieOf(s) } })).statusCode, 401);
    assert.equal((await login('sam', 'a-new-pass-2026')).statusCode, 401);
  });

  test('security headers on every answer, errors included', async () => {
    for (const url of ['/health', '/api/v1/stock', '/api/v1/nope']) {
      const r = await t.injectAs('anonymous', url);
      assert.equal(r.headers['x-content-type-options'], 'nosniff', url);
      assert.ok(r.headers['content-security-policy'], url);
      assert.ok(r.headers['x-frame-options'] || /frame-ancestors/.test(String(r.headers['content-security-policy'])), url);
      assert.ok(r.headers['strict-transport-security'], url);
      assert.ok(r.headers['referrer-policy'], url);
    }
  });

  test('CORS is closed unless origins are configured', async () => {
    const closed = await t.injectAs('anonymous', { method: 'GET', url: '/health', headers: { origin: 'https://evil.example' } });
    assert.equal(closed.headers['access-control-allow-origin'], undefined);
    const t2 = await testApp(db, { config: { corsOrigins: ['https://erp.example'] } });
    try {
      const ok = await t2.injectAs('anonymous', { method: 'GET', url: '/health', headers: { origin: 'https://erp.example' } });
      assert.equal(ok.headers['access-control-allow-origin'], 'https://erp.example');
      const other = await t2.injectAs('anonymous', { method: 'GET', url: '/health', headers: { origin: 'https://evil.example' } });
      assert.equal(other.headers['access-control-allow-origin'], undefined);
    } finally {
      await t2.close();
    }
  });
});

describe(`access: no secret in the log (${ENGINE})`, () => {
  test('passwords, session cookies, CSRF tokens and API tokens never reach the log', async () => {
    const db = await testDb();
    let log = '';
    const stream = new Writable({ write(chunk, _enc, cb) { log += String(chunk); cb(); } });
    const { REDACT } = await import('../../src/http/app.js');
    const t = await testApp(db, { logger: { level: 'trace', stream, redact: { paths: REDACT, censor: '[redacted]' } } });
    try {
      const password = 'Secret-Passw0rd-XYZ';
      const created = await t.inject({ method: 'POST', url: '/api/v1/users', payload: { username: 'logged', password, roles: [{ role: 'admin' }] } });
      assert.equal(created.statusCode, 201, created.body);
      const lg = await t.injectAs('anonymous', { method: 'POST', url: '/api/v1/auth/login', payload: { username: 'logged', password } });
      assert.equal(lg.statusCode, 200);
      const cookie = cookieOf(lg);
      const csrf = lg.json().csrfToken as string;
      const tok = await t.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie, 'x-csrf-token': csrf }, payload: { name: 'x', scopes: ['*'] } });
      assert.equal(tok.statusCode, 201, tok.body);
      const token = tok.json().token as string;
      assert.equal((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).json().csrfToken, csrf);
      await t.inject({ method: 'GET', url: '/api/v1/stock', headers: { authorization: `Bearer ${token}` } });
      await t.injectAs('anonymous', { method: 'POST', url: '/api/v1/auth/login', payload: { username: 'logged', password: password + '-wrong' } });
      await t.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie, 'x-csrf-token': csrf }, payload: { currentPassword: password, newPassword: 'x' } });
      assert.ok(log.length > 200, 'the log captured the run');
      for (const secret of [password, cookie.split('=')[1] as string, csrf, token]) assert.ok(!log.includes(secret), `a secret leaked into the log: ${secret.slice(0, 6)}…`);
      // nor into the audit trail
      const audit = (await db.k.selectFrom('audit_event').select(['before_json', 'after_json']).execute()).map((r) => `${r.before_json}${r.after_json}`).join('\n');
      for (const secret of [password, csrf, token]) assert.ok(!audit.includes(secret));
      assert.ok(!/scrypt\$/.test(audit), 'no password hash in the audit');
    } finally {
      await t.close();
      await db.drop();
    }
  });
});
