import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDays,
  countIntervalDays,
  DEFAULT_FREQUENCY_POLICY,
  frequencyMultiplier,
  nextDueDate,
  summarizeCountHistory,
  validateFrequencyPolicy,
} from './frequency.rules.js';

const P = DEFAULT_FREQUENCY_POLICY; // ×2 per miss, at most ×4, normal after 3 clean counts

describe('frequencyMultiplier', () => {
  const cases: [number, number, number][] = [
    // misses, clean streak, multiplier
    [0, 0, 1],
    [1, 0, 2],
    [2, 0, 4],
    [3, 0, 4],
    [1, 2, 2],
    [1, 3, 1],
  ];
  for (const [misses, clean, m] of cases) {
    test(`${misses} misses, ${clean} clean → ×${m}`, () => {
      assert.equal(frequencyMultiplier({ recentVarianceCount: misses, cleanStreak: clean }, P), m);
    });
  }
  test('a gentler policy: ×1.5 per miss, capped at 2', () => {
    const p = { boostFactor: 1.5, maxMultiplier: 2, cleanCountsToReset: 2 };
    assert.deepEqual([1, 2, 3].map((m) => frequencyMultiplier({ recentVarianceCount: m, cleanStreak: 0 }, p)), [1.5, 2, 2]);
  });
});

describe('summarizeCountHistory', () => {
  const h = (pattern: string) => [...pattern].map((c, i) => ({ countedAt: `2026-01-${String(i + 1).padStart(2, '0')}`, missed: c === 'x' }));
  const cases: [string, number, number, number][] = [
    // pattern (x = miss, . = clean), misses, clean streak, multiplier
    ['', 0, 0, 1],
    ['..', 0, 2, 1],
    ['x', 1, 0, 2],
    ['x..', 1, 2, 2],
    ['x...', 0, 3, 1],
    ['xx.', 2, 1, 4],
    ['x...x', 1, 0, 2],
    ['xxx', 3, 0, 4],
  ];
  for (const [pattern, misses, clean, m] of cases) {
    test(`history "${pattern}"`, () => {
      const s = summarizeCountHistory(h(pattern), P);
      assert.deepEqual([s.recentVarianceCount, s.cleanStreak, s.multiplier, s.boosted], [misses, clean, m, m > 1]);
    });
  }
  test('history in any order is replayed by date', () => {
    const s = summarizeCountHistory([...h('x...x')].reverse(), P);
    assert.deepEqual([s.recentVarianceCount, s.lastCountedAt, s.lastMissed], [1, '2026-01-05', true]);
  });
});

describe('nextDueDate', () => {
  const state = (lastCountedAt: string | null, multiplier = 1, lastMissed = false) => ({ lastCountedAt, multiplier, lastMissed });
  const cases: [string, ReturnType<typeof state>, number, string, string][] = [
    ['never counted: due today', state(null), 12, '2026-03-02', '2026-03-02'],
    ['monthly: 365/12 = 30.4 → 30 days', state('2026-01-01'), 12, '2026-01-02', '2026-01-31'],
    ['monthly boosted ×2: 15.2 → 15 days', state('2026-01-01', 2), 12, '2026-01-02', '2026-01-16'],
    ['annual: 365 days', state('2026-01-01'), 1, '2026-01-02', '2027-01-01'],
    ['overdue: due today', state('2025-01-01'), 1, '2026-03-01', '2026-03-01'],
    ['a timestamp counts by its UTC day', state('2026-01-01T23:59:00Z'), 12, '2026-01-02', '2026-01-31'],
  ];
  for (const [name, s, perYear, today, due] of cases) {
    test(name, () => assert.equal(nextDueDate(s, perYear, today, P), due));
  }
  test('validation recount: after a miss due within 7 days', () => {
    const p = { ...P, validationRecountDays: 7 };
    assert.equal(nextDueDate(state('2026-01-01', 2, true), 1, '2026-01-02', p), '2026-01-08');
    assert.equal(nextDueDate(state('2026-01-01', 1, false), 1, '2026-01-02', p), '2027-01-01');
  });
});

describe('date helpers', () => {
  test('countIntervalDays', () => {
    assert.deepEqual([countIntervalDays(4, 1), countIntervalDays(52, 1), countIntervalDays(365, 4)], [91, 7, 1]);
  });
  test('addDays across a leap day and a year end', () => {
    assert.deepEqual([addDays('2028-02-28', 1), addDays('2026-12-31', 1), addDays('2026-03-01', -1)], ['2028-02-29', '2027-01-01', '2026-02-28']);
  });
});

describe('validateFrequencyPolicy', () => {
  test('default is valid; bad values name their field', () => {
    assert.deepEqual(validateFrequencyPolicy(P), []);
    assert.deepEqual(
      validateFrequencyPolicy({ boostFactor: 0.5, maxMultiplier: 4, cleanCountsToReset: 0, validationRecountDays: 1.5 }).map((e) => e.field),
      ['boostFactor', 'cleanCountsToReset', 'validationRecountDays'],
    );
  });
});
