// Answer and request shapes of the endpoints in endpoints.ts, mirroring the server's DTOs
// (src/modules/catalog/catalog.schemas.ts, src/modules/ledger/ledger.queries.ts and ledger.routes.ts).
// Quantities and money travel as decimal strings and stay strings here: the app never does float math on them.

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type InventoryType = 'raw' | 'wip' | 'finished' | 'mro';
export type Criticality = 'critical' | 'normal' | 'low';
export type ItemStatus = 'active' | 'discontinued' | 'inactive';
export type LocationKind = 'site' | 'warehouse' | 'zone' | 'bin' | 'virtual';

export interface ItemUnit {
  uom: string;
  factor: string;
  gtin: string | null;
}

export interface Item {
  id: number;
  sku: string;
  description: string;
  inventoryType: InventoryType;
  category: string | null;
  baseUom: string;
  qtyScale: number;
  costMethod: 'average' | 'standard';
  standardCost: string | null;
  criticality: Criticality;
  lotTracked: boolean;
  serialTracked: boolean;
  shelfLifeDays: number | null;
  gtin: string | null;
  internalBarcode: string | null;
  countSkillLevel: number;
  status: ItemStatus;
  defaultSupplier: string | null;
  units: ItemUnit[];
  createdAt: string;
  updatedAt: string;
}

export interface Location {
  id: number;
  code: string;
  name: string;
  kind: LocationKind;
  parent: string | null;
  parentId: number | null;
  site: string | null;
  siteId: number | null;
  virtualRole: string | null;
  walkSeq: number | null;
  blocked: boolean;
  allowNegativeStock: boolean;
  active: boolean;
}

export interface LocationTree {
  code: string;
  name: string;
  kind: LocationKind;
  walkSeq: number | null;
  blocked: boolean;
  active: boolean;
  children: LocationTree[];
}

export interface Lot {
  id: number;
  sku: string;
  itemId: number;
  lotNo: string;
  kind: 'lot' | 'serial';
  expiresOn: string | null;
  supplierLot: string | null;
  active: boolean;
  createdAt: string;
}

export interface BalanceRow {
  itemId: number;
  sku: string;
  description: string;
  locationId: number;
  location: string;
  lotId: number;
  lot: string | null;
  lotExpiry: string | null;
  qtyOnHand: string;
  uom: string;
  value: string;
  lastReceiptAt: string | null;
  lastReceiptQty: string | null;
  lastShipmentAt: string | null;
  lastShipmentQty: string | null;
}

export const MOVEMENT_TYPES = [
  'receipt', 'return_to_supplier', 'issue_to_production', 'production_output', 'production_scrap', 'transfer',
  'shipment', 'customer_return', 'adjustment', 'count_correction', 'opening_balance', 'reversal',
] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];

export interface MovementSummary {
  id: number;
  seq: number;
  type: MovementType;
  postedAt: string;
  actor: string;
  sourceDoc: string | null;
  reasonCode: string | null;
  reversesMovementId: number | null;
  lineCount: number;
}

export interface MovementLine {
  lineNo: number;
  itemId: number;
  sku: string;
  lotId: number;
  lot: string | null;
  fromLocationId: number;
  from: string;
  toLocationId: number;
  to: string;
  qty: string;
  baseUom: string;
  qtyEntered: string;
  unitEntered: string;
  unitCost: string;
  value: string;
}

export interface Movement extends Omit<MovementSummary, 'lineCount'> {
  note: string | null;
  reversedByMovementId: number | null;
  countLineId: number | null;
  lines: MovementLine[];
}

export interface MovementLineInput {
  item: string;
  qty: string;
  unit?: string;
  lot?: string;
  lotExpiry?: string;
  supplierLot?: string;
  from?: string;
  to?: string;
  unitCost?: string;
}

export interface MovementInput {
  type: Exclude<MovementType, 'count_correction' | 'reversal'>;
  lines: MovementLineInput[];
  sourceDoc?: string;
  reasonCode?: string;
  note?: string;
}

export interface ValuationLine {
  sku: string;
  description: string;
  qtyOnHand: string;
  uom: string;
  average: string;
  fifo: string;
  lifo: string;
}

export interface ValuationReport {
  position: number;
  lines: ValuationLine[];
  totals: { average: string; fifo: string; lifo: string };
}

/** GET /api/v1/auth/me (src/modules/access/access.routes.ts). */
export interface Me {
  kind: 'user' | 'token';
  id: number;
  userId: number | null;
  /** the user's display name, or the token's name */
  name: string;
  /** the user's username (a token's owner's); null for a token of no user */
  username: string | null;
  /** only when signed in by the session cookie: the x-csrf-token to send on writes */
  csrfToken?: string;
  roles: { role: string; sites: number[] | null }[];
  permissions: string[];
  /** permission → the site ids it holds in (null: every site) */
  sites: Record<string, number[] | null>;
}

/** POST /api/v1/auth/login */
export interface LoginAnswer {
  user: { id: number; username: string; displayName: string };
  csrfToken: string;
  expiresAt: string;
}

export interface FieldError {
  field: string;
  reason: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors: FieldError[];
  instance?: string;
}
