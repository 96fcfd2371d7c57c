// Movement types and how each one routes stock between physical and virtual locations (SPEC §3).

export const MOVEMENT_TYPES = [
  'receipt',
  'return_to_supplier',
  'issue_to_production',
  'production_output',
  'production_scrap',
  'transfer',
  'shipment',
  'customer_return',
  'adjustment',
  'count_correction',
  'opening_balance',
  'reversal',
] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];

/** Types a client may post through POST /movements; count corrections come from counting, reversals from /reverse. */
export const POSTABLE_TYPES = MOVEMENT_TYPES.filter((t) => t !== 'count_correction' && t !== 'reversal');

export interface MovementLineInput {
  /** SKU, or item id */
  readonly item: string | number;
  /** quantity as a decimal string in `unit` (default: the item's base unit); always positive */
  readonly qty: string;
  readonly unit?: string;
  readonly lot?: string;
  /** for new lots on inbound lines */
  readonly lotExpiry?: string;
  readonly supplierLot?: string;
  /** location code or id; which of from/to a type needs is in MOVEMENT_ROUTES */
  readonly from?: string | number;
  readonly to?: string | number;
  /** unit cost per base unit, decimal string (inbound lines); defaults to standard or average cost */
  readonly unitCost?: string;
}

export interface MovementInput {
  readonly type: MovementType;
  readonly lines: readonly MovementLineInput[];
  readonly sourceDoc?: string;
  readonly reasonCode?: string;
  readonly note?: string;
  /** count corrections: the count line they settle */
  readonly countLineId?: number;
}

/**
 * Where each type takes stock from and puts it to. 'physical' means the line names a bin;
 * a virtual role means the ledger fills in that virtual location. 'either' (adjustments and count
 * corrections) means the line names exactly one of from/to and the virtual side is the other.
 */
export const MOVEMENT_ROUTES: Record<Exclude<MovementType, 'reversal'>, { from: 'physical' | string; to: 'physical' | string } | { either: string }> = {
  receipt: { from: 'supplier', to: 'physical' },
  return_to_supplier: { from: 'physical', to: 'supplier' },
  issue_to_production: { from: 'physical', to: 'production' },
  production_output: { from: 'production', to: 'physical' },
  production_scrap: { from: 'physical', to: 'scrap' },
  transfer: { from: 'physical', to: 'physical' },
  shipment: { from: 'physical', to: 'customer' },
  customer_return: { from: 'customer', to: 'physical' },
  adjustment: { either: 'adjustment' },
  count_correction: { either: 'count_adjustment' },
  opening_balance: { from: 'opening', to: 'physical' },
};

export const MAX_LINES = 1000;

export interface PostedLine {
  readonly lineNo: number;
  readonly itemId: number;
  readonly sku: string;
  readonly lotId: number;
  readonly lot: string | null;
  readonly fromLocationId: number;
  readonly from: string;
  readonly toLocationId: number;
  readonly to: string;
  /** base-unit quantity as a decimal string */
  readonly qty: string;
  readonly baseUom: string;
  readonly qtyEntered: string;
  readonly unitEntered: string;
  readonly unitCost: string;
  readonly value: string;
}

export interface PostedMovement {
  readonly id: number;
  readonly seq: number;
  readonly type: MovementType;
  readonly postedAt: string;
  readonly actor: string;
  readonly sourceDoc: string | null;
  readonly reasonCode: string | null;
  readonly note: string | null;
  readonly reversesMovementId: number | null;
  readonly reversedByMovementId: number | null;
  readonly countLineId: number | null;
  readonly lines: PostedLine[];
}
