// Who is acting and from where: passed to every command so that postings and the audit trail
// record it. The HTTP layer builds it from the request; the CLI from the OS user.

export interface Ctx {
  /** "user:12", "token:3", "cli:root", "system" */
  readonly actor: string;
  readonly actorUserId?: number;
  readonly requestId?: string;
  readonly clientAddr?: string;
  /** server time; injectable for tests */
  now(): Date;
}

export function systemCtx(actor = 'system', now: () => Date = () => new Date()): Ctx {
  return { actor, now };
}
