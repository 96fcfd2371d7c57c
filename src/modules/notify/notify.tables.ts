// The notify module's view of the schema: the `notification` and `outbox` tables of migration
// 2026-11-22-0300-counting, added to the core Database type for this module's queries only.

import type { Kysely, Transaction } from 'kysely';
import type { Generated } from 'kysely';
import type { Database } from '../../db/tables.js';
import type { Q } from '../../db/db.js';

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  title: string;
  body_json: string;
  created_at: string;
  read_at: string | null;
}

export type OutboxStatus = 'pending' | 'sending' | 'delivered';

export interface OutboxTable {
  id: Generated<number>;
  channel: 'email' | 'webhook';
  destination: string;
  payload_json: string;
  status: OutboxStatus;
  attempts: Generated<number>;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface NotifyDatabase extends Database {
  notification: NotificationTable;
  outbox: OutboxTable;
}

export type NQ = Kysely<NotifyDatabase> | Transaction<NotifyDatabase>;

/** The same connection or transaction, typed with this module's tables. */
export function nq(q: Q): NQ {
  return q as unknown as NQ;
}
