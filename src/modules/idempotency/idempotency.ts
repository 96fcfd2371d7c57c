// Idempotency keys: a retried request with the same key and payload returns the first answer; the
// same key with another payload is a conflict. The key row is written in the command's own
// transaction, so a crash either keeps both the change and the key or neither.

import { createHash } from 'node:crypto';
import type { Tx } from '../../db/db.js';
import { requestErrors } from '../../kernel/error-registry.js';

export function requestHash(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).digest('hex');
}

export interface IdempotentResult<T> {
  readonly replayed: boolean;
  readonly status: number;
  readonly body: T;
}

export const MAX_KEY_LENGTH = 200;

/**
 * Runs fn once per (scope, key). On PostgreSQL a concurrent request with the same key waits on the
 * primary key until the first commits, then replays its answer.
 */
export async function withIdempotency<T>(tx: Tx, scope: string, key: string, hash: string, status: number, now: Date, fn: () => Promise<T>): Promise<IdempotentResult<T>> {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw requestErrors.validation(`Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters`, { field: 'Idempotency-Key' });
  }
  const inserted = await tx
    .insertInto('idempotency_key')
    .values({ scope, key, request_hash: hash, status_code: null, response_body: null, created_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) {
    const prior = await tx.selectFrom('idempotency_key').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirstOrThrow();
    if (prior.request_hash !== hash) {
      throw requestErrors.idempotency_conflict('this Idempotency-Key was already used with a different request', { field: 'Idempotency-Key' });
    }
    if (prior.status_code === null || prior.response_body === null) {
      throw requestErrors.idempotency_in_progress('a request with this Idempotency-Key is still being processed', { field: 'Idempotency-Key' });
    }
    return { replayed: true, status: prior.status_code, body: JSON.parse(prior.response_body) as T };
  }
  const body = await fn();
  await tx
    .updateTable('idempotency_key')
    .set({ status_code: status, response_body: JSON.stringify(body) })
    .where('scope', '=', scope)
    .where('key', '=', key)
    .execute();
  return { replayed: false, status, body };
}
