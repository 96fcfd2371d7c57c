// Catalog commands: (tx, ctx, input) → the record as the API shows it. Each validates its input
// (the CLI reaches here without the HTTP schemas, so nothing relies on them), writes, and records
// an audit event with before and after in the same transaction. Rows are never deleted: records
// that the ledger may reference are deactivated instead.

import type { Tx } from '../../db/db.js';
import type { Ctx } from '../../kernel/context.js';
import { parseMoney, toSafeNumber } from '../../kernel/decimal.js';
import { recordAudit } from '../audit/audit.js';
import { catalogErrors } from './catalog.errors.js';
import {
  checkCode, checkDate, checkEnum, checkGtin, checkScale, checkText, checkWhole, findBomCycle, normalizeFactor, normalizeQtyPer, normalizeScrapPct, optionalText, toBaseUnits,
  PARENT_KIND, type PhysicalKind,
} from './catalog.rules.js';
import * as repo from './catalog.repo.js';
import { getBom, getItem, getLocation, getLotById, getSupplier } from './catalog.queries.js';
import type {
  BomComponentInput, BomDto, BomPatch, CreateBomInput, CreateItemInput, CreateLocationInput, CreateLotInput, CreateSupplierInput, ItemDto, ItemPatch, LocationDto,
  LocationPatch, LotDto, LotPatch, SupplierDto, SupplierPatch,
} from './catalog.types.js';

const INVENTORY_TYPES = ['raw', 'wip', 'finished', 'mro'] as const;
const CRITICALITIES = ['critical', 'normal', 'low'] as const;
const COST_METHODS = ['average', 'standard'] as const;
const ITEM_STATUSES = ['active', 'discontinued', 'inactive'] as const;
const PHYSICAL_KINDS = ['site', 'warehouse', 'zone', 'bin'] as const;

const has = <T extends object>(o: T, key: keyof T): boolean => Object.prototype.hasOwnProperty.call(o, key) && o[key] !== undefined;
const bit = (b: boolean): number => (b ? 1 : 0);

/** Inserts, turning a unique violation from a concurrent writer into the same conflict a pre-check gives. */
async function insertOrConflict<T>(insert: () => Promise<T>, conflict: () => Error): Promise<T> {
  try {
    return await insert();
  } catch (e) {
    if (repo.isUniqueViolation(e)) throw conflict();
    throw e;
  }
}

// ---------------------------------------------------------------- items

interface UnitIn {
  readonly uom: string;
  readonly factor: string;
  readonly gtin?: string | null | undefined;
}

async function checkUom(tx: Tx, code: string, field: string): Promise<string> {
  checkCode(code, field);
  if (!(await repo.selectUom(tx, code))) throw catalogErrors.unknown_uom(`${field}: "${code}" is not a known unit of measure (see GET /api/v1/uoms)`, { field });
  return code;
}

async function checkUnits(tx: Tx, baseUom: string, units: readonly UnitIn[]): Promise<{ uom: string; factor: string; gtin: string | null }[]> {
  const seen = new Set<string>();
  const out: { uom: string; factor: string; gtin: string | null }[] = [];
  for (const [i, u] of units.entries()) {
    const uom = await checkUom(tx, u.uom, `units/${i}/uom`);
    if (uom === baseUom) throw catalogErrors.duplicate_unit(`units/${i}/uom: "${uom}" is the base unit; it converts at 1 and is not listed`, { field: `units/${i}/uom` });
    if (seen.has(uom)) throw catalogErrors.duplicate_unit(`units/${i}/uom: "${uom}" is listed twice`, { field: `units/${i}/uom` });
    seen.add(uom);
    const factor = normalizeFactor(u.factor, `units/${i}/factor`);
    const gtin = u.gtin === undefined || u.gtin === null || u.gtin === '' ? null : checkGtin(u.gtin, `units/${i}/gtin`);
    out.push({ uom, factor, gtin });
  }
  return out;
}

