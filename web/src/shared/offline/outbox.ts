// An outbox of writes that must reach the server exactly once, whatever the network does: each entry
// carries a client key (the server records a key once and answers "duplicate" after that), is written
// to a store (IndexedDB in the browser) before anything is sent, and leaves the store only when the
// server has answered for it. A sync loop sends what waits, in batches, when the device is online:
// at once after an add or the browser's 'online' event, and after a failure again with a capped,
// jittered exponential backoff. Answers per entry: done (recorded or duplicate: removed) or rejected
// (kept, with the server's reason, until the user discards it).
//
// Imports nothing from the DOM or the app: the store, the sender, the clock and "am I online" come in,
// so that the loop is tested under Node (test/web/counting-mobile-outbox.test.ts).

export interface Rejection {
  code: string;
  detail: string;
  errors?: { field: string; reason: string }[];
}

export interface OutboxEntry<B> {
  /** the client key: unique per entry, sent to the server as its idempotency key */
  key: string;
  /** whose entry (a user id): a shared device only sends the signed-in user's own entries */
  owner: string;
  /** a grouping the app chooses (the count task): drain() waits for one group */
  group: string;
  body: B;
  createdAt: string;
  state: 'pending' | 'rejected';
  attempts: number;
  rejection?: Rejection;
}

export interface OutboxStore<B> {
  all(): Promise<OutboxEntry<B>[]>;
  put(entry: OutboxEntry<B>): Promise<void>;
  remove(keys: readonly string[]): Promise<void>;
}

export type SendResult = { key: string; status: 'done' } | ({ key: string; status: 'rejected' } & Rejection);

/**
 * Why a send failed as a whole. `retry`: the network or the server is down (try again later);
 * `invalid`: the server refused the batch as a whole (the outbox sends the entries one by one to find
 * the bad one, which is then rejected with this reason); `fatal`: nothing will go until the user acts
 * (signed out, no permission): the loop stops until kicked.
 */
export class SendError extends Error {
  readonly kind: 'retry' | 'invalid' | 'fatal';
  readonly rejection: Rejection;
  constructor(kind: 'retry' | 'invalid' | 'fatal', rejection: Rejection) {
    super(rejection.detail);
    this.name = 'SendError';
    this.kind = kind;
    this.rejection = rejection;
  }
}

export type Sender<B> = (entries: readonly OutboxEntry<B>[]) => Promise<SendResult[]>;

export interface OutboxState<B> {
  /** the owner's entries waiting to be sent, oldest first */
  readonly pending: readonly OutboxEntry<B>[];
  /** the owner's entries the server refused, with its reasons */
  readonly rejected: readonly OutboxEntry<B>[];
  readonly syncing: boolean;
  readonly online: boolean;
  /** why the last send failed, until one succeeds */
  readonly lastError: string | null;
  /** stopped until the user acts (signed out, …) */
  readonly blocked: boolean;
  /** when the next try is due after a failure (ms since epoch), null when none is planned */
  readonly nextRetryAt: number | null;
  /** the store has been read */
  readonly loaded: boolean;
}

export interface OutboxOptions<B> {
  store: OutboxStore<B>;
  send: Sender<B>;
  owner: string;
  batchSize?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  isOnline?: () => boolean;
  now?: () => number;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

export class Outbox<B> {
  private readonly store: OutboxStore<B>;
  private readonly sendFn: Sender<B>;
  private readonly owner: string;
  private readonly batchSize: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly isOnline: () => boolean;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (t: unknown) => void;

  private entries = new Map<string, OutboxEntry<B>>();
  private listeners = new Set<() => void>();
  private state: OutboxState<B>;
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private timer: unknown = null;
  private stopped = false;
  private readonly ready: Promise<void>;

  constructor(o: OutboxOptions<B>) {
    this.store = o.store;
    this.sendFn = o.send;
    this.owner = o.owner;
    this.batchSize = o.batchSize ?? 100;
    this.baseDelayMs = o.baseDelayMs ?? 1000;
    this.maxDelayMs = o.maxDelayMs ?? 60_000;
    this.isOnline = o.isOnline ?? (() => true);
    this.now = o.now ?? Date.now;
    this.random = o.random ?? Math.random;
    this.setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = o.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
    this.state = { pending: [], rejected: [], syncing: false, online: this.isOnline(), lastError: null, blocked: false, nextRetryAt: null, loaded: false };
    this.ready = this.store.all().then(
      (all) => {
        for (const e of all) if (e.owner === this.owner) this.entries.set(e.key, e);
        this.publish({ loaded: true });
        this.kick();
      },
      (e: unknown) => this.publish({ loaded: true, lastError: `the device's queue cannot be read: ${(e as Error).message}` }),
    );
  }

  // ---- observing

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): OutboxState<B> => this.state;

