// Shared shapes of the cycle-counting rules. Pure data: no database rows, no HTTP DTOs.
// Quantities are bigint integers at the item's qtyScale, money bigint minor units at MONEY_SCALE;
// percentages and limits that span items of different scales travel as decimal strings.
// Dates are ISO 8601 UTC strings: 'YYYY-MM-DD' for days, full timestamps where a time matters.

export type AbcClass = 'A' | 'B' | 'C';
export const ABC_CLASSES: readonly AbcClass[] = ['A', 'B', 'C'];

export type Criticality = 'critical' | 'normal' | 'low';

// ---------------------------------------------------------------- variance

export type VarianceDirection = 'shortage' | 'overage' | 'none';

export interface VarianceInput {
  /** system quantity at the ledger position of the count, at qtyScale (may be negative where a site allows it) */
  readonly qtySystem: bigint;
  /** physically counted quantity at qtyScale, never negative */
  readonly qtyCounted: bigint;
  readonly qtyScale: number;
  /** unit cost in minor units (MONEY_SCALE) per one base unit */
  readonly unitCostMinor: bigint;
}

export interface Variance {
  /** system − counted at qtyScale: positive = shortage, negative = overage */
  readonly qtyShortage: bigint;
  /** qtyShortage as percent of |qtySystem|, 2 decimals ("-12.50"); null when qtySystem is 0 */
  readonly pctShortage: string | null;
  /** qtyShortage × unit cost, minor units, rounded half away from zero */
  readonly valueShortageMinor: bigint;
  readonly direction: VarianceDirection;
  // Carried along so the tolerance engine can compare exactly without re-reading the count.
  readonly qtySystem: bigint;
  readonly qtyCounted: bigint;
  readonly qtyScale: number;
  readonly unitCostMinor: bigint;
  /** |qtySystem| × unit cost, minor units: the default basis of value-percent limits */
  readonly valueSystemMinor: bigint;
}

// ---------------------------------------------------------------- tolerance

/** From most to least specific; selectRule walks this order. */
export const TOLERANCE_SCOPES = ['item', 'category', 'abc_class', 'criticality', 'zone', 'site', 'default'] as const;
export type ToleranceScopeKind = (typeof TOLERANCE_SCOPES)[number];

export type ToleranceScope =
  | { readonly kind: 'item'; readonly itemId: string }
  | { readonly kind: 'category'; readonly categoryId: string }
  | { readonly kind: 'abc_class'; readonly abcClass: AbcClass }
  | { readonly kind: 'criticality'; readonly criticality: Criticality }
  | { readonly kind: 'zone'; readonly zoneId: string }
  | { readonly kind: 'site'; readonly siteId: string }
  | { readonly kind: 'default' };

/**
 * One band's limits. Every limit is optional; a variance exceeds the band when it is strictly
 * above ANY limit that is set (absolute values, so an overage counts like a shortage).
 * A band with no limit set is never exceeded.
 */
export interface ToleranceLimits {
  /** |system − counted| in the item's base unit, as a decimal string ("2", "0.5"); compared exactly at any qtyScale */
  readonly qty?: string;
  /** |shortage| as percent of |system qty|, decimal string ("5" = 5 %) */
  readonly pct?: string;
  /** |value of the shortage| in money minor units */
  readonly valueMinor?: bigint;
  /** |value of the shortage| as percent of the value basis (ctx.valueBasisMinor, else the line's system value) */
  readonly valuePct?: string;
}

export type ToleranceLimitKind = 'qty' | 'pct' | 'value' | 'value_pct';
export type ToleranceBand = 'auto_accept' | 'recount' | 'investigate';

/**
 * A tolerance rule. The three bands are nested, each a set of limits:
 *   |variance| ≤ autoAccept            → 'auto_accept' (correct at once when autoCorrect)
 *   autoAccept < |variance| ≤ recount  → 'within' (in tolerance; correction follows normal approval)
 *   recount < |variance| ≤ investigate → 'recount' (flagged: blind recount by a different counter)
 *   |variance| > investigate           → 'investigate' (flagged: investigation task)
 * The recount and investigate bands are the rule's tolerance: exceeding any of their limits flags
 * the line. validateToleranceRule checks that the bands are ordered.
 */
export interface ToleranceRule {
  readonly id: string;
  readonly scope: ToleranceScope;
  /** restricts a non-site scope to one site (a site-restricted rule beats a global one of the same scope) */
  readonly siteId?: string;
  /** inactive rules are skipped by selectRule; default true */
  readonly active?: boolean;
  readonly autoAccept?: ToleranceLimits;
  readonly recount?: ToleranceLimits;
  readonly investigate?: ToleranceLimits;
  /** site policy: within the auto-accept band a correction may be posted without approval */
  readonly autoCorrect?: boolean;
}

