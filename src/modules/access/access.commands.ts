// Write side of access: users, roles with site limits, passwords, sessions (login/logout), API tokens
// and site settings. Every change is audited with before and after; secrets never enter the audit.

import { setTimeout as sleep } from 'node:timers/promises';
import { inTx, type Db, type Q, type Tx } from '../../db/db.js';
import type { Ctx } from '../../kernel/context.js';
import { intFromDb } from '../../kernel/decimal.js';
import { recordAudit } from '../audit/audit.js';
import { findLocationRef } from '../catalog/index.js';
import { accessErrors } from './access.errors.js';
import { assertSiteAllowed } from './access.scope.js';
import { csrfTokenFor, dummyPasswordHash, generatePassword, hashPassword, newApiToken, newSecret, sha256, verifyPassword } from './access.crypto.js';
import { getSiteSettings, getToken, getUser, grantsOfUser, type SiteSettingsDto, type TokenDto, type UserDto } from './access.queries.js';
import {
  afterFailure,
  emailProblem,
  isLocked,
  isPermission,
  isRole,
  loginDelayMs,
  passwordProblem,
  PERMISSIONS,
  usernameProblem,
  type Grants,
  type Permission,
  type Role,
} from './access.rules.js';

export const SESSION_HOURS = 12;

export interface RoleInput {
  readonly role: string;
  /** site codes or ids; absent or null: every site */
  readonly sites?: readonly (string | number)[] | null;
}

async function resolveSites(q: Q, sites: readonly (string | number)[] | null | undefined, field: string): Promise<number[] | null> {
  if (sites === undefined || sites === null) return null;
  const out: number[] = [];
  for (const [i, s] of sites.entries()) {
    const loc = await findLocationRef(q, s);
    if (!loc || loc.kind !== 'site') throw accessErrors.unknown_site(`${field}/${i}: ${JSON.stringify(s)} is not a site`, { field: `${field}/${i}` });
    if (!out.includes(loc.id)) out.push(loc.id);
  }
  if (out.length === 0) throw accessErrors.unknown_site(`${field}: name at least one site, or leave sites out for every site`, { field });
  return out.sort((a, b) => a - b);
}

async function resolveRoles(q: Q, roles: readonly RoleInput[]): Promise<{ role: Role; sites: number[] | null }[]> {
  const out: { role: Role; sites: number[] | null }[] = [];
  for (const [i, r] of roles.entries()) {
    if (!isRole(r.role)) throw accessErrors.unknown_role(`roles/${i}/role: "${r.role}" is not a role`, { field: `roles/${i}/role` });
    if (out.some((o) => o.role === r.role)) throw accessErrors.unknown_role(`roles/${i}/role: "${r.role}" is given twice`, { field: `roles/${i}/role` });
    out.push({ role: r.role, sites: await resolveSites(q, r.sites, `roles/${i}/sites`) });
  }
  return out;
}

async function writeRoles(tx: Tx, userId: number, roles: readonly { role: Role; sites: number[] | null }[]): Promise<void> {
  const old = await tx.selectFrom('user_role').select('id').where('user_id', '=', userId).execute();
  if (old.length) {
    await tx.deleteFrom('user_role_site').where('user_role_id', 'in', old.map((o) => o.id)).execute();
    await tx.deleteFrom('user_role').where('user_id', '=', userId).execute();
  }
  for (const r of roles) {
    const row = await tx.insertInto('user_role').values({ user_id: userId, role: r.role }).returning('id').executeTakeFirstOrThrow();
    for (const s of r.sites ?? []) await tx.insertInto('user_role_site').values({ user_role_id: intFromDb(row.id), site_id: s }).execute();
  }
}

/** At least one active, unrestricted admin must remain, or nobody can administer the system. */
async function assertAdminRemains(tx: Tx): Promise<void> {
  const row = await tx
    .selectFrom('user_role as r')
    .innerJoin('app_user as u', 'u.id', 'r.user_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('r.role', '=', 'admin')
    .where('u.active', '=', 1)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('user_role_site as s').select('s.site_id').whereRef('s.user_role_id', '=', 'r.id'))))
    .executeTakeFirst();
  if (intFromDb(row?.n ?? 0) === 0) throw accessErrors.last_admin('the change would leave no active admin for every site; give another user the admin role first', { field: 'roles' });
}

