// The audit trail: every change records who, when, what, before and after, and from where.
// Append-only (the database refuses UPDATE/DELETE) and tamper-evident: each record's hash covers
// the previous record's hash, so changing or removing a row breaks the chain (verifyAuditChain).

import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Q, Tx } from '../../db/db.js';
import type { Ctx } from '../../kernel/context.js';

export interface AuditInput {
  readonly action: string;
  readonly entity: string;
  readonly entityId?: string | number | null;
  readonly before?: unknown;
  readonly after?: unknown;
}

const GENESIS = '0'.repeat(64);

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) => {
    if (typeof val === 'bigint') return val.toString();
    if (val && typeof val === 'object' && !Array.isArray(val)) {
      return Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return val;
  });
}

export function auditHash(prevHash: string, r: { at: string; actor: string; action: string; entity: string; entity_id: string | null; before_json: string | null; after_json: string | null; request_id: string | null; client_addr: string | null }): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\u0000')
    .update(canonical([r.at, r.actor, r.action, r.entity, r.entity_id, r.before_json, r.after_json, r.request_id, r.client_addr]))
    .digest('hex');
}

/** Records one audit event inside the caller's transaction. Takes the chain lock last (see docs/ledger.md: lock order). */
export async function recordAudit(tx: Tx, ctx: Ctx, input: AuditInput): Promise<void> {
  // Serializes chain appends across servers sharing one PostgreSQL (row lock until commit).
  await sql`update ledger_counter set value = value + 1 where name = 'audit_chain'`.execute(tx);
  const last = await tx.selectFrom('audit_event').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const row = {
    at: ctx.now().toISOString(),
    actor: ctx.actor,
    action: input.action,
    entity: input.entity,
    entity_id: input.entityId === undefined || input.entityId === null ? null : String(input.entityId),
    before_json: input.before === undefined ? null : canonical(input.before),
    after_json: input.after === undefined ? null : canonical(input.after),
    request_id: ctx.requestId ?? null,
    client_addr: ctx.clientAddr ?? null,
  };
  const prev = last?.hash ?? GENESIS;
  await tx.insertInto('audit_event').values({ ...row, prev_hash: prev, hash: auditHash(prev, row) }).execute();
}

export interface ChainReport {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstBrokenId?: number;
  readonly reason?: string;
}

/** Walks the chain in id order; names the first record whose hash or link does not hold. */
export async function verifyAuditChain(q: Q): Promise<ChainReport> {
  let prev = GENESIS;
  let checked = 0;
  let afterId = 0;
  for (;;) {
    const rows = await q.selectFrom('audit_event').selectAll().where('id', '>', afterId).orderBy('id').limit(5000).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.prev_hash !== prev) return { ok: false, checked, firstBrokenId: r.id, reason: 'link to the previous record does not match (a record was removed or reordered)' };
      const h = auditHash(prev, r);
      if (h !== r.hash) return { ok: false, checked, firstBrokenId: r.id, reason: 'record content does not match its hash (the row was changed)' };
      prev = r.hash;
      checked++;
      afterId = r.id;
    }
  }
  return { ok: true, checked };
}