function checkStandardCost(text: string | null | undefined): number | null {
  if (text === undefined || text === null) return null;
  const minor = parseMoney(text, 'standardCost');
  if (minor < 0n) throw catalogErrors.invalid_field('standardCost must not be negative', { field: 'standardCost' });
  return toSafeNumber(minor, 'standardCost');
}

async function supplierIdOf(tx: Tx, code: string | null | undefined): Promise<number | null> {
  if (code === undefined || code === null) return null;
  const s = await repo.selectSupplierByCode(tx, code);
  if (!s) throw catalogErrors.unknown_supplier(`defaultSupplier: no supplier "${code}"`, { field: 'defaultSupplier' });
  return s.id;
}

async function checkGtinFree(tx: Tx, gtin: string | null, selfId?: number): Promise<void> {
  if (gtin === null) return;
  const owner = await repo.selectItemIdByGtin(tx, gtin);
  if (owner !== undefined && owner !== selfId) throw catalogErrors.duplicate_gtin(`gtin: another item already carries GTIN ${gtin}`, { field: 'gtin' });
}

function checkSkill(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 5) throw catalogErrors.invalid_field('countSkillLevel must be a whole number from 1 to 5', { field: 'countSkillLevel' });
  return n;
}

function checkItemShape(v: { qtyScale: number; serialTracked: boolean; costMethod: string; standardCostMinor: number | null }): void {
  if (v.serialTracked && v.qtyScale !== 0) throw catalogErrors.bad_scale('qtyScale must be 0 for a serial-tracked item: each serial is one whole unit', { field: 'qtyScale' });
  if (v.costMethod === 'standard' && v.standardCostMinor === null) throw catalogErrors.invalid_field('standardCost is required when costMethod is "standard"', { field: 'standardCost' });
}

export async function createItem(tx: Tx, ctx: Ctx, input: CreateItemInput): Promise<ItemDto> {
  const sku = checkCode(input.sku, 'sku');
  if (await repo.selectItemBySku(tx, sku)) throw catalogErrors.duplicate_sku(`sku: an item with SKU "${sku}" already exists`, { field: 'sku' });
  const baseUom = await checkUom(tx, input.baseUom, 'baseUom');
  const qtyScale = checkScale(input.qtyScale);
  const costMethod = checkEnum(input.costMethod ?? 'average', COST_METHODS, 'costMethod');
  const standardCostMinor = checkStandardCost(input.standardCost);
  const serialTracked = input.serialTracked ?? false;
  checkItemShape({ qtyScale, serialTracked, costMethod, standardCostMinor });
  const gtin = input.gtin === undefined || input.gtin === null || input.gtin === '' ? null : checkGtin(input.gtin);
  await checkGtinFree(tx, gtin);
  const units = await checkUnits(tx, baseUom, input.units ?? []);
  const now = ctx.now().toISOString();
  const row: repo.NewItemRow = {
    sku,
    description: checkText(input.description, 'description'),
    inventory_type: checkEnum(input.inventoryType, INVENTORY_TYPES, 'inventoryType'),
    category: optionalText(input.category, 'category', 100),
    base_uom: baseUom,
    qty_scale: qtyScale,
    cost_method: costMethod,
    standard_cost_minor: standardCostMinor,
    criticality: checkEnum(input.criticality ?? 'normal', CRITICALITIES, 'criticality'),
    lot_tracked: bit(input.lotTracked ?? false),
    serial_tracked: bit(serialTracked),
    shelf_life_days: input.shelfLifeDays === undefined || input.shelfLifeDays === null ? null : checkWhole(input.shelfLifeDays, 'shelfLifeDays', 1, 36500),
    gtin,
    internal_barcode: optionalText(input.internalBarcode, 'internalBarcode', 64),
    count_skill_level: checkSkill(input.countSkillLevel ?? 1),
    status: 'active',
    default_supplier_id: await supplierIdOf(tx, input.defaultSupplier),
    created_at: now,
    updated_at: now,
  };
  const id = await insertOrConflict(() => repo.insertItem(tx, row), () => catalogErrors.duplicate_sku(`sku: an item with SKU "${sku}" or GTIN "${gtin}" already exists`, { field: 'sku' }));
  await repo.replaceUnits(tx, id, units);
  const after = await getItem(tx, id);
  await recordAudit(tx, ctx, { action: 'catalog.item.create', entity: 'item', entityId: id, after });
  return after;
}

