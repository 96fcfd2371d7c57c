// Parent side of the scale figures: a migrated bench database, the dataset generated in one child,
// the figures run in another whose RSS is sampled every 20 ms from /proc (and its own maxRSS), so the
// peak memory is the figures' alone, not the generator's.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDb, dropSpec } from '../lib/engines.js';
import { log, type FigureResult, type ScaleSize } from '../lib/common.js';
import type { ScaleManifest } from './scale-gen.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');

function rssKb(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function child(args: readonly string[]): Promise<{ out: string; peakKb: number }> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'scale-child.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let peakKb = 0;
    const timer = setInterval(() => (peakKb = Math.max(peakKb, rssKb(c.pid as number))), 20);
    c.stdout.on('data', (b: Buffer) => (out += b.toString()));
    c.stderr.on('data', (b: Buffer) => {
      err += b.toString();
      process.stderr.write(b);
    });
    c.once('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`scale child ${args[0]} exited ${code}: ${err.split('\n').filter(Boolean).slice(-3).join(' | ').slice(0, 400)}`));
      else resolve({ out: out.trim().split('\n').pop() ?? '', peakKb });
    });
  });
}

export async function scaleFigures(engine: 'sqlite' | 'postgres', size: ScaleSize, opts: { check: boolean; label: string }): Promise<FigureResult[]> {
  const db = await benchDb(engine, 'scale');
  const spec = db.spec;
  await db.close();
  try {
    const t0 = Date.now();
    const gen = await child(['gen', JSON.stringify({ spec, size, check: opts.check, engine })]);
    const man = JSON.parse(gen.out) as ScaleManifest;
    log(`scale dataset ${engine} (${opts.label}): ${man.movements} movements, ${man.items * 10} item-locations in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${man.checked}`);
    const run = await child(['run', JSON.stringify({ spec, size, manifest: man, engine })]);
    const r = JSON.parse(run.out) as { results: FigureResult[]; maxRssKb: number };
    const peakMb = Math.max(run.peakKb, r.maxRssKb) / 1024;
    log(`scale.peak_rss_mb ${engine}: ${peakMb.toFixed(0)} MB`);
    return [
      ...r.results.map((x) => ({ ...x, note: `${x.note} (${opts.label})` })),
      {
        id: 'scale.peak_rss_mb', engine, value: peakMb, target: { op: '<=', value: 400 }, rate: `${peakMb.toFixed(0)} MB peak RSS of the figures' process`,
        baseline: `sampled every 20 ms + maxRSS`, reps: 1, note: `dataset generated in ${man.generateSeconds.toFixed(1)} s (${opts.label}); ${man.checked}`,
      },
    ];
  } finally {
    await dropSpec(spec);
  }
}
