// One mapping table from error kinds to HTTP answers (RFC 9457 problem details).

import type { ErrorKind, FieldError } from '../kernel/errors.js';

export const HTTP_STATUS: Record<ErrorKind, number> = {
  invalid: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  needs_ack: 428,
  unavailable: 503,
  too_large: 413,
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors: FieldError[];
  instance?: string;
  [extra: string]: unknown;
}

export function problemType(code: string): string {
  return `urn:stockroom:problem:${code}`;
}

const TITLES: Record<ErrorKind, string> = {
  invalid: 'Invalid input',
  not_found: 'Not found',
  conflict: 'Conflict',
  forbidden: 'Forbidden',
  unauthorized: 'Authentication required',
  needs_ack: 'Acknowledgement required',
  unavailable: 'Service unavailable',
  too_large: 'Payload too large',
};

export function problem(kind: ErrorKind, code: string, detail: string, fields: readonly FieldError[], status = HTTP_STATUS[kind], extra: Record<string, unknown> = {}): Problem {
  return { type: problemType(code), title: TITLES[kind], status, detail, code, errors: [...fields], ...extra };
}