async function changeItem(tx: Tx, ctx: Ctx, sku: string, patch: ItemPatch, action: string): Promise<ItemDto> {
  const before = await getItem(tx, sku);
  const set: Partial<repo.NewItemRow> = {};
  if (has(patch, 'description')) set.description = checkText(patch.description as string, 'description');
  if (has(patch, 'inventoryType')) set.inventory_type = checkEnum(patch.inventoryType as string, INVENTORY_TYPES, 'inventoryType');
  if (has(patch, 'category')) set.category = optionalText(patch.category, 'category', 100);
  if (has(patch, 'baseUom')) set.base_uom = await checkUom(tx, patch.baseUom as string, 'baseUom');
  if (has(patch, 'qtyScale')) set.qty_scale = checkScale(patch.qtyScale as number);
  if (has(patch, 'costMethod')) set.cost_method = checkEnum(patch.costMethod as string, COST_METHODS, 'costMethod');
  if (has(patch, 'standardCost')) set.standard_cost_minor = checkStandardCost(patch.standardCost);
  if (has(patch, 'criticality')) set.criticality = checkEnum(patch.criticality as string, CRITICALITIES, 'criticality');
  if (has(patch, 'lotTracked')) set.lot_tracked = bit(patch.lotTracked as boolean);
  if (has(patch, 'serialTracked')) set.serial_tracked = bit(patch.serialTracked as boolean);
  if (has(patch, 'shelfLifeDays')) set.shelf_life_days = patch.shelfLifeDays === null ? null : checkWhole(patch.shelfLifeDays as number, 'shelfLifeDays', 1, 36500);
  if (has(patch, 'gtin')) {
    set.gtin = patch.gtin === null || patch.gtin === '' ? null : checkGtin(patch.gtin as string);
    await checkGtinFree(tx, set.gtin, before.id);
  }
  if (has(patch, 'internalBarcode')) set.internal_barcode = optionalText(patch.internalBarcode, 'internalBarcode', 64);
  if (has(patch, 'countSkillLevel')) set.count_skill_level = checkSkill(patch.countSkillLevel as number);
  if (has(patch, 'defaultSupplier')) set.default_supplier_id = await supplierIdOf(tx, patch.defaultSupplier);
  if (has(patch, 'status')) set.status = checkEnum(patch.status as string, ITEM_STATUSES, 'status');

  const baseUom = set.base_uom ?? before.baseUom;
  const standardCostMinor = set.standard_cost_minor !== undefined ? set.standard_cost_minor : before.standardCost === null ? null : toSafeNumber(parseMoney(before.standardCost, 'standardCost'));
  checkItemShape({
    qtyScale: set.qty_scale ?? before.qtyScale,
    serialTracked: set.serial_tracked !== undefined ? set.serial_tracked === 1 : before.serialTracked,
    costMethod: set.cost_method ?? before.costMethod,
    standardCostMinor,
  });
  const units = has(patch, 'units') ? await checkUnits(tx, baseUom, patch.units ?? []) : undefined;
  if (!units && baseUom !== before.baseUom && before.units.some((u) => u.uom === baseUom)) {
    throw catalogErrors.duplicate_unit(`baseUom: "${baseUom}" is one of the item's alternative units; send units without it`, { field: 'baseUom' });
  }

  // Postings hold integer quantities at the item's scale in its base unit: changing either, or the
  // lot/serial tracking that decides their lot keys, would reinterpret every posting already made.
  const locked: Array<[string, boolean]> = [
    ['baseUom', set.base_uom !== undefined && set.base_uom !== before.baseUom],
    ['qtyScale', set.qty_scale !== undefined && set.qty_scale !== before.qtyScale],
    ['lotTracked', set.lot_tracked !== undefined && (set.lot_tracked === 1) !== before.lotTracked],
    ['serialTracked', set.serial_tracked !== undefined && (set.serial_tracked === 1) !== before.serialTracked],
  ];
  const changedLocked = locked.filter(([, changed]) => changed).map(([f]) => f);
  if (changedLocked.length > 0 && (await repo.itemHasLedgerEntries(tx, before.id))) {
    const field = changedLocked[0] as string;
    throw catalogErrors.item_in_use(`${field}: item ${before.sku} already has stock movements; its ${changedLocked.join(', ')} cannot change (create a new item instead)`, { field });
  }
  if (set.status === 'inactive' && before.status !== 'inactive' && (await repo.itemHasPhysicalStock(tx, before.id))) {
    throw catalogErrors.has_stock(`status: item ${before.sku} still has stock on hand; move or adjust it out before deactivating (or mark it discontinued)`, { field: 'status' });
  }

  if (Object.keys(set).length === 0 && units === undefined) return before;
  set.updated_at = ctx.now().toISOString();
  await repo.updateItemRow(tx, before.id, set);
  if (units) await repo.replaceUnits(tx, before.id, units);
  const after = await getItem(tx, before.id);
  await recordAudit(tx, ctx, { action, entity: 'item', entityId: before.id, before, after });
  return after;
}

