// What every figure shares: the result shape, medians, timers and the quick/full sizes.
// A figure is a ratio against a baseline measured in the same run, so that a busy machine moves
// both sides alike; absolute rates are printed beside it for information only.

export type Engine = 'sqlite' | 'postgres' | 'chromium';

export interface Target {
  readonly op: '>=' | '<=';
  readonly value: number;
}

export interface FigureResult {
  readonly id: string;
  readonly engine: Engine;
  /** the ratio (or, for memory, the value in MB); null when skipped */
  readonly value: number | null;
  readonly target: Target | null;
  /** the measured path, absolute, for information ("5,210 movements/s") */
  readonly rate: string;
  /** the baseline, absolute ("9,800 movements/s (raw statements)") */
  readonly baseline: string;
  readonly reps: number;
  readonly note?: string;
  readonly skipped?: string;
  /** every repetition's ratio, for results.json */
  readonly samples?: readonly number[];
}

export function missed(r: FigureResult): boolean | null {
  if (r.value === null || r.target === null) return null;
  return r.target.op === '>=' ? r.value < r.target.value : r.value > r.target.value;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export async function timeMs(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = nowMs();
  await fn();
  return nowMs() - t0;
}

export function fmtRate(perSecond: number, unit: string): string {
  const n = perSecond >= 100 ? Math.round(perSecond).toLocaleString('en-US') : perSecond.toFixed(1);
  return `${n} ${unit}/s`;
}

export function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`;
}

export interface Sizes {
  readonly quick: boolean;
  /** repetitions of each measured pair (median taken) */
  readonly reps: number;
  readonly postSingle: number;
  readonly bulkLines: number;
  readonly bulkMovements: number;
  readonly httpSeconds: number;
  readonly httpConnections: number;
  readonly countTaskLines: number;
  readonly scale: ScaleSize;
}

export interface ScaleSize {
  readonly movements: number;
  readonly itemLocations: number;
  readonly countLines: number;
  readonly reportLines: number;
  readonly counters: number;
  readonly reps: number;
}

export const QUICK_SCALE: ScaleSize = { movements: 20_000, itemLocations: 5_000, countLines: 2_500, reportLines: 1_000, counters: 20, reps: 3 };
export const FULL_SCALE: ScaleSize = { movements: 1_000_000, itemLocations: 100_000, countLines: 50_000, reportLines: 10_000, counters: 20, reps: 3 };

export function sizes(quick: boolean): Sizes {
  return quick
    ? { quick, reps: 3, postSingle: 300, bulkLines: 500, bulkMovements: 2, httpSeconds: 1, httpConnections: 10, countTaskLines: 1000, scale: QUICK_SCALE }
    : { quick, reps: 5, postSingle: 2000, bulkLines: 1000, bulkMovements: 10, httpSeconds: 5, httpConnections: 10, countTaskLines: 20000, scale: FULL_SCALE };
}

/**
 * Measures baseline and figure in alternating chunks (b f f b b f …) so that a change in the
 * machine's load falls on both sides alike; each repetition sums its chunks into one ratio, and the
 * median of the repetitions is the figure. Each chunk function returns the milliseconds it took.
 * kind 'rate': ratio = figure rate / baseline rate (same work per chunk: baseline ms / figure ms);
 * kind 'time': ratio = figure time / baseline time.
 */
export async function interleaved(
  reps: number,
  chunks: number,
  baseline: () => Promise<number>,
  figure: () => Promise<number>,
  kind: 'rate' | 'time',
): Promise<{ ratio: number; samples: number[]; baseMs: number; figMs: number }> {
  const samples: number[] = [];
  const bases: number[] = [];
  const figs: number[] = [];
  for (let i = 0; i < reps; i++) {
    let b = 0;
    let f = 0;
    for (let c = 0; c < chunks; c++) {
      if ((i * chunks + c) % 2 === 0) {
        b += await baseline();
        f += await figure();
      } else {
        f += await figure();
        b += await baseline();
      }
    }
    bases.push(b / chunks);
    figs.push(f / chunks);
    samples.push(kind === 'rate' ? b / f : f / b);
  }
  return { ratio: median(samples), samples, baseMs: median(bases), figMs: median(figs) };
}

export function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}
