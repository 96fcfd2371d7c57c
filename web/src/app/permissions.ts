// Who may do what, for the navigation. The server is the judge (every route declares a permission and
// src/http/auth.ts checks it); this only hides what a user cannot use, from the permissions and site
// limits GET /api/v1/auth/me lists. Imports nothing (tested under Node).

/** What a signed-in user may do: the permissions GET /auth/me lists. */
export function permissionsOf(listed: readonly string[]): Set<string> {
  return new Set(listed);
}

/**
 * The site ids a user may see on the inventory screens: the union over the permissions the screens
 * need; null when any of them holds in every site.
 */
export function visibleSiteIds(sites: Readonly<Record<string, readonly number[] | null>>, permissions: readonly string[] = ['catalog.read', 'ledger.read']): number[] | null {
  const out = new Set<number>();
  let any = false;
  for (const p of permissions) {
    if (!(p in sites)) continue;
    any = true;
    const s = sites[p];
    if (s === null || s === undefined) return null;
    for (const id of s) out.add(id);
  }
  return any ? [...out].sort((a, b) => a - b) : [];
}

export function can(perms: ReadonlySet<string>, permission: string): boolean {
  if (permission === 'public' || permission === 'authenticated') return true;
  if (perms.has('*') || perms.has(permission)) return true;
  // "ledger.*" grants every ledger permission
  const dot = permission.indexOf('.');
  return dot > 0 && perms.has(permission.slice(0, dot) + '.*');
}

export interface NavEntry {
  readonly path: string;
  readonly label: string;
  /** the endpoint whose permission the screen needs first (see endpoints.ts) */
  readonly endpoint: string;
  readonly permission: string;
  readonly group: 'inventory' | 'ledger' | 'counting' | 'reports' | 'admin';
}

export const NAV: readonly NavEntry[] = [
  { path: '/', label: 'Dashboard', endpoint: 'listMovements', permission: 'ledger.read', group: 'inventory' },
  { path: '/items', label: 'Items', endpoint: 'listItems', permission: 'catalog.read', group: 'inventory' },
  { path: '/locations', label: 'Locations', endpoint: 'locationTree', permission: 'catalog.read', group: 'inventory' },
  { path: '/lots', label: 'Lots', endpoint: 'listLots', permission: 'catalog.read', group: 'inventory' },
  { path: '/stock', label: 'Stock on hand', endpoint: 'listStock', permission: 'ledger.read', group: 'ledger' },
  { path: '/movements', label: 'Movements', endpoint: 'listMovements', permission: 'ledger.read', group: 'ledger' },
  { path: '/movements/new', label: 'Post a movement', endpoint: 'postMovement', permission: 'ledger.post', group: 'ledger' },
  // cycle counting desk (modules/counting)
  { path: '/counting/review', label: 'Variance review', endpoint: 'listCountLines', permission: 'counting.read', group: 'counting' },
  { path: '/counting/approvals', label: 'Approvals', endpoint: 'approveCorrection', permission: 'counting.approve', group: 'counting' },
  { path: '/counting/investigations', label: 'Investigations', endpoint: 'saveInvestigationNote', permission: 'counting.investigate', group: 'counting' },
  { path: '/counting/schedule', label: 'Count schedule', endpoint: 'scheduleCalendar', permission: 'counting.read', group: 'counting' },
  { path: '/counting/assign', label: 'Assignment board', endpoint: 'assignCountDay', permission: 'counting.assign', group: 'counting' },
  { path: '/counting/policy', label: 'Count policy', endpoint: 'setCountPolicy', permission: 'counting.policy', group: 'counting' },
  { path: '/count', label: 'My count tasks', endpoint: 'counterMyTasks', permission: 'counting.count', group: 'counting' },
  { path: '/reports/valuation', label: 'Valuation', endpoint: 'valuation', permission: 'reports.read', group: 'reports' },
  { path: '/reports/counts', label: 'Count report', endpoint: 'countReport', permission: 'reports.read', group: 'reports' },
  { path: '/reports/count-history', label: 'Count history', endpoint: 'countHistory', permission: 'reports.read', group: 'reports' },
  // administration (modules/audit, modules/admin)
  { path: '/audit', label: 'Audit log', endpoint: 'listAudit', permission: 'audit.read', group: 'admin' },
  { path: '/admin/users', label: 'Users and roles', endpoint: 'setUserRoles', permission: 'users.admin', group: 'admin' },
  { path: '/admin/tokens', label: 'API tokens', endpoint: 'createToken', permission: 'users.admin', group: 'admin' },
];
