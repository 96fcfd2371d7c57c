// Who is acting and from where: passed to every command so that postings and the audit trail
// record it. The HTTP layer builds it from the request; the CLI from the OS user.

/**
 * The authenticated caller of an HTTP request (absent for the CLI, jobs and the system, which are
 * trusted and unrestricted). Built by src/http/auth.ts through the access module.
 */
export interface Principal {
  readonly kind: 'user' | 'token';
  /** user id or token id */
  readonly id: number;
  /** the user acting, or the token's owner (null: a token of no user) */
  readonly userId: number | null;
  /** username, or the token's name */
  readonly name: string;
  readonly roles: readonly { readonly role: string; readonly sites: readonly number[] | null }[];
  /** permission → the site ids it holds in (null: every site); a permission not listed is not held */
  readonly grants: Readonly<Record<string, readonly number[] | null>>;
  /** set when authenticated by the session cookie */
  readonly sessionId?: number;
}

export interface Ctx {
  /** "user:12", "token:3", "cli:root", "system" */
  readonly actor: string;
  readonly actorUserId?: number;
  readonly requestId?: string;
  readonly clientAddr?: string;
  readonly principal?: Principal;
  /** server time; injectable for tests */
  now(): Date;
}

export function systemCtx(actor = 'system', now: () => Date = () => new Date()): Ctx {
  return { actor, now };
}
