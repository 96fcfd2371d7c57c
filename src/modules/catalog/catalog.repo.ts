// SQL of the catalog, and nothing else: rows in, rows out. Only this module's queries and commands
// call it (STYLE.md: nothing outside a module imports its repo).
//
// Two reads touch ledger tables (stock_entry, stock_balance): whether an item or location has been
// posted or still holds stock. The ledger depends on the catalog, not the other way round, so the
// catalog cannot ask the ledger module; reading the two indexed tables directly keeps the
// dependency one-way.

import { sql, type Generated, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Q } from '../../db/db.js';
import type { Database, LotTable } from '../../db/tables.js';

/** The catalog's view of the schema: core tables plus lot.active (migration 2026-11-22-0100-catalog). */
export type CatalogDatabase = Omit<Database, 'lot'> & { lot: LotTable & { active: Generated<number> } };
const k = (q: Q) => q as unknown as Kysely<CatalogDatabase>;

export type ItemRow = Selectable<CatalogDatabase['item']> & { default_supplier_code: string | null };
export type ItemUnitRow = Selectable<CatalogDatabase['item_unit']>;
export type LocationRow = Selectable<CatalogDatabase['location']> & { parent_code: string | null; site_code: string | null };
export type SupplierRow = Selectable<CatalogDatabase['supplier']>;
export type LotRow = Selectable<CatalogDatabase['lot']> & { sku: string };
export type BomRow = Selectable<CatalogDatabase['bom']> & { parent_sku: string; parent_scale: number };
export type BomComponentRow = Selectable<CatalogDatabase['bom_component']> & { sku: string };
export type UomRow = Selectable<CatalogDatabase['uom']>;

/** LIKE pattern for "contains", with the wildcards in the user's text escaped. */
function containsPattern(text: string): string {
  return '%' + text.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}

// ---- units of measure ----

export function selectUom(q: Q, code: string): Promise<UomRow | undefined> {
  return k(q).selectFrom('uom').selectAll().where('code', '=', code).executeTakeFirst();
}

export function selectUoms(q: Q, f: { dimension?: string; after?: string; limit: number }): Promise<UomRow[]> {
  let qb = k(q).selectFrom('uom').selectAll();
  if (f.dimension !== undefined) qb = qb.where('dimension', '=', f.dimension as UomRow['dimension']);
  if (f.after !== undefined) qb = qb.where('code', '>', f.after);
  return qb.orderBy('code').limit(f.limit).execute();
}

// ---- items ----

function itemSelect(q: Q) {
  return k(q)
    .selectFrom('item')
    .leftJoin('supplier', 'supplier.id', 'item.default_supplier_id')
    .selectAll('item')
    .select('supplier.code as default_supplier_code');
}

export function selectItemBySku(q: Q, sku: string): Promise<ItemRow | undefined> {
  return itemSelect(q).where('item.sku', '=', sku).executeTakeFirst();
}

export function selectItemById(q: Q, id: number): Promise<ItemRow | undefined> {
  return itemSelect(q).where('item.id', '=', id).executeTakeFirst();
}

export interface ItemQuery {
  readonly q?: string;
  readonly type?: ItemRow['inventory_type'];
  readonly category?: string;
  readonly criticality?: ItemRow['criticality'];
  readonly status?: ItemRow['status'];
  readonly lotTracked?: boolean;
  readonly afterSku?: string;
  readonly limit: number;
}

export function selectItems(q: Q, f: ItemQuery): Promise<ItemRow[]> {
  let qb = itemSelect(q);
  if (f.q !== undefined && f.q !== '') {
    const p = containsPattern(f.q);
    const code = f.q.trim();
    // A GTIN may be stored as entered (8, 12, 13 digits) or as 14; a scanner may give either.
    const gtins = /^\d{8,14}$/.test(code) ? [...new Set([code, code.padStart(14, '0'), code.replace(/^0+(?=\d{8})/, '')])] : [code];
    qb = qb.where((eb) => eb.or([
      eb(eb.fn('lower', ['item.sku']), 'like', sql<string>`${p} escape '\\'`),
      eb(eb.fn('lower', ['item.description']), 'like', sql<string>`${p} escape '\\'`),
      // A scanned barcode finds its item: the item's GTIN or internal barcode, or a unit's GTIN.
      eb('item.gtin', 'in', gtins),
      eb('item.internal_barcode', '=', code),
      eb.exists(eb.selectFrom('item_unit as iu').select('iu.id').whereRef('iu.item_id', '=', 'item.id').where('iu.gtin', 'in', gtins)),
    ]));
  }
  if (f.type !== undefined) qb = qb.where('item.inventory_type', '=', f.type);
  if (f.category !== undefined) qb = qb.where('item.category', '=', f.category);
  if (f.criticality !== undefined) qb = qb.where('item.criticality', '=', f.criticality);
  if (f.status !== undefined) qb = qb.where('item.status', '=', f.status);
  if (f.lotTracked !== undefined) qb = qb.where('item.lot_tracked', '=', f.lotTracked ? 1 : 0);
  if (f.afterSku !== undefined) qb = qb.where('item.sku', '>', f.afterSku);
  return qb.orderBy('item.sku').limit(f.limit).execute();
}

