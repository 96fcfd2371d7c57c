// Pure rules of the count reports: labels, exact percentages, accuracy accumulation, periods, Pareto.
// Money is bigint minor units (MONEY_SCALE), percentages come out as decimal strings with 2 decimals.

import { divRound, formatMoney, formatUnits, parseDecimal, rescaleExact } from '../../kernel/decimal.js';
import type { AccuracyFigures, Granularity, ParetoEntry } from './reporting.types.js';

/** The tolerance outcome of a count in words (seed 000 step 11: "variance status"). */
export function varianceStatusText(outcome: string | null, qtyShortage: bigint | null): string {
  switch (outcome) {
    case null:
      return 'counted, not evaluated yet';
    case 'within':
      return qtyShortage === 0n ? 'no variance' : 'within tolerance';
    case 'auto_accept':
      return 'auto-accepted';
    case 'recount':
      return 'flagged for recount';
    case 'investigate':
      return 'flagged for investigation';
    default:
      return outcome;
  }
}

export function isFlagged(outcome: string | null): boolean {
  return outcome === 'recount' || outcome === 'investigate';
}

/** num / den as a percentage with 2 decimals, rounded half away from zero; null when den is 0. */
export function pctOf(num: bigint, den: bigint): string | null {
  if (den === 0n) return null;
  return formatUnits(divRound(num * 10_000n, den), 2, 2);
}

/** A percentage string with at most 2 decimals ("-12.5") as hundredths of a percent (-1250n). */
export function pctHundredths(text: string): bigint {
  const d = parseDecimal(text);
  const v = d ? rescaleExact(d, 2) : undefined;
  if (v === undefined) throw new RangeError(`not a percentage with 2 decimals: ${text}`);
  return v;
}

const abs = (v: bigint) => (v < 0n ? -v : v);

/** One first count, as the accumulators see it. Lines not yet evaluated are not accumulated. */
export interface AccuracyInput {
  readonly withinTolerance: boolean;
  readonly flagged: boolean;
  readonly qtyShortage: bigint;
  readonly valueShortageMinor: bigint;
  /** |system qty| × unit cost */
  readonly systemValueMinor: bigint;
  readonly pctShortage: string | null;
}

/** Sums first counts into accuracy (by count and by value), variance frequency and magnitude. */
export class AccuracyAccumulator {
  lines = 0;
  within = 0;
  flagged = 0;
  withVariance = 0;
  systemValue = 0n;
  absShortageValue = 0n;
  shortageValue = 0n;
  pctLines = 0;
  absPctHundredths = 0n;

  add(l: AccuracyInput): void {
    this.lines++;
    if (l.withinTolerance) this.within++;
    if (l.flagged) this.flagged++;
    if (l.qtyShortage !== 0n) this.withVariance++;
    this.systemValue += l.systemValueMinor;
    this.absShortageValue += abs(l.valueShortageMinor);
    this.shortageValue += l.valueShortageMinor;
    if (l.pctShortage !== null) {
      this.pctLines++;
      this.absPctHundredths += abs(pctHundredths(l.pctShortage));
    }
  }

  result(): AccuracyFigures {
    const n = BigInt(this.lines);
    return {
      lines: this.lines,
      linesWithinTolerance: this.within,
      linesFlagged: this.flagged,
      linesWithVariance: this.withVariance,
      accuracyByCountPct: pctOf(BigInt(this.within), n),
      systemValue: formatMoney(this.systemValue),
      absShortageValue: formatMoney(this.absShortageValue),
      shortageValue: formatMoney(this.shortageValue),
      accuracyByValuePct: this.systemValue === 0n ? null : pctOf(this.systemValue - this.absShortageValue, this.systemValue),
      varianceFrequencyPct: pctOf(BigInt(this.withVariance), n),
      meanAbsShortagePct: this.pctLines === 0 ? null : formatUnits(divRound(this.absPctHundredths, BigInt(this.pctLines)), 2, 2),
    };
  }
}

const DAY = 86_400_000;

/** The week (ISO 8601, Monday first) or month of a timestamp, UTC. */
export function periodOf(timestamp: string, granularity: Granularity): { period: string; periodStart: string; periodEnd: string } {
  const t = new Date(timestamp);
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth();
  if (granularity === 'month') {
    const start = new Date(Date.UTC(y, m, 1));
    const end = new Date(Date.UTC(y, m + 1, 0));
    return { period: `${y}-${String(m + 1).padStart(2, '0')}`, periodStart: day(start), periodEnd: day(end) };
  }
  const midnight = Date.UTC(y, m, t.getUTCDate());
  const dow = (new Date(midnight).getUTCDay() + 6) % 7; // Monday = 0
  const monday = midnight - dow * DAY;
  // the ISO year is the year of the week's Thursday
  const thursday = new Date(monday + 3 * DAY);
  const isoYear = thursday.getUTCFullYear();
  const jan4 = Date.UTC(isoYear, 0, 4);
  const week1Monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
  const week = Math.round((monday - week1Monday) / (7 * DAY)) + 1;
  return { period: `${isoYear}-W${String(week).padStart(2, '0')}`, periodStart: day(new Date(monday)), periodEnd: day(new Date(monday + 6 * DAY)) };
}

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Causes by frequency, most frequent first (ties by code), each with its share and the cumulative share. */
export function paretoOf(counts: ReadonlyMap<string, number>): ParetoEntry[] {
  const sorted = [...counts.entries()].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const total = BigInt(sorted.reduce((s, [, n]) => s + n, 0));
  let cum = 0n;
  return sorted.map(([cause, count]) => {
    cum += BigInt(count);
    // the cumulative share is computed from the cumulative count, so it ends at exactly 100.00
    return { cause, count, sharePct: pctOf(BigInt(count), total) ?? '0.00', cumulativePct: pctOf(cum, total) ?? '0.00' };
  });
}

/** Parses a YYYY-MM-DD day; undefined when it is not a real date. */
export function parseDay(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const t = Date.parse(`${text}T00:00:00.000Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== text) return undefined;
  return t;
}

/** The exclusive upper bound of a UTC day range ending on `to`. */
export function dayAfter(to: string): string {
  const t = parseDay(to);
  if (t === undefined) throw new RangeError(`not a day: ${to}`);
  return new Date(t + DAY).toISOString();
}
