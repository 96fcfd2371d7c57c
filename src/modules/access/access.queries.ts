// Read side of access: users with their roles, tokens (never their secrets), the principal behind a
// session cookie or a bearer token, site settings.

import type { Q } from '../../db/db.js';
import type { Principal } from '../../kernel/context.js';
import { intFromDb } from '../../kernel/decimal.js';
import { accessErrors } from './access.errors.js';
import { sha256 } from './access.crypto.js';
import { grantsOfRoles, grantsOfToken, isLocked, isPermission, isRole, type Grants, type Permission, type RoleGrant } from './access.rules.js';

export interface RoleDto {
  readonly role: string;
  /** site codes the role is limited to; null: every site */
  readonly sites: string[] | null;
}

export interface UserDto {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  /** where notifications are e-mailed; null: in-app only */
  readonly email: string | null;
  readonly active: boolean;
  readonly passwordSet: boolean;
  readonly locked: boolean;
  readonly roles: RoleDto[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface TokenDto {
  readonly id: number;
  readonly name: string;
  readonly prefix: string;
  readonly userId: number | null;
  readonly scopes: string[];
  readonly sites: string[] | null;
  readonly expiresAt: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt: string | null;
  readonly active: boolean;
}

/** Role grants of users by id (site ids), from user_role and user_role_site. */
export async function roleGrantsOf(q: Q, userIds: readonly number[]): Promise<Map<number, RoleGrant[]>> {
  const out = new Map<number, RoleGrant[]>();
  if (userIds.length === 0) return out;
  const rows = await q
    .selectFrom('user_role as r')
    .leftJoin('user_role_site as s', 's.user_role_id', 'r.id')
    .select(['r.id', 'r.user_id', 'r.role', 's.site_id'])
    .where('r.user_id', 'in', [...userIds])
    .orderBy('r.user_id')
    .orderBy('r.role')
    .orderBy('s.site_id')
    .execute();
  const byRole = new Map<number, { userId: number; role: string; sites: number[] }>();
  for (const r of rows) {
    const id = intFromDb(r.id);
    let g = byRole.get(id);
    if (!g) {
      g = { userId: intFromDb(r.user_id), role: r.role, sites: [] };
      byRole.set(id, g);
    }
    if (r.site_id !== null && r.site_id !== undefined) g.sites.push(intFromDb(r.site_id));
  }
  for (const g of byRole.values()) {
    if (!isRole(g.role)) continue;
    const list = out.get(g.userId) ?? [];
    list.push({ role: g.role, sites: g.sites.length ? g.sites : null });
    out.set(g.userId, list);
  }
  return out;
}

async function siteCodes(q: Q, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await q.selectFrom('location').select(['id', 'code']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [intFromDb(r.id), r.code]));
}

type UserRow = { id: number; username: string; display_name: string; email: string | null; active: number; password_hash: string | null; created_at: string; updated_at: string };

async function toUserDtos(q: Q, rows: readonly UserRow[], now: Date): Promise<UserDto[]> {
  const grants = await roleGrantsOf(q, rows.map((r) => r.id));
  const codes = await siteCodes(q, [...new Set([...grants.values()].flat().flatMap((g) => g.sites ?? []))]);
  const throttles = rows.length
    ? await q.selectFrom('login_throttle').selectAll().where('username', 'in', rows.map((r) => r.username)).execute()
    : [];
  const lockedNames = new Set(throttles.filter((t) => isLocked({ failures: t.failures, lastFailureAt: t.last_failure_at, lockedUntil: t.locked_until }, now)).map((t) => t.username));
  return rows.map((r) => ({
    id: intFromDb(r.id),
    username: r.username,
    displayName: r.display_name,
    email: r.email,
    active: r.active === 1,
    passwordSet: r.password_hash !== null,
    locked: lockedNames.has(r.username),
    roles: (grants.get(intFromDb(r.id)) ?? []).map((g) => ({ role: g.role, sites: g.sites === null ? null : g.sites.map((s) => codes.get(s) ?? String(s)) })),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

const USER_COLS = ['id', 'username', 'display_name', 'email', 'active', 'password_hash', 'created_at', 'updated_at'] as const;

export async function listUsers(q: Q, now: Date, f: { active?: boolean; role?: string } = {}): Promise<UserDto[]> {
  let query = q.selectFrom('app_user').select([...USER_COLS]);
  if (f.active !== undefined) query = query.where('active', '=', f.active ? 1 : 0);
  if (f.role) query = query.where('id', 'in', q.selectFrom('user_role').select('user_id').where('role', '=', f.role));
  const rows = await query.orderBy('username').execute();
  return toUserDtos(q, rows, now);
}

export async function findUser(q: Q, ref: number | string, now: Date): Promise<UserDto | undefined> {
  const base = q.selectFrom('app_user').select([...USER_COLS]);
  const row = await (typeof ref === 'number' ? base.where('id', '=', ref) : base.where('username', '=', ref.toLowerCase())).executeTakeFirst();
  if (!row) return undefined;
  return (await toUserDtos(q, [row], now))[0];
}

export async function getUser(q: Q, ref: number | string, now: Date): Promise<UserDto> {
  const u = await findUser(q, ref, now);
  if (!u) throw accessErrors.user_not_found(`user ${JSON.stringify(ref)} does not exist`, { field: typeof ref === 'number' ? 'id' : 'username' });
  return u;
}

export async function grantsOfUser(q: Q, userId: number): Promise<{ roles: RoleGrant[]; grants: Grants }> {
  const roles = (await roleGrantsOf(q, [userId])).get(userId) ?? [];
  return { roles, grants: grantsOfRoles(roles) };
}

type TokenRow = { id: number; name: string; prefix: string; user_id: number | null; scopes: string; sites: string | null; expires_at: string | null; created_at: string; created_by: string; revoked_at: string | null };

function parseIds(text: string | null): number[] | null {
  if (text === null) return null;
  const v: unknown = JSON.parse(text);
  return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : null;
}

function parseScopes(text: string): Permission[] {
  const v: unknown = JSON.parse(text);
  return Array.isArray(v) ? v.filter((x): x is Permission => typeof x === 'string' && isPermission(x)) : [];
}

export async function toTokenDtos(q: Q, rows: readonly TokenRow[], now: Date): Promise<TokenDto[]> {
  const codes = await siteCodes(q, [...new Set(rows.flatMap((r) => parseIds(r.sites) ?? []))]);
  return rows.map((r) => {
    const sites = parseIds(r.sites);
    return {
      id: intFromDb(r.id),
      name: r.name,
      prefix: r.prefix,
      userId: r.user_id === null ? null : intFromDb(r.user_id),
      scopes: parseScopes(r.scopes),
      sites: sites === null ? null : sites.map((s) => codes.get(s) ?? String(s)),
      expiresAt: r.expires_at,
      createdAt: r.created_at,
      createdBy: r.created_by,
      revokedAt: r.revoked_at,
      active: r.revoked_at === null && (r.expires_at === null || Date.parse(r.expires_at) > now.getTime()),
    };
  });
}

const TOKEN_COLS = ['id', 'name', 'prefix', 'user_id', 'scopes', 'sites', 'expires_at', 'created_at', 'created_by', 'revoked_at'] as const;

export async function listTokens(q: Q, now: Date, f: { userId?: number; includeRevoked?: boolean } = {}): Promise<TokenDto[]> {
  let query = q.selectFrom('api_token').select([...TOKEN_COLS]);
  if (f.userId !== undefined) query = query.where('user_id', '=', f.userId);
  if (!f.includeRevoked) query = query.where('revoked_at', 'is', null);
  return toTokenDtos(q, await query.orderBy('id').execute(), now);
}

export async function getToken(q: Q, id: number, now: Date): Promise<TokenDto> {
  const row = await q.selectFrom('api_token').select([...TOKEN_COLS]).where('id', '=', id).executeTakeFirst();
  if (!row) throw accessErrors.token_not_found(`token ${id} does not exist`, { field: 'id' });
  return (await toTokenDtos(q, [row], now))[0] as TokenDto;
}

function grantsRecord(g: Grants): Record<string, readonly number[] | null> {
  return { ...g } as Record<string, readonly number[] | null>;
}

/** The principal of a session cookie value, with the hash its CSRF header must match; undefined when unknown, expired or revoked. */
export async function principalOfSession(q: Q, cookieValue: string, now: Date): Promise<{ principal: Principal; csrfHash: string } | undefined> {
  const row = await q
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select(['s.id', 's.csrf_hash', 's.expires_at', 's.revoked_at', 'u.id as user_id', 'u.username', 'u.active'])
    .where('s.token_hash', '=', sha256(cookieValue))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || row.active !== 1 || Date.parse(row.expires_at) <= now.getTime()) return undefined;
  const userId = intFromDb(row.user_id);
  const { roles, grants } = await grantsOfUser(q, userId);
  return {
    principal: { kind: 'user', id: userId, userId, name: row.username, roles, grants: grantsRecord(grants), sessionId: intFromDb(row.id) },
    csrfHash: row.csrf_hash,
  };
}

/** The principal of a bearer token; undefined when unknown, expired, revoked, or its owner is inactive. */
export async function principalOfToken(q: Q, token: string, now: Date): Promise<Principal | undefined> {
  const row = await q.selectFrom('api_token').select([...TOKEN_COLS]).where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (!row || row.revoked_at !== null || (row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime())) return undefined;
  let owner: { roles: RoleGrant[]; grants: Grants } | null = null;
  const userId = row.user_id === null ? null : intFromDb(row.user_id);
  if (userId !== null) {
    const u = await q.selectFrom('app_user').select('active').where('id', '=', userId).executeTakeFirst();
    if (!u || u.active !== 1) return undefined;
    owner = await grantsOfUser(q, userId);
  }
  const grants = grantsOfToken(parseScopes(row.scopes), parseIds(row.sites), owner ? owner.grants : null);
  return { kind: 'token', id: intFromDb(row.id), userId, name: row.name, roles: owner?.roles ?? [], grants: grantsRecord(grants) };
}

export interface SiteSettingsDto {
  readonly site: string;
  readonly siteId: number;
  readonly segregationOfDuties: boolean;
}

export async function getSiteSettings(q: Q, site: string | number): Promise<SiteSettingsDto> {
  const base = q.selectFrom('location').select(['id', 'code', 'kind', 'segregation_of_duties']);
  const row = await (typeof site === 'number' ? base.where('id', '=', site) : base.where('code', '=', site)).executeTakeFirst();
  if (!row || row.kind !== 'site') throw accessErrors.site_not_found(`no site ${JSON.stringify(site)}`, { field: 'site' });
  return { site: row.code, siteId: intFromDb(row.id), segregationOfDuties: row.segregation_of_duties === 1 };
}
