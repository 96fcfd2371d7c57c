import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  afterFailure, anySites, emailProblem, grantsOfRoles, grantsOfToken, holds, isLocked, LOCK_AFTER_FAILURES, loginDelayMs, passwordProblem, PERMISSIONS, ROLE_PERMISSIONS, ROLES,
  sitesFor, sodDecision, usernameProblem, type Permission, type Role,
} from './access.rules.js';

test('the permission list is closed, unique, and every role maps only to listed permissions', () => {
  assert.equal(new Set(PERMISSIONS).size, PERMISSIONS.length);
  for (const p of PERMISSIONS) assert.match(p, /^[a-z]+\.[a-z_]+$/);
  for (const r of ROLES) for (const p of ROLE_PERMISSIONS[r]) assert.ok((PERMISSIONS as readonly string[]).includes(p), `${r}: ${p}`);
  for (const p of ['counting.schedule', 'counting.assign', 'counting.count', 'counting.review', 'counting.approve', 'counting.investigate', 'counting.policy', 'imports.run', 'planning.read', 'planning.write', 'planning.run']) {
    assert.ok((PERMISSIONS as readonly string[]).includes(p), p);
  }
});

test('auditor holds every *.read (audit.read included) and nothing else', () => {
  const reads = PERMISSIONS.filter((p) => p.endsWith('.read'));
  assert.deepEqual([...ROLE_PERMISSIONS.auditor].sort(), [...reads].sort());
  assert.ok(ROLE_PERMISSIONS.auditor.includes('audit.read'));
});

// SPEC §1, role by role: what each must be able to do, and what it must not.
const MUST: Record<Role, { can: Permission[]; cannot: Permission[] }> = {
  admin: { can: ['users.admin', 'settings.admin', 'catalog.write', 'audit.read'], cannot: [] },
  inventory_manager: { can: ['counting.policy', 'counting.approve', 'counting.review', 'audit.read', 'reports.read'], cannot: ['users.admin', 'ledger.post', 'catalog.write', 'counting.count'] },
  supervisor: { can: ['counting.schedule', 'counting.assign', 'counting.review', 'counting.approve'], cannot: ['counting.policy', 'users.admin', 'ledger.post', 'audit.read'] },
  counter: { can: ['counting.count'], cannot: ['ledger.read', 'reports.read', 'counting.read', 'counting.review', 'counting.approve', 'ledger.post'] },
  investigator: { can: ['counting.investigate', 'ledger.read'], cannot: ['counting.approve', 'ledger.post', 'users.admin'] },
  storekeeper: { can: ['ledger.post', 'ledger.read'], cannot: ['counting.approve', 'users.admin', 'catalog.write', 'audit.read'] },
  planner: { can: ['planning.read', 'planning.write', 'planning.run'], cannot: ['ledger.post', 'users.admin', 'counting.approve'] },
  auditor: { can: ['audit.read', 'ledger.read', 'catalog.read', 'reports.read', 'users.read'], cannot: PERMISSIONS.filter((p) => !p.endsWith('.read')) },
  integration: { can: ['ledger.post', 'catalog.write', 'imports.run'], cannot: ['users.admin', 'audit.read', 'counting.approve'] },
};

test('each role can do what SPEC §1 gives it and not what it does not', () => {
  for (const r of ROLES) {
    const g = grantsOfRoles([{ role: r, sites: null }]);
    for (const p of MUST[r].can) assert.ok(holds(g, p), `${r} should hold ${p}`);
    for (const p of MUST[r].cannot) assert.ok(!holds(g, p), `${r} should not hold ${p}`);
  }
});

test('grants: several roles add up, each limited to its own sites', () => {
  const g = grantsOfRoles([{ role: 'storekeeper', sites: [2] }, { role: 'auditor', sites: [3] }, { role: 'counter', sites: null }]);
  assert.deepEqual(sitesFor(g, 'ledger.post'), [2]);
  assert.deepEqual(sitesFor(g, 'ledger.read'), [2, 3]);
  assert.equal(sitesFor(g, 'counting.count'), null);
  assert.deepEqual(sitesFor(g, 'users.admin'), []);
  assert.equal(anySites(g), null);
  assert.deepEqual(anySites(grantsOfRoles([{ role: 'storekeeper', sites: [5, 1] }])), [1, 5]);
});

