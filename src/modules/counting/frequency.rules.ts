// Adaptive count frequency (spec §4.10): an item-location is counted more often after misses and
// goes back to normal after a run of clean counts. Planning math, so plain numbers; whole days at the edge.

import { assert, type FieldError } from '../../kernel/errors.js';
import type { CountHistoryEntry, FrequencyPolicy, FrequencyState } from './counting.types.js';

export const DEFAULT_FREQUENCY_POLICY: FrequencyPolicy = Object.freeze({
  boostFactor: 2,
  maxMultiplier: 4,
  cleanCountsToReset: 3,
});

export function validateFrequencyPolicy(p: FrequencyPolicy): FieldError[] {
  const errors: FieldError[] = [];
  if (!(Number.isFinite(p.boostFactor) && p.boostFactor >= 1)) errors.push({ field: 'boostFactor', reason: 'must be a number ≥ 1' });
  if (!(Number.isFinite(p.maxMultiplier) && p.maxMultiplier >= 1)) errors.push({ field: 'maxMultiplier', reason: 'must be a number ≥ 1' });
  if (!(Number.isInteger(p.cleanCountsToReset) && p.cleanCountsToReset >= 1)) errors.push({ field: 'cleanCountsToReset', reason: 'must be an integer ≥ 1' });
  if (p.validationRecountDays !== undefined && !(Number.isInteger(p.validationRecountDays) && p.validationRecountDays >= 1)) {
    errors.push({ field: 'validationRecountDays', reason: 'must be an integer ≥ 1' });
  }
  return errors;
}

/**
 * The factor by which the normal count frequency is raised: boostFactor^misses capped at
 * maxMultiplier while the item-location is in a miss episode, 1 once cleanCountsToReset clean
 * counts in a row have closed the episode (or there were no misses).
 */
export function frequencyMultiplier(s: { readonly recentVarianceCount: number; readonly cleanStreak: number }, policy: FrequencyPolicy = DEFAULT_FREQUENCY_POLICY): number {
  if (s.recentVarianceCount <= 0 || s.cleanStreak >= policy.cleanCountsToReset) return 1;
  return Math.min(policy.maxMultiplier, policy.boostFactor ** s.recentVarianceCount);
}

/**
 * Replays an item-location's count history (any order; sorted by countedAt here, stable) into its
 * frequency state. Misses accumulate within an episode; cleanCountsToReset clean counts in a row
 * end the episode and forget its misses, so one bad count years ago does not boost forever.
 */
export function summarizeCountHistory(history: readonly CountHistoryEntry[], policy: FrequencyPolicy = DEFAULT_FREQUENCY_POLICY): FrequencyState {
  const sorted = [...history].sort((x, y) => (x.countedAt < y.countedAt ? -1 : x.countedAt > y.countedAt ? 1 : 0));
  let misses = 0;
  let clean = 0;
  for (const h of sorted) {
    if (h.missed) {
      misses += 1;
      clean = 0;
    } else {
      clean += 1;
      if (clean >= policy.cleanCountsToReset) misses = 0;
    }
  }
  const last = sorted[sorted.length - 1];
  const multiplier = frequencyMultiplier({ recentVarianceCount: misses, cleanStreak: clean }, policy);
  return {
    recentVarianceCount: misses,
    cleanStreak: clean,
    multiplier,
    boosted: multiplier > 1,
    lastCountedAt: last ? last.countedAt : null,
    lastMissed: last ? last.missed : false,
  };
}

const DAY_MS = 86_400_000;
const ISO_DAY_RE = /^\d{4}-\d{2}-\d{2}/;

/** 'YYYY-MM-DD' (or a timestamp's UTC day) → days since the epoch. */
export function isoDayNumber(iso: string): number {
  assert(ISO_DAY_RE.test(iso), `an ISO date: ${iso}`);
  const ms = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  assert(Number.isFinite(ms), `a valid date: ${iso}`);
  return Math.round(ms / DAY_MS);
}

export function isoDayFromNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(isoDay: string, days: number): string {
  return isoDayFromNumber(isoDayNumber(isoDay) + days);
}

/** Calendar days between counts for a yearly frequency raised by a multiplier: 365 / (n × m), whole days, at least 1. */
export function countIntervalDays(countsPerYear: number, multiplier: number): number {
  assert(countsPerYear > 0 && multiplier > 0, 'countsPerYear and multiplier are positive');
  return Math.max(1, Math.round(365 / (countsPerYear * multiplier)));
}

/**
 * Next due date of an item-location: last count + interval at the adapted frequency; after a miss
 * no later than validationRecountDays (the validation recount of spec §4.10). Never counted, or
 * overdue: due `today`.
 */
export function nextDueDate(
  state: Pick<FrequencyState, 'lastCountedAt' | 'multiplier' | 'lastMissed'>,
  countsPerYear: number,
  today: string,
  policy: FrequencyPolicy = DEFAULT_FREQUENCY_POLICY,
): string {
  if (state.lastCountedAt === null) return today.slice(0, 10);
  let interval = countIntervalDays(countsPerYear, state.multiplier);
  if (state.lastMissed && policy.validationRecountDays !== undefined) interval = Math.min(interval, policy.validationRecountDays);
  const due = isoDayNumber(state.lastCountedAt) + interval;
  return isoDayFromNumber(Math.max(due, isoDayNumber(today)));
}
