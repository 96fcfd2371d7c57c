// Row shapes of the access tables (migrations 2026-11-22-0500-access, 0600-user-email), merged into the Database
// interface so Kysely knows them.

import type { Generated } from 'kysely';

type Id = Generated<number>;

export interface AppUserTable {
  id: Id;
  /** lowercase, unique */
  username: string;
  display_name: string;
  /** where notify e-mails this user (migration 0600); null: in-app only */
  email: string | null;
  /** scrypt$N$r$p$salt$hash; null: no password login (token-only users) */
  password_hash: string | null;
  active: number;
  created_at: string;
  updated_at: string;
  password_changed_at: string | null;
}

export interface UserRoleTable {
  id: Id;
  user_id: number;
  role: string;
}

export interface UserRoleSiteTable {
  user_role_id: number;
  site_id: number;
}

export interface UserSessionTable {
  id: Id;
  /** sha256 of the cookie value; the value itself is never stored */
  token_hash: string;
  csrf_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  client_addr: string | null;
}

export interface ApiTokenTable {
  id: Id;
  name: string;
  /** sha256 of the token; the token is shown once, at creation */
  token_hash: string;
  /** first characters of the token, to recognise it in lists */
  prefix: string;
  user_id: number | null;
  /** JSON array of permissions */
  scopes: string;
  /** JSON array of site ids, or null for every site the owner has */
  sites: string | null;
  expires_at: string | null;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

export interface LoginThrottleTable {
  /** the username tried (existing or not, so that a lock does not reveal which names exist) */
  username: string;
  failures: number;
  last_failure_at: string | null;
  locked_until: string | null;
}

declare module '../../db/tables.js' {
  interface Database {
    app_user: AppUserTable;
    user_role: UserRoleTable;
    user_role_site: UserRoleSiteTable;
    user_session: UserSessionTable;
    api_token: ApiTokenTable;
    login_throttle: LoginThrottleTable;
  }
  interface LocationTable {
    /** sites: nobody approves a correction for a count they counted or investigated (1, default) */
    segregation_of_duties: Generated<number>;
  }
}
