// Which location fields a movement type asks for (mirrors MOVEMENT_ROUTES in
// src/modules/ledger/ledger.types.ts): the ledger fills in the virtual side.

import type { MovementInput } from '../../shared/api/types';

export type PostableType = MovementInput['type'];

export interface TypeShape {
  readonly from: boolean;
  readonly to: boolean;
  /** adjustments name exactly one bin: stock comes in or goes out */
  readonly either: boolean;
  /** inbound lines may carry a unit cost and create lots */
  readonly inbound: boolean;
  readonly reasonRequired: boolean;
}

export const TYPE_SHAPES: Record<PostableType, TypeShape> = {
  receipt: { from: false, to: true, either: false, inbound: true, reasonRequired: false },
  return_to_supplier: { from: true, to: false, either: false, inbound: false, reasonRequired: false },
  issue_to_production: { from: true, to: false, either: false, inbound: false, reasonRequired: false },
  production_output: { from: false, to: true, either: false, inbound: true, reasonRequired: false },
  production_scrap: { from: true, to: false, either: false, inbound: false, reasonRequired: false },
  transfer: { from: true, to: true, either: false, inbound: false, reasonRequired: false },
  shipment: { from: true, to: false, either: false, inbound: false, reasonRequired: false },
  customer_return: { from: false, to: true, either: false, inbound: true, reasonRequired: false },
  adjustment: { from: false, to: false, either: true, inbound: true, reasonRequired: true },
  opening_balance: { from: false, to: true, either: false, inbound: true, reasonRequired: false },
};

export const POSTABLE_ORDER: PostableType[] = ['receipt', 'issue_to_production', 'transfer', 'adjustment', 'shipment', 'return_to_supplier', 'customer_return', 'production_output', 'production_scrap', 'opening_balance'];

export const ADJUSTMENT_REASONS = ['DAMAGE', 'FOUND', 'LOST', 'EXPIRED', 'QUALITY', 'DATA_ENTRY', 'OTHER'];
