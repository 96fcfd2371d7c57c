// Count schedule generation (spec §4.1). For a period given as its working days, every active
// item-location gets k counts, placed evenly: count j of an item sits at (u + j) / k of the period,
// where u is the item's urgency rank within the items counted k times. Each such group then covers
// the period uniformly, so the sum does too, and the most overdue items come first. A final
// rank-to-day mapping makes the daily load exactly even (⌈T/D⌉ at most). O(n log n) overall.

import { assert, type FieldError } from '../../kernel/errors.js';
import type {
  AbcClass,
  CountPolicy,
  ScheduleCandidate,
  ScheduleDay,
  ScheduledLine,
  ScheduleInput,
  ScheduleResult,
} from './counting.types.js';
import { countIntervalDays, frequencyMultiplier, isoDayNumber } from './frequency.rules.js';

export const DEFAULT_COUNT_POLICY: CountPolicy = Object.freeze({
  countsPerYear: Object.freeze({ A: 12, B: 4, C: 1 }),
  // Line-stopping parts at least quarterly even when their value makes them C.
  criticalMinPerYear: 4,
  varianceBoost: Object.freeze({ kind: 'multiplier', boostFactor: 2, maxMultiplier: 4, cleanCountsToReset: 3 }),
  workingDaysPerYear: 250,
  guaranteeOncePerPeriod: true,
} as const);

const CADENCE: Readonly<Record<number, string>> = {
  1: 'annual', 2: 'semiannual', 3: 'every_4_months', 4: 'quarterly', 6: 'bimonthly',
  12: 'monthly', 24: 'semimonthly', 26: 'biweekly', 52: 'weekly',
};

/** 'class_a_monthly', 'class_b_quarterly', 'class_c_annual', or 'class_a_8_per_year' for other cadences. */
export function classReason(abcClass: AbcClass, countsPerYear: number): string {
  return `class_${abcClass.toLowerCase()}_${CADENCE[countsPerYear] ?? `${countsPerYear}_per_year`}`;
}

const nonNegative = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Checks a count policy and a period before generation; empty = valid. */
export function validateScheduleInput(policy: CountPolicy, workingDays: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const c of ['A', 'B', 'C'] as const) {
    if (!nonNegative(policy.countsPerYear[c])) errors.push({ field: `countsPerYear/${c}`, reason: 'must be a number ≥ 0' });
  }
  if (!nonNegative(policy.criticalMinPerYear)) errors.push({ field: 'criticalMinPerYear', reason: 'must be a number ≥ 0' });
  if (policy.dailyCapacity !== undefined && !(Number.isInteger(policy.dailyCapacity) && policy.dailyCapacity >= 1)) {
    errors.push({ field: 'dailyCapacity', reason: 'must be an integer ≥ 1' });
  }
  if (!(Number.isInteger(policy.workingDaysPerYear) && policy.workingDaysPerYear >= 1)) {
    errors.push({ field: 'workingDaysPerYear', reason: 'must be an integer ≥ 1' });
  }
  const b = policy.varianceBoost;
  if (!(Number.isInteger(b.cleanCountsToReset) && b.cleanCountsToReset >= 1)) errors.push({ field: 'varianceBoost/cleanCountsToReset', reason: 'must be an integer ≥ 1' });
  if (b.kind === 'multiplier') {
    if (!(Number.isFinite(b.boostFactor) && b.boostFactor >= 1)) errors.push({ field: 'varianceBoost/boostFactor', reason: 'must be a number ≥ 1' });
    if (!(Number.isFinite(b.maxMultiplier) && b.maxMultiplier >= 1)) errors.push({ field: 'varianceBoost/maxMultiplier', reason: 'must be a number ≥ 1' });
  } else {
    if (!nonNegative(b.countsPerMiss)) errors.push({ field: 'varianceBoost/countsPerMiss', reason: 'must be a number ≥ 0' });
    if (!nonNegative(b.maxExtra)) errors.push({ field: 'varianceBoost/maxExtra', reason: 'must be a number ≥ 0' });
  }
  if (workingDays.length === 0) errors.push({ field: 'workingDays', reason: 'the period has no working days' });
  for (let i = 0; i < workingDays.length; i++) {
    const d = workingDays[i]!;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(d))) {
      errors.push({ field: `workingDays/${i}`, reason: 'must be an ISO date YYYY-MM-DD' });
    } else if (i > 0 && !(workingDays[i - 1]! < d)) {
      errors.push({ field: `workingDays/${i}`, reason: 'working days must be ascending and distinct' });
    }
  }
  return errors;
}

