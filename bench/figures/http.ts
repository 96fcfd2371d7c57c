// http.post_movement and http.count_entry: requests/s over HTTP on loopback, driven by autocannon in a
// child process (bench/autocannon-child.ts), against a bare JSON route of the same server (registered
// here, permission 'public', answering {ok:true}) sent the same headers and body.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { buildApp, type RouteModule } from '../../src/http/app.js';
import { inTx } from '../../src/db/db.js';
import { systemCtx } from '../../src/kernel/context.js';
import { ROUTE_MODULES } from '../../src/main/modules.js';
import { postMovement } from '../../src/modules/ledger/index.js';
import { createAdhocCount } from '../../src/modules/counting/index.js';
import { TEST_CONFIG, tokenFor } from '../../test/support/app.js';
import { benchDb } from '../lib/engines.js';
import { buildBenchPlant } from '../lib/plant.js';
import { fmtRate, log, median, type FigureResult, type Sizes } from '../lib/common.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');

/** The bench-only route: what the server costs when the handler does nothing. */
const benchRoutes: RouteModule = (app) => {
  app.post('/bench/ok', { schema: { hide: true }, config: { permission: 'public' } }, async () => ({ ok: true }));
};

interface Outcome {
  readonly name: string;
  readonly requestsPerSecond: number;
  readonly total: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly latencyP50: number;
}

function runChild(plan: object): Promise<Outcome[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, '..', 'autocannon-child.ts'), JSON.stringify(plan)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon child exited ${code}: ${err.slice(0, 500)}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '[]') as Outcome[]);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

export async function httpFigures(engine: 'sqlite' | 'postgres', sz: Sizes): Promise<FigureResult[]> {
  const db = await benchDb(engine, 'http', 20);
  try {
    // enough item-locations with stock for one count task of countTaskLines lines
    const itemsN = sz.quick ? 50 : 100;
    const binsN = Math.ceil(sz.countTaskLines / itemsN);
    const plant = await buildBenchPlant(db, { prefix: 'H', bins: binsN, items: itemsN });
    const ctx = systemCtx('bench');
    const pairs = plant.bins.flatMap((b) => plant.items.map((i) => ({ item: i.sku, to: b.code, qty: '50', unitCost: '1.00' })));
    for (let i = 0; i < pairs.length; i += 1000) await inTx(db, (tx) => postMovement(db, tx, ctx, { type: 'receipt', lines: pairs.slice(i, i + 1000) }, { skipAudit: true }));
    const task = await inTx(db, (tx) => createAdhocCount(tx, ctx, { site: plant.site, by: 'zone', target: plant.zone }));
    const lineRows = await db.k.selectFrom('count_line').select('id').where('task_id', '=', task.taskId).orderBy('id').execute();
    const lineIds = lineRows.map((r) => r.id);
    const token = await tokenFor(db, 'admin');

    const app = await buildApp({ db, config: { ...TEST_CONFIG, bodyLimit: 1024 * 1024 } }, [benchRoutes, ...ROUTE_MODULES]);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    try {
      const item = plant.items[0]?.sku as string;
      const bin = plant.bins[0]?.code as string;
      const movementBody = JSON.stringify({ type: 'receipt', sourceDoc: 'PO-HTTP', lines: [{ item, qty: '1', to: bin, unitCost: '1.00' }] });
      const countBody = JSON.stringify({ lineId: '__LINE__', qty: '50', clientKey: 'k-__N__', device: 'bench' }).replace('"__LINE__"', '__LINE__');
      const runs = {
        bare: { name: 'bare', method: 'POST', path: '/bench/ok', body: movementBody },
        post_movement: { name: 'post_movement', method: 'POST', path: '/api/v1/movements', body: movementBody },
        count_entry: { name: 'count_entry', method: 'POST', path: `/api/v1/counting/tasks/${task.taskId}/observations`, body: countBody, lineIds },
      } as const;
      // warm-up: JIT, statement caches, connections
      await runChild({ url, token, seconds: 1, connections: sz.httpConnections, runs: [runs.bare, runs.post_movement, runs.count_entry] });
      const ratios = { post_movement: [] as number[], count_entry: [] as number[] };
      const abs: Record<string, number[]> = {};
      const problems: string[] = [];
      for (let rep = 0; rep < sz.reps; rep++) {
        // one bare run beside the two figures, the order turned round on every repetition
        const order = rep % 2 === 0 ? [runs.bare, runs.post_movement, runs.count_entry] : [runs.count_entry, runs.post_movement, runs.bare];
        const outs = await runChild({ url, token, seconds: sz.httpSeconds, connections: sz.httpConnections, runs: order });
        const by = new Map(outs.map((o) => [o.name, o]));
        for (const o of outs) {
          (abs[o.name] ??= []).push(o.requestsPerSecond);
          if (o.non2xx || o.errors) problems.push(`${o.name}: ${o.non2xx} non-2xx, ${o.errors} errors`);
        }
        const bare = by.get('bare')?.requestsPerSecond ?? Number.NaN;
        ratios.post_movement.push((by.get('post_movement')?.requestsPerSecond ?? 0) / bare);
        ratios.count_entry.push((by.get('count_entry')?.requestsPerSecond ?? 0) / bare);
      }
      const m = (k: string) => median(abs[k] ?? []);
      const res = (id: 'post_movement' | 'count_entry', bare: string, unit: string, note: string): FigureResult => {
        const r = median(ratios[id]);
        log(`http.${id} ${engine}: ${r.toFixed(2)} (${Math.round(m(id))} vs ${Math.round(m(bare))} req/s)`);
        return {
          id: `http.${id}`, engine, value: r, target: { op: '>=', value: 0.4 }, rate: fmtRate(m(id), unit), baseline: `${fmtRate(m(bare), 'req')} (bare JSON route)`, reps: sz.reps,
          samples: ratios[id], note: problems.length ? `${note}; ${[...new Set(problems)].join('; ')}` : note,
        };
      };
      return [
        res('post_movement', 'bare', 'req', `POST /api/v1/movements, 1-line receipt, bearer token, ${sz.httpConnections} connections, ${sz.httpSeconds} s per run`),
        res('count_entry', 'bare', 'req', `POST /api/v1/counting/tasks/:id/observations on ${lineIds.length} distinct lines with clientKeys, ${sz.httpConnections} connections`),
      ];
    } finally {
      await app.close();
    }
  } finally {
    await db.drop();
  }
}
