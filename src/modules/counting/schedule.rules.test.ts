import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AbcClass, CountPolicy, ScheduleCandidate } from './counting.types.js';
import { classReason, DEFAULT_COUNT_POLICY, generateSchedule, validateScheduleInput } from './schedule.rules.js';

/** Monday-to-Friday days from `from`, `n` of them. */
function weekdays(from: string, n: number): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); out.length < n; t += 86_400_000) {
    const d = new Date(t);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

function cand(key: string, abcClass: AbcClass, over: Partial<ScheduleCandidate> = {}): ScheduleCandidate {
  return {
    key, itemId: key, locationId: `L-${key}`, zoneId: 'Z1', walkSeq: 0, abcClass, critical: false,
    recentVarianceCount: 0, cleanStreak: 0, negativeBalance: false, lastCountedAt: '2025-06-01', active: true, ...over,
  };
}

// Ten working days treated as a whole year, so counts per period = counts per year.
const TEN = weekdays('2026-01-05', 10);
const YEAR_OF_TEN: Partial<CountPolicy> = { countsPerYear: { A: 4, B: 2, C: 1 }, workingDaysPerYear: 10 };

describe('generateSchedule: hand-checked placement', () => {
  test('counts spaced evenly, most overdue first, one line a day', () => {
    // Urgency (oldest count first): c1, c2, b1, a1. Ideal positions over 10 days:
    //   a1 (k=4, u=.5): 1.25 3.75 6.25 8.75   b1 (k=2, u=.5): 2.5 7.5   c1 (u=.25): 2.5   c2 (u=.75): 7.5
    // sorted (ties to the more urgent): a1 c1 b1 a1 a1 c2 b1 a1; each goes to day ⌊position⌋, a full
    // day (at most ⌈8/10⌉ = 1 line) passing it on: days 1 2 3 4 6 7 8 9.
    const r = generateSchedule({
      candidates: [
        cand('a1', 'A', { lastCountedAt: '2025-12-01' }),
        cand('b1', 'B', { lastCountedAt: '2025-11-01' }),
        cand('c2', 'C', { lastCountedAt: '2025-06-01' }),
        cand('c1', 'C', { lastCountedAt: '2025-01-01' }),
      ],
      workingDays: TEN,
      policy: YEAR_OF_TEN,
    });
    assert.deepEqual(r.lines.map((l) => `${l.date} ${l.key}#${l.occurrence}`), [
      '2026-01-06 a1#0',
      '2026-01-07 c1#0',
      '2026-01-08 b1#0',
      '2026-01-09 a1#1',
      '2026-01-13 a1#2',
      '2026-01-14 c2#0',
      '2026-01-15 b1#1',
      '2026-01-16 a1#3',
    ]);
    assert.deepEqual(r.lines.map((l) => l.reasons), [
      ['class_a_quarterly'], ['class_c_annual'], ['class_b_semiannual'], ['class_a_quarterly'],
      ['class_a_quarterly'], ['class_c_annual'], ['class_b_semiannual'], ['class_a_quarterly'],
    ]);
    assert.deepEqual(r.days.map((d) => d.lines), [0, 1, 1, 1, 1, 0, 1, 1, 1, 1]);
  });

  test('the same input in another order gives the same schedule', () => {
    const cs = ['a', 'b', 'c', 'd', 'e', 'f'].map((k, i) => cand(k, (['A', 'B', 'C'] as const)[i % 3]!, { lastCountedAt: i % 2 ? '2025-01-01' : null }));
    const one = generateSchedule({ candidates: cs, workingDays: TEN, policy: YEAR_OF_TEN });
    const two = generateSchedule({ candidates: [...cs].reverse(), workingDays: TEN, policy: YEAR_OF_TEN });
    assert.deepEqual(one, two);
  });
});

describe('generateSchedule: how often and why', () => {
  const counts = (c: ScheduleCandidate, policy: Partial<CountPolicy> = YEAR_OF_TEN) => {
    const r = generateSchedule({ candidates: [c], workingDays: TEN, policy });
    return { n: r.lines.length, reasons: r.lines.map((l) => l.reasons.join('+')) };
  };
  const cases: [string, ScheduleCandidate, Partial<CountPolicy>, number, string, string | undefined][] = [
    // name, candidate, policy, counts, reasons of the first line, of later lines
    ['class C once', cand('x', 'C'), YEAR_OF_TEN, 1, 'class_c_annual', undefined],
    ['critical C raised to the critical minimum', cand('x', 'C', { critical: true }), { ...YEAR_OF_TEN, criticalMinPerYear: 3 }, 3, 'class_c_annual+critical', 'class_c_annual+critical'],
    ['critical A already above the minimum: still says critical', cand('x', 'A', { critical: true }), { ...YEAR_OF_TEN, criticalMinPerYear: 3 }, 4, 'class_a_quarterly+critical', 'class_a_quarterly+critical'],
    ['one miss doubles B', cand('x', 'B', { recentVarianceCount: 1 }), YEAR_OF_TEN, 4, 'class_b_semiannual+past_variance', 'class_b_semiannual+past_variance'],
    ['two misses: ×4', cand('x', 'B', { recentVarianceCount: 2 }), YEAR_OF_TEN, 8, 'class_b_semiannual+past_variance', 'class_b_semiannual+past_variance'],
    ['five misses: capped at ×4', cand('x', 'B', { recentVarianceCount: 5 }), YEAR_OF_TEN, 8, 'class_b_semiannual+past_variance', 'class_b_semiannual+past_variance'],
    ['three clean counts since: back to normal', cand('x', 'B', { recentVarianceCount: 2, cleanStreak: 3 }), YEAR_OF_TEN, 2, 'class_b_semiannual', 'class_b_semiannual'],
    [
      'extra counts per miss, capped',
      cand('x', 'C', { recentVarianceCount: 5 }),
      { ...YEAR_OF_TEN, varianceBoost: { kind: 'extra', countsPerMiss: 1, maxExtra: 2, cleanCountsToReset: 3 } },
      3, 'class_c_annual+past_variance', 'class_c_annual+past_variance',
    ],
    ['negative balance, first line only', cand('x', 'A', { negativeBalance: true }), YEAR_OF_TEN, 4, 'class_a_quarterly+negative_balance', 'class_a_quarterly'],
    ['manual request, first line only', cand('x', 'B', { manual: true }), YEAR_OF_TEN, 2, 'class_b_semiannual+manual', 'class_b_semiannual'],
    ['never counted, first line only', cand('x', 'B', { lastCountedAt: null }), YEAR_OF_TEN, 2, 'class_b_semiannual+never_counted', 'class_b_semiannual'],
    ['a class counted 0 a year is still covered once', cand('x', 'C'), { ...YEAR_OF_TEN, countsPerYear: { A: 4, B: 2, C: 0 } }, 1, 'class_c_0_per_year+period_coverage', undefined],
    ['k never exceeds the working days', cand('x', 'A'), { ...YEAR_OF_TEN, countsPerYear: { A: 52, B: 2, C: 1 } }, 10, 'class_a_weekly', 'class_a_weekly'],
  ];
  for (const [name, c, policy, n, first, later] of cases) {
    test(name, () => {
      const r = counts(c, policy);
      assert.equal(r.n, n);
      assert.equal(r.reasons[0], first);
      if (later !== undefined) assert.ok(r.reasons.slice(1).every((x) => x === later), r.reasons.join(' | '));
    });
  }

  test('a triggered count lands on the first day', () => {
    const cs = Array.from({ length: 30 }, (_, i) => cand(`c${String(i).padStart(2, '0')}`, 'C', { lastCountedAt: '2025-01-01' }));
    cs.push(cand('neg', 'C', { negativeBalance: true, lastCountedAt: '2025-12-30' }));
    const r = generateSchedule({ candidates: cs, workingDays: TEN, policy: YEAR_OF_TEN });
    assert.equal(r.lines[0]!.key, 'neg');
    assert.equal(r.lines[0]!.date, TEN[0]);
  });

  test('classReason names the cadence', () => {
    assert.deepEqual(
      [classReason('A', 12), classReason('B', 4), classReason('C', 1), classReason('A', 8), classReason('B', 26)],
      ['class_a_monthly', 'class_b_quarterly', 'class_c_annual', 'class_a_8_per_year', 'class_b_biweekly'],
    );
  });
});

describe('generateSchedule: a quarter of a 250-day year', () => {
  const Q1 = weekdays('2026-01-01', 62); // Jan 1 – Mar 27
  test('A ×3, B ×1, C covered once by guarantee', () => {
    const r = generateSchedule({
      candidates: [cand('a', 'A'), cand('b', 'B'), cand('c', 'C', { lastCountedAt: '2025-12-01' }), cand('new', 'C', { lastCountedAt: null })],
      workingDays: Q1,
    });
    const by = (k: string) => r.lines.filter((l) => l.key === k);
    // 12 × 62/250 = 2.98 → 3; 4 × 62/250 = 0.99 → 1; 1 × 62/250 = 0.25 → 0, raised to 1
    assert.deepEqual([by('a').length, by('b').length, by('c').length, by('new').length], [3, 1, 1, 1]);
    assert.deepEqual(by('c')[0]!.reasons, ['class_c_annual', 'period_coverage']);
    assert.deepEqual(by('new')[0]!.reasons, ['class_c_annual', 'never_counted']);
  });

  test('without the guarantee, C items are counted only when due in the quarter', () => {
    const r = generateSchedule({
      candidates: [cand('due', 'C', { lastCountedAt: '2025-02-01' }), cand('fresh', 'C', { lastCountedAt: '2025-12-01' }), cand('new', 'C', { lastCountedAt: null })],
      workingDays: Q1,
      policy: { guaranteeOncePerPeriod: false },
    });
    assert.deepEqual(r.lines.map((l) => [l.key, l.reasons.join('+')]), [['new', 'class_c_annual+never_counted'], ['due', 'class_c_annual']]);
    assert.deepEqual(r.notDue, ['fresh']);
  });
});

describe('generateSchedule: capacity and leftovers', () => {
  const twenty = Array.from({ length: 20 }, (_, i) => cand(`c${i}`, 'C'));
  test('over capacity: everything is scheduled, the shortfall reported', () => {
    const r = generateSchedule({ candidates: twenty, workingDays: TEN, policy: { ...YEAR_OF_TEN, dailyCapacity: 1 } });
    assert.equal(r.lines.length, 20);
    assert.deepEqual(
      { total: r.capacity.totalLines, cap: r.capacity.capacityLines, short: r.capacity.shortfallLines, over: r.capacity.overCapacityDays.length },
      { total: 20, cap: 10, short: 10, over: 10 },
    );
    assert.ok(r.days.every((d) => d.lines === 2));
  });
  test('within capacity: an even spread, not front-loaded', () => {
    const r = generateSchedule({ candidates: twenty, workingDays: TEN, policy: { ...YEAR_OF_TEN, dailyCapacity: 5 } });
    assert.deepEqual([r.capacity.shortfallLines, r.capacity.overCapacityDays.length], [0, 0]);
    assert.ok(r.days.every((d) => d.lines === 2));
  });
  test('inactive item-locations are left out and listed', () => {
    const r = generateSchedule({ candidates: [cand('on', 'A'), cand('off', 'A', { active: false })], workingDays: TEN, policy: YEAR_OF_TEN });
    assert.deepEqual(r.skippedInactive, ['off']);
    assert.ok(r.lines.every((l) => l.key === 'on'));
  });
  test('no candidates: an empty schedule', () => {
    const r = generateSchedule({ candidates: [], workingDays: TEN });
    assert.deepEqual([r.lines.length, r.capacity.totalLines, r.days.length], [0, 0, 10]);
  });
});

describe('validateScheduleInput', () => {
  const cases: [string, Partial<CountPolicy>, string[], string[]][] = [
    ['defaults over a good period', {}, TEN, []],
    ['no working days', {}, [], ['workingDays']],
    ['days out of order', {}, ['2026-01-06', '2026-01-05'], ['workingDays/1']],
    ['a day that is not a date', {}, ['2026-13-45'], ['workingDays/0']],
    ['capacity must be a positive integer', { dailyCapacity: 0 }, TEN, ['dailyCapacity']],
    ['negative frequency', { countsPerYear: { A: -1, B: 4, C: 1 } }, TEN, ['countsPerYear/A']],
    ['boost below 1', { varianceBoost: { kind: 'multiplier', boostFactor: 0.5, maxMultiplier: 4, cleanCountsToReset: 3 } }, TEN, ['varianceBoost/boostFactor']],
  ];
  for (const [name, policy, days, fields] of cases) {
    test(name, () => assert.deepEqual(validateScheduleInput({ ...DEFAULT_COUNT_POLICY, ...policy }, days).map((e) => e.field), fields));
  }
  test('generateSchedule refuses input that was not validated', () => {
    assert.throws(() => generateSchedule({ candidates: [], workingDays: [] }), /invariant/);
  });
});

describe('generateSchedule: 100,000 item-locations over 250 working days', () => {
  const DAYS = weekdays('2026-01-01', 250);
  // Deterministic pseudo-random mix: 20 % A, 30 % B, 50 % C, some critical, missed, negative, new, inactive.
  let seed = 42;
  const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const candidates: ScheduleCandidate[] = Array.from({ length: 100_000 }, (_, i) => {
    const x = rnd();
    const abcClass: AbcClass = x < 0.2 ? 'A' : x < 0.5 ? 'B' : 'C';
    const day = 1 + Math.floor(rnd() * 365);
    return cand(`il${String(i).padStart(6, '0')}`, abcClass, {
      zoneId: `Z${i % 40}`,
      walkSeq: i,
      critical: rnd() < 0.02,
      recentVarianceCount: rnd() < 0.03 ? 1 : 0,
      negativeBalance: rnd() < 0.01,
      lastCountedAt: rnd() < 0.01 ? null : new Date(Date.UTC(2025, 0, day)).toISOString().slice(0, 10),
      active: rnd() > 0.005,
    });
  });
  const policy: Partial<CountPolicy> = { dailyCapacity: 2_000 };
  const started = performance.now();
  const r = generateSchedule({ candidates, workingDays: DAYS, policy });
  const elapsedMs = performance.now() - started;
  const dayIndex = new Map(DAYS.map((d, i) => [d, i]));
  const byKey = new Map<string, number[]>();
  for (const l of r.lines) {
    let a = byKey.get(l.key);
    if (!a) byKey.set(l.key, (a = []));
    a.push(dayIndex.get(l.date)!);
  }

  test(`generated ${r.lines.length} lines in ${elapsedMs.toFixed(0)} ms`, () => {
    assert.ok(r.lines.length > 400_000);
  });

  test('every active item-location is counted at least once; inactive ones never', () => {
    for (const c of candidates) {
      if (c.active) assert.ok(byKey.has(c.key), c.key);
      else assert.ok(!byKey.has(c.key), c.key);
    }
    assert.equal(r.skippedInactive.length, candidates.filter((c) => !c.active).length);
  });

  test('the daily load is even and within capacity', () => {
    const loads = r.days.map((d) => d.lines);
    assert.equal(loads.reduce((s, n) => s + n, 0), r.lines.length);
    // Each line sits on its ideal day unless that day is full, so the load is even to within a few lines
    // (the last day takes what the days before could not).
    assert.ok(Math.max(...loads.slice(0, -1)) <= Math.ceil(r.lines.length / loads.length), `max ${Math.max(...loads)} of ${r.lines.length} over ${loads.length}`);
    assert.ok(Math.max(...loads) - Math.min(...loads) <= 3, `${Math.min(...loads)}..${Math.max(...loads)}`);
    assert.ok(Math.max(...loads) <= 2_000);
    assert.equal(r.capacity.shortfallLines, 0);
  });

  test('lines come in date order', () => {
    for (let i = 1; i < r.lines.length; i++) assert.ok(r.lines[i - 1]!.date <= r.lines[i]!.date);
  });

  test('a plain A item is counted 12 times about a month apart', () => {
    const plainA = candidates.filter((c) => c.active && c.abcClass === 'A' && !c.critical && c.recentVarianceCount === 0);
    for (const c of plainA) {
      const d = byKey.get(c.key)!;
      assert.equal(d.length, 12);
      for (let j = 1; j < d.length; j++) {
        const gap = d[j]! - d[j - 1]!;
        assert.ok(gap >= 19 && gap <= 23, `${c.key} gap ${gap}`); // 250/12 = 20.8
      }
      assert.ok(d[0]! <= 21, `${c.key} first count on day ${d[0]}`);
    }
  });

  test('within a class the oldest last count comes first', () => {
    const plainC = candidates
      .filter((c) => c.active && c.abcClass === 'C' && !c.critical && c.recentVarianceCount === 0 && !c.negativeBalance && c.lastCountedAt !== null)
      .sort((x, y) => (x.lastCountedAt! < y.lastCountedAt! ? -1 : x.lastCountedAt! > y.lastCountedAt! ? 1 : x.key < y.key ? -1 : 1));
    for (let i = 1; i < plainC.length; i++) {
      assert.ok(byKey.get(plainC[i - 1]!.key)![0]! <= byKey.get(plainC[i]!.key)![0]!);
    }
  });

  test('negative balances are counted in the first days', () => {
    const firsts = candidates.filter((c) => c.active && c.negativeBalance).map((c) => byKey.get(c.key)![0]!);
    assert.ok(firsts.length > 500);
    assert.ok(Math.max(...firsts) <= 3, `latest ${Math.max(...firsts)}`);
  });

  test('every line says why', () => {
    for (const l of r.lines) assert.ok(l.reasons.length > 0 && /^class_[abc]_/.test(l.reasons[0]!));
  });
});
