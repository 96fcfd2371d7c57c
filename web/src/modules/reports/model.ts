// Answer shapes of GET /api/v1/reports/counts and /api/v1/reports/count-history
// (src/modules/reporting/reporting.types.ts). Every signed figure is system − counted: shortage.

export interface PersonRef {
  userId: number;
  name: string;
}

export interface CountFigures {
  lineId: number;
  taskId: number | null;
  countedAt: string | null;
  systemQty: string | null;
  countedQty: string | null;
  shortageQty: string | null;
  shortagePct: string | null;
  shortageValue: string | null;
  unitCost: string | null;
  outcome: string | null;
  varianceStatus: string;
  flagged: boolean;
  counters: PersonRef[];
  secondCounters: PersonRef[];
}

export interface CountReportRow {
  lineId: number;
  taskId: number | null;
  site: string;
  zone: string | null;
  sku: string;
  description: string;
  uom: string;
  location: string;
  lot: string | null;
  countKind: string;
  reasons: string[];
  first: CountFigures;
  recount: CountFigures | null;
  recounts: number;
  finalShortageQty: string | null;
  finalShortageValue: string | null;
  status: string;
  statusText: string;
  investigatorResolver: string;
  resolutionNotes: string;
}

export interface CountReportTotals {
  linesCounted: number;
  linesEvaluated: number;
  linesWithinTolerance: number;
  linesFlagged: number;
  linesRecounted: number;
  linesWithVariance: number;
  accuracyByCountPct: string | null;
  accuracyByValuePct: string | null;
  shortageValue: string;
  absShortageValue: string;
  systemValue: string;
  finalShortageValue: string;
}

export interface CountReport {
  filter: { site: string | null; zone: string | null; taskId: number | null; from: string | null; to: string | null };
  totals: CountReportTotals;
  items: CountReportRow[];
  nextCursor: string | null;
  notes: string[];
}

export interface AccuracyFigures {
  lines: number;
  linesWithinTolerance: number;
  linesFlagged: number;
  linesWithVariance: number;
  accuracyByCountPct: string | null;
  systemValue: string;
  absShortageValue: string;
  shortageValue: string;
  accuracyByValuePct: string | null;
  varianceFrequencyPct: string | null;
  meanAbsShortagePct: string | null;
}

export interface PeriodPoint extends AccuracyFigures {
  period: string;
  periodStart: string;
  periodEnd: string;
}

export interface TrendGroup {
  key: string;
  label: string;
  total: AccuracyFigures;
  series: PeriodPoint[];
}

export interface CounterPerformance {
  counter: PersonRef;
  linesCounted: number;
  accuracyByCountPct: string | null;
  linesRecounted: number;
  recountDisagreements: number;
  recountDisagreementRatePct: string | null;
  disagreementsPerLinesCountedPct: string | null;
  recountsPerformed: number;
}

export interface CountHistory {
  site: string;
  zone: string | null;
  from: string;
  to: string;
  granularity: 'week' | 'month';
  notes: string[];
  overall: AccuracyFigures;
  accuracy: PeriodPoint[];
  trends: Partial<Record<'location' | 'zone' | 'item' | 'counter', TrendGroup[]>>;
  pareto: { investigations: number; causes: { cause: string; count: number; sharePct: string; cumulativePct: string }[] };
  counters: CounterPerformance[];
}

/** A percentage string for the charts (null → no point). */
export function num(s: string | null | undefined): number | null {
  if (s === null || s === undefined) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}
