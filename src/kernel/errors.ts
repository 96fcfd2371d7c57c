// Every failure has a stable code, a small fixed kind, a human detail and the offending fields.
// Transports map kinds to their own answers (http/problem.ts, cli/exit-codes.ts).

export const ERROR_KINDS = ['invalid', 'not_found', 'conflict', 'forbidden', 'unauthorized', 'needs_ack', 'unavailable', 'too_large'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface FieldError {
  /** JSON pointer-ish path of the offending input: "lines/0/qty" */
  readonly field: string;
  readonly reason: string;
}

export class DomainError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly fields: readonly FieldError[];
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(code: string, kind: ErrorKind, detail: string, opts: { field?: string; fields?: FieldError[]; extra?: Record<string, unknown> } = {}) {
    super(detail);
    this.name = 'DomainError';
    this.code = code;
    this.kind = kind;
    const fields = opts.fields ? [...opts.fields] : [];
    if (opts.field) fields.unshift({ field: opts.field, reason: detail });
    this.fields = fields;
    this.extra = opts.extra ?? {};
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/** An invariant that must hold; failing it is a bug, not bad input. */
export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(`invariant violated: ${message}`);
}