/** What selectRule matches a count line against. */
export interface ToleranceLineContext {
  readonly itemId: string;
  readonly siteId: string;
  readonly categoryId?: string;
  readonly abcClass?: AbcClass;
  readonly criticality?: Criticality;
  readonly zoneId?: string;
}

export interface ToleranceEvalContext {
  /** basis of value-percent limits (e.g. the task's or location's system value); default: the line's system value */
  readonly valueBasisMinor?: bigint;
}

export type ToleranceOutcome = 'within' | 'auto_accept' | 'recount' | 'investigate';

export interface ExceededLimit {
  readonly limit: ToleranceLimitKind;
  readonly band: ToleranceBand;
  /** the limit as configured: decimal string (qty in base unit, pct in percent, value in minor units) */
  readonly limitValue: string;
  /** the absolute actual in the same unit (percent limits are skipped when their basis is 0) */
  readonly actual: string;
}

export interface ToleranceResult {
  readonly ruleId: string;
  readonly flagged: boolean;
  readonly outcome: ToleranceOutcome;
  /** every limit exceeded, all bands, most severe band first */
  readonly exceeded: readonly ExceededLimit[];
  /** stock found where the system held none: always flagged, at least a recount */
  readonly foundAtZero: boolean;
  /** outcome is auto_accept and the rule allows posting the correction at once */
  readonly autoCorrect: boolean;
}

// ---------------------------------------------------------------- ABC

export type AbcBasis = 'value' | 'velocity_count' | 'velocity_qty';

export interface AbcInput {
  readonly key: string;
  /** annual consumption value, minor units (basis 'value') */
  readonly consumptionValueMinor?: bigint;
  /** number of issue movements in the window (basis 'velocity_count') */
  readonly issueCount?: number;
  /** quantity issued at qtyScale (basis 'velocity_qty'); compared across scales exactly */
  readonly qtyIssued?: bigint;
  readonly qtyScale?: number;
}

export interface AbcThresholds {
  /** cumulative percent covered by class A, decimal string; default "80" */
  readonly a: string;
  /** percent covered by class B after A; default "15" (C takes the rest) */
  readonly b: string;
}

export interface AbcOptions {
  readonly basis?: AbcBasis;
  readonly thresholds?: AbcThresholds;
}

export interface AbcResult {
  readonly key: string;
  readonly abcClass: AbcClass;
  /** 1-based rank by metric, ties by key */
  readonly rank: number;
  /** the metric compared, as a decimal string (minor units, count, or base-unit quantity) */
  readonly metric: string;
  /** percent of the total, 2 decimals */
  readonly sharePct: string;
  /** cumulative percent including this item, 2 decimals */
  readonly cumulativeSharePct: string;
}

// ---------------------------------------------------------------- frequency

export interface CountHistoryEntry {
  readonly countedAt: string;
  /** the count was flagged (outside tolerance) */
  readonly missed: boolean;
}

export interface FrequencyPolicy {
  /** multiplier applied per miss in the current episode: 2 → twice as often after one miss, 4× after two */
  readonly boostFactor: number;
  /** upper bound of the multiplier */
  readonly maxMultiplier: number;
  /** consecutive clean counts that end an episode and bring the frequency back to normal */
  readonly cleanCountsToReset: number;
  /** after a miss the next count is due within this many days at the latest (validation recount); optional */
  readonly validationRecountDays?: number;
}

export interface FrequencyState {
  /** misses since the last reset */
  readonly recentVarianceCount: number;
  /** consecutive clean counts at the end of the history */
  readonly cleanStreak: number;
  readonly multiplier: number;
  readonly boosted: boolean;
  readonly lastCountedAt: string | null;
  readonly lastMissed: boolean;
}

// ---------------------------------------------------------------- schedule

export type ScheduleReason =
  | `class_${'a' | 'b' | 'c'}_${string}`
  | 'critical'
  | 'past_variance'
  | 'negative_balance'
  | 'manual'
  | 'never_counted'
  | 'period_coverage';

export interface ScheduleCandidate {
  /** stable id of the item-location (e.g. `${itemId}@${locationId}`); ties are broken by it */
  readonly key: string;
  readonly itemId: string;
  readonly locationId: string;
  readonly zoneId: string;
  readonly walkSeq: number;
  readonly abcClass: AbcClass;
  readonly critical: boolean;
  /** misses in recent counts (see frequency.rules summarizeCountHistory) */
  readonly recentVarianceCount: number;
  readonly cleanStreak: number;
  readonly negativeBalance: boolean;
  readonly lastCountedAt: string | null;
  readonly active: boolean;
  /** a supervisor asked for this item-location to be counted: brought to the front */
  readonly manual?: boolean;
}

