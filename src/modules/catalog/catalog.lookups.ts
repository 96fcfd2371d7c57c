// What other modules need to know about items, locations and lots when they post or count.

import type { Q } from '../../db/db.js';
import { catalogErrors } from './catalog.errors.js';
import type { UnitFactor } from './catalog.rules.js';

export interface ItemRef {
  readonly id: number;
  readonly sku: string;
  readonly description: string;
  readonly qtyScale: number;
  readonly baseUom: string;
  readonly units: readonly UnitFactor[];
  readonly lotTracked: boolean;
  readonly serialTracked: boolean;
  readonly status: 'active' | 'discontinued' | 'inactive';
  readonly costMethod: 'average' | 'standard';
  readonly standardCostMinor: number | null;
  readonly category: string | null;
  readonly criticality: 'critical' | 'normal' | 'low';
  readonly inventoryType: 'raw' | 'wip' | 'finished' | 'mro';
  readonly countSkillLevel: number;
}

export interface LocationRef {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly kind: 'site' | 'warehouse' | 'zone' | 'bin' | 'virtual';
  readonly siteId: number | null;
  readonly parentId: number | null;
  readonly virtualRole: string | null;
  readonly blocked: boolean;
  readonly active: boolean;
  readonly walkSeq: number | null;
}

export interface LotRef {
  readonly id: number;
  readonly itemId: number;
  readonly lotNo: string;
  readonly kind: 'lot' | 'serial';
  readonly expiresOn: string | null;
}

/** Finds an item by SKU (string) or id (number); undefined when missing. */
export async function findItemRef(q: Q, ref: string | number): Promise<ItemRef | undefined> {
  const base = q.selectFrom('item').selectAll();
  const row = await (typeof ref === 'number' ? base.where('id', '=', ref) : base.where('sku', '=', ref)).executeTakeFirst();
  if (!row) return undefined;
  const units = await q.selectFrom('item_unit').select(['uom', 'factor']).where('item_id', '=', row.id).execute();
  return {
    id: row.id,
    sku: row.sku,
    description: row.description,
    qtyScale: row.qty_scale,
    baseUom: row.base_uom,
    units,
    lotTracked: row.lot_tracked === 1,
    serialTracked: row.serial_tracked === 1,
    status: row.status,
    costMethod: row.cost_method,
    standardCostMinor: row.standard_cost_minor,
    category: row.category,
    criticality: row.criticality,
    inventoryType: row.inventory_type,
    countSkillLevel: row.count_skill_level,
  };
}

/** Like findItemRef, but a missing item is an input error naming `field`. */
export async function requireItemRef(q: Q, ref: string | number, field: string): Promise<ItemRef> {
  const item = await findItemRef(q, ref);
  if (!item) throw catalogErrors.unknown_item(`${field}: no item ${typeof ref === 'number' ? `with id ${ref}` : `with SKU "${ref}"`}`, { field });
  return item;
}

function toLocationRef(row: { id: number; code: string; name: string; kind: LocationRef['kind']; site_id: number | null; parent_id: number | null; virtual_role: string | null; blocked: number; active: number; walk_seq: number | null }): LocationRef {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    siteId: row.site_id,
    parentId: row.parent_id,
    virtualRole: row.virtual_role,
    blocked: row.blocked === 1,
    active: row.active === 1,
    walkSeq: row.walk_seq,
  };
}

export async function findLocationRef(q: Q, ref: string | number): Promise<LocationRef | undefined> {
  const base = q.selectFrom('location').selectAll();
  const row = await (typeof ref === 'number' ? base.where('id', '=', ref) : base.where('code', '=', ref)).executeTakeFirst();
  return row ? toLocationRef(row) : undefined;
}

export async function requireLocationRef(q: Q, ref: string | number, field: string): Promise<LocationRef> {
  const loc = await findLocationRef(q, ref);
  if (!loc) throw catalogErrors.unknown_location(`${field}: no location ${typeof ref === 'number' ? `with id ${ref}` : `"${ref}"`}`, { field });
  return loc;
}

export async function virtualLocation(q: Q, role: string): Promise<LocationRef> {
  const row = await q.selectFrom('location').selectAll().where('virtual_role', '=', role).executeTakeFirstOrThrow();
  return toLocationRef(row);
}

export async function siteAllowsNegative(q: Q, siteId: number | null): Promise<boolean> {
  if (siteId === null) return true;
  const row = await q.selectFrom('location').select('allow_negative_stock').where('id', '=', siteId).executeTakeFirst();
  return row?.allow_negative_stock === 1;
}

export async function findLotRef(q: Q, itemId: number, lotNo: string): Promise<LotRef | undefined> {
  const row = await q.selectFrom('lot').selectAll().where('item_id', '=', itemId).where('lot_no', '=', lotNo).executeTakeFirst();
  return row ? { id: row.id, itemId: row.item_id, lotNo: row.lot_no, kind: row.kind, expiresOn: row.expires_on } : undefined;
}

/** Receipts may bring a new lot: creates it (with expiry and supplier lot when given) or returns the existing one. */
export async function ensureLot(q: Q, item: ItemRef, lotNo: string, opts: { expiresOn?: string | null; supplierLot?: string | null; now: Date }): Promise<LotRef> {
  const found = await findLotRef(q, item.id, lotNo);
  if (found) return found;
  const inserted = await q
    .insertInto('lot')
    .values({ item_id: item.id, lot_no: lotNo, kind: item.serialTracked ? 'serial' : 'lot', expires_on: opts.expiresOn ?? null, supplier_lot: opts.supplierLot ?? null, created_at: opts.now.toISOString() })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  return { id: inserted.id, itemId: item.id, lotNo, kind: item.serialTracked ? 'serial' : 'lot', expiresOn: opts.expiresOn ?? null };
}
