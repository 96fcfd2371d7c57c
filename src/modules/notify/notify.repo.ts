// SQL of the notify module. Nothing outside the module imports this file.

import type { Db, Q } from '../../db/db.js';
import { nq, type NotificationTable, type OutboxStatus, type OutboxTable } from './notify.tables.js';
import type { Selectable, Insertable } from 'kysely';

export type NotificationRow = Selectable<NotificationTable>;
export type OutboxRow = Selectable<OutboxTable>;

export async function insertNotifications(q: Q, rows: Insertable<NotificationTable>[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const out = await nq(q).insertInto('notification').values(rows).returning('id').execute();
  return out.map((r) => r.id);
}

export async function insertOutbox(q: Q, rows: Insertable<OutboxTable>[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const out = await nq(q).insertInto('outbox').values(rows).returning('id').execute();
  return out.map((r) => r.id);
}

export async function selectNotifications(q: Q, userId: number, opts: { unread: boolean; beforeId?: number; limit: number }): Promise<NotificationRow[]> {
  let s = nq(q).selectFrom('notification').selectAll().where('user_id', '=', userId);
  if (opts.unread) s = s.where('read_at', 'is', null);
  if (opts.beforeId !== undefined) s = s.where('id', '<', opts.beforeId);
  return s.orderBy('id', 'desc').limit(opts.limit).execute();
}

export async function countUnread(q: Q, userId: number): Promise<number> {
  const r = await nq(q).selectFrom('notification').select((eb) => eb.fn.countAll<number | string>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findNotification(q: Q, userId: number, id: number): Promise<NotificationRow | undefined> {
  return nq(q).selectFrom('notification').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}

/** Sets read_at once: a second read keeps the first time. */
export async function setRead(q: Q, userId: number, id: number, at: string): Promise<void> {
  await nq(q).updateTable('notification').set({ read_at: at }).where('id', '=', id).where('user_id', '=', userId).where('read_at', 'is', null).execute();
}

export async function setAllRead(q: Q, userId: number, at: string): Promise<number> {
  const r = await nq(q).updateTable('notification').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function selectOutbox(q: Q, opts: { status?: OutboxStatus; beforeId?: number; limit: number }): Promise<OutboxRow[]> {
  let s = nq(q).selectFrom('outbox').selectAll();
  if (opts.status) s = s.where('status', '=', opts.status);
  if (opts.beforeId !== undefined) s = s.where('id', '<', opts.beforeId);
  return s.orderBy('id', 'desc').limit(opts.limit).execute();
}

/**
 * Claims due rows, oldest first, at most one per destination: a row is due when its time has come
 * and no earlier row for the same channel and destination is still undelivered (delivery in order).
 * A claimed row is 'sending' with next_attempt_at as its lease: a worker that dies mid-delivery
 * leaves a row that becomes due again when the lease runs out (at-least-once; receivers dedupe by
 * x-stockroom-delivery). On PostgreSQL `for update skip locked` lets several servers claim at once
 * without waiting on or double-claiming each other's rows.
 */
export async function claimDue(db: Db, now: string, leaseUntil: string, limit: number): Promise<OutboxRow[]> {
  return db.k.transaction().execute(async (tx) => {
    const t = nq(tx);
    let s = t
      .selectFrom('outbox as o')
      .select('o.id')
      .where('o.status', 'in', ['pending', 'sending'])
      .where('o.next_attempt_at', '<=', now)
      .where(({ not, exists, selectFrom }) =>
        not(exists(
          selectFrom('outbox as p')
            .select('p.id')
            .whereRef('p.channel', '=', 'o.channel')
            .whereRef('p.destination', '=', 'o.destination')
            .whereRef('p.id', '<', 'o.id')
            .where('p.status', 'in', ['pending', 'sending']),
        )),
      )
      .orderBy('o.id')
      .limit(limit);
    if (db.kind === 'postgres') s = s.forUpdate().skipLocked();
    const ids = (await s.execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    await t.updateTable('outbox').set({ status: 'sending', next_attempt_at: leaseUntil }).where('id', 'in', ids).execute();
    return t.selectFrom('outbox').selectAll().where('id', 'in', ids).orderBy('id').execute();
  });
}

/** Records a success; a no-op if the lease was lost and another worker took the row. */
export async function markDelivered(q: Q, id: number, lease: string, at: string): Promise<boolean> {
  const r = await nq(q)
    .updateTable('outbox')
    .set((eb) => ({ status: 'delivered', delivered_at: at, last_error: null, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id).where('status', '=', 'sending').where('next_attempt_at', '=', lease)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markFailed(q: Q, id: number, lease: string, nextAttemptAt: string, error: string): Promise<boolean> {
  const r = await nq(q)
    .updateTable('outbox')
    .set((eb) => ({ status: 'pending', next_attempt_at: nextAttemptAt, last_error: error.slice(0, 1000), attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id).where('status', '=', 'sending').where('next_attempt_at', '=', lease)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Used by tests and the admin view: outbox rows in id order. */
export async function allOutbox(q: Q): Promise<OutboxRow[]> {
  return nq(q).selectFrom('outbox').selectAll().orderBy('id').execute();
}
