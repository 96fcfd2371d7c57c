// Answer shapes of the counting API (src/modules/counting: counting.policy.ts, counting.plan.ts,
// counting.queries.ts, counting.workflow.ts) and the words the desk uses for its codes. Quantities and
// money stay decimal strings. Variances are system − counted (shortageQty): every screen names the
// direction (shortage / overage) instead of showing a bare sign.

export interface Limits {
  qty?: string;
  pct?: string;
  value?: string;
  valuePct?: string;
}

export interface CountPolicy {
  site: string;
  countsPerYear: { A: number; B: number; C: number };
  criticalMinPerYear: number;
  varianceBoost: { factor: number; max: number; cleanCountsToReset: number };
  dailyCapacity: number | null;
  workingDays: string[];
  blindCounts: boolean;
  autoCorrect: boolean;
  blockBinsWhileCounting: boolean;
  validationRecountDays: number;
  supervisorLimit: string;
  abc: { basis: AbcBasis; aPct: string; bPct: string };
}

export type AbcBasis = 'value' | 'velocity_count' | 'velocity_qty';

export const TOLERANCE_SCOPES = ['item', 'category', 'abc_class', 'criticality', 'zone', 'site', 'default'] as const;
export type ToleranceScope = (typeof TOLERANCE_SCOPES)[number];

export interface ToleranceRule {
  id: number;
  name: string;
  scope: ToleranceScope;
  scopeValue: string | null;
  site: string | null;
  autoAccept: Limits | null;
  recount: Limits | null;
  investigate: Limits | null;
  autoCorrect: boolean;
  active: boolean;
}

export interface ToleranceRuleInput {
  name: string;
  scope: ToleranceScope;
  scopeValue?: string;
  site?: string;
  autoAccept?: Limits;
  recount?: Limits;
  investigate?: Limits;
  autoCorrect?: boolean;
  active?: boolean;
}

export interface CounterProfile {
  userId: number;
  displayName: string;
  skillLevel: number;
  homeZones: string[];
  dailyCapacityMinutes: number;
  active: boolean;
}

export interface AbcRun {
  runId: number;
  basis: AbcBasis;
  windowStart: string;
  windowEnd: string;
  counts: { A: number; B: number; C: number };
  changed: number;
}

export interface AbcHistoryRow {
  runId: number;
  computedAt: string;
  abcClass: 'A' | 'B' | 'C';
  metric: string;
  sharePct: string;
  cumulativePct: string;
}

export interface ScheduleResult {
  scheduleId: number;
  site: string;
  periodStart: string;
  periodEnd: string;
  workingDays: number;
  lines: number;
  itemLocations: number;
  replacedPlannedLines: number;
  capacity: { dailyCapacity: number | null; capacityLines: number | null; shortfallLines: number; overCapacityDays: number };
  byReason: Record<string, number>;
}

export interface CalendarDay {
  date: string;
  lines: number;
  byReason: Record<string, number>;
}

export interface AssignResult {
  date: string;
  tasks: { taskId: number; zone: string; counterUserId: number | null; lines: number; estimatedMinutes: number; dueAt: string | null; critical: boolean; reasons: string[] }[];
  unassigned: { taskId: number; zone: string; lines: number; reason: string }[];
  loads: { counterUserId: number; minutes: number; lines: number; tasks: number; capacityMinutes: number }[];
}

export interface TaskSummary {
  taskId: number;
  site: string;
  zone: string | null;
  kind: string;
  status: string;
  blind: boolean;
  counterUserId: number | null;
  dueAt: string | null;
  overdue: boolean;
  scheduledDate: string | null;
  estimatedMinutes: number;
  critical: boolean;
  lines: number;
  linesCounted: number;
}

export type Direction = 'shortage' | 'overage' | 'none';

export interface LineReview {
  lineId: number;
  taskId: number | null;
  site: string;
  sku: string;
  description: string;
  location: string;
  lot: string | null;
  kind: string;
  status: string;
  reasons: string[];
  plannedDate: string | null;
  countedAt: string | null;
  countedPosition: number | null;
  uom: string;
  systemQty: string | null;
  countedQty: string | null;
  /** system − counted: positive is a shortage, negative an overage */
  shortageQty: string | null;
  direction: Direction | null;
  shortagePct: string | null;
  shortageValue: string | null;
  outcome: string | null;
  flagged: boolean;
  recountOfLineId: number | null;
  recountLineIds: number[];
  counters: number[];
  resolution: string | null;
  correctionMovementId: number | null;
}

export interface Observation {
  id: number;
  counterUserId: number;
  qty: string;
  unit: string;
  qtyEntered: string;
  lot: string | null;
  binEmpty: boolean;
  note: string | null;
  device: string | null;
  observedAt: string;
}

export interface LineDetail extends LineReview {
  observations: Observation[];
}

export interface InvestigationSummary {
  id: number;
  lineId: number;
  sku: string;
  location: string;
  status: string;
  assignedTo: number | null;
  createdAt: string;
}

export interface CorrectiveAction {
  what: string;
  owner: string;
  due?: string;
}

