// Who may do what (SPEC §1), as data and pure functions: the closed list of permissions, the roles,
// the role → permission table, grants with site limits, the login throttle and password policy.
// Routes declare one permission each (config.permission); src/http/auth.ts enforces it.

export const PERMISSIONS = [
  'catalog.read',
  'catalog.write',
  'ledger.read',
  'ledger.post',
  'ledger.check',
  'reports.read',
  'audit.read',
  'users.read',
  'users.admin',
  'settings.read',
  'settings.admin',
  'counting.read',
  'counting.schedule',
  'counting.assign',
  'counting.count',
  'counting.review',
  'counting.approve',
  'counting.investigate',
  'counting.policy',
  'planning.read',
  'planning.write',
  'planning.run',
  'imports.run',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Route-level markers that are not permissions: no authentication at all, or any signed-in caller. */
export const PUBLIC = 'public';
export const AUTHENTICATED = 'authenticated';
export type RoutePermission = Permission | typeof PUBLIC | typeof AUTHENTICATED;

export const ROLES = ['admin', 'inventory_manager', 'supervisor', 'counter', 'investigator', 'storekeeper', 'planner', 'auditor', 'integration'] as const;
export type Role = (typeof ROLES)[number];

const READS = PERMISSIONS.filter((p) => p.endsWith('.read'));

/**
 * SPEC §1 as a table. Admin holds every permission: it administers users, sites and settings, and a
 * plant's administrator is also the one who can repair anything (Odoo, ERPNext do the same); the
 * audit trail names them whatever they do. Auditor reads everything and changes nothing.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: [...PERMISSIONS],
  inventory_manager: [
    'catalog.read', 'ledger.read', 'ledger.check', 'reports.read', 'audit.read', 'settings.read',
    'counting.read', 'counting.policy', 'counting.schedule', 'counting.assign', 'counting.review', 'counting.approve', 'planning.read',
  ],
  supervisor: ['catalog.read', 'ledger.read', 'reports.read', 'counting.read', 'counting.schedule', 'counting.assign', 'counting.review', 'counting.approve'],
  // counters see only their own tasks (the counting module filters); no ledger quantities (blind counts)
  counter: ['catalog.read', 'counting.count'],
  investigator: ['catalog.read', 'ledger.read', 'counting.read', 'counting.investigate'],
  storekeeper: ['catalog.read', 'ledger.read', 'ledger.post'],
  planner: ['catalog.read', 'ledger.read', 'reports.read', 'planning.read', 'planning.write', 'planning.run'],
  auditor: [...READS],
  // the permissions an integration's tokens may be given; each token carries a subset (its scopes)
  integration: ['catalog.read', 'catalog.write', 'ledger.read', 'ledger.post', 'reports.read', 'imports.run'],
};

export function isPermission(s: string): s is Permission {
  return (PERMISSIONS as readonly string[]).includes(s);
}

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

export function isRoutePermission(s: unknown): s is RoutePermission {
  return typeof s === 'string' && (s === PUBLIC || s === AUTHENTICATED || isPermission(s));
}

/** One role held by a user, optionally limited to some sites (null: every site). */
export interface RoleGrant {
  readonly role: Role;
  readonly sites: readonly number[] | null;
}

/** permission → the sites it holds in (null: every site). A permission missing from the map is not held. */
export type Grants = Readonly<Partial<Record<Permission, readonly number[] | null>>>;

function unionSites(a: readonly number[] | null | undefined, b: readonly number[] | null): readonly number[] | null {
  if (a === undefined) return b === null ? null : [...b].sort((x, y) => x - y);
  if (a === null || b === null) return null;
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

function intersectSites(a: readonly number[] | null, b: readonly number[] | null): readonly number[] | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.filter((s) => b.includes(s));
}

/** Grants of a user: each role's permissions, limited to that role's sites; several roles add up. */
export function grantsOfRoles(roles: readonly RoleGrant[]): Grants {
  const out: Partial<Record<Permission, readonly number[] | null>> = {};
  for (const r of roles) {
    for (const p of ROLE_PERMISSIONS[r.role]) out[p] = unionSites(out[p], r.sites);
  }
  return out;
}

/**
 * Grants of an API token: its scopes, within what its owner holds (when it has one), limited to the
 * token's own sites (when given). A scope the owner no longer holds is dropped.
 */
export function grantsOfToken(scopes: readonly Permission[], tokenSites: readonly number[] | null, owner: Grants | null): Grants {
  const out: Partial<Record<Permission, readonly number[] | null>> = {};
  for (const p of scopes) {
    if (owner && !(p in owner)) continue;
    const ownerSites = owner ? (owner[p] ?? null) : null;
    const sites = intersectSites(ownerSites, tokenSites);
    if (sites !== null && sites.length === 0) continue;
    out[p] = sites;
  }
  return out;
}

export function holds(grants: Grants, permission: Permission): boolean {
  return permission in grants;
}

/** The sites a permission holds in: null = every site, [] = none. */
export function sitesFor(grants: Grants, permission: Permission): readonly number[] | null {
  const s = grants[permission];
  return s === undefined ? [] : s;
}

/** Union of the sites of every grant: null = every site. */
export function anySites(grants: Grants): readonly number[] | null {
  let acc: readonly number[] | null | undefined;
  for (const s of Object.values(grants)) acc = unionSites(acc, s as readonly number[] | null);
  return acc === undefined ? [] : acc;
}

// ---- login throttle: failures are slowed, then the account (or the name tried) is locked for a while

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;
/** failures within this window count towards a lock; older ones are forgotten */
export const FAILURE_WINDOW_MINUTES = 15;

/** Delay before answering a failed login: none for the first two, then doubling, at most 2 s. */
export function loginDelayMs(failures: number): number {
  if (failures < 3) return 0;
  return Math.min(2000, 100 * 2 ** (failures - 3));
}

export interface ThrottleState {
  readonly failures: number;
  readonly lastFailureAt: string | null;
  readonly lockedUntil: string | null;
}

export function isLocked(s: ThrottleState | undefined, now: Date): boolean {
  return !!s?.lockedUntil && Date.parse(s.lockedUntil) > now.getTime();
}

/** The state after one more failure, and whether this failure locks. */
export function afterFailure(s: ThrottleState | undefined, now: Date): { state: ThrottleState; locked: boolean } {
  const recent = s?.lastFailureAt && now.getTime() - Date.parse(s.lastFailureAt) < FAILURE_WINDOW_MINUTES * 60_000 && !s.lockedUntil;
  const failures = (recent ? s.failures : 0) + 1;
  const locked = failures >= LOCK_AFTER_FAILURES;
  return {
    state: { failures: locked ? 0 : failures, lastFailureAt: now.toISOString(), lockedUntil: locked ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null },
    locked,
  };
}

// ---- passwords and usernames

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/** Undefined when acceptable, otherwise the reason. Length matters more than character classes (NIST 800-63B). */
export function passwordProblem(pw: string, username?: string): string | undefined {
  if (pw.length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (pw.length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  if (username && pw.toLowerCase().includes(username.toLowerCase())) return 'must not contain the username';
  if (new Set(pw).size < 4) return 'is too simple';
  return undefined;
}

export function usernameProblem(u: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9._-]{1,62}$/.test(u)) return 'must be 2 to 63 lowercase letters, digits, dot, dash or underscore, starting with a letter or digit';
  return undefined;
}

// ---- e-mail addresses

export const EMAIL_MAX = 254;

/**
 * A deliberately simple check (not RFC 5322, whose full grammar admits quoted local parts and comments
 * no plant uses): one "@"; a local part of 1 to 64 characters without spaces, control characters or
 * any of < > ( ) [ ] , ; : \ " @; a domain of at least two dot-separated labels, each 1 to 63 letters (any
 * script), digits or inner hyphens; 254 characters in all (RFC 5321). No spaces or line breaks can
 * reach an SMTP envelope or header. Whether the mailbox exists only a delivery can tell.
 */
export function emailProblem(email: string): string | undefined {
  const reason = 'must be an e-mail address like name@example.com';
  if (email.length > EMAIL_MAX) return `must be at most ${EMAIL_MAX} characters`;
  const at = email.lastIndexOf('@');
  if (at < 1 || at !== email.indexOf('@')) return reason;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > 64 || !/^[^\s\p{C}<>()[\],;:\\"@]+$/u.test(local)) return reason;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u.test(l))) return reason;
  return undefined;
}

// ---- segregation of duties (SPEC §1)

export interface SodInput {
  readonly userId: number;
  readonly countedBy: readonly number[];
  readonly investigatedBy: readonly number[];
  readonly enforced: boolean;
}

export interface SodDecision {
  readonly allowed: boolean;
  readonly reason: string;
}

/** Nobody approves a correction for a count they counted or investigated, unless the site turned the rule off. */
export function sodDecision(i: SodInput): SodDecision {
  if (!i.enforced) return { allowed: true, reason: 'segregation of duties is turned off for this site' };
  if (i.countedBy.includes(i.userId)) return { allowed: false, reason: 'the approver counted this line; segregation of duties requires someone else' };
  if (i.investigatedBy.includes(i.userId)) return { allowed: false, reason: 'the approver investigated this line; segregation of duties requires someone else' };
  return { allowed: true, reason: 'the approver neither counted nor investigated this line' };
}
