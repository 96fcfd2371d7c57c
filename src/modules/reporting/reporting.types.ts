// Shapes of the count reports (seed 000 step 11) and the count history (step 13).
// Quantities and money travel as decimal strings; every signed figure names its direction:
// shortage = system − counted (positive: less found than the book says; negative: an overage).

/** Which counts a report covers: one task, or a site over a date range of the count (optionally one zone). */
export interface CountReportFilter {
  /** site code (required unless taskId is given) */
  readonly site?: string;
  /** first day, YYYY-MM-DD, UTC, inclusive (required with site) */
  readonly from?: string;
  /** last day, YYYY-MM-DD, UTC, inclusive (required with site) */
  readonly to?: string;
  /** zone code: only bins of this zone */
  readonly zone?: string;
  readonly taskId?: number;
}

export interface ResolvedCountFilter {
  readonly resolved: true;
  readonly siteId: number | null;
  readonly site: string | null;
  readonly zoneId: number | null;
  readonly zone: string | null;
  readonly taskId: number | null;
  readonly from: string | null;
  readonly to: string | null;
  /** counted_at bounds: [fromTs, toTs) */
  readonly fromTs: string | null;
  readonly toTs: string | null;
}

export interface PersonRef {
  readonly userId: number;
  /** display name from the counter profile, else "user:<id>" */
  readonly name: string;
}

/** One count of a line: the first count or a recount. */
export interface CountFigures {
  readonly lineId: number;
  readonly taskId: number | null;
  /** when the line was counted (first observation), ISO UTC */
  readonly countedAt: string | null;
  /** system quantity at the ledger position of the count */
  readonly systemQty: string | null;
  readonly countedQty: string | null;
  /** system − counted; positive = shortage, negative = overage */
  readonly shortageQty: string | null;
  /** (system − counted) / |system| × 100, 2 decimals; null when the system quantity is 0 */
  readonly shortagePct: string | null;
  /** (system − counted) × unit cost */
  readonly shortageValue: string | null;
  readonly unitCost: string | null;
  /** tolerance outcome code: within | auto_accept | recount | investigate (null: not evaluated yet) */
  readonly outcome: string | null;
  /** the outcome in words: no variance, within tolerance, auto-accepted, flagged for recount, … */
  readonly varianceStatus: string;
  readonly flagged: boolean;
  /** who counted: counters and second counters (count in pairs) */
  readonly counters: readonly PersonRef[];
  readonly secondCounters: readonly PersonRef[];
}

export interface CountReportRow {
  readonly lineId: number;
  readonly taskId: number | null;
  readonly site: string;
  readonly zone: string | null;
  readonly sku: string;
  readonly description: string;
  readonly uom: string;
  readonly location: string;
  readonly lot: string | null;
  /** scheduled | adhoc | triggered | validation | unexpected */
  readonly countKind: string;
  readonly reasons: readonly string[];
  /** the first count: the figures accuracy is measured by */
  readonly first: CountFigures;
  /** the latest recount of a flagged (or re-checked) line, side by side with the first count; null when none */
  readonly recount: CountFigures | null;
  /** how many recounts the line had */
  readonly recounts: number;
  /** the variance as finally established (the latest recount, else the first count): system − counted */
  readonly finalShortageQty: string | null;
  readonly finalShortageValue: string | null;
  /** the status of the latest line of the chain: accepted, corrected, pending_approval, investigating, closed, … */
  readonly status: string;
  /** the variance status in words, recount included: "flagged for recount → recount agrees with system" */
  readonly statusText: string;
  readonly investigation: {
    readonly id: number;
    readonly status: string;
    readonly investigator: PersonRef | null;
    readonly causes: readonly string[];
    readonly conclusion: string | null;
  } | null;
  readonly resolution: {
    /** no_variance | adjusted | transfer | corrected_after_recount | recount_agrees_with_system | correction_rejected | … */
    readonly code: string | null;
    readonly note: string | null;
    readonly correctionId: number | null;
    readonly correctionStatus: string | null;
    /** physical − system: what the correction posts (positive adds stock) */
    readonly correctionQty: string | null;
    /** the approver as recorded ("user:21"), or "system" for an auto-accepted correction */
    readonly decidedBy: string | null;
    readonly decidedAt: string | null;
    readonly correctionMovementId: number | null;
  };
  /** investigator and resolver in words, for the printed report */
  readonly investigatorResolver: string;
  /** resolution notes in words: resolution, investigation conclusion, correction movement */
  readonly resolutionNotes: string;
  /** the count team: first counters, second counters, recount counters */
  readonly team: {
    readonly firstCounters: readonly PersonRef[];
    readonly secondCounters: readonly PersonRef[];
    readonly recountCounters: readonly PersonRef[];
  };
}