  private publish(patch: Partial<OutboxState<B>> = {}): void {
    const list = [...this.entries.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    this.state = {
      ...this.state,
      ...patch,
      pending: list.filter((e) => e.state === 'pending'),
      rejected: list.filter((e) => e.state === 'rejected'),
      online: this.isOnline(),
    };
    for (const l of this.listeners) l();
  }

  /** Resolves once the store has been read (entries queued before a reload are back). */
  whenLoaded(): Promise<void> {
    return this.ready;
  }

  // ---- writing

  /** Queues a write: stored first, then sent when the device is online. */
  async add(group: string, body: B, key: string): Promise<OutboxEntry<B>> {
    await this.ready;
    const entry: OutboxEntry<B> = { key, owner: this.owner, group, body, createdAt: new Date(this.now()).toISOString(), state: 'pending', attempts: 0 };
    await this.store.put(entry);
    this.entries.set(key, entry);
    this.publish();
    this.kick();
    return entry;
  }

  /** Drops a rejected (or pending) entry the user gives up on. */
  async discard(key: string): Promise<void> {
    await this.store.remove([key]);
    this.entries.delete(key);
    this.publish();
  }

  // ---- the loop

  /** The network came back, or the user asks to send now: forget the backoff and send. */
  kick(): void {
    if (this.stopped) return;
    if (this.timer !== null) {
      this.clearTimer(this.timer);
      this.timer = null;
    }
    this.failures = 0;
    this.publish({ blocked: false, nextRetryAt: null });
    void this.run();
  }

  /** The browser went offline: nothing is tried until it is back. */
  wentOffline(): void {
    this.publish();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  /** Sends what waits now; resolves when this run (and any it chained) has ended. */
  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        await this.ready;
        do {
          this.again = false;
          await this.runOnce();
        } while (this.again && !this.stopped && !this.state.blocked && this.timer === null);
      } finally {
        this.running = null;
        this.publish({ syncing: false });
      }
    })();
    return this.running;
  }

  private pendingList(): OutboxEntry<B>[] {
    return [...this.entries.values()].filter((e) => e.state === 'pending').sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  }

  private async runOnce(): Promise<void> {
    if (this.stopped || this.state.blocked) return;
    if (!this.isOnline()) {
      this.publish();
      return;
    }
    for (;;) {
      const batch = this.pendingList().slice(0, this.batchSize);
      if (batch.length === 0) return;
      this.publish({ syncing: true });
      try {
        await this.sendBatch(batch);
        this.failures = 0;
        this.publish({ lastError: null });
      } catch (e) {
        const err = e instanceof SendError ? e : new SendError('retry', { code: 'network', detail: (e as Error).message });
        if (err.kind === 'fatal') {
          this.publish({ blocked: true, lastError: err.message, syncing: false });
          return;
        }
        this.scheduleRetry(err.message);
        return;
      }
    }
  }

  /** One batch; on `invalid`, one by one, so that only the bad entry is rejected. */
  private async sendBatch(batch: readonly OutboxEntry<B>[]): Promise<void> {
    for (const e of batch) e.attempts += 1;
    let results: SendResult[];
    try {
      results = await this.sendFn(batch);
    } catch (e) {
      if (e instanceof SendError && e.kind === 'invalid') {
        if (batch.length === 1) {
          await this.reject(batch[0] as OutboxEntry<B>, e.rejection);
          return;
        }
        for (const one of batch) await this.sendBatch([one]);
        return;
      }
      throw e;
    }
    const byKey = new Map(results.map((r) => [r.key, r]));
    const done: string[] = [];
    let unanswered = 0;
    for (const entry of batch) {
      const r = byKey.get(entry.key);
      if (!r) {
        unanswered += 1; // stays pending, sent again at the next try
        continue;
      }
      if (r.status === 'done') done.push(entry.key);
      else await this.reject(entry, { code: r.code, detail: r.detail, ...(r.errors ? { errors: r.errors } : {}) });
    }
    if (done.length) {
      await this.store.remove(done);
      for (const k of done) this.entries.delete(k);
    }
    this.publish();
    if (unanswered > 0) throw new SendError('retry', { code: 'no_answer', detail: `the server did not answer for ${unanswered} of the queued writes` });
  }

  private async reject(entry: OutboxEntry<B>, rejection: Rejection): Promise<void> {
    const next: OutboxEntry<B> = { ...entry, state: 'rejected', rejection };
    await this.store.put(next);
    this.entries.set(entry.key, next);
  }

  private scheduleRetry(reason: string): void {
    this.failures += 1;
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (this.failures - 1));
    const delay = Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
    this.publish({ lastError: reason, nextRetryAt: this.now() + delay, syncing: false });
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.publish({ nextRetryAt: null });
      void this.run();
    }, delay);
  }

  /**
   * Waits until no entry of `group` is pending. Resolves 'drained' (all sent; some may be rejected:
   * look at the state), or 'stuck' when the loop cannot send now (offline, blocked, or waiting for a
   * retry) — the caller tells the user rather than waiting for ever.
   */
  async drain(group: string): Promise<'drained' | 'stuck'> {
    await this.ready;
    const waiting = () => this.pendingList().some((e) => e.group === group);
    if (!waiting()) return 'drained';
    this.kick();
    await this.run();
    return waiting() ? 'stuck' : 'drained';
  }
}

/** An outbox store in memory: for tests, and where IndexedDB is not available. */
export function memoryStore<B>(): OutboxStore<B> & { readonly map: Map<string, OutboxEntry<B>> } {
  const map = new Map<string, OutboxEntry<B>>();
  return {
    map,
    async all() {
      return [...map.values()].map((e) => structuredClone(e));
    },
    async put(e) {
      map.set(e.key, structuredClone(e));
    },
    async remove(keys) {
      for (const k of keys) map.delete(k);
    },
  };
}
