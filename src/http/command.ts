// The adapter every write route goes through: one transaction, the Idempotency-Key check inside it.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, Tx } from '../db/db.js';
import type { Ctx } from '../kernel/context.js';
import { requestHash, withIdempotency } from '../modules/idempotency/idempotency.js';

export async function runCommand<T>(db: Db, req: FastifyRequest, reply: FastifyReply, status: number, fn: (tx: Tx, ctx: Ctx) => Promise<T>): Promise<T> {
  const keyHeader = req.headers['idempotency-key'];
  const key = Array.isArray(keyHeader) ? keyHeader[0] : keyHeader;
  const ctx = req.ctx;
  const result = await db.write(async (tx) => {
    if (key === undefined) return { replayed: false, status, body: await fn(tx, ctx) };
    const hash = requestHash([req.method, req.url, req.body ?? null]);
    return withIdempotency(tx, ctx.actor, key, hash, status, ctx.now(), () => fn(tx, ctx));
  });
  void reply.code(result.status);
  if (result.replayed) void reply.header('idempotent-replayed', 'true');
  return result.body;
}
