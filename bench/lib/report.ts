// The table, bench/results.json and the machine the run was on.

import fs from 'node:fs';
import os from 'node:os';
import { missed, type FigureResult } from './common.js';

export interface Machine {
  readonly nproc: number;
  readonly memoryGb: number;
  readonly node: string;
  readonly cpu: string;
  readonly loadAvg: readonly number[];
  readonly at: string;
}

export function machine(): Machine {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (m?.[1]) cpu = m[1].trim();
  } catch {
    /* not Linux: os.cpus() it is */
  }
  return {
    nproc: os.availableParallelism(),
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    cpu,
    loadAvg: os.loadavg().map((x) => Math.round(x * 100) / 100),
    at: new Date().toISOString(),
  };
}

function fmtValue(r: FigureResult): string {
  if (r.value === null) return '—';
  return r.id.endsWith('_mb') ? `${r.value.toFixed(0)} MB` : r.value.toFixed(2);
}

function fmtTarget(r: FigureResult): string {
  if (!r.target) return '—';
  return `${r.target.op === '>=' ? '≥' : '≤'} ${r.target.value}${r.id.endsWith('_mb') ? ' MB' : ''}`;
}

function verdict(r: FigureResult): string {
  if (r.skipped) return 'skipped';
  const m = missed(r);
  return m === null ? '' : m ? 'MISS' : 'ok';
}

/** A Markdown table: readable in a terminal and pasted as is into docs/performance.md. */
export function table(results: readonly FigureResult[]): string {
  const head = ['figure', 'engine', 'ratio', 'target', 'MISS', 'measured', 'baseline', 'reps'];
  const rows = results.map((r) => [r.id, r.engine, fmtValue(r), fmtTarget(r), verdict(r), r.skipped ? r.skipped : r.rate, r.skipped ? '' : r.baseline, String(r.reps)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function machineLine(m: Machine): string {
  return `${m.nproc} CPUs (nproc), ${m.memoryGb} GB memory, Node ${m.node}, ${m.cpu}; load average at the start ${m.loadAvg.join(' / ')}; ${m.at}`;
}

const START = '<!-- bench:latest:start -->';
const END = '<!-- bench:latest:end -->';

/** Replaces the latest-run section of docs/performance.md (between the markers) with this run. */
export function updateDocs(file: string, body: string): boolean {
  if (!fs.existsSync(file)) return false;
  const text = fs.readFileSync(file, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return false;
  fs.writeFileSync(file, `${text.slice(0, a + START.length)}\n${body}\n${text.slice(b)}`);
  return true;
}