function checkPassword(pw: string, username: string, field: string): void {
  const p = passwordProblem(pw, username);
  if (p) throw accessErrors.weak_password(`${field} ${p}`, { field });
}

/** Trimmed address, or null for none (absent, null or blank); refuses one that fails emailProblem. */
function checkEmail(email: string | null | undefined, field = 'email'): string | null {
  const e = email?.trim() ?? '';
  if (e === '') return null;
  const p = emailProblem(e);
  if (p) throw accessErrors.bad_email(`${field} ${p}`, { field });
  return e;
}

export interface CreateUserInput {
  readonly username: string;
  readonly displayName?: string;
  /** where notifications are e-mailed; absent, null or blank: in-app only */
  readonly email?: string | null;
  /** absent: no password login (a user for API tokens only) */
  readonly password?: string;
  readonly roles: readonly RoleInput[];
}

export async function createUser(tx: Tx, ctx: Ctx, input: CreateUserInput): Promise<UserDto> {
  const username = input.username.trim().toLowerCase();
  const up = usernameProblem(username);
  if (up) throw accessErrors.bad_username(`username ${up}`, { field: 'username' });
  if (input.password !== undefined) checkPassword(input.password, username, 'password');
  const email = checkEmail(input.email);
  const exists = await tx.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst();
  if (exists) throw accessErrors.duplicate_username(`username "${username}" is taken`, { field: 'username' });
  const roles = await resolveRoles(tx, input.roles);
  const now = ctx.now().toISOString();
  const row = await tx
    .insertInto('app_user')
    .values({
      username,
      display_name: input.displayName?.trim() || username,
      email,
      password_hash: input.password === undefined ? null : await hashPassword(input.password),
      active: 1,
      created_at: now,
      updated_at: now,
      password_changed_at: input.password === undefined ? null : now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = intFromDb(row.id);
  await writeRoles(tx, id, roles);
  const user = await getUser(tx, id, ctx.now());
  await recordAudit(tx, ctx, { action: 'user.create', entity: 'user', entityId: id, after: user });
  return user;
}

/** email: a new address, or null (or blank) to remove it; absent: unchanged. */
export async function updateUser(tx: Tx, ctx: Ctx, id: number, patch: { displayName?: string; email?: string | null; active?: boolean }): Promise<UserDto> {
  const before = await getUser(tx, id, ctx.now());
  const values: { display_name?: string; email?: string | null; active?: number; updated_at: string } = { updated_at: ctx.now().toISOString() };
  if (patch.displayName !== undefined) values.display_name = patch.displayName.trim() || before.username;
  if (patch.email !== undefined) values.email = checkEmail(patch.email);
  if (patch.active !== undefined) values.active = patch.active ? 1 : 0;
  await tx.updateTable('app_user').set(values).where('id', '=', id).execute();
  if (patch.active === false) {
    await revokeSessionsOf(tx, ctx, id);
    await assertAdminRemains(tx);
  }
  const after = await getUser(tx, id, ctx.now());
  await recordAudit(tx, ctx, { action: patch.active === false ? 'user.deactivate' : 'user.update', entity: 'user', entityId: id, before, after });
  return after;
}

export async function setRoles(tx: Tx, ctx: Ctx, id: number, roles: readonly RoleInput[]): Promise<UserDto> {
  const before = await getUser(tx, id, ctx.now());
  await writeRoles(tx, id, await resolveRoles(tx, roles));
  await tx.updateTable('app_user').set({ updated_at: ctx.now().toISOString() }).where('id', '=', id).execute();
  await assertAdminRemains(tx);
  const after = await getUser(tx, id, ctx.now());
  await recordAudit(tx, ctx, { action: 'user.roles', entity: 'user', entityId: id, before: { roles: before.roles }, after: { roles: after.roles } });
  return after;
}

async function revokeSessionsOf(tx: Tx, ctx: Ctx, userId: number, exceptSessionId?: number): Promise<number> {
  let q = tx.updateTable('user_session').set({ revoked_at: ctx.now().toISOString() }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptSessionId !== undefined) q = q.where('id', '<>', exceptSessionId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Admin reset: sets the given password or generates one (returned once), unlocks, ends the user's sessions. */
export async function resetPassword(tx: Tx, ctx: Ctx, id: number, password?: string): Promise<{ user: UserDto; password: string; generated: boolean }> {
  const user = await getUser(tx, id, ctx.now());
  const generated = password === undefined;
  const pw = password ?? generatePassword();
  checkPassword(pw, user.username, 'password');
  const now = ctx.now().toISOString();
  await tx.updateTable('app_user').set({ password_hash: await hashPassword(pw), password_changed_at: now, updated_at: now }).where('id', '=', id).execute();
  await tx.deleteFrom('login_throttle').where('username', '=', user.username).execute();
  const ended = await revokeSessionsOf(tx, ctx, id);
  await recordAudit(tx, ctx, { action: 'user.reset_password', entity: 'user', entityId: id, before: { locked: user.locked }, after: { passwordReset: true, generated, unlocked: true, sessionsEnded: ended } });
  return { user: await getUser(tx, id, ctx.now()), password: pw, generated };
}

/** The signed-in user changes their own password; their other sessions end. */
export async function changePassword(tx: Tx, ctx: Ctx, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const p = ctx.principal;
  if (!p || p.kind !== 'user' || p.userId === null) throw accessErrors.not_a_session('sign in with a username and password to change it', { field: 'authorization' });
  const row = await tx.selectFrom('app_user').select(['username', 'password_hash']).where('id', '=', p.userId).executeTakeFirstOrThrow();
  if (!row.password_hash || !(await verifyPassword(input.currentPassword, row.password_hash))) {
    throw accessErrors.wrong_password('currentPassword is not your current password', { field: 'currentPassword' });
  }
  checkPassword(input.newPassword, row.username, 'newPassword');
  if (input.newPassword === input.currentPassword) throw accessErrors.weak_password('newPassword must differ from the current one', { field: 'newPassword' });
  const now = ctx.now().toISOString();
  await tx.updateTable('app_user').set({ password_hash: await hashPassword(input.newPassword), password_changed_at: now, updated_at: now }).where('id', '=', p.userId).execute();
  const ended = await revokeSessionsOf(tx, ctx, p.userId, p.sessionId);
  await recordAudit(tx, ctx, { action: 'user.change_password', entity: 'user', entityId: p.userId, after: { passwordChanged: true, otherSessionsEnded: ended } });
}

export interface LoginResult {
  /** the session cookie value: goes into a Set-Cookie header and nowhere else */
  readonly sessionToken: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
  readonly user: UserDto;
}

/**
 * Password login. An unknown user and a wrong password get the same answer after the same work.
 * Failures are counted per username tried (existing or not), slowed, and lock the name for a while;
 * the failure is committed in its own transaction so that the lock holds although the request fails.
 */
export async function login(db: Db, ctx: Ctx, input: { username: string; password: string }): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase().slice(0, 100);
  const now = ctx.now();
  const throttleRow = await db.k.selectFrom('login_throttle').selectAll().where('username', '=', username).executeTakeFirst();
  const throttle = throttleRow ? { failures: throttleRow.failures, lastFailureAt: throttleRow.last_failure_at, lockedUntil: throttleRow.locked_until } : undefined;
  if (isLocked(throttle, now)) {
    const retryAfterSeconds = Math.ceil((Date.parse(throttle?.lockedUntil as string) - now.getTime()) / 1000);
    throw accessErrors.login_locked(`too many failed logins: try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s), or ask an admin to reset the password`, { field: 'username', extra: { retryAfterSeconds } });
  }
  const user = await db.k.selectFrom('app_user').select(['id', 'password_hash', 'active']).where('username', '=', username).executeTakeFirst();
  const ok = await verifyPassword(input.password, user?.password_hash ?? (await dummyPasswordHash()));
  if (!ok || !user || user.active !== 1 || !user.password_hash) {
    const { state, locked } = afterFailure(throttle, now);
    await inTx(db, async (tx) => {
      await tx
        .insertInto('login_throttle')
        .values({ username, failures: state.failures, last_failure_at: state.lastFailureAt, locked_until: state.lockedUntil })
        .onConflict((oc) => oc.column('username').doUpdateSet({ failures: state.failures, last_failure_at: state.lastFailureAt, locked_until: state.lockedUntil }))
        .execute();
      const userId = user ? intFromDb(user.id) : null;
      await recordAudit(tx, ctx, { action: 'auth.login_failed', entity: 'user', entityId: userId, after: { username } });
      if (locked) await recordAudit(tx, ctx, { action: 'auth.lockout', entity: 'user', entityId: userId, after: { username, lockedUntil: state.lockedUntil, failures: throttle ? throttle.failures + 1 : 1 } });
    });
    const delay = loginDelayMs(locked ? 5 : state.failures);
    if (delay > 0) await sleep(delay);
    throw accessErrors.login_failed('username or password is wrong', { field: 'password' });
  }
  const userId = intFromDb(user.id);
  const sessionToken = newSecret(32);
  // derived, not random, so that GET /auth/me can give it back (see csrfTokenFor)
  const csrfToken = csrfTokenFor(sessionToken);
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString();
  return inTx(db, async (tx) => {
    await tx.deleteFrom('login_throttle').where('username', '=', username).execute();
    const s = await tx
      .insertInto('user_session')
      .values({ token_hash: sha256(sessionToken), csrf_hash: sha256(csrfToken), user_id: userId, created_at: now.toISOString(), expires_at: expiresAt, revoked_at: null, client_addr: ctx.clientAddr ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, { ...ctx, actor: `user:${userId}`, actorUserId: userId }, { action: 'auth.login', entity: 'session', entityId: intFromDb(s.id), after: { userId, expiresAt } });
    return { sessionToken, csrfToken, expiresAt, user: await getUser(tx, userId, now) };
  });
}

export async function logout(tx: Tx, ctx: Ctx): Promise<void> {
  const sid = ctx.principal?.sessionId;
  if (sid === undefined) return; // a bearer token has no session to end
  await tx.updateTable('user_session').set({ revoked_at: ctx.now().toISOString() }).where('id', '=', sid).where('revoked_at', 'is', null).execute();
  await recordAudit(tx, ctx, { action: 'auth.logout', entity: 'session', entityId: sid });
}

export interface CreateTokenInput {
  readonly name: string;
  readonly scopes: readonly string[];
  /** ISO date-time, "90d", or null for no expiry; absent: 90 days */
  readonly expires?: string | null;
  /** the user the token acts for; its scopes must be within that user's permissions */
  readonly userId?: number | null;
  readonly sites?: readonly (string | number)[] | null;
}

export const DEFAULT_TOKEN_DAYS = 90;

export function parseExpiry(expires: string | null | undefined, now: Date, field = 'expires'): string | null {
  if (expires === null || expires === 'never') return null;
  if (expires === undefined) return new Date(now.getTime() + DEFAULT_TOKEN_DAYS * 86400_000).toISOString();
  const days = /^(\d{1,5})d$/.exec(expires.trim());
  if (days) {
    const n = Number(days[1]);
    if (n < 1) throw accessErrors.bad_expiry(`${field} must be at least 1d`, { field });
    return new Date(now.getTime() + n * 86400_000).toISOString();
  }
  const t = Date.parse(expires);
  if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}/.test(expires)) throw accessErrors.bad_expiry(`${field} must be an ISO date-time, a number of days like "90d", or "never"`, { field });
  if (t <= now.getTime()) throw accessErrors.bad_expiry(`${field} must be in the future`, { field });
  return new Date(t).toISOString();
}

function scopesWithin(scopes: readonly Permission[], grants: Grants | Readonly<Record<string, unknown>>, who: string): void {
  const missing = scopes.filter((s) => !(s in grants));
  if (missing.length) throw accessErrors.scope_exceeds(`scopes: ${who} does not hold ${missing.join(', ')}`, { field: 'scopes', extra: { missing } });
}

/** Creates an API token; the token itself is in the answer once and stored only as a hash. */
export async function createToken(tx: Tx, ctx: Ctx, input: CreateTokenInput): Promise<{ token: string; info: TokenDto }> {
  const name = input.name.trim();
  if (!name) throw accessErrors.unknown_permission('name is required', { field: 'name' });
  const scopes: Permission[] = [];
  for (const [i, s] of input.scopes.entries()) {
    if (s === '*') {
      scopes.push(...PERMISSIONS.filter((p) => !scopes.includes(p)));
      continue;
    }
    if (!isPermission(s)) throw accessErrors.unknown_permission(`scopes/${i}: "${s}" is not a permission`, { field: `scopes/${i}` });
    if (!scopes.includes(s)) scopes.push(s);
  }
  if (scopes.length === 0) throw accessErrors.unknown_permission('scopes: give the token at least one permission', { field: 'scopes' });
  const userId = input.userId ?? null;
  if (userId !== null) {
    const u = await getUser(tx, userId, ctx.now());
    if (!u.active) throw accessErrors.user_not_found(`userId: user ${userId} is inactive`, { field: 'userId' });
    scopesWithin(scopes, (await grantsOfUser(tx, userId)).grants, `user "${u.username}"`);
  }
  // nobody mints a token stronger than themselves
  if (ctx.principal) scopesWithin(scopes, ctx.principal.grants, 'you');
  const sites = await resolveSites(tx, input.sites, 'sites');
  const expiresAt = parseExpiry(input.expires, ctx.now());
  const token = newApiToken();
  const row = await tx
    .insertInto('api_token')
    .values({
      name,
      token_hash: sha256(token),
      prefix: token.slice(0, 10),
      user_id: userId,
      scopes: JSON.stringify(scopes),
      sites: sites === null ? null : JSON.stringify(sites),
      expires_at: expiresAt,
      created_at: ctx.now().toISOString(),
      created_by: ctx.actor,
      revoked_at: null,
      revoked_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const info = await getToken(tx, intFromDb(row.id), ctx.now());
  await recordAudit(tx, ctx, { action: 'token.create', entity: 'api_token', entityId: info.id, after: info });
  return { token, info };
}

export async function revokeToken(tx: Tx, ctx: Ctx, id: number): Promise<TokenDto> {
  const before = await getToken(tx, id, ctx.now());
  if (before.revokedAt === null) {
    await tx.updateTable('api_token').set({ revoked_at: ctx.now().toISOString(), revoked_by: ctx.actor }).where('id', '=', id).execute();
  }
  const after = await getToken(tx, id, ctx.now());
  await recordAudit(tx, ctx, { action: 'token.revoke', entity: 'api_token', entityId: id, before, after });
  return after;
}

export async function setSiteSettings(tx: Tx, ctx: Ctx, site: string | number, patch: { segregationOfDuties?: boolean }): Promise<SiteSettingsDto> {
  const before = await getSiteSettings(tx, site);
  assertSiteAllowed(ctx, 'settings.admin', before.siteId, 'site', `site "${before.site}"`);
  if (patch.segregationOfDuties !== undefined) {
    await tx.updateTable('location').set({ segregation_of_duties: patch.segregationOfDuties ? 1 : 0, updated_at: ctx.now().toISOString() }).where('id', '=', before.siteId).execute();
  }
  const after = await getSiteSettings(tx, before.siteId);
  await recordAudit(tx, ctx, { action: 'site.settings', entity: 'location', entityId: before.siteId, before, after });
  return after;
}