export async function selectUnitsOf(q: Q, itemIds: readonly number[]): Promise<ItemUnitRow[]> {
  if (itemIds.length === 0) return [];
  return k(q).selectFrom('item_unit').selectAll().where('item_id', 'in', [...itemIds]).orderBy('item_id').orderBy('id').execute();
}

export type NewItemRow = Omit<Insertable<CatalogDatabase['item']>, 'id'>;

export async function insertItem(q: Q, row: NewItemRow): Promise<number> {
  const r = await k(q).insertInto('item').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateItemRow(q: Q, id: number, set: Partial<NewItemRow>): Promise<void> {
  await k(q).updateTable('item').set(set).where('id', '=', id).execute();
}

/** Replaces the item's alternative units. item_unit rows carry no ledger references (postings keep the unit's code as text). */
export async function replaceUnits(q: Q, itemId: number, units: readonly { uom: string; factor: string; gtin: string | null }[]): Promise<void> {
  await k(q).deleteFrom('item_unit').where('item_id', '=', itemId).execute();
  if (units.length > 0) await k(q).insertInto('item_unit').values(units.map((u) => ({ item_id: itemId, uom: u.uom, factor: u.factor, gtin: u.gtin }))).execute();
}

export async function selectItemIdByGtin(q: Q, gtin: string): Promise<number | undefined> {
  const r = await k(q).selectFrom('item').select('id').where('gtin', '=', gtin).executeTakeFirst();
  return r?.id;
}

export async function itemHasLedgerEntries(q: Q, itemId: number): Promise<boolean> {
  const r = await k(q).selectFrom('stock_entry').select('id').where('item_id', '=', itemId).limit(1).executeTakeFirst();
  return r !== undefined;
}

/** Non-zero balances in physical locations (virtual ones carry the other side of every posting). */
export async function itemHasPhysicalStock(q: Q, itemId: number): Promise<boolean> {
  const r = await k(q)
    .selectFrom('stock_balance')
    .innerJoin('location', 'location.id', 'stock_balance.location_id')
    .select('stock_balance.item_id')
    .where('stock_balance.item_id', '=', itemId)
    .where('location.kind', '<>', 'virtual')
    .where('stock_balance.qty_on_hand', '<>', 0)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

// ---- locations ----

function locationSelect(q: Q) {
  return k(q)
    .selectFrom('location')
    .leftJoin('location as parent', 'parent.id', 'location.parent_id')
    .leftJoin('location as site', 'site.id', 'location.site_id')
    .selectAll('location')
    .select(['parent.code as parent_code', 'site.code as site_code']);
}

export function selectLocationByCode(q: Q, code: string): Promise<LocationRow | undefined> {
  return locationSelect(q).where('location.code', '=', code).executeTakeFirst();
}

export function selectLocationById(q: Q, id: number): Promise<LocationRow | undefined> {
  return locationSelect(q).where('location.id', '=', id).executeTakeFirst();
}

export interface LocationQuery {
  readonly kind?: LocationRow['kind'];
  readonly siteId?: number;
  readonly parentId?: number;
  readonly active?: boolean;
  readonly afterCode?: string;
  readonly limit: number;
  /** site scoping: only locations of these sites (virtual ones belong to none) */
  readonly siteIds?: readonly number[];
}

export function selectLocations(q: Q, f: LocationQuery): Promise<LocationRow[]> {
  let qb = locationSelect(q);
  if (f.kind !== undefined) qb = qb.where('location.kind', '=', f.kind);
  if (f.siteId !== undefined) qb = qb.where('location.site_id', '=', f.siteId);
  if (f.parentId !== undefined) qb = qb.where('location.parent_id', '=', f.parentId);
  if (f.active !== undefined) qb = qb.where('location.active', '=', f.active ? 1 : 0);
  if (f.siteIds !== undefined) qb = qb.where('location.site_id', 'in', f.siteIds.length ? [...f.siteIds] : [-1]);
  if (f.afterCode !== undefined) qb = qb.where('location.code', '>', f.afterCode);
  return qb.orderBy('location.code').limit(f.limit).execute();
}

/** Every location of a site (the site included): the tree is built in memory. */
export function selectSiteLocations(q: Q, siteId: number): Promise<LocationRow[]> {
  return locationSelect(q).where('location.site_id', '=', siteId).orderBy('location.code').execute();
}

export type NewLocationRow = Omit<Insertable<CatalogDatabase['location']>, 'id'>;

export async function insertLocation(q: Q, row: NewLocationRow): Promise<number> {
  const r = await k(q).insertInto('location').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateLocationRow(q: Q, id: number, set: Partial<NewLocationRow>): Promise<void> {
  await k(q).updateTable('location').set(set).where('id', '=', id).execute();
}

export async function countActiveChildren(q: Q, id: number): Promise<number> {
  const r = await k(q).selectFrom('location').select((eb) => eb.fn.countAll<number | string>().as('n')).where('parent_id', '=', id).where('active', '=', 1).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function locationHasStock(q: Q, locationId: number): Promise<boolean> {
  const r = await k(q).selectFrom('stock_balance').select('item_id').where('location_id', '=', locationId).where('qty_on_hand', '<>', 0).limit(1).executeTakeFirst();
  return r !== undefined;
}

// ---- suppliers ----

export function selectSupplierByCode(q: Q, code: string): Promise<SupplierRow | undefined> {
  return k(q).selectFrom('supplier').selectAll().where('code', '=', code).executeTakeFirst();
}

export function selectSupplierById(q: Q, id: number): Promise<SupplierRow | undefined> {
  return k(q).selectFrom('supplier').selectAll().where('id', '=', id).executeTakeFirst();
}

export function selectSuppliers(q: Q, f: { q?: string; active?: boolean; afterCode?: string; limit: number }): Promise<SupplierRow[]> {
  let qb = k(q).selectFrom('supplier').selectAll();
  if (f.q !== undefined && f.q !== '') {
    const p = containsPattern(f.q);
    const code = f.q.trim();
    // A GTIN may be stored as entered (8, 12, 13 digits) or as 14; a scanner may give either.
    const gtins = /^\d{8,14}$/.test(code) ? [...new Set([code, code.padStart(14, '0'), code.replace(/^0+(?=\d{8})/, '')])] : [code];
    qb = qb.where((eb) => eb.or([
      eb(eb.fn('lower', ['code']), 'like', sql<string>`${p} escape '\\'`),
      eb(eb.fn('lower', ['name']), 'like', sql<string>`${p} escape '\\'`),
    ]));
  }
  if (f.active !== undefined) qb = qb.where('active', '=', f.active ? 1 : 0);
  if (f.afterCode !== undefined) qb = qb.where('code', '>', f.afterCode);
  return qb.orderBy('code').limit(f.limit).execute();
}

export type NewSupplierRow = Omit<Insertable<CatalogDatabase['supplier']>, 'id'>;

export async function insertSupplier(q: Q, row: NewSupplierRow): Promise<number> {
  const r = await k(q).insertInto('supplier').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateSupplierRow(q: Q, id: number, set: Partial<NewSupplierRow>): Promise<void> {
  await k(q).updateTable('supplier').set(set).where('id', '=', id).execute();
}

// ---- lots ----

function lotSelect(q: Q) {
  return k(q).selectFrom('lot').innerJoin('item', 'item.id', 'lot.item_id').selectAll('lot').select('item.sku');
}

export function selectLotById(q: Q, id: number): Promise<LotRow | undefined> {
  return lotSelect(q).where('lot.id', '=', id).executeTakeFirst();
}

export function selectLot(q: Q, itemId: number, lotNo: string): Promise<LotRow | undefined> {
  return lotSelect(q).where('lot.item_id', '=', itemId).where('lot.lot_no', '=', lotNo).executeTakeFirst();
}

export interface LotQuery {
  readonly itemId?: number;
  readonly active?: boolean;
  /** expires_on < this date; the list is then in expiry order (first expiring first) */
  readonly expiringBefore?: string;
  readonly after?: { expiresOn?: string; id: number };
  readonly limit: number;
}

export function selectLots(q: Q, f: LotQuery): Promise<LotRow[]> {
  let qb = lotSelect(q);
  if (f.itemId !== undefined) qb = qb.where('lot.item_id', '=', f.itemId);
  if (f.active !== undefined) qb = qb.where('lot.active', '=', f.active ? 1 : 0);
  if (f.expiringBefore !== undefined) {
    qb = qb.where('lot.expires_on', 'is not', null).where('lot.expires_on', '<', f.expiringBefore);
    const a = f.after;
    if (a?.expiresOn !== undefined) {
      const exp = a.expiresOn;
      qb = qb.where((eb) => eb.or([eb('lot.expires_on', '>', exp), eb.and([eb('lot.expires_on', '=', exp), eb('lot.id', '>', a.id)])]));
    }
    return qb.orderBy('lot.expires_on').orderBy('lot.id').limit(f.limit).execute();
  }
  if (f.after !== undefined) qb = qb.where('lot.id', '>', f.after.id);
  return qb.orderBy('lot.id').limit(f.limit).execute();
}

export async function insertLot(q: Q, row: { item_id: number; lot_no: string; kind: 'lot' | 'serial'; expires_on: string | null; supplier_lot: string | null; created_at: string }): Promise<number> {
  const r = await k(q).insertInto('lot').values({ ...row, active: 1 }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateLotRow(q: Q, id: number, set: { expires_on?: string | null; supplier_lot?: string | null; active?: number }): Promise<void> {
  await k(q).updateTable('lot').set(set).where('id', '=', id).execute();
}

// ---- BOMs ----

function bomSelect(q: Q) {
  return k(q).selectFrom('bom').innerJoin('item', 'item.id', 'bom.parent_item_id').selectAll('bom').select(['item.sku as parent_sku', 'item.qty_scale as parent_scale']);
}

export function selectBomByCode(q: Q, code: string): Promise<BomRow | undefined> {
  return bomSelect(q).where('bom.code', '=', code).executeTakeFirst();
}

export function selectBomById(q: Q, id: number): Promise<BomRow | undefined> {
  return bomSelect(q).where('bom.id', '=', id).executeTakeFirst();
}

export function selectBoms(q: Q, f: { parentItemId?: number; componentItemId?: number; active?: boolean; afterCode?: string; limit: number }): Promise<BomRow[]> {
  let qb = bomSelect(q);
  if (f.parentItemId !== undefined) qb = qb.where('bom.parent_item_id', '=', f.parentItemId);
  if (f.componentItemId !== undefined) {
    const c = f.componentItemId;
    qb = qb.where((eb) => eb.exists(eb.selectFrom('bom_component').select('bom_component.id').whereRef('bom_component.bom_id', '=', 'bom.id').where('bom_component.item_id', '=', c)));
  }
  if (f.active !== undefined) qb = qb.where('bom.active', '=', f.active ? 1 : 0);
  if (f.afterCode !== undefined) qb = qb.where('bom.code', '>', f.afterCode);
  return qb.orderBy('bom.code').limit(f.limit).execute();
}

export async function selectBomComponents(q: Q, bomIds: readonly number[]): Promise<BomComponentRow[]> {
  if (bomIds.length === 0) return [];
  return k(q)
    .selectFrom('bom_component')
    .innerJoin('item', 'item.id', 'bom_component.item_id')
    .selectAll('bom_component')
    .select('item.sku')
    .where('bom_component.bom_id', 'in', [...bomIds])
    .orderBy('bom_component.bom_id')
    .orderBy('bom_component.line_no')
    .execute();
}

/** Component item ids of the given parent items over all their BOMs (inactive ones too: they may come back). */
export async function selectBomEdges(q: Q, parentItemIds: readonly number[], excludeBomId?: number): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (parentItemIds.length === 0) return out;
  let qb = k(q)
    .selectFrom('bom')
    .innerJoin('bom_component', 'bom_component.bom_id', 'bom.id')
    .select(['bom.parent_item_id', 'bom_component.item_id'])
    .where('bom.parent_item_id', 'in', [...parentItemIds]);
  if (excludeBomId !== undefined) qb = qb.where('bom.id', '<>', excludeBomId);
  for (const r of await qb.execute()) {
    const from = Number(r.parent_item_id);
    const list = out.get(from) ?? [];
    list.push(Number(r.item_id));
    out.set(from, list);
  }
  return out;
}

export async function insertBom(q: Q, row: Omit<Insertable<CatalogDatabase['bom']>, 'id'>): Promise<number> {
  const r = await k(q).insertInto('bom').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateBomRow(q: Q, id: number, set: { qty_output?: number; active?: number; updated_at: string }): Promise<void> {
  await k(q).updateTable('bom').set(set).where('id', '=', id).execute();
}

/** Replaces a BOM's lines (BOM lines carry no ledger references). */
export async function replaceBomComponents(q: Q, bomId: number, lines: readonly { item_id: number; qty_per: string; scrap_pct: string }[]): Promise<void> {
  await k(q).deleteFrom('bom_component').where('bom_id', '=', bomId).execute();
  if (lines.length > 0) await k(q).insertInto('bom_component').values(lines.map((l, i) => ({ bom_id: bomId, line_no: i + 1, ...l }))).execute();
}

/** True when a driver error is a unique-constraint violation (a concurrent insert won the race). */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
