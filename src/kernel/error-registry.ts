// The closed list of error codes. Each module declares its codes here through defineErrors;
// docs/errors.md lists every one, and test/docs-errors.test.ts keeps the two in step.

import { DomainError, type ErrorKind, type FieldError } from './errors.js';

export interface ErrorSpec {
  readonly kind: ErrorKind;
  /** one line for docs/errors.md: when this happens */
  readonly when: string;
}

const registry = new Map<string, ErrorSpec>();

export type ErrorFactory = (detail?: string, opts?: { field?: string; fields?: FieldError[]; extra?: Record<string, unknown> }) => DomainError;

/** Declares the codes of one module and returns factories: `errors.insufficient_stock('…', { field })`. */
export function defineErrors<K extends string>(module: string, specs: Record<K, ErrorSpec>): Record<K, ErrorFactory> & { codes: Record<K, string> } {
  const out = {} as Record<K, ErrorFactory>;
  const codes = {} as Record<K, string>;
  for (const key of Object.keys(specs) as K[]) {
    const spec = specs[key];
    const code = `${module}.${key}`;
    registry.set(code, spec);
    codes[key] = code;
    out[key] = (detail, opts) => new DomainError(code, spec.kind, detail ?? spec.when, opts ?? {});
  }
  return Object.assign(out, { codes });
}

export function registeredErrors(): ReadonlyMap<string, ErrorSpec> {
  return registry;
}

/** Codes raised by the kernel and the transports themselves. */
export const kernelErrors = defineErrors('kernel', {
  out_of_range: { kind: 'invalid', when: 'a number is beyond the range the ledger stores' },
  invalid_decimal: { kind: 'invalid', when: 'a quantity or amount is not a decimal string' },
  too_many_decimals: { kind: 'invalid', when: 'a quantity or amount has more decimals than its scale allows; it is refused, never rounded' },
});

export const requestErrors = defineErrors('request', {
  validation: { kind: 'invalid', when: 'the request body, query or path does not match the route schema (wrong type, missing or unknown field)' },
  malformed_json: { kind: 'invalid', when: 'the body is not valid JSON' },
  body_too_large: { kind: 'too_large', when: 'the body exceeds the configured limit' },
  unsupported_media_type: { kind: 'invalid', when: 'the body is not application/json' },
  route_not_found: { kind: 'not_found', when: 'no route answers this method and path' },
  idempotency_conflict: { kind: 'conflict', when: 'an Idempotency-Key was reused with a different payload' },
  idempotency_in_progress: { kind: 'conflict', when: 'a request with the same Idempotency-Key is still being processed' },
  invalid_cursor: { kind: 'invalid', when: 'a list cursor is not one this server issued' },
  internal: { kind: 'unavailable', when: 'an unexpected failure; nothing was changed and the incident is logged with the request id' },
});
