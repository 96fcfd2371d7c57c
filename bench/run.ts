// `npm run bench [-- --quick] [-- --only=ledger,http] [-- --engine=sqlite|postgres] [-- --docs]`
//
// Stockroom's speed, measured side by side: every figure is a ratio against a baseline measured in
// the same run (median of several repetitions, the two sides interleaved), with absolute rates beside
// it for information. Prints a table, writes bench/results.json, and with --docs puts the table and
// the machine into docs/performance.md. What each figure means: docs/performance.md.
//
// Exit code: 0 when the run completes, whatever the ratios (CI does not fail on them); 1 when a
// figure crashed (its row says so).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { log, sizes, type Engine, type FigureResult, type Sizes } from './lib/common.js';
import { postgresAvailable } from './lib/engines.js';
import { machine, machineLine, table, updateDocs } from './lib/report.js';
import { postBulk, postSingle } from './figures/ledger.js';
import { httpFigures } from './figures/http.js';
import { scaleFigures } from './figures/scale.js';
import { webFigure } from './figures/web.js';
import { importFigure } from './figures/imports.js';
import { QUICK_SCALE } from './lib/common.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');

interface Args {
  readonly quick: boolean;
  readonly only: readonly string[] | null;
  readonly engines: readonly ('sqlite' | 'postgres')[] | null;
  readonly docs: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const val = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const only = val('only');
  const engine = val('engine');
  return {
    quick: argv.includes('--quick'),
    only: only ? only.split(',').map((s) => s.trim()).filter(Boolean) : null,
    engines: engine ? (engine.split(',') as ('sqlite' | 'postgres')[]) : null,
    docs: argv.includes('--docs'),
  };
}

const PG_SCALE_QUICK = process.argv.includes('--pg-scale=quick');

type Group = (engine: 'sqlite' | 'postgres', sz: Sizes, extra: Record<string, unknown>) => Promise<FigureResult[]>;

/** Groups that do not depend on the database engine run once (web: Chromium over SQLite). */
const ONCE = new Set(['web']);

const GROUPS: ReadonlyArray<readonly [string, Group]> = [
  ['ledger', async (engine, sz, extra) => {
    const single = await postSingle(engine, sz);
    extra[`statements_${engine}`] = single.statements;
    return [single.result, await postBulk(engine, sz)];
  }],
  ['http', (engine, sz) => httpFigures(engine, sz)],
  // the full run on PostgreSQL uses the full size too unless --pg-scale=quick
  ['scale', (engine, sz) => {
    const size = engine === 'postgres' && PG_SCALE_QUICK ? QUICK_SCALE : sz.scale;
    return scaleFigures(engine, size, { check: size === QUICK_SCALE, label: size === QUICK_SCALE ? 'quick size' : 'full size' });
  }],
  ['imports', async (engine, sz) => [await importFigure(engine, sz)]],
  ['web', async (_engine, sz) => [await webFigure(sz)]],
];

function crashed(id: string, engine: Engine, e: unknown): FigureResult {
  const msg = e instanceof Error ? e.message.split('\n')[0] ?? String(e) : String(e);
  return { id, engine, value: null, target: null, rate: '', baseline: '', reps: 0, skipped: `CRASHED: ${msg.slice(0, 140)}` };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (process.argv.includes('--docs-only')) {
    // re-render docs/performance.md from the last bench/results.json
    const last = JSON.parse(fs.readFileSync(path.join(HERE, 'results.json'), 'utf8')) as { mode: string; seconds: number; machine: ReturnType<typeof machine>; results: FigureResult[]; rerun?: { what: string; machine: ReturnType<typeof machine> } };
    const rerun = last.rerun ? ` ${last.rerun.what} (${machineLine(last.rerun.machine)}).` : '';
    const body = [`Latest ${last.mode} run (${last.seconds} s) on ${machineLine(last.machine)}.${rerun}`, '', table(last.results)].join('\n');
    return updateDocs(path.join(ROOT, 'docs', 'performance.md'), body) ? 0 : 1;
  }
  const sz = sizes(args.quick);
  const m = machine();
  const started = Date.now();
  log(`${args.quick ? 'quick' : 'full'} run on ${machineLine(m)}`);
  const engines: ('sqlite' | 'postgres')[] = args.engines ? [...args.engines] : ['sqlite'];
  if (!args.engines) {
    if (await postgresAvailable()) engines.push('postgres');
    else log('PostgreSQL is not reachable (TEST_DATABASE_URL or 127.0.0.1:5432): SQLite only');
  }
  const results: FigureResult[] = [];
  const extra: Record<string, unknown> = {};
  let failed = false;
  for (const [name, group] of GROUPS) {
    if (args.only && !args.only.includes(name)) continue;
    for (const engine of ONCE.has(name) ? ['sqlite' as const] : engines) {
      log(`${name} on ${engine}…`);
      try {
        results.push(...(await group(engine, sz, extra)));
      } catch (e) {
        failed = true;
        process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        results.push(crashed(`${name}.*`, engine, e));
      }
    }
  }
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  const text = table(results);
  process.stdout.write(`\n${text}\n\n${args.quick ? 'quick' : 'full'} run, ${seconds} s; ${machineLine(m)}\n`);
  fs.writeFileSync(path.join(HERE, 'results.json'), `${JSON.stringify({ mode: args.quick ? 'quick' : 'full', seconds, machine: m, sizes: sz, results, extra }, null, 2)}\n`);
  if (args.docs) {
    const body = [`Latest ${args.quick ? 'quick' : 'full'} run (${seconds} s) on ${machineLine(m)}.`, '', text].join('\n');
    if (!updateDocs(path.join(ROOT, 'docs', 'performance.md'), body)) log('docs/performance.md has no bench:latest markers: not updated');
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