export function updateItem(tx: Tx, ctx: Ctx, input: { sku: string; patch: ItemPatch }): Promise<ItemDto> {
  return changeItem(tx, ctx, input.sku, input.patch, 'catalog.item.update');
}

/** Sets status inactive: hidden from new postings; the row and its history stay. */
export function deactivateItem(tx: Tx, ctx: Ctx, input: { sku: string }): Promise<ItemDto> {
  return changeItem(tx, ctx, input.sku, { status: 'inactive' }, 'catalog.item.deactivate');
}

// ---------------------------------------------------------------- locations

function checkWalkSeq(kind: string, walkSeq: number | null | undefined): number | null {
  if (walkSeq === undefined || walkSeq === null) return null;
  if (kind !== 'bin') throw catalogErrors.invalid_field(`walkSeq: only bins have a walk sequence, this is a ${kind}`, { field: 'walkSeq' });
  return checkWhole(walkSeq, 'walkSeq', 0, 1_000_000_000);
}

function checkKindFlags(kind: string, flags: { blocked?: boolean | undefined; allowNegativeStock?: boolean | undefined }): void {
  if (flags.blocked === true && kind !== 'bin') throw catalogErrors.invalid_field(`blocked: only bins can be blocked, this is a ${kind}`, { field: 'blocked' });
  if (flags.allowNegativeStock === true && kind !== 'site') throw catalogErrors.invalid_field(`allowNegativeStock: is set per site, this is a ${kind}`, { field: 'allowNegativeStock' });
}