export type VarianceBoost =
  | { readonly kind: 'multiplier'; readonly boostFactor: number; readonly maxMultiplier: number; readonly cleanCountsToReset: number }
  | { readonly kind: 'extra'; readonly countsPerMiss: number; readonly maxExtra: number; readonly cleanCountsToReset: number };

export interface CountPolicy {
  readonly countsPerYear: Readonly<Record<AbcClass, number>>;
  /** critical items are counted at least this often a year */
  readonly criticalMinPerYear: number;
  readonly varianceBoost: VarianceBoost;
  /** lines a site can count per working day; undefined = unlimited */
  readonly dailyCapacity?: number;
  /** working days in a full year, to scale yearly frequencies to the period; default 250 */
  readonly workingDaysPerYear: number;
  /** every active item-location is counted at least once in the period (spec §4.1); default true */
  readonly guaranteeOncePerPeriod: boolean;
}

export interface ScheduleInput {
  readonly candidates: readonly ScheduleCandidate[];
  /** the period's working days, ascending ISO dates */
  readonly workingDays: readonly string[];
  /** merged over DEFAULT_COUNT_POLICY */
  readonly policy?: Partial<CountPolicy>;
}

export interface ScheduledLine {
  readonly key: string;
  readonly date: string;
  /** why this line is on the schedule; shared between the lines of one item-location, do not mutate */
  readonly reasons: readonly string[];
  /** 0-based index of this count among the item-location's counts in the period */
  readonly occurrence: number;
}

export interface ScheduleDay {
  readonly date: string;
  readonly lines: number;
}

export interface ScheduleCapacityReport {
  readonly dailyCapacity: number | null;
  readonly totalLines: number;
  /** dailyCapacity × working days; null when unlimited */
  readonly capacityLines: number | null;
  /** lines beyond capacity (scheduled anyway, never dropped); 0 when it fits */
  readonly shortfallLines: number;
  readonly overCapacityDays: readonly ScheduleDay[];
}

export interface ScheduleResult {
  /** ordered by date, then by urgency */
  readonly lines: readonly ScheduledLine[];
  readonly days: readonly ScheduleDay[];
  readonly capacity: ScheduleCapacityReport;
  /** keys of inactive item-locations left out */
  readonly skippedInactive: readonly string[];
  /** active keys not due in this period (only when guaranteeOncePerPeriod is false) */
  readonly notDue: readonly string[];
}

// ---------------------------------------------------------------- assignment

export interface AssignmentLine {
  readonly key: string;
  readonly itemId: string;
  readonly locationId: string;
  readonly zoneId: string;
  readonly walkSeq: number;
  /** the item's counting skill level; a counter needs at least this level */
  readonly skillLevel: number;
  readonly critical: boolean;
  /** overrides the default minutes per line (e.g. serial-tracked or weighed items) */
  readonly estMinutes?: number;
  /** counters who must not count this line (a blind recount goes to a different counter) */
  readonly excludeCounterIds?: readonly string[];
}

export interface CounterProfile {
  readonly counterId: string;
  readonly skillLevel: number;
  readonly homeZoneIds: readonly string[];
  /** minutes of counting this counter has in the day */
  readonly dailyCapacityMinutes: number;
}

export interface AssignmentOptions {
  /** a zone with more lines is split into near-equal tasks; default 40 */
  readonly maxTaskLines?: number;
  /** default minutes per line; default 3 */
  readonly minutesPerLine?: number;
  /** start of the counting shift, ISO timestamp; due times are counted from it */
  readonly shiftStart: string;
}

export type AssignmentReason =
  | 'critical_first'
  | 'home_zone'
  | 'outside_home_zone'
  | 'least_loaded'
  | 'skill_ok';

export interface CountTaskPlan {
  /** deterministic: `${zoneId}#${n}` */
  readonly taskKey: string;
  readonly zoneId: string;
  /** keys in walk order */
  readonly lineKeys: readonly string[];
  readonly skillLevel: number;
  readonly critical: boolean;
  readonly estMinutes: number;
  readonly excludeCounterIds: readonly string[];
}

export interface AssignedTask extends CountTaskPlan {
  readonly counterId: string;
  /** ISO timestamp */
  readonly dueAt: string;
  /** position in the counter's day, 0-based: critical tasks first */
  readonly sequence: number;
  readonly reasons: readonly AssignmentReason[];
}

export type UnassignedReason = 'no_skilled_counter' | 'no_capacity';

export interface UnassignedTask extends CountTaskPlan {
  readonly reason: UnassignedReason;
}

export interface CounterLoad {
  readonly counterId: string;
  readonly minutes: number;
  readonly lines: number;
  readonly tasks: number;
  readonly capacityMinutes: number;
}

export interface AssignmentResult {
  readonly assigned: readonly AssignedTask[];
  readonly unassigned: readonly UnassignedTask[];
  readonly loads: readonly CounterLoad[];
}
