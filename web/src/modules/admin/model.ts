// Shapes of the access API (src/modules/access/access.routes.ts) and its closed lists of roles and
// permissions, restated for the forms (test/web/admin.test.ts checks them against the server's).

export const ROLES = ['admin', 'inventory_manager', 'supervisor', 'counter', 'investigator', 'storekeeper', 'planner', 'auditor', 'integration'] as const;
export type RoleName = (typeof ROLES)[number];

export const ROLE_LABELS: Record<RoleName, string> = {
  admin: 'Admin',
  inventory_manager: 'Inventory manager',
  supervisor: 'Supervisor',
  counter: 'Counter',
  investigator: 'Investigator',
  storekeeper: 'Storekeeper',
  planner: 'Planner',
  auditor: 'Auditor',
  integration: 'Integration',
};

export const PERMISSIONS = [
  'catalog.read', 'catalog.write', 'ledger.read', 'ledger.post', 'ledger.check', 'reports.read', 'audit.read', 'users.read', 'users.admin', 'settings.read', 'settings.admin',
  'counting.read', 'counting.schedule', 'counting.assign', 'counting.count', 'counting.review', 'counting.approve', 'counting.investigate', 'counting.policy',
  'planning.read', 'planning.write', 'planning.run', 'imports.run',
] as const;

export interface RoleGrant {
  role: string;
  /** site codes; null: every site */
  sites: string[] | null;
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  active: boolean;
  passwordSet: boolean;
  locked: boolean;
  roles: RoleGrant[];
  createdAt: string;
  updatedAt: string;
}

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  userId: number | null;
  scopes: string[];
  sites: string[] | null;
  expiresAt: string | null;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  active: boolean;
}

export function roleLabel(r: string): string {
  return ROLE_LABELS[r as RoleName] ?? r;
}