/** Urgency: triggered counts first, then never counted, then oldest last count, then key. */
function compareUrgency(x: ScheduleCandidate, y: ScheduleCandidate): number {
  if (x.negativeBalance !== y.negativeBalance) return x.negativeBalance ? -1 : 1;
  if ((x.manual ?? false) !== (y.manual ?? false)) return x.manual ? -1 : 1;
  if (x.lastCountedAt !== y.lastCountedAt) {
    if (x.lastCountedAt === null) return -1;
    if (y.lastCountedAt === null) return 1;
    return x.lastCountedAt < y.lastCountedAt ? -1 : 1;
  }
  return x.key < y.key ? -1 : x.key > y.key ? 1 : 0;
}

/**
 * Generates the count schedule of a period. Counts per item-location in the period:
 *   f = countsPerYear[class], raised to criticalMinPerYear for critical items, then boosted after
 *       misses (multiplier: × boostFactor^misses ≤ maxMultiplier; extra: + countsPerMiss × misses
 *       ≤ maxExtra) until cleanCountsToReset clean counts in a row;
 *   k = round(f × D / workingDaysPerYear), at most D; when that is 0 the item is still counted once
 *       if it is due in the period (never counted, last count + 365/f days within it, negative
 *       balance, manual request) or, under guaranteeOncePerPeriod, for coverage ('period_coverage').
 * Lines over capacity are scheduled anyway and reported in `capacity`, never dropped.
 */