export async function createLocation(tx: Tx, ctx: Ctx, input: CreateLocationInput): Promise<LocationDto> {
  const code = checkCode(input.code, 'code');
  if ((input.kind as string) === 'virtual') throw catalogErrors.virtual_read_only('kind: virtual locations come with the database and cannot be created', { field: 'kind' });
  const kind: PhysicalKind = checkEnum(input.kind, PHYSICAL_KINDS, 'kind');
  const name = checkText(input.name, 'name');
  if (await repo.selectLocationByCode(tx, code)) throw catalogErrors.duplicate_code(`code: a location "${code}" already exists`, { field: 'code' });
  const wantParent = PARENT_KIND[kind];
  let siteId: number | null = null;
  let parentId: number | null = null;
  if (wantParent === null) {
    if (input.parent !== undefined && input.parent !== null) throw catalogErrors.bad_parent('parent: a site is the top of the tree and has no parent', { field: 'parent' });
  } else {
    if (input.parent === undefined || input.parent === null) throw catalogErrors.bad_parent(`parent: a ${kind} needs a parent ${wantParent}`, { field: 'parent' });
    const parent = await repo.selectLocationByCode(tx, input.parent);
    if (!parent) throw catalogErrors.unknown_location(`parent: no location "${input.parent}"`, { field: 'parent' });
    if (parent.kind !== wantParent) throw catalogErrors.bad_parent(`parent: a ${kind} goes under a ${wantParent}, and "${parent.code}" is a ${parent.kind}`, { field: 'parent' });
    if (parent.active !== 1) throw catalogErrors.location_inactive(`parent: "${parent.code}" is inactive`, { field: 'parent' });
    parentId = parent.id;
    siteId = parent.site_id;
  }
  checkKindFlags(kind, input);
  const now = ctx.now().toISOString();
  const id = await insertOrConflict(
    () => repo.insertLocation(tx, {
      code, name, kind, parent_id: parentId, site_id: siteId, virtual_role: null, walk_seq: checkWalkSeq(kind, input.walkSeq),
      blocked: bit(input.blocked ?? false), allow_negative_stock: bit(input.allowNegativeStock ?? false), active: 1, created_at: now, updated_at: now,
    }),
    () => catalogErrors.duplicate_code(`code: a location "${code}" already exists`, { field: 'code' }),
  );
  // A site is its own site: every physical location then answers "which site?" the same way.
  if (kind === 'site') await repo.updateLocationRow(tx, id, { site_id: id });
  const after = await getLocation(tx, id);
  await recordAudit(tx, ctx, { action: 'catalog.location.create', entity: 'location', entityId: id, after });
  return after;
}

async function changeLocation(tx: Tx, ctx: Ctx, code: string, patch: LocationPatch, action: string): Promise<LocationDto> {
  const before = await getLocation(tx, code);
  if (before.kind === 'virtual') throw catalogErrors.virtual_read_only(`code: "${before.code}" is a virtual location and cannot be changed`, { field: 'code' });
  const set: Partial<repo.NewLocationRow> = {};
  if (has(patch, 'name')) set.name = checkText(patch.name as string, 'name');
  if (has(patch, 'walkSeq')) set.walk_seq = checkWalkSeq(before.kind, patch.walkSeq);
  checkKindFlags(before.kind, patch);
  if (has(patch, 'blocked')) set.blocked = bit(patch.blocked as boolean);
  if (has(patch, 'allowNegativeStock')) set.allow_negative_stock = bit(patch.allowNegativeStock as boolean);
  if (has(patch, 'active') && patch.active !== before.active) {
    if (patch.active === false) {
      if ((await repo.countActiveChildren(tx, before.id)) > 0) throw catalogErrors.location_has_children(`active: "${before.code}" has active child locations; deactivate them first`, { field: 'active' });
      if (await repo.locationHasStock(tx, before.id)) throw catalogErrors.has_stock(`active: "${before.code}" still holds stock; move it out first`, { field: 'active' });
    } else if (before.parentId !== null) {
      const parent = await repo.selectLocationById(tx, before.parentId);
      if (parent && parent.active !== 1) throw catalogErrors.location_inactive(`active: the parent "${parent.code}" is inactive; activate it first`, { field: 'active' });
    }
    set.active = bit(patch.active as boolean);
  }
  if (Object.keys(set).length === 0) return before;
  set.updated_at = ctx.now().toISOString();
  await repo.updateLocationRow(tx, before.id, set);
  const after = await getLocation(tx, before.id);
  await recordAudit(tx, ctx, { action, entity: 'location', entityId: before.id, before, after });
  return after;
}

export function updateLocation(tx: Tx, ctx: Ctx, input: { code: string; patch: LocationPatch }): Promise<LocationDto> {
  return changeLocation(tx, ctx, input.code, input.patch, 'catalog.location.update');
}