test('token grants: scopes within the owner, narrowed to the token sites', () => {
  const owner = grantsOfRoles([{ role: 'storekeeper', sites: [1, 2] }]);
  const g = grantsOfToken(['ledger.read', 'ledger.post', 'users.admin'], [2, 3], owner);
  assert.deepEqual(Object.keys(g).sort(), ['ledger.post', 'ledger.read']);
  assert.deepEqual(g['ledger.read'], [2]);
  assert.deepEqual(grantsOfToken(['ledger.read'], [3], owner), {});
  assert.deepEqual(grantsOfToken(['ledger.read'], null, null), { 'ledger.read': null });
});

test('login throttle: slowed from the third failure, locked at the fifth, forgotten after the window', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 10].map(loginDelayMs), [0, 0, 100, 200, 400, 800, 2000]);
  const t0 = new Date('2026-01-01T00:00:00Z');
  let s: ReturnType<typeof afterFailure>['state'] | undefined;
  let locked = false;
  for (let i = 1; i <= LOCK_AFTER_FAILURES; i++) ({ state: s, locked } = afterFailure(s, new Date(t0.getTime() + i * 1000)));
  assert.equal(locked, true);
  assert.equal(isLocked(s, new Date(t0.getTime() + 60_000)), true);
  assert.equal(isLocked(s, new Date(t0.getTime() + 16 * 60_000)), false);
  const old = afterFailure({ failures: 4, lastFailureAt: t0.toISOString(), lockedUntil: null }, new Date(t0.getTime() + 20 * 60_000));
  assert.equal(old.state.failures, 1);
  assert.equal(old.locked, false);
});

test('passwords and usernames', () => {
  assert.match(passwordProblem('short') ?? '', /at least/);
  assert.match(passwordProblem('aaaaaaaaaaaa') ?? '', /simple/);
  assert.match(passwordProblem('xx-alice-2026-yy', 'alice') ?? '', /username/);
  assert.equal(passwordProblem('correct horse battery'), undefined);
  assert.equal(usernameProblem('alice.m'), undefined);
  assert.ok(usernameProblem('Alice'));
  assert.ok(usernameProblem('a b'));
});

test('e-mail addresses: the simple check accepts ordinary addresses and refuses what could not be one', () => {
  const ok = ['ann@plant.example', 'first.last+counts@mail.plant-1.example.com', 'inventory-manager@stockroom.invalid', 'josé@müller.example', "o'brien@x.io", 'a@b.cd'];
  for (const e of ok) assert.equal(emailProblem(e), undefined, e);
  const bad = [
    'ann', '@plant.example', 'ann@', 'ann@plant', 'ann@@plant.example', 'a@b@c.example', 'ann smith@plant.example', 'ann@plant .example',
    'ann@plant..example', 'ann@-plant.example', 'ann@plant-.example', 'ann@.plant.example', 'ann@plant.example.', '<ann@plant.example>',
    'ann@plant.example\r\nBcc: all@plant.example', 'ann\n@plant.example', 'ann,bob@plant.example', '"ann"@plant.example', 'ann@plant_1.example',
    `${'a'.repeat(65)}@plant.example`, `ann@${'d'.repeat(64)}.example`, `${'a'.repeat(60)}@${Array.from({ length: 4 }, () => 'd'.repeat(60)).join('.')}.example`,
  ];
  for (const e of bad) assert.ok(emailProblem(e), JSON.stringify(e));
  assert.match(emailProblem(`a@${'d'.repeat(61)}.${'e'.repeat(61)}.${'f'.repeat(61)}.${'g'.repeat(61)}.example`) ?? '', /at most 254/);
});

test('segregation of duties: no approving what you counted or investigated, unless the site turned it off', () => {
  const base = { countedBy: [1, 2], investigatedBy: [3], enforced: true };
  assert.equal(sodDecision({ ...base, userId: 1 }).allowed, false);
  assert.equal(sodDecision({ ...base, userId: 3 }).allowed, false);
  assert.match(sodDecision({ ...base, userId: 3 }).reason, /investigated/);
  assert.equal(sodDecision({ ...base, userId: 4 }).allowed, true);
  assert.equal(sodDecision({ ...base, userId: 1, enforced: false }).allowed, true);
});
