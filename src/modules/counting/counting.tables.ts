// Row shapes of the counting tables (migration 2026-11-22-0300-counting), merged into the
// Database interface so Kysely knows them.

import type { Generated } from 'kysely';

type Id = Generated<number>;

export interface CountPolicyTable {
  site_id: number;
  counts_a: number;
  counts_b: number;
  counts_c: number;
  critical_min: number;
  boost_factor: number;
  boost_max: number;
  clean_counts_to_reset: number;
  daily_capacity: number | null;
  working_days: string;
  blind_counts: number;
  auto_correct: number;
  block_bins_while_counting: number;
  validation_recount_days: number;
  supervisor_limit_minor: number;
  abc_basis: string;
  abc_a_pct: string;
  abc_b_pct: string;
  updated_at: string;
}

export interface AbcRunTable {
  id: Id;
  site_id: number | null;
  basis: string;
  a_pct: string;
  b_pct: string;
  window_start: string;
  window_end: string;
  computed_at: string;
  actor: string;
}

export interface AbcClassTable {
  run_id: number;
  item_id: number;
  abc_class: 'A' | 'B' | 'C';
  metric: string;
  share_pct: string;
  cumulative_pct: string;
}

export interface ItemAbcTable {
  item_id: number;
  abc_class: 'A' | 'B' | 'C';
  run_id: number;
  since: string;
}

export interface ToleranceRuleTable {
  id: Id;
  name: string;
  scope_kind: 'item' | 'category' | 'abc_class' | 'criticality' | 'zone' | 'site' | 'default';
  scope_value: string | null;
  site_id: number | null;
  auto_accept_json: string | null;
  recount_json: string | null;
  investigate_json: string | null;
  auto_correct: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface CounterProfileTable {
  user_id: number;
  display_name: string;
  skill_level: number;
  home_zones_json: string;
  daily_capacity_minutes: number;
  active: number;
  updated_at: string;
}

export interface CountScheduleTable {
  id: Id;
  site_id: number;
  period_start: string;
  period_end: string;
  lines: number;
  capacity_json: string;
  created_at: string;
  actor: string;
}

export type TaskStatus = 'open' | 'in_progress' | 'completed' | 'cancelled';
export type TaskKind = 'scheduled' | 'adhoc' | 'triggered' | 'recount' | 'validation';

export interface CountTaskTable {
  id: Id;
  site_id: number;
  zone_id: number | null;
  kind: TaskKind;
  status: TaskStatus;
  blind: number;
  counter_user_id: number | null;
  assigned_by: string | null;
  assigned_at: string | null;
  due_at: string | null;
  scheduled_date: string | null;
  estimated_minutes: number;
  critical: number;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
}

export interface CountAssignmentTable {
  id: Id;
  task_id: number;
  counter_user_id: number | null;
  previous_user_id: number | null;
  assigned_by: string;
  assigned_at: string;
  due_at: string | null;
  reasons_json: string;
}

export type LineStatus =
  | 'planned'
  | 'assigned'
  | 'counted'
  | 'accepted'
  | 'corrected'
  | 'pending_approval'
  | 'recount'
  | 'recounted'
  | 'investigating'
  | 'closed'
  | 'cancelled';

export interface CountLineTable {
  id: Id;
  site_id: number;
  schedule_id: number | null;
  task_id: number | null;
  item_id: number;
  location_id: number;
  lot_id: number | null;
  kind: TaskKind | 'unexpected';
  reasons_json: string;
  planned_date: string | null;
  status: LineStatus;
  blind: number;
  walk_seq: number | null;
  recount_of_line_id: number | null;
  unexpected: number;
  counted_position: number | null;
  counted_at: string | null;
  qty_system: number | null;
  qty_counted: number | null;
  qty_shortage: number | null;
  value_shortage_minor: number | null;
  pct_shortage: string | null;
  unit_cost_minor: number | null;
  outcome: string | null;
  tolerance_json: string | null;
  rule_id: number | null;
  resolution: string | null;
  resolution_note: string | null;
  correction_movement_id: number | null;
  closed_at: string | null;
  created_at: string;
}

export interface CountObservationTable {
  id: Id;
  line_id: number;
  task_id: number | null;
  lot_id: number | null;
  qty: number;
  qty_entered: string;
  uom_entered: string;
  bin_empty: number;
  counter_user_id: number;
  second_counter_user_id: number | null;
  device: string | null;
  client_key: string | null;
  note: string | null;
  ledger_position: number;
  observed_at: string;
  received_at: string;
}

export interface InvestigationTable {
  id: Id;
  line_id: number;
  site_id: number;
  status: 'open' | 'completed';
  assigned_to: number | null;
  evidence_json: string;
  causes_json: string;
  evidence_text: string | null;
  corrective_actions_json: string;
  conclusion: string | null;
  found_location_id: number | null;
  investigator_user_id: number | null;
  created_at: string;
  completed_at: string | null;
}

export interface AttachmentTable {
  id: Id;
  investigation_id: number;
  filename: string;
  content_type: string;
  bytes: Buffer;
  size: number;
  uploaded_by: string;
  uploaded_at: string;
}

export interface CountCorrectionTable {
  id: Id;
  line_id: number;
  qty_correction: number;
  value_minor: number;
  resolution: 'adjust' | 'transfer';
  transfer_from_location_id: number | null;
  status: 'proposed' | 'awaiting_manager' | 'approved' | 'rejected' | 'posted';
  proposed_by: string;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
  required_role: 'supervisor' | 'inventory_manager' | 'system';
  movement_id: number | null;
  /** per lot: [{ lotId, qty }] with qty = counted − system at the item's scale */
  lots_json: string;
  note: string | null;
}

declare module '../../db/tables.js' {
  interface Database {
    count_policy: CountPolicyTable;
    abc_run: AbcRunTable;
    abc_class: AbcClassTable;
    item_abc: ItemAbcTable;
    tolerance_rule: ToleranceRuleTable;
    counter_profile: CounterProfileTable;
    count_schedule: CountScheduleTable;
    count_task: CountTaskTable;
    count_assignment: CountAssignmentTable;
    count_line: CountLineTable;
    count_observation: CountObservationTable;
    investigation: InvestigationTable;
    attachment: AttachmentTable;
    count_correction: CountCorrectionTable;
  }
}