/** A blocked bin takes no movements (for example while it is counted). */
export function blockLocation(tx: Tx, ctx: Ctx, input: { code: string }): Promise<LocationDto> {
  return changeLocation(tx, ctx, input.code, { blocked: true }, 'catalog.location.block');
}

export function unblockLocation(tx: Tx, ctx: Ctx, input: { code: string }): Promise<LocationDto> {
  return changeLocation(tx, ctx, input.code, { blocked: false }, 'catalog.location.unblock');
}

export function deactivateLocation(tx: Tx, ctx: Ctx, input: { code: string }): Promise<LocationDto> {
  return changeLocation(tx, ctx, input.code, { active: false }, 'catalog.location.deactivate');
}

// ---------------------------------------------------------------- suppliers

function checkEmail(email: string | null | undefined): string | null {
  if (email === undefined || email === null || email.trim() === '') return null;
  const e = email.trim();
  if (e.length > 200 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) throw catalogErrors.invalid_field('email must be an e-mail address like orders@example.com', { field: 'email' });
  return e;
}

function checkLeadTime(days: number | null | undefined): number | null {
  return days === undefined || days === null ? null : checkWhole(days, 'leadTimeDays', 0, 3650);
}

export async function createSupplier(tx: Tx, ctx: Ctx, input: CreateSupplierInput): Promise<SupplierDto> {
  const code = checkCode(input.code, 'code');
  const name = checkText(input.name, 'name');
  if (await repo.selectSupplierByCode(tx, code)) throw catalogErrors.duplicate_code(`code: a supplier "${code}" already exists`, { field: 'code' });
  const now = ctx.now().toISOString();
  const id = await insertOrConflict(
    () => repo.insertSupplier(tx, { code, name, email: checkEmail(input.email), lead_time_days: checkLeadTime(input.leadTimeDays), active: 1, created_at: now, updated_at: now }),
    () => catalogErrors.duplicate_code(`code: a supplier "${code}" already exists`, { field: 'code' }),
  );
  const after = await getSupplier(tx, id);
  await recordAudit(tx, ctx, { action: 'catalog.supplier.create', entity: 'supplier', entityId: id, after });
  return after;
}

async function changeSupplier(tx: Tx, ctx: Ctx, code: string, patch: SupplierPatch, action: string): Promise<SupplierDto> {
  const before = await getSupplier(tx, code);
  const set: Partial<repo.NewSupplierRow> = {};
  if (has(patch, 'name')) set.name = checkText(patch.name as string, 'name');
  if (has(patch, 'email')) set.email = checkEmail(patch.email);
  if (has(patch, 'leadTimeDays')) set.lead_time_days = checkLeadTime(patch.leadTimeDays);
  if (has(patch, 'active')) set.active = bit(patch.active as boolean);
  if (Object.keys(set).length === 0) return before;
  set.updated_at = ctx.now().toISOString();
  await repo.updateSupplierRow(tx, before.id, set);
  const after = await getSupplier(tx, before.id);
  await recordAudit(tx, ctx, { action, entity: 'supplier', entityId: before.id, before, after });
  return after;
}

export function updateSupplier(tx: Tx, ctx: Ctx, input: { code: string; patch: SupplierPatch }): Promise<SupplierDto> {
  return changeSupplier(tx, ctx, input.code, input.patch, 'catalog.supplier.update');
}

export function deactivateSupplier(tx: Tx, ctx: Ctx, input: { code: string }): Promise<SupplierDto> {
  return changeSupplier(tx, ctx, input.code, { active: false }, 'catalog.supplier.deactivate');
}

// ---------------------------------------------------------------- lots

