// Cursor pagination: the cursor is the last row's sort key, opaque to clients (base64url JSON).

import { requestErrors } from './error-registry.js';

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === arity && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v;
  } catch {
    /* fall through to the error below */
  }
  throw requestErrors.invalid_cursor('cursor is not valid; start again without one', { field: 'cursor' });
}

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  return Math.max(1, Math.min(MAX_LIMIT, Math.trunc(limit)));
}

/** Given limit+1 fetched rows, returns the page and the cursor to the next one. */
export function toPage<R, T>(rows: R[], limit: number, key: (r: R) => (string | number)[], map: (r: R) => T): Page<T> {
  const more = rows.length > limit;
  const slice = more ? rows.slice(0, limit) : rows;
  const last = slice.at(-1);
  return { items: slice.map(map), nextCursor: more && last !== undefined ? encodeCursor(key(last)) : null };
}
