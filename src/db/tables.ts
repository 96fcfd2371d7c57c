// Row shapes of every table, for Kysely. Integers that can exceed 2^31 are BIGINT in PostgreSQL and
// come back as JS numbers (see db.ts: parsed with a safe-integer check). Booleans are 0/1 integers on
// both engines, timestamps ISO-8601 UTC text ("2026-11-22T08:15:00.000Z"), so one code path serves both.

import type { Generated, ColumnType } from 'kysely';

type Id = Generated<number>;
type Bool = number; // 0 | 1
type Ts = string;

export interface LocationTable {
  id: Id;
  code: string;
  name: string;
  kind: 'site' | 'warehouse' | 'zone' | 'bin' | 'virtual';
  parent_id: number | null;
  site_id: number | null;
  virtual_role: string | null;
  walk_seq: number | null;
  blocked: Bool;
  allow_negative_stock: Bool;
  active: Bool;
  created_at: Ts;
  updated_at: Ts;
}

export interface UomTable {
  code: string;
  name: string;
  dimension: 'count' | 'mass' | 'length' | 'volume' | 'area' | 'time';
}

export interface ItemTable {
  id: Id;
  sku: string;
  description: string;
  inventory_type: 'raw' | 'wip' | 'finished' | 'mro';
  category: string | null;
  base_uom: string;
  qty_scale: number;
  cost_method: 'average' | 'standard';
  standard_cost_minor: number | null;
  criticality: 'critical' | 'normal' | 'low';
  lot_tracked: Bool;
  serial_tracked: Bool;
  shelf_life_days: number | null;
  gtin: string | null;
  internal_barcode: string | null;
  count_skill_level: number;
  status: 'active' | 'discontinued' | 'inactive';
  default_supplier_id: number | null;
  created_at: Ts;
  updated_at: Ts;
}

export interface ItemUnitTable {
  id: Id;
  item_id: number;
  uom: string;
  /** base units per one of this unit, exact decimal text ("12", "480", "0.001") */
  factor: string;
  gtin: string | null;
}

export interface LotTable {
  id: Id;
  item_id: number;
  lot_no: string;
  kind: 'lot' | 'serial';
  expires_on: string | null;
  supplier_lot: string | null;
  created_at: Ts;
}

export interface SupplierTable {
  id: Id;
  code: string;
  name: string;
  email: string | null;
  lead_time_days: number | null;
  active: Bool;
  created_at: Ts;
  updated_at: Ts;
}

export interface BomTable {
  id: Id;
  parent_item_id: number;
  code: string;
  /** output quantity the components make, at the parent's scale */
  qty_output: number;
  active: Bool;
  created_at: Ts;
  updated_at: Ts;
}

export interface BomComponentTable {
  id: Id;
  bom_id: number;
  line_no: number;
  item_id: number;
  /** quantity per output quantity, exact decimal text in the component's base unit */
  qty_per: string;
  /** scrap factor in percent, exact decimal text */
  scrap_pct: string;
}

export interface LedgerCounterTable {
  name: string;
  value: number;
}

export interface MovementTable {
  id: Id;
  seq: number;
  movement_type: string;
  posted_at: Ts;
  actor: string;
  source_doc: string | null;
  reason_code: string | null;
  note: string | null;
  idempotency_key: string | null;
  reverses_movement_id: number | null;
  count_line_id: number | null;
  site_id: number | null;
}

export interface MovementLineTable {
  id: Id;
  movement_id: number;
  line_no: number;
  item_id: number;
  lot_id: number;
  from_location_id: number;
  to_location_id: number;
  qty: number;
  uom_entered: string;
  qty_entered: string;
  unit_cost_minor: number;
  value_minor: number;
}

export interface StockEntryTable {
  id: Id;
  movement_id: number;
  line_id: number;
  seq: number;
  item_id: number;
  location_id: number;
  lot_id: number;
  qty: number;
  value_minor: number;
  posted_at: Ts;
}

export interface StockBalanceTable {
  item_id: number;
  location_id: number;
  lot_id: number;
  qty_on_hand: number;
  updated_at: Ts;
}

export interface ItemLocationTable {
  item_id: number;
  location_id: number;
  last_receipt_at: Ts | null;
  last_receipt_qty: number | null;
  last_shipment_at: Ts | null;
  last_shipment_qty: number | null;
  first_seq: number;
}

export interface ItemValuationTable {
  item_id: number;
  qty_valued: number;
  value_minor: number;
  updated_seq: number;
}

export interface CostLayerTable {
  id: Id;
  item_id: number;
  movement_id: number;
  seq: number;
  received_at: Ts;
  qty_in: number;
  qty_remaining: number;
  unit_cost_minor: number;
}

export interface IdempotencyTable {
  key: string;
  scope: string;
  request_hash: string;
  status_code: number | null;
  response_body: string | null;
  created_at: Ts;
}

export interface AuditEventTable {
  id: Id;
  at: Ts;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
  client_addr: string | null;
  prev_hash: string;
  hash: string;
}

export interface Database {
  location: LocationTable;
  uom: UomTable;
  item: ItemTable;
  item_unit: ItemUnitTable;
  lot: LotTable;
  supplier: SupplierTable;
  bom: BomTable;
  bom_component: BomComponentTable;
  ledger_counter: LedgerCounterTable;
  movement: MovementTable;
  movement_line: MovementLineTable;
  stock_entry: StockEntryTable;
  stock_balance: StockBalanceTable;
  item_location: ItemLocationTable;
  item_valuation: ItemValuationTable;
  cost_layer: CostLayerTable;
  idempotency_key: IdempotencyTable;
  audit_event: AuditEventTable;
}

export type Json = ColumnType<string, string, string>;