export async function createLot(tx: Tx, ctx: Ctx, input: CreateLotInput): Promise<LotDto> {
  checkCode(input.sku, 'sku');
  const item = await repo.selectItemBySku(tx, input.sku);
  if (!item) throw catalogErrors.unknown_item(`sku: no item with SKU "${input.sku}"`, { field: 'sku' });
  if (item.lot_tracked !== 1 && item.serial_tracked !== 1) throw catalogErrors.lot_not_tracked(`sku: item ${item.sku} is not lot- or serial-tracked`, { field: 'sku' });
  const lotNo = checkCode(input.lotNo, 'lotNo');
  const dup = () => catalogErrors.duplicate_code(`lotNo: item ${item.sku} already has ${item.serial_tracked === 1 ? 'serial' : 'lot'} "${lotNo}"`, { field: 'lotNo' });
  if (await repo.selectLot(tx, item.id, lotNo)) throw dup();
  const id = await insertOrConflict(() => repo.insertLot(tx, {
    item_id: item.id,
    lot_no: lotNo,
    kind: item.serial_tracked === 1 ? 'serial' : 'lot',
    expires_on: input.expiresOn === undefined || input.expiresOn === null ? null : checkDate(input.expiresOn, 'expiresOn'),
    supplier_lot: optionalText(input.supplierLot, 'supplierLot', 64),
    created_at: ctx.now().toISOString(),
  }), dup);
  const after = await getLotById(tx, id);
  await recordAudit(tx, ctx, { action: 'catalog.lot.create', entity: 'lot', entityId: id, after });
  return after;
}

async function changeLot(tx: Tx, ctx: Ctx, id: number, patch: LotPatch, action: string): Promise<LotDto> {
  const before = await getLotById(tx, id);
  const set: { expires_on?: string | null; supplier_lot?: string | null; active?: number } = {};
  if (has(patch, 'expiresOn')) set.expires_on = patch.expiresOn === null ? null : checkDate(patch.expiresOn as string, 'expiresOn');
  if (has(patch, 'supplierLot')) set.supplier_lot = optionalText(patch.supplierLot, 'supplierLot', 64);
  if (has(patch, 'active')) set.active = bit(patch.active as boolean);
  if (Object.keys(set).length === 0) return before;
  await repo.updateLotRow(tx, id, set);
  const after = await getLotById(tx, id);
  await recordAudit(tx, ctx, { action, entity: 'lot', entityId: id, before, after });
  return after;
}

export function updateLot(tx: Tx, ctx: Ctx, input: { id: number; patch: LotPatch }): Promise<LotDto> {
  return changeLot(tx, ctx, input.id, input.patch, 'catalog.lot.update');
}

export function deactivateLot(tx: Tx, ctx: Ctx, input: { id: number }): Promise<LotDto> {
  return changeLot(tx, ctx, input.id, { active: false }, 'catalog.lot.deactivate');
}

// ---------------------------------------------------------------- BOMs

function checkQtyOutput(text: string, scale: number): number {
  const units = toBaseUnits(text, '1', scale, 'qtyOutput');
  if (units <= 0n) throw catalogErrors.bad_quantity('qtyOutput must be greater than zero', { field: 'qtyOutput' });
  return toSafeNumber(units, 'qtyOutput');
}

