// The outbox worker: claims due rows, delivers them, records the outcome. Retries forever with
// capped exponential backoff: an undelivered row holds back later rows of its destination, so a
// receiver that was down gets everything, once, in order, when it comes back.

import type { Db } from '../../db/db.js';
import { createChannels } from './notify.channels.js';
import { claimDue, markDelivered, markFailed } from './notify.repo.js';
import { backoffMs } from './notify.rules.js';
import type { NotifyConfig } from './notify.types.js';

export interface OutboxWorkerOptions {
  /** pause between polls when nothing was due */
  readonly intervalMs?: number;
  /** rows claimed per pass (at most one per destination) */
  readonly batchSize?: number;
  /** how long a claimed row is ours; a worker that died is relieved after it */
  readonly leaseMs?: number;
  readonly now?: () => Date;
  readonly random?: () => number;
  /** failures of the worker itself (database down); delivery failures are recorded on the row */
  readonly onError?: (err: unknown) => void;
}

export interface OutboxWorker {
  /** stops polling and waits for the pass in flight; undelivered rows stay pending in the database */
  stop(): Promise<void>;
  /** runs a pass now (tests, or a nudge after a commit); resolves with the rows it attempted */
  poke(): Promise<number>;
}

/** One pass: claim, deliver concurrently (different destinations), record. Returns rows attempted. */
export async function deliverDueOutbox(db: Db, config: NotifyConfig, opts: OutboxWorkerOptions & { channels?: ReturnType<typeof createChannels> } = {}): Promise<number> {
  const now = opts.now ?? (() => new Date());
  const start = now();
  const leaseMs = opts.leaseMs ?? Math.max(60_000, config.deliveryTimeoutMs * 4);
  const lease = new Date(start.getTime() + leaseMs).toISOString();
  const rows = await claimDue(db, start.toISOString(), lease, opts.batchSize ?? 20);
  if (rows.length === 0) return 0;
  const channels = opts.channels ?? createChannels(config);
  try {
    await Promise.all(rows.map(async (row) => {
      try {
        await channels.deliver(row, now());
        await markDelivered(db.k, row.id, lease, now().toISOString());
      } catch (e) {
        const wait = backoffMs(row.attempts + 1, config.retry, opts.random);
        const message = e instanceof Error ? `${e.message}${e.cause instanceof Error ? ` (${e.cause.message})` : ''}` : String(e);
        await markFailed(db.k, row.id, lease, new Date(now().getTime() + wait).toISOString(), message);
      }
    }));
  } finally {
    if (!opts.channels) channels.close();
  }
  return rows.length;
}

export function startOutboxWorker(db: Db, config: NotifyConfig, opts: OutboxWorkerOptions = {}): OutboxWorker {
  const intervalMs = opts.intervalMs ?? 1000;
  const channels = createChannels(config);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  const pass = (): Promise<number> => {
    if (running) return running;
    running = deliverDueOutbox(db, config, { ...opts, channels })
      .catch((e: unknown) => {
        (opts.onError ?? ((err) => console.error('outbox worker:', err)))(e);
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const loop = async () => {
    timer = undefined;
    if (stopped) return;
    const n = await pass();
    if (stopped) return;
    // More may be due at once (the next row of a destination just delivered): go again without waiting.
    timer = setTimeout(() => void loop(), n > 0 ? 0 : intervalMs);
  };
  timer = setTimeout(() => void loop(), 0);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running;
      channels.close();
    },
    poke: () => (stopped ? Promise.resolve(0) : pass()),
  };
}