export interface CountReportTotals {
  /** first counts in the report (a recount is not a line of its own) */
  readonly linesCounted: number;
  /** first counts evaluated against tolerance (submitted) */
  readonly linesEvaluated: number;
  readonly linesWithinTolerance: number;
  /** first counts flagged for recount or investigation */
  readonly linesFlagged: number;
  readonly linesRecounted: number;
  readonly linesWithVariance: number;
  /** share of evaluated first counts within tolerance, percent with 2 decimals; null when none */
  readonly accuracyByCountPct: string | null;
  /** 1 − Σ|shortage value| / Σ system value of the first counts, percent with 2 decimals; null when Σ system value is 0 */
  readonly accuracyByValuePct: string | null;
  /** Σ (system − counted) × cost over first counts: net, overages offset shortages */
  readonly shortageValue: string;
  /** Σ |(system − counted) × cost| over first counts */
  readonly absShortageValue: string;
  /** Σ system quantity × cost over first counts */
  readonly systemValue: string;
  /** Σ of the variance as finally established (latest recount, else first count), system − counted */
  readonly finalShortageValue: string;
}

export interface CountReport {
  readonly filter: { site: string | null; zone: string | null; taskId: number | null; from: string | null; to: string | null };
  readonly totals: CountReportTotals;
  readonly items: CountReportRow[];
  readonly nextCursor: string | null;
  readonly notes: readonly string[];
}

// ---------------------------------------------------------------- history (step 13)

export type Granularity = 'week' | 'month';
export type TrendDimension = 'location' | 'zone' | 'item' | 'counter';
export const TREND_DIMENSIONS: readonly TrendDimension[] = ['location', 'zone', 'item', 'counter'];

/** Accuracy, variance frequency and magnitude of a set of first counts. */
export interface AccuracyFigures {
  readonly lines: number;
  readonly linesWithinTolerance: number;
  readonly linesFlagged: number;
  readonly linesWithVariance: number;
  /** linesWithinTolerance / lines, percent 2 decimals */
  readonly accuracyByCountPct: string | null;
  readonly systemValue: string;
  readonly absShortageValue: string;
  /** Σ (system − counted) × cost, net */
  readonly shortageValue: string;
  /** 1 − absShortageValue / systemValue, percent 2 decimals (negative when the variances exceed the book value) */
  readonly accuracyByValuePct: string | null;
  /** linesWithVariance / lines: variance frequency, percent 2 decimals */
  readonly varianceFrequencyPct: string | null;
  /** mean |shortage %| over lines with a non-zero system quantity: variance magnitude */
  readonly meanAbsShortagePct: string | null;
}

export interface PeriodPoint extends AccuracyFigures {
  /** "2026-W10" (ISO week) or "2026-03" */
  readonly period: string;
  readonly periodStart: string;
  readonly periodEnd: string;
}

export interface TrendGroup {
  /** bin, zone or SKU code; the counter's user id as text */
  readonly key: string;
  readonly label: string;
  readonly total: AccuracyFigures;
  readonly series: readonly PeriodPoint[];
}

export interface ParetoEntry {
  readonly cause: string;
  readonly count: number;
  readonly sharePct: string;
  readonly cumulativePct: string;
}

export interface CounterPerformance {
  readonly counter: PersonRef;
  /** first counts this counter took part in (as counter or second counter) */
  readonly linesCounted: number;
  /** of those, evaluated and within tolerance */
  readonly accuracyByCountPct: string | null;
  /** of those, recounted by another counter */
  readonly linesRecounted: number;
  /** recounts whose counted quantity differs from this counter's first count */
  readonly recountDisagreements: number;
  /** recountDisagreements / linesRecounted, percent 2 decimals; null when none was recounted */
  readonly recountDisagreementRatePct: string | null;
  /** recountDisagreements / linesCounted, percent 2 decimals */
  readonly disagreementsPerLinesCountedPct: string | null;
  /** recounts this counter did for others (work, not accuracy) */
  readonly recountsPerformed: number;
}

export interface CountHistory {
  readonly site: string;
  readonly zone: string | null;
  readonly from: string;
  readonly to: string;
  readonly granularity: Granularity;
  readonly notes: readonly string[];
  readonly overall: AccuracyFigures;
  /** accuracy over time, one point per week or month with counts */
  readonly accuracy: readonly PeriodPoint[];
  /** trends by the requested dimensions, groups ordered by Σ|shortage value| (largest first) */
  readonly trends: Partial<Record<TrendDimension, readonly TrendGroup[]>>;
  /** investigation causes, most frequent first, with cumulative share */
  readonly pareto: { readonly investigations: number; readonly causes: readonly ParetoEntry[] };
  readonly counters: readonly CounterPerformance[];
}