async function checkComponents(tx: Tx, parentId: number, parentSku: string, components: readonly BomComponentInput[], bomId?: number): Promise<{ item_id: number; qty_per: string; scrap_pct: string }[]> {
  if (components.length === 0) throw catalogErrors.invalid_field('components: a BOM needs at least one component', { field: 'components' });
  const lines: { item_id: number; qty_per: string; scrap_pct: string }[] = [];
  const index = new Map<number, number>();
  for (const [i, c] of components.entries()) {
    const field = `components/${i}/sku`;
    checkCode(c.sku, field);
    const item = await repo.selectItemBySku(tx, c.sku);
    if (!item) throw catalogErrors.unknown_item(`${field}: no item with SKU "${c.sku}"`, { field });
    if (index.has(item.id)) throw catalogErrors.invalid_field(`${field}: "${c.sku}" is listed twice; put the total on one line`, { field });
    index.set(item.id, i);
    lines.push({
      item_id: item.id,
      qty_per: normalizeQtyPer(c.qtyPer, `components/${i}/qtyPer`),
      scrap_pct: normalizeScrapPct(c.scrapPct ?? '0', `components/${i}/scrapPct`),
    });
  }
  const cycle = await findBomCycle(parentId, [...index.keys()], (ids) => repo.selectBomEdges(tx, ids, bomId));
  if (cycle) {
    const skus = await Promise.all(cycle.map(async (id) => (id === parentId ? parentSku : (await repo.selectItemById(tx, id))?.sku ?? `#${id}`)));
    const at = index.get(cycle[1] as number) ?? 0;
    throw catalogErrors.bom_cycle(`components/${at}/sku: ${skus.join(' → ')} would make ${parentSku} a component of itself`, { field: `components/${at}/sku`, extra: { cycle: skus } });
  }
  return lines;
}

export async function createBom(tx: Tx, ctx: Ctx, input: CreateBomInput): Promise<BomDto> {
  const code = checkCode(input.code, 'code');
  if (await repo.selectBomByCode(tx, code)) throw catalogErrors.duplicate_code(`code: a BOM "${code}" already exists`, { field: 'code' });
  checkCode(input.parentSku, 'parentSku');
  const parent = await repo.selectItemBySku(tx, input.parentSku);
  if (!parent) throw catalogErrors.unknown_item(`parentSku: no item with SKU "${input.parentSku}"`, { field: 'parentSku' });
  const qtyOutput = checkQtyOutput(input.qtyOutput ?? '1', parent.qty_scale);
  const lines = await checkComponents(tx, parent.id, parent.sku, input.components);
  const now = ctx.now().toISOString();
  const id = await insertOrConflict(
    () => repo.insertBom(tx, { parent_item_id: parent.id, code, qty_output: qtyOutput, active: 1, created_at: now, updated_at: now }),
    () => catalogErrors.duplicate_code(`code: a BOM "${code}" already exists`, { field: 'code' }),
  );
  await repo.replaceBomComponents(tx, id, lines);
  const after = await getBom(tx, id);
  await recordAudit(tx, ctx, { action: 'catalog.bom.create', entity: 'bom', entityId: id, after });
  return after;
}

async function changeBom(tx: Tx, ctx: Ctx, code: string, patch: BomPatch, action: string): Promise<BomDto> {
  const row = await repo.selectBomByCode(tx, code);
  if (!row) throw catalogErrors.bom_not_found(`no BOM "${code}"`, { field: 'code' });
  const before = await getBom(tx, row.id);
  const set: { qty_output?: number; active?: number; updated_at: string } = { updated_at: ctx.now().toISOString() };
  let changed = false;
  if (has(patch, 'qtyOutput')) {
    set.qty_output = checkQtyOutput(patch.qtyOutput as string, row.parent_scale);
    changed = true;
  }
  if (has(patch, 'active')) {
    set.active = bit(patch.active as boolean);
    changed = true;
  }
  const lines = has(patch, 'components') ? await checkComponents(tx, row.parent_item_id, row.parent_sku, patch.components ?? [], row.id) : undefined;
  if (!changed && !lines) return before;
  await repo.updateBomRow(tx, row.id, set);
  if (lines) await repo.replaceBomComponents(tx, row.id, lines);
  const after = await getBom(tx, row.id);
  await recordAudit(tx, ctx, { action, entity: 'bom', entityId: row.id, before, after });
  return after;
}

export function updateBom(tx: Tx, ctx: Ctx, input: { code: string; patch: BomPatch }): Promise<BomDto> {
  return changeBom(tx, ctx, input.code, input.patch, 'catalog.bom.update');
}

export function deactivateBom(tx: Tx, ctx: Ctx, input: { code: string }): Promise<BomDto> {
  return changeBom(tx, ctx, input.code, { active: false }, 'catalog.bom.deactivate');
}
