// One mapping table from error kinds to process exit codes (sysexits-style).

import type { ErrorKind } from '../kernel/errors.js';

export const EXIT_CODE: Record<ErrorKind, number> = {
  invalid: 65, // EX_DATAERR
  not_found: 66, // EX_NOINPUT
  conflict: 75, // EX_TEMPFAIL: retry may succeed
  forbidden: 77, // EX_NOPERM
  unauthorized: 77,
  needs_ack: 73,
  unavailable: 69, // EX_UNAVAILABLE
  too_large: 65,
};

/** `stockroom check` found a difference between balances and the ledger */
export const EXIT_DRIFT = 3;