export interface Investigation {
  id: number;
  countLineId: number;
  status: string;
  site: string;
  sku: string;
  location: string;
  shortageQty: string | null;
  assignedTo: number | null;
  investigatorUserId: number | null;
  evidence: {
    movementsSinceLastCount: { seq: number; type: string; postedAt: string; qty: string; lot: string | null; sourceDoc: string | null }[];
    previousCounts: { lineId: number; countedAt: string | null; systemQty: string | null; countedQty: string | null; outcome: string | null }[];
    receiptsAndShipmentsSinceCount: { seq: number; type: string; postedAt: string; qty: string }[];
    recounts: { lineId: number; countedAt: string | null; countedQty: string | null; systemQty: string | null }[];
  };
  causes: string[];
  evidenceText: string | null;
  correctiveActions: CorrectiveAction[];
  conclusion: string | null;
  foundLocation: string | null;
  attachments: { id: number; filename: string; contentType: string; size: number }[];
  createdAt: string;
  completedAt: string | null;
}

export interface InvestigationNote {
  causes?: string[];
  evidenceText?: string;
  correctiveActions?: CorrectiveAction[];
  conclusion?: string;
  foundLocation?: string;
}

export interface Correction {
  correctionId: number;
  lineId: number;
  site: string;
  sku: string;
  location: string;
  /** physical − system at the count: what the correction posts (positive adds stock) */
  correctionQty: string;
  value: string;
  resolution: string;
  transferFrom: string | null;
  status: string;
  requiredRole: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  movementId: number | null;
  note: string | null;
}

export interface ApprovalResult {
  correctionId: number;
  status: string;
  movementId: number | null;
  validationLineId: number | null;
}

export const CAUSE_LABELS: Record<string, string> = {
  miscount: 'Miscount',
  data_entry: 'Data entry error',
  receiving: 'Receiving error',
  picking: 'Picking error',
  misidentified_part: 'Misidentified part',
  unrecorded_scrap: 'Unrecorded scrap',
  unrecorded_consumption: 'Unrecorded consumption',
  transfer_not_posted: 'Transfer not posted',
  uom_error: 'Unit of measure error',
  damage: 'Damage',
  theft: 'Theft',
  other: 'Other',
};
export const CAUSE_CODES = Object.keys(CAUSE_LABELS);

export const SCOPE_LABELS: Record<ToleranceScope, string> = {
  item: 'Item (SKU)',
  category: 'Category',
  abc_class: 'ABC class',
  criticality: 'Criticality',
  zone: 'Zone',
  site: 'Site',
  default: 'Default (everything else)',
};

export const LIMIT_LABELS: Record<keyof Limits, string> = { qty: 'Quantity', pct: 'Percent of system qty', value: 'Value', valuePct: 'Value percent' };
export const BANDS = [
  { key: 'autoAccept', label: 'Auto-accept', help: 'Within these limits a variance may be corrected at once (when the rule and policy allow it).' },
  { key: 'recount', label: 'Recount', help: 'Above these limits a blind recount by a different counter is ordered.' },
  { key: 'investigate', label: 'Investigate', help: 'Above these limits an investigation task is created and assigned.' },
] as const;

const REASON_LABELS: Record<string, string> = {
  class_a: 'Class A',
  class_b: 'Class B',
  class_c: 'Class C',
  critical: 'Critical item',
  past_variance: 'Past variance',
  negative_balance: 'Negative balance',
  manual: 'Manual',
  count_at_zero: 'Count at zero',
  pick_shortage: 'Pick shortage',
  recount_of_flagged_line: 'Recount of a flagged line',
  validation_after_correction: 'Validation after a correction',
  period_coverage: 'Once per period',
};

/** A schedule reason in words ("class_a_monthly" → "Class a monthly" when not known). */
export function reasonLabel(code: string): string {
  const known = REASON_LABELS[code];
  if (known) return known;
  const cls = /^class_([abc])_(.+)$/.exec(code);
  if (cls) return `Class ${cls[1]!.toUpperCase()} ${cls[2]!.replace(/_/g, ' ')}`;
  const s = code.replace(/[_:]+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function statusLabel(code: string | null | undefined): string {
  if (!code) return '—';
  const s = code.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The decimal without its sign: the direction is said in words beside it. */
export function unsigned(decimal: string): string {
  return decimal.startsWith('-') ? decimal.slice(1) : decimal;
}

export function isZero(decimal: string): boolean {
  return /^-?0*(\.0*)?$/.test(decimal);
}

/** A percentage string shown with at most two decimals, without its sign. */
export function pct(decimal: string | null | undefined): string {
  if (decimal === null || decimal === undefined || decimal === '') return '—';
  const n = Math.abs(Number(decimal));
  return Number.isFinite(n) ? `${n.toFixed(2)} %` : `${unsigned(decimal)} %`;
}

/** shortage | overage | none, from system − counted (the API's direction when it gives one). */
export function directionOf(shortageQty: string | null, direction?: Direction | null): Direction | null {
  if (direction) return direction;
  if (shortageQty === null) return null;
  if (isZero(shortageQty)) return 'none';
  return shortageQty.startsWith('-') ? 'overage' : 'shortage';
}

export const WEEKDAYS = [
  { value: 'mon', label: 'Mon' },
  { value: 'tue', label: 'Tue' },
  { value: 'wed', label: 'Wed' },
  { value: 'thu', label: 'Thu' },
  { value: 'fri', label: 'Fri' },
  { value: 'sat', label: 'Sat' },
  { value: 'sun', label: 'Sun' },
];

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** "user #12", or the counter profile's name when there is one. */
export function personName(userId: number | null | undefined, names: ReadonlyMap<number, string>): string {
  if (userId === null || userId === undefined) return 'Unassigned';
  return names.get(userId) ?? `user #${userId}`;
}
