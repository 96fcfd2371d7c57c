// Shapes of the demo plant: the master data plan and the simulated movements, before anything is
// written. Quantities are integers in the item's smallest unit (qtyScale decimals), costs integers
// in minor units (MONEY_SCALE): no binary fractions reach a command.

import type { MovementInput } from '../ledger/index.js';

export interface DemoScale {
  /** number of items (about: families are filled by share) */
  readonly items: number;
  /** days of movement history, ending today */
  readonly days: number;
  readonly seed: number;
}

export const FULL_SCALE: DemoScale = { items: 1500, days: 365, seed: 20261122 };
export const SMALL_SCALE: DemoScale = { items: 150, days: 45, seed: 20261122 };

export type InventoryType = 'raw' | 'wip' | 'finished' | 'mro';

/** What a bin is for in the simulation. */
export type BinRole = 'rcv' | 'bulk' | 'line' | 'wip' | 'eol' | 'qa' | 'cage' | 'stg' | 'pick' | 'ship' | 'crib';

export interface PlanLocation {
  readonly code: string;
  readonly name: string;
  readonly kind: 'site' | 'warehouse' | 'zone' | 'bin';
  readonly parent: string | null;
  readonly walkSeq: number | null;
  readonly blocked: boolean;
  readonly role?: BinRole;
}

export interface PlanSupplier {
  readonly code: string;
  readonly name: string;
  readonly email: string;
  readonly leadTimeDays: number;
}

export interface PlanUnit {
  readonly uom: string;
  /** base units per one of this unit, exact decimal text */
  readonly factor: string;
  /** the same factor in the item's smallest units, when it is whole (entering quantities in this unit) */
  readonly factorUnits: number | null;
  readonly gtin?: string;
}

export interface PlanItem {
  readonly idx: number;
  readonly sku: string;
  readonly description: string;
  readonly type: InventoryType;
  readonly family: string;
  readonly category: string;
  readonly baseUom: string;
  readonly qtyScale: number;
  readonly units: readonly PlanUnit[];
  readonly costMethod: 'average' | 'standard';
  /** reference cost per base unit, minor units; standard cost when costMethod is standard */
  unitCostMinor: number;
  readonly criticality: 'critical' | 'normal' | 'low';
  readonly lotTracked: boolean;
  readonly serialTracked: boolean;
  readonly shelfLifeDays: number | null;
  readonly gtin: string | null;
  readonly internalBarcode: string;
  readonly countSkillLevel: number;
  readonly status: 'active' | 'discontinued';
  readonly supplier: string | null;
  /** bins: where the item is stored, fed to the line, picked */
  readonly homeBin: string;
  readonly lineBin: string | null;
  pickBin: string | null;
  /** quantities in smallest units: the usual size of one issue or order line */
  readonly typicalQty: number;
  /** order/lot multiple in smallest units (case, sack, roll) */
  readonly packUnits: number;
  /** demand weight (finished: customer demand; mro: maintenance use) */
  weight: number;
}

export interface PlanBomLine {
  readonly item: number;
  /** component smallest units per one parent unit */
  readonly qtyPerUnits: number;
  readonly qtyPer: string;
  /** scrap factor in tenths of a percent (25 = 2.5 %) */
  readonly scrapTenths: number;
  readonly scrapPct: string;
}

export interface PlanBom {
  readonly code: string;
  readonly parent: number;
  readonly lines: readonly PlanBomLine[];
}

export interface DemoPlan {
  readonly scale: DemoScale;
  readonly sites: readonly { code: string; name: string }[];
  readonly locations: readonly PlanLocation[];
  readonly suppliers: readonly PlanSupplier[];
  readonly items: readonly PlanItem[];
  readonly boms: readonly PlanBom[];
}

export interface SimMovement {
  readonly at: Date;
  readonly actor: string;
  readonly input: MovementInput;
}
