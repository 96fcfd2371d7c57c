// ABC classification (spec §5) for cycle-count frequency: by annual consumption value by default,
// or by velocity (issue count or quantity issued). Exact bigint arithmetic throughout, so the same
// data always gives the same classes on every machine.

import { divRound, formatUnits, parseDecimal, pow10, type ParsedDecimal } from '../../kernel/decimal.js';
import { assert, type FieldError } from '../../kernel/errors.js';
import type { AbcClass, AbcInput, AbcOptions, AbcResult, AbcThresholds } from './counting.types.js';

export const DEFAULT_ABC_THRESHOLDS: AbcThresholds = Object.freeze({ a: '80', b: '15' });

/** Thresholds are cumulative percents as decimal strings: A covers `a`, B the next `b`, C the rest. */
export function validateAbcThresholds(t: AbcThresholds): FieldError[] {
  const errors: FieldError[] = [];
  const a = parseDecimal(t.a);
  const b = parseDecimal(t.b);
  if (!a || a.units <= 0n) errors.push({ field: 'thresholds/a', reason: 'must be a positive decimal string, like "80"' });
  if (!b || b.units < 0n) errors.push({ field: 'thresholds/b', reason: 'must be a non-negative decimal string, like "15"' });
  if (a && b && a.units > 0n && b.units >= 0n) {
    const sum = addDecimal(a, b);
    if (sum.units > 100n * pow10(sum.scale)) errors.push({ field: 'thresholds', reason: 'a + b must not exceed 100' });
  }
  return errors;
}

function addDecimal(x: ParsedDecimal, y: ParsedDecimal): ParsedDecimal {
  const scale = Math.max(x.scale, y.scale);
  return { units: x.units * pow10(scale - x.scale) + y.units * pow10(scale - y.scale), scale };
}

const toPct = (part: bigint, total: bigint): string => (total === 0n ? '0.00' : formatUnits(divRound(part * 10_000n, total), 2, 2));

/**
 * Classifies items. Items are ranked by metric, largest first, ties by key (plain code-unit order,
 * not locale, so every runtime agrees). An item is A while the cumulative share BEFORE it is below
 * `a`, B while below `a + b`, else C: the item that crosses a line belongs to the higher class, so
 * one item holding 90 % of the value is A, not B. Items with a zero metric are always C; negative
 * metrics (returns exceeding issues) count as zero. Returns results in rank order.
 */
export function classifyAbc(items: readonly AbcInput[], options: AbcOptions = {}): AbcResult[] {
  const basis = options.basis ?? 'value';
  const thresholds = options.thresholds ?? DEFAULT_ABC_THRESHOLDS;
  assert(validateAbcThresholds(thresholds).length === 0, 'ABC thresholds are validated by the caller');
  const a = parseDecimal(thresholds.a)!;
  const ab = addDecimal(a, parseDecimal(thresholds.b)!);

  // Quantities of different scales are compared at the largest scale, exactly.
  const maxScale = basis === 'velocity_qty' ? items.reduce((m, it) => Math.max(m, it.qtyScale ?? 0), 0) : 0;
  const metricOf = (it: AbcInput): bigint => {
    let m: bigint;
    if (basis === 'value') m = it.consumptionValueMinor ?? 0n;
    else if (basis === 'velocity_count') m = BigInt(it.issueCount ?? 0);
    else m = (it.qtyIssued ?? 0n) * pow10(maxScale - (it.qtyScale ?? 0));
    return m > 0n ? m : 0n;
  };

  const ranked = items.map((it) => ({ key: it.key, metric: metricOf(it) }));
  ranked.sort((x, y) => (x.metric > y.metric ? -1 : x.metric < y.metric ? 1 : x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const total = ranked.reduce((s, r) => s + r.metric, 0n);

  const out: AbcResult[] = new Array(ranked.length);
  let before = 0n;
  for (let i = 0; i < ranked.length; i++) {
    const r = ranked[i]!;
    let abcClass: AbcClass = 'C';
    if (r.metric > 0n) {
      // before / total × 100 < threshold, cross-multiplied.
      const lhs = before * 100n;
      if (lhs * pow10(a.scale) < a.units * total) abcClass = 'A';
      else if (lhs * pow10(ab.scale) < ab.units * total) abcClass = 'B';
    }
    before += r.metric;
    out[i] = {
      key: r.key,
      abcClass,
      rank: i + 1,
      metric: basis === 'velocity_qty' ? formatUnits(r.metric, maxScale) : r.metric.toString(),
      sharePct: toPct(r.metric, total),
      cumulativeSharePct: toPct(before, total),
    };
  }
  return out;
}
