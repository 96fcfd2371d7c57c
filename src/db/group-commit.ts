// Group commit for SQLite. A durable commit costs an fsync (synchronous = FULL), and SQLite has one
// writer, so one transaction per request caps writes at the disk's fsync rate. Requests that arrive
// while a commit is under way wait and then run together: each in a savepoint of one transaction,
// committed with one fsync. Each caller is answered only after that commit, so "acknowledged" still
// means "on disk"; a command that fails rolls back to its own savepoint and the others go on.

import { sql, type Kysely } from 'kysely';
import type { Database } from './tables.js';
import type { Tx } from './db.js';

interface Job<T> {
  readonly fn: (tx: Tx) => Promise<T>;
  resolve(v: T): void;
  reject(e: unknown): void;
}

/** At most this many commands share one commit, so one slow batch does not hold many callers. */
const MAX_GROUP = 64;

export class GroupCommitter {
  private readonly queue: Job<unknown>[] = [];
  private draining = false;

  constructor(private readonly k: Kysely<Database>) {}

  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve, reject } as Job<unknown>);
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, MAX_GROUP);
        const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
        try {
          await this.k.transaction().execute(async (tx) => {
            for (const job of group) {
              if (group.length === 1) {
                outcomes.push({ ok: true, value: await job.fn(tx) });
                continue;
              }
              await sql`savepoint grp`.execute(tx);
              try {
                const value = await job.fn(tx);
                await sql`release savepoint grp`.execute(tx);
                outcomes.push({ ok: true, value });
              } catch (error) {
                await sql`rollback to savepoint grp`.execute(tx);
                await sql`release savepoint grp`.execute(tx);
                outcomes.push({ ok: false, error });
              }
            }
          });
        } catch (error) {
          // The commit itself failed (or a lone command threw): nobody in the group was written.
          group.forEach((job, i) => {
            const o = outcomes[i];
            job.reject(o && !o.ok ? o.error : error);
          });
          continue;
        }
        group.forEach((job, i) => {
          const o = outcomes[i];
          if (o?.ok) job.resolve(o.value);
          else job.reject(o?.error);
        });
      }
    } finally {
      this.draining = false;
    }
  }
}
