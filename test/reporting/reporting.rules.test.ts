// The pure rules of the count reports, table-driven with hand-checked figures.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccuracyAccumulator, paretoOf, pctOf, periodOf, varianceStatusText } from '../../src/modules/reporting/reporting.rules.js';

test('percentages are exact to 2 decimals, half away from zero; none of nothing', () => {
  const cases: [bigint, bigint, string | null][] = [
    [2n, 3n, '66.67'], [1n, 3n, '33.33'], [6n, 10n, '60.00'], [1n, 8n, '12.50'], [-1n, 8n, '-12.50'], [0n, 5n, '0.00'], [1n, 0n, null],
    // 1 − 202.80 / 3560.50 (minor units at 4 decimals): 94.3042… %
    [35_605_000n - 2_028_000n, 35_605_000n, '94.30'],
  ];
  for (const [n, d, want] of cases) assert.equal(pctOf(n, d), want, `${n}/${d}`);
});

test('variance status in words', () => {
  assert.equal(varianceStatusText('within', 0n), 'no variance');
  assert.equal(varianceStatusText('within', 2n), 'within tolerance');
  assert.equal(varianceStatusText('auto_accept', -1n), 'auto-accepted');
  assert.equal(varianceStatusText('recount', 4n), 'flagged for recount');
  assert.equal(varianceStatusText('investigate', 30n), 'flagged for investigation');
  assert.equal(varianceStatusText(null, null), 'counted, not evaluated yet');
});

test('periods: ISO weeks (Monday first, the ISO year of the Thursday) and calendar months, UTC', () => {
  const weeks: [string, string, string, string][] = [
    ['2026-03-03T09:10:00Z', '2026-W10', '2026-03-02', '2026-03-08'],
    ['2026-04-07T23:59:59Z', '2026-W15', '2026-04-06', '2026-04-12'],
    ['2026-01-01T00:00:00Z', '2026-W01', '2025-12-29', '2026-01-04'],
    ['2027-01-01T12:00:00Z', '2026-W53', '2026-12-28', '2027-01-03'],
    ['2024-12-30T12:00:00Z', '2025-W01', '2024-12-30', '2025-01-05'],
    ['2026-03-08T23:59:59Z', '2026-W10', '2026-03-02', '2026-03-08'],
  ];
  for (const [ts, period, start, end] of weeks) assert.deepEqual(periodOf(ts, 'week'), { period, periodStart: start, periodEnd: end }, ts);
  assert.deepEqual(periodOf('2026-02-14T10:00:00Z', 'month'), { period: '2026-02', periodStart: '2026-02-01', periodEnd: '2026-02-28' });
  assert.deepEqual(periodOf('2028-02-29T10:00:00Z', 'month'), { period: '2028-02', periodStart: '2028-02-01', periodEnd: '2028-02-29' });
});

test('Pareto: most frequent first, ties by code, cumulative share ends at 100.00', () => {
  assert.deepEqual(paretoOf(new Map([['data_entry', 1], ['picking', 2]])), [
    { cause: 'picking', count: 2, sharePct: '66.67', cumulativePct: '66.67' },
    { cause: 'data_entry', count: 1, sharePct: '33.33', cumulativePct: '100.00' },
  ]);
  // three equal causes: shares round to 33.33 each, yet the cumulative share is exact
  const three = paretoOf(new Map([['theft', 1], ['damage', 1], ['miscount', 1]]));
  assert.deepEqual(three.map((e) => [e.cause, e.cumulativePct]), [['damage', '33.33'], ['miscount', '66.67'], ['theft', '100.00']]);
  assert.deepEqual(paretoOf(new Map()), []);
});

test('accuracy accumulates first counts: by count, by value, frequency and magnitude', () => {
  // March of the fixture: values in minor units (4 decimals)
  const acc = new AccuracyAccumulator();
  const line = (within: boolean, qty: bigint, value: bigint, system: bigint, pct: string) => acc.add({ withinTolerance: within, flagged: !within, qtyShortage: qty, valueShortageMinor: value, systemValueMinor: system, pctShortage: pct });
  line(true, -1n, -20_000n, 2_000_000n, '-1.00');
  line(true, 500n, 15_000n, 1_500_000n, '1.00');
  line(false, 4n, 1_000_000n, 10_000_000n, '10.00');
  line(false, 30n, 600_000n, 4_000_000n, '15.00');
  line(true, 0n, 0n, 600_000n, '0.00');
  assert.deepEqual(acc.result(), {
    lines: 5, linesWithinTolerance: 3, linesFlagged: 2, linesWithVariance: 4, accuracyByCountPct: '60.00',
    systemValue: '1810.00', absShortageValue: '163.50', shortageValue: '159.50',
    // 1 − 163.50 / 1810.00 = 0.909668…
    accuracyByValuePct: '90.97', varianceFrequencyPct: '80.00',
    // (1 + 1 + 10 + 15 + 0) / 5
    meanAbsShortagePct: '5.40',
  });
  assert.deepEqual(new AccuracyAccumulator().result().accuracyByCountPct, null);
});
