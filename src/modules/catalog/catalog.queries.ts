// Reads of the catalog, shaped for the API and the CLI. `get…` throws a not-found error naming the
// path parameter; `find…` may return undefined; `list…` pages by cursor (kernel/paging.ts).

import type { Q } from '../../db/db.js';
import { formatMoney, formatUnits } from '../../kernel/decimal.js';
import { clampLimit, decodeCursor, toPage, type Page } from '../../kernel/paging.js';
import { catalogErrors } from './catalog.errors.js';
import { buildTree, findFactor, toBaseUnits, type TreeNode } from './catalog.rules.js';
import * as repo from './catalog.repo.js';
import type {
  BomDto, BomFilter, ConversionDto, ItemDto, ItemFilter, LocationDto, LocationFilter, LocationTreeDto, LotDto, LotFilter, SupplierDto, SupplierFilter, UomDto, UomFilter,
} from './catalog.types.js';

// ---- mapping rows to DTOs ----

export function toItemDto(r: repo.ItemRow, units: readonly repo.ItemUnitRow[]): ItemDto {
  return {
    id: r.id,
    sku: r.sku,
    description: r.description,
    inventoryType: r.inventory_type,
    category: r.category,
    baseUom: r.base_uom,
    qtyScale: r.qty_scale,
    costMethod: r.cost_method,
    standardCost: r.standard_cost_minor === null ? null : formatMoney(r.standard_cost_minor),
    criticality: r.criticality,
    lotTracked: r.lot_tracked === 1,
    serialTracked: r.serial_tracked === 1,
    shelfLifeDays: r.shelf_life_days,
    gtin: r.gtin,
    internalBarcode: r.internal_barcode,
    countSkillLevel: r.count_skill_level,
    status: r.status,
    defaultSupplier: r.default_supplier_code,
    units: units.filter((u) => u.item_id === r.id).map((u) => ({ uom: u.uom, factor: u.factor, gtin: u.gtin })),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toLocationDto(r: repo.LocationRow): LocationDto {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    parent: r.parent_code,
    parentId: r.parent_id,
    site: r.site_code,
    siteId: r.site_id,
    virtualRole: r.virtual_role,
    walkSeq: r.walk_seq,
    blocked: r.blocked === 1,
    allowNegativeStock: r.allow_negative_stock === 1,
    active: r.active === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toSupplierDto(r: repo.SupplierRow): SupplierDto {
  return { id: r.id, code: r.code, name: r.name, email: r.email, leadTimeDays: r.lead_time_days, active: r.active === 1, createdAt: r.created_at, updatedAt: r.updated_at };
}

export function toLotDto(r: repo.LotRow): LotDto {
  return { id: r.id, sku: r.sku, itemId: r.item_id, lotNo: r.lot_no, kind: r.kind, expiresOn: r.expires_on, supplierLot: r.supplier_lot, active: r.active === 1, createdAt: r.created_at };
}

export function toBomDto(r: repo.BomRow, lines: readonly repo.BomComponentRow[]): BomDto {
  return {
    id: r.id,
    code: r.code,
    parentSku: r.parent_sku,
    qtyOutput: formatUnits(r.qty_output, r.parent_scale),
    active: r.active === 1,
    components: lines.filter((l) => l.bom_id === r.id).map((l) => ({ lineNo: l.line_no, sku: l.sku, qtyPer: l.qty_per, scrapPct: l.scrap_pct })),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

// ---- items ----

export async function findItem(q: Q, ref: string | number): Promise<ItemDto | undefined> {
  const r = typeof ref === 'number' ? await repo.selectItemById(q, ref) : await repo.selectItemBySku(q, ref);
  return r ? toItemDto(r, await repo.selectUnitsOf(q, [r.id])) : undefined;
}

/** The item by SKU (or id); 404 naming the path field when missing. */
export async function getItem(q: Q, ref: string | number, field = 'sku'): Promise<ItemDto> {
  const item = await findItem(q, ref);
  if (!item) throw catalogErrors.item_not_found(`no item ${typeof ref === 'number' ? `with id ${ref}` : `with SKU "${ref}"`}`, { field });
  return item;
}

export async function listItems(q: Q, f: ItemFilter): Promise<Page<ItemDto>> {
  const limit = clampLimit(f.limit);
  const after = decodeCursor(f.cursor, 1);
  const rows = await repo.selectItems(q, {
    ...(f.q !== undefined ? { q: f.q } : {}),
    ...(f.type !== undefined ? { type: f.type } : {}),
    ...(f.category !== undefined ? { category: f.category } : {}),
    ...(f.criticality !== undefined ? { criticality: f.criticality } : {}),
    ...(f.status !== undefined ? { status: f.status } : {}),
    ...(f.lotTracked !== undefined ? { lotTracked: f.lotTracked } : {}),
    ...(after ? { afterSku: String(after[0]) } : {}),
    limit: limit + 1,
  });
  const units = await repo.selectUnitsOf(q, rows.slice(0, limit).map((r) => r.id));
  return toPage(rows, limit, (r) => [r.sku], (r) => toItemDto(r, units));
}

/** Converts a quantity in one of the item's units to its base unit, exactly (refuses, never rounds). */
export async function convertQty(q: Q, sku: string, qtyText: string, uom: string | undefined): Promise<ConversionDto> {
  const item = await getItem(q, sku);
  const factor = findFactor(item.baseUom, item.units, uom);
  if (factor === undefined) throw catalogErrors.unknown_unit(`uom: item ${item.sku} has no unit "${uom}"; its units are ${[item.baseUom, ...item.units.map((u) => u.uom)].join(', ')}`, { field: 'uom' });
  const base = toBaseUnits(qtyText, factor, item.qtyScale, 'qty');
  return { sku: item.sku, qtyEntered: qtyText, uomEntered: uom ?? item.baseUom, qty: formatUnits(base, item.qtyScale), baseUom: item.baseUom };
}

// ---- units of measure ----

export async function listUoms(q: Q, f: UomFilter): Promise<Page<UomDto>> {
  const limit = clampLimit(f.limit);
  const after = decodeCursor(f.cursor, 1);
  const rows = await repo.selectUoms(q, { ...(f.dimension !== undefined ? { dimension: f.dimension } : {}), ...(after ? { after: String(after[0]) } : {}), limit: limit + 1 });
  return toPage(rows, limit, (r) => [r.code], (r) => ({ code: r.code, name: r.name, dimension: r.dimension }));
}

export async function getUom(q: Q, code: string): Promise<UomDto> {
  const r = await repo.selectUom(q, code);
  if (!r) throw catalogErrors.uom_not_found(`no unit of measure "${code}"`, { field: 'code' });
  return { code: r.code, name: r.name, dimension: r.dimension };
}

// ---- locations ----

export async function findLocation(q: Q, ref: string | number): Promise<LocationDto | undefined> {
  const r = typeof ref === 'number' ? await repo.selectLocationById(q, ref) : await repo.selectLocationByCode(q, ref);
  return r ? toLocationDto(r) : undefined;
}

export async function getLocation(q: Q, ref: string | number, field = 'code'): Promise<LocationDto> {
  const loc = await findLocation(q, ref);
  if (!loc) throw catalogErrors.location_not_found(`no location ${typeof ref === 'number' ? `with id ${ref}` : `"${ref}"`}`, { field });
  return loc;
}

async function locationIdFilter(q: Q, code: string | undefined, field: string): Promise<number | undefined> {
  if (code === undefined) return undefined;
  const r = await repo.selectLocationByCode(q, code);
  if (!r) throw catalogErrors.unknown_location(`${field}: no location "${code}"`, { field });
  return r.id;
}

/** siteIds: site scoping (access.siteScope); null: every site. */
export async function listLocations(q: Q, f: LocationFilter, siteIds: readonly number[] | null = null): Promise<Page<LocationDto>> {
  const limit = clampLimit(f.limit);
  const after = decodeCursor(f.cursor, 1);
  const siteId = await locationIdFilter(q, f.site, 'site');
  const parentId = await locationIdFilter(q, f.parent, 'parent');
  const rows = await repo.selectLocations(q, {
    ...(f.kind !== undefined ? { kind: f.kind } : {}),
    ...(siteId !== undefined ? { siteId } : {}),
    ...(parentId !== undefined ? { parentId } : {}),
    ...(f.active !== undefined ? { active: f.active } : {}),
    ...(after ? { afterCode: String(after[0]) } : {}),
    ...(siteIds !== null ? { siteIds } : {}),
    limit: limit + 1,
  });
  return toPage(rows, limit, (r) => [r.code], toLocationDto);
}

/** Count routes walk bins in walk sequence; other levels read best by code. */
function byWalkThenCode(a: LocationDto, b: LocationDto): number {
  const wa = a.walkSeq ?? Number.MAX_SAFE_INTEGER;
  const wb = b.walkSeq ?? Number.MAX_SAFE_INTEGER;
  return wa !== wb ? wa - wb : a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** Direct children of a location, bins in walk sequence. */
export async function listChildren(q: Q, code: string): Promise<LocationDto[]> {
  const loc = await getLocation(q, code);
  const rows = await repo.selectLocations(q, { parentId: loc.id, limit: 100_000 });
  return rows.map(toLocationDto).sort(byWalkThenCode);
}

/** The subtree under a location (a whole site when given a site), children in walk sequence. */
export async function getLocationTree(q: Q, code: string): Promise<LocationTreeDto> {
  const loc = await getLocation(q, code);
  const shape = (n: TreeNode<LocationDto>): LocationTreeDto => ({
    code: n.node.code, name: n.node.name, kind: n.node.kind, walkSeq: n.node.walkSeq, blocked: n.node.blocked, active: n.node.active,
    children: [...n.children].sort((a, b) => byWalkThenCode(a.node, b.node)).map(shape),
  });
  if (loc.siteId === null) return shape({ node: loc, children: [] }); // virtual locations stand alone
  const rows = (await repo.selectSiteLocations(q, loc.siteId)).map(toLocationDto);
  const tree = buildTree(rows, loc.id);
  return shape(tree ?? { node: loc, children: [] });
}

// ---- suppliers ----

export async function findSupplier(q: Q, ref: string | number): Promise<SupplierDto | undefined> {
  const r = typeof ref === 'number' ? await repo.selectSupplierById(q, ref) : await repo.selectSupplierByCode(q, ref);
  return r ? toSupplierDto(r) : undefined;
}

export async function getSupplier(q: Q, ref: string | number, field = 'code'): Promise<SupplierDto> {
  const s = await findSupplier(q, ref);
  if (!s) throw catalogErrors.supplier_not_found(`no supplier ${typeof ref === 'number' ? `with id ${ref}` : `"${ref}"`}`, { field });
  return s;
}

export async function listSuppliers(q: Q, f: SupplierFilter): Promise<Page<SupplierDto>> {
  const limit = clampLimit(f.limit);
  const after = decodeCursor(f.cursor, 1);
  const rows = await repo.selectSuppliers(q, {
    ...(f.q !== undefined ? { q: f.q } : {}),
    ...(f.active !== undefined ? { active: f.active } : {}),
    ...(after ? { afterCode: String(after[0]) } : {}),
    limit: limit + 1,
  });
  return toPage(rows, limit, (r) => [r.code], toSupplierDto);
}

// ---- lots ----

export async function getLotById(q: Q, id: number, field = 'id'): Promise<LotDto> {
  const r = await repo.selectLotById(q, id);
  if (!r) throw catalogErrors.lot_not_found(`no lot with id ${id}`, { field });
  return toLotDto(r);
}

export async function findLot(q: Q, sku: string, lotNo: string): Promise<LotDto | undefined> {
  const item = await repo.selectItemBySku(q, sku);
  const r = item ? await repo.selectLot(q, item.id, lotNo) : undefined;
  return r ? toLotDto(r) : undefined;
}

export async function getLot(q: Q, sku: string, lotNo: string): Promise<LotDto> {
  const item = await repo.selectItemBySku(q, sku);
  if (!item) throw catalogErrors.item_not_found(`no item with SKU "${sku}"`, { field: 'sku' });
  const r = await repo.selectLot(q, item.id, lotNo);
  if (!r) throw catalogErrors.lot_not_found(`item ${sku} has no lot "${lotNo}"`, { field: 'lotNo' });
  return toLotDto(r);
}

export async function listLots(q: Q, f: LotFilter): Promise<Page<LotDto>> {
  const limit = clampLimit(f.limit);
  let itemId: number | undefined;
  if (f.item !== undefined) {
    const item = await repo.selectItemBySku(q, f.item);
    if (!item) throw catalogErrors.unknown_item(`item: no item with SKU "${f.item}"`, { field: 'item' });
    itemId = item.id;
  }
  const byExpiry = f.expiringBefore !== undefined;
  const after = decodeCursor(f.cursor, byExpiry ? 2 : 1);
  const rows = await repo.selectLots(q, {
    ...(itemId !== undefined ? { itemId } : {}),
    ...(f.active !== undefined ? { active: f.active } : {}),
    ...(f.expiringBefore !== undefined ? { expiringBefore: f.expiringBefore } : {}),
    ...(after ? { after: byExpiry ? { expiresOn: String(after[0]), id: Number(after[1]) } : { id: Number(after[0]) } } : {}),
    limit: limit + 1,
  });
  return toPage(rows, limit, (r) => (byExpiry ? [r.expires_on ?? '', r.id] : [r.id]), toLotDto);
}

// ---- BOMs ----

export async function findBom(q: Q, ref: string | number): Promise<BomDto | undefined> {
  const r = typeof ref === 'number' ? await repo.selectBomById(q, ref) : await repo.selectBomByCode(q, ref);
  return r ? toBomDto(r, await repo.selectBomComponents(q, [r.id])) : undefined;
}

export async function getBom(q: Q, ref: string | number, field = 'code'): Promise<BomDto> {
  const b = await findBom(q, ref);
  if (!b) throw catalogErrors.bom_not_found(`no BOM ${typeof ref === 'number' ? `with id ${ref}` : `"${ref}"`}`, { field });
  return b;
}

export async function listBoms(q: Q, f: BomFilter): Promise<Page<BomDto>> {
  const limit = clampLimit(f.limit);
  const after = decodeCursor(f.cursor, 1);
  const itemId = async (sku: string | undefined, field: string) => {
    if (sku === undefined) return undefined;
    const item = await repo.selectItemBySku(q, sku);
    if (!item) throw catalogErrors.unknown_item(`${field}: no item with SKU "${sku}"`, { field });
    return item.id;
  };
  const parentItemId = await itemId(f.parent, 'parent');
  const componentItemId = await itemId(f.component, 'component');
  const rows = await repo.selectBoms(q, {
    ...(parentItemId !== undefined ? { parentItemId } : {}),
    ...(componentItemId !== undefined ? { componentItemId } : {}),
    ...(f.active !== undefined ? { active: f.active } : {}),
    ...(after ? { afterCode: String(after[0]) } : {}),
    limit: limit + 1,
  });
  const lines = await repo.selectBomComponents(q, rows.slice(0, limit).map((r) => r.id));
  return toPage(rows, limit, (r) => [r.code], (r) => toBomDto(r, lines));
}