export function generateSchedule(input: ScheduleInput): ScheduleResult {
  const policy: CountPolicy = { ...DEFAULT_COUNT_POLICY, ...input.policy };
  const days = input.workingDays;
  assert(validateScheduleInput(policy, days).length === 0, 'schedule input is validated by the caller (validateScheduleInput)');
  const D = days.length;
  const periodEnd = isoDayNumber(days[D - 1]!);
  const boost = policy.varianceBoost;

  const skippedInactive: string[] = [];
  const active: ScheduleCandidate[] = [];
  for (const c of input.candidates) {
    if (c.active) active.push(c);
    else skippedInactive.push(c.key);
  }
  active.sort(compareUrgency);

  const n = active.length;
  const counts = new Int32Array(n);
  const reasonsAll: (readonly string[])[] = new Array(n);
  const reasonsFirst: (readonly string[])[] = new Array(n);
  const notDue: string[] = [];
  // Reason arrays are shared between items with the same reasons: 100k items, a handful of arrays.
  const interned = new Map<string, readonly string[]>();
  const intern = (r: string[]): readonly string[] => {
    const k = r.join(',');
    let v = interned.get(k);
    if (!v) interned.set(k, (v = Object.freeze(r)));
    return v;
  };

  let total = 0;
  for (let i = 0; i < n; i++) {
    const c = active[i]!;
    const base = policy.countsPerYear[c.abcClass];
    const reasons = [classReason(c.abcClass, base)];
    let f = base;
    if (c.critical) {
      f = Math.max(f, policy.criticalMinPerYear);
      reasons.push('critical');
    }
    if (c.recentVarianceCount > 0 && c.cleanStreak < boost.cleanCountsToReset && f > 0) {
      const before = f;
      if (boost.kind === 'multiplier') f *= frequencyMultiplier(c, boost);
      else f += Math.min(boost.maxExtra, boost.countsPerMiss * c.recentVarianceCount);
      if (f > before) reasons.push('past_variance');
    }
    let k = Math.min(D, Math.round((f * D) / policy.workingDaysPerYear));
    const triggered = c.negativeBalance || c.manual === true || c.lastCountedAt === null;
    if (k === 0) {
      const due = triggered || (f > 0 && isoDayNumber(c.lastCountedAt!) + countIntervalDays(f, 1) <= periodEnd);
      if (due) k = 1;
      else if (policy.guaranteeOncePerPeriod) {
        k = 1;
        reasons.push('period_coverage');
      }
    }
    if (k === 0) {
      notDue.push(c.key);
      continue;
    }
    counts[i] = k;
    total += k;
    reasonsAll[i] = intern(reasons);
    const first = [...reasons];
    if (c.negativeBalance) first.push('negative_balance');
    if (c.manual === true) first.push('manual');
    if (c.lastCountedAt === null) first.push('never_counted');
    reasonsFirst[i] = first.length === reasons.length ? reasonsAll[i]! : intern(first);
  }

  // Urgency rank within the group of items counted equally often: the group's first counts spread
  // over the first 1/k of the period in urgency order, and each later count repeats 1/k further on.
  const groupSize = new Map<number, number>();
  for (let i = 0; i < n; i++) if (counts[i]! > 0) groupSize.set(counts[i]!, (groupSize.get(counts[i]!) ?? 0) + 1);
  const groupSeen = new Map<number, number>();
  const pos = new Float64Array(total);
  const lineItem = new Int32Array(total);
  const lineOcc = new Int32Array(total);
  let t = 0;
  for (let i = 0; i < n; i++) {
    const k = counts[i]!;
    if (k === 0) continue;
    const r = groupSeen.get(k) ?? 0;
    groupSeen.set(k, r + 1);
    const u = (r + 0.5) / groupSize.get(k)!;
    for (let j = 0; j < k; j++, t++) {
      pos[t] = ((u + j) / k) * D;
      lineItem[t] = i;
      lineOcc[t] = j;
    }
  }

  const order = new Uint32Array(total);
  for (let x = 0; x < total; x++) order[x] = x;
  // Ties go to the more urgent item (lower index in urgency order), then the earlier occurrence.
  order.sort((a, b) => pos[a]! - pos[b]! || lineItem[a]! - lineItem[b]! || lineOcc[a]! - lineOcc[b]!);

  const lines: ScheduledLine[] = new Array(total);
  const perDay = new Int32Array(D);
  // Each line goes to the day of its ideal position, so an item's counts keep their rhythm (an A item
  // monthly); a full day passes its overflow to the next one, so no day holds more than the daily
  // capacity (and never more than ⌈T/D⌉ when the work fits) unless the period's end leaves no room.
  // The even share is the limit, within capacity or over it: an overload is spread, never piled up.
  const limit = Math.max(1, Math.ceil(total / D));
  let day = 0;
  for (let r = 0; r < total; r++) {
    const x = order[r]!;
    const ideal = Math.min(D - 1, Math.floor(pos[x]!));
    if (ideal > day) day = ideal;
    while (day < D - 1 && perDay[day]! >= limit) day++;
    perDay[day]! += 1;
    const i = lineItem[x]!;
    const occ = lineOcc[x]!;
    lines[r] = { key: active[i]!.key, date: days[day]!, reasons: occ === 0 ? reasonsFirst[i]! : reasonsAll[i]!, occurrence: occ };
  }

  const dayList: ScheduleDay[] = days.map((date, d) => ({ date, lines: perDay[d]! }));
  const cap = policy.dailyCapacity ?? null;
  const capacityLines = cap === null ? null : cap * D;
  return {
    lines,
    days: dayList,
    capacity: {
      dailyCapacity: cap,
      totalLines: total,
      capacityLines,
      shortfallLines: capacityLines === null ? 0 : Math.max(0, total - capacityLines),
      overCapacityDays: cap === null ? [] : dayList.filter((d) => d.lines > cap),
    },
    skippedInactive,
    notDue,
  };
}
