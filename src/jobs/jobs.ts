// Scheduled work inside the server: ABC reclassification (daily by default) and the scan for
// triggered counts (negative balances, bins at zero). With several servers on one PostgreSQL, a
// transaction-scoped advisory lock lets one of them run each job while the others skip it.

import { sql } from 'kysely';
import { inTx, type Db, type Tx } from '../db/db.js';
import { systemCtx } from '../kernel/context.js';
import { classifyItems, scanTriggers } from '../modules/counting/index.js';

export interface JobsConfig {
  /** hours between ABC reclassifications of each site (0 = off) */
  readonly abcEveryHours: number;
  /** minutes between scans for triggered counts (0 = off) */
  readonly triggerScanMinutes: number;
  /** how often the scheduler wakes up */
  readonly tickMs: number;
}

export function jobsConfigFromEnv(env: NodeJS.ProcessEnv): JobsConfig {
  const num = (v: string | undefined, d: number) => (v === undefined || v === '' || Number.isNaN(Number(v)) ? d : Math.max(0, Number(v)));
  return { abcEveryHours: num(env.STOCKROOM_ABC_EVERY_HOURS, 24), triggerScanMinutes: num(env.STOCKROOM_TRIGGER_SCAN_MINUTES, 15), tickMs: num(env.STOCKROOM_JOBS_TICK_MS, 60_000) };
}

async function lockOrSkip(db: Db, tx: Tx, name: string): Promise<boolean> {
  if (db.kind !== 'postgres') return true;
  const r = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(hashtext(${`stockroom:${name}`})) as ok`.execute(tx);
  return r.rows[0]?.ok === true;
}

async function sites(db: Db): Promise<string[]> {
  return (await db.k.selectFrom('location').select('code').where('kind', '=', 'site').where('active', '=', 1).orderBy('code').execute()).map((r) => r.code);
}

/** Runs the jobs that are due now; returns what ran (for logs and tests). */
export async function runDueJobs(db: Db, config: JobsConfig, now: Date = new Date()): Promise<string[]> {
  const ran: string[] = [];
  const ctx = systemCtx('job', () => now);
  for (const site of await sites(db)) {
    if (config.abcEveryHours > 0) {
      const siteRow = await db.k.selectFrom('location').select('id').where('code', '=', site).executeTakeFirstOrThrow();
      const last = await db.k.selectFrom('abc_run').select('computed_at').where('site_id', '=', siteRow.id).orderBy('id', 'desc').limit(1).executeTakeFirst();
      const due = !last || now.getTime() - Date.parse(last.computed_at) >= config.abcEveryHours * 3_600_000;
      if (due) {
        const did = await inTx(db, async (tx) => (await lockOrSkip(db, tx, `abc:${site}`)) && (await classifyItems(tx, ctx, { site }), true));
        if (did) ran.push(`abc:${site}`);
      }
    }
    if (config.triggerScanMinutes > 0) {
      const did = await inTx(db, async (tx) => (await lockOrSkip(db, tx, `triggers:${site}`)) && (await scanTriggers(tx, ctx, site), true));
      if (did) ran.push(`triggers:${site}`);
    }
  }
  return ran;
}

export interface JobRunner {
  stop(): Promise<void>;
}

export function startJobs(db: Db, config: JobsConfig, onError: (e: unknown) => void): JobRunner {
  let lastTriggerScan = 0;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    const now = new Date();
    const scan = config.triggerScanMinutes > 0 && now.getTime() - lastTriggerScan >= config.triggerScanMinutes * 60_000;
    if (scan) lastTriggerScan = now.getTime();
    running = runDueJobs(db, { ...config, triggerScanMinutes: scan ? config.triggerScanMinutes : 0 }, now).catch(onError);
  };
  const timer = config.tickMs > 0 ? setInterval(tick, config.tickMs) : undefined;
  timer?.unref();
  return {
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
