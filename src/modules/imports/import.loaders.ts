// One loader per import kind: takes the typed records readRows yields and writes them through the
// catalog and ledger commands, in the caller's transaction. Master data is compared field by field
// with what is stored: a row that changes nothing is neither rewritten nor audited. Opening balances
// are checked in memory and posted as opening_balance movements of up to MAX_LINES lines each.

import { sql } from 'kysely';
import type { Db, Tx } from '../../db/db.js';
import type { Ctx } from '../../kernel/context.js';
import { divRound, formatMoney, formatUnits, parseDecimal, parseMoney, pow10, toSafeNumber } from '../../kernel/decimal.js';
import { isDomainError, type DomainError } from '../../kernel/errors.js';
import {
  catalogErrors, createBom, createItem, createLocation, createLot, createSupplier, findBom, findFactor, findItem, findItemRef, findLocation, findLocationRef, findLot, findSupplier,
  listBoms, normalizeQtyPer, toBaseUnits, updateBom, updateItem, updateLocation, updateLot, updateSupplier,
  type BomComponentInput, type CreateItemInput, type ItemDto, type ItemPatch, type ItemRef, type LocationPatch, type LocationRef, type LotPatch, type SupplierPatch,
} from '../catalog/index.js';
import { MAX_LINES, postMovement, type MovementLineInput } from '../ledger/index.js';
import { importRunErrors } from './import-run.errors.js';
import * as repo from './import.repo.js';
import type { ImportKind } from './imports.types.js';
import type { BomRecord, ImportRecord, ItemRecord, LocationRecord, LotRecord, OpeningBalanceRecord, SupplierRecord, UnitRecord } from './row-schemas.js';

export type Outcome = 'created' | 'updated' | 'unchanged';

export interface Rejection {
  readonly rowNumber: number;
  /** the column as the file names it */
  readonly column: string;
  /** the canonical field, when known */
  readonly field?: string;
  readonly code: string;
  readonly reason: string;
}

/** Where loaders report what became of each row. */
export interface Sink {
  outcome(rowNumber: number, outcome: Outcome): void;
  reject(r: Rejection): void;
  /** the file's column for a canonical field */
  columnOf(field: string): string;
}

export interface LoadEnv {
  readonly db: Pick<Db, 'kind'>;
  readonly ctx: Ctx;
  readonly runId: number;
  readonly sink: Sink;
}

export interface Loader<R> {
  /**
   * Master-data loaders write the row at once (the driver wraps the call in a savepoint and turns a
   * DomainError into a rejection through `fieldOf`); buffering loaders keep it until flush.
   */
  row(tx: Tx, rowNumber: number, record: R): Promise<Outcome | 'buffered'>;
  /** writes what is buffered */
  flush(tx: Tx): Promise<void>;
  /** rows buffered and not yet written */
  pending(): number;
  /** the canonical field a command's error field stands for ("baseUom" → "base_uom") */
  fieldOf(errorField: string): string | undefined;
  /** true: the file is written as one unit at the end (BOMs group rows by parent) */
  readonly wholeFile: boolean;
  /** true: each row runs in its own savepoint */
  readonly savepointPerRow: boolean;
}

// ---------------------------------------------------------------- helpers

const has = <T>(v: T | undefined): v is T => v !== undefined;

function sameDecimal(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return a === b || ((a ?? null) === null && (b ?? null) === null);
  const da = parseDecimal(a);
  const db = parseDecimal(b);
  if (!da || !db) return a === b;
  const s = Math.max(da.scale, db.scale);
  return da.units * pow10(s - da.scale) === db.units * pow10(s - db.scale);
}

/** Exact product of two decimal strings, without trailing zeros. */
export function mulDecimal(a: string, b: string): string {
  const da = parseDecimal(a);
  const db = parseDecimal(b);
  if (!da || !db) throw new RangeError(`not decimals: ${a}, ${b}`);
  return trimDecimal(formatUnits(da.units * db.units, da.scale + db.scale));
}

function trimDecimal(text: string): string {
  const d = parseDecimal(text);
  return d ? formatUnits(d.units, d.scale) : text;
}

/** "0.05" → "5": a scrap fraction as the catalog's percentage. */
function fractionToPercent(text: string): string {
  const d = parseDecimal(text);
  if (!d) return text;
  return d.scale >= 2 ? formatUnits(d.units, d.scale - 2) : formatUnits(d.units * pow10(2 - d.scale), 0);
}

/** Maps `units/3/factor` style error fields to a canonical field through a table of last segments. */
function lookupField(table: Readonly<Record<string, string>>, errorField: string): string | undefined {
  if (table[errorField]) return table[errorField];
  const last = errorField.split('/').at(-1) ?? '';
  return table[last];
}

async function runSavepoint<T>(tx: Tx, name: string, fn: () => Promise<T>): Promise<T> {
  await sql.raw(`savepoint ${name}`).execute(tx);
  try {
    const out = await fn();
    await sql.raw(`release savepoint ${name}`).execute(tx);
    return out;
  } catch (e) {
    await sql.raw(`rollback to savepoint ${name}`).execute(tx);
    await sql.raw(`release savepoint ${name}`).execute(tx);
    throw e;
  }
}
export { runSavepoint };

// ---------------------------------------------------------------- items

const ITEM_FIELDS: Record<string, string> = {
  sku: 'sku', description: 'description', inventoryType: 'type', category: 'category', baseUom: 'base_uom', qtyScale: 'qty_scale', standardCost: 'unit_cost',
  costMethod: 'cost_method', criticality: 'criticality', lotTracked: 'lot_tracked', serialTracked: 'serial_tracked', shelfLifeDays: 'shelf_life_days', gtin: 'gtin',
  internalBarcode: 'barcode', countSkillLevel: 'skill_level', status: 'active', defaultSupplier: 'sku', units: 'base_uom',
};

async function defaultScale(tx: Tx, uom: string): Promise<number> {
  const r = await tx.selectFrom('uom').select('dimension').where('code', '=', uom).executeTakeFirst();
  return r === undefined || r.dimension === 'count' ? 0 : 3;
}

const costMethodOf = (m: ItemRecord['cost_method']) => (m === undefined ? undefined : m === 'standard' ? 'standard' : 'average') as 'standard' | 'average' | undefined;
const shelfLife = (d: number | undefined): number | null | undefined => (d === undefined ? undefined : d === 0 ? null : d);

function itemPatch(before: ItemDto, r: ItemRecord): ItemPatch {
  const p: Record<string, unknown> = {};
  if (r.description !== before.description) p.description = r.description;
  if (has(r.type) && r.type !== before.inventoryType) p.inventoryType = r.type;
  if (has(r.category) && r.category !== before.category) p.category = r.category;
  if (r.base_uom !== before.baseUom) p.baseUom = r.base_uom;
  if (has(r.qty_scale) && r.qty_scale !== before.qtyScale) p.qtyScale = r.qty_scale;
  const cm = costMethodOf(r.cost_method);
  if (has(cm) && cm !== before.costMethod) p.costMethod = cm;
  if (has(r.unit_cost) && !sameDecimal(r.unit_cost, before.standardCost)) p.standardCost = r.unit_cost;
  if (has(r.criticality) && r.criticality !== before.criticality) p.criticality = r.criticality;
  if (has(r.lot_tracked) && r.lot_tracked !== before.lotTracked) p.lotTracked = r.lot_tracked;
  if (has(r.serial_tracked) && r.serial_tracked !== before.serialTracked) p.serialTracked = r.serial_tracked;
  const sl = shelfLife(r.shelf_life_days);
  if (sl !== undefined && sl !== before.shelfLifeDays) p.shelfLifeDays = sl;
  if (has(r.gtin) && r.gtin !== before.gtin) p.gtin = r.gtin;
  if (has(r.barcode) && r.barcode !== before.internalBarcode) p.internalBarcode = r.barcode;
  if (has(r.skill_level) && r.skill_level !== before.countSkillLevel) p.countSkillLevel = r.skill_level;
  if (r.active === true && before.status !== 'active') p.status = 'active';
  if (r.active === false && before.status === 'active') p.status = 'discontinued';
  return p as ItemPatch;
}

function itemsLoader(env: LoadEnv): Loader<ItemRecord> {
  return {
    wholeFile: false,
    savepointPerRow: true,
    pending: () => 0,
    flush: async () => {},
    fieldOf: (f) => lookupField(ITEM_FIELDS, f),
    async row(tx, _rowNumber, r) {
      const before = await findItem(tx, r.sku);
      if (!before) {
        const input: CreateItemInput = {
          sku: r.sku,
          description: r.description,
          inventoryType: r.type ?? 'raw',
          baseUom: r.base_uom,
          qtyScale: r.qty_scale ?? (await defaultScale(tx, r.base_uom)),
          ...(has(r.category) ? { category: r.category } : {}),
          ...(has(costMethodOf(r.cost_method)) ? { costMethod: costMethodOf(r.cost_method) } : {}),
          ...(has(r.unit_cost) ? { standardCost: r.unit_cost } : {}),
          ...(has(r.criticality) ? { criticality: r.criticality } : {}),
          ...(has(r.lot_tracked) ? { lotTracked: r.lot_tracked } : {}),
          ...(has(r.serial_tracked) ? { serialTracked: r.serial_tracked } : {}),
          ...(has(shelfLife(r.shelf_life_days)) ? { shelfLifeDays: shelfLife(r.shelf_life_days) } : {}),
          ...(has(r.gtin) ? { gtin: r.gtin } : {}),
          ...(has(r.barcode) ? { internalBarcode: r.barcode } : {}),
          ...(has(r.skill_level) ? { countSkillLevel: r.skill_level } : {}),
        } as CreateItemInput;
        await createItem(tx, env.ctx, input);
        if (r.active === false) await updateItem(tx, env.ctx, { sku: r.sku, patch: { status: 'discontinued' } });
        return 'created';
      }
      const patch = itemPatch(before, r);
      if (Object.keys(patch).length === 0) return 'unchanged';
      await updateItem(tx, env.ctx, { sku: r.sku, patch });
      return 'updated';
    },
  };
}

// ---------------------------------------------------------------- units

const UNIT_FIELDS: Record<string, string> = { sku: 'sku', uom: 'uom', factor: 'factor', gtin: 'gtin', baseUom: 'uom', units: 'uom' };

function unitsLoader(env: LoadEnv): Loader<UnitRecord> {
  return {
    wholeFile: false,
    savepointPerRow: true,
    pending: () => 0,
    flush: async () => {},
    fieldOf: (f) => lookupField(UNIT_FIELDS, f),
    async row(tx, _rowNumber, r) {
      const item = await findItem(tx, r.sku);
      if (!item) throw catalogErrors.unknown_item(`sku: no item with SKU "${r.sku}"; import the items first`, { field: 'sku' });
      let factor = trimDecimal(r.factor);
      if (has(r.factor_uom) && r.factor_uom !== item.baseUom) {
        const inner = findFactor(item.baseUom, item.units, r.factor_uom);
        if (inner === undefined) {
          throw catalogErrors.unknown_unit(`factor_uom: ${item.sku} has no unit "${r.factor_uom}" to count "${r.uom}" in (its units: ${[item.baseUom, ...item.units.map((u) => u.uom)].join(', ')}); load that unit first`, { field: 'factor_uom' });
        }
        factor = mulDecimal(factor, inner);
      }
      if (r.uom === item.baseUom) {
        if (sameDecimal(factor, '1')) return 'unchanged';
        throw catalogErrors.duplicate_unit(`uom: "${r.uom}" is the base unit of ${item.sku}; it converts at 1`, { field: 'uom' });
      }
      const existing = item.units.find((u) => u.uom === r.uom);
      if (existing && sameDecimal(existing.factor, factor) && (!has(r.gtin) || r.gtin === existing.gtin)) return 'unchanged';
      const units = existing
        ? item.units.map((u) => (u.uom === r.uom ? { uom: u.uom, factor, gtin: r.gtin ?? u.gtin } : u))
        : [...item.units, { uom: r.uom, factor, gtin: r.gtin ?? null }];
      await updateItem(tx, env.ctx, { sku: item.sku, patch: { units } });
      return existing ? 'updated' : 'created';
    },
  };
}

// ---------------------------------------------------------------- locations

const LOCATION_FIELDS: Record<string, string> = { code: 'code', name: 'name', kind: 'type', parent: 'parent_code', walkSeq: 'walk_sequence', blocked: 'blocked', active: 'code' };
const CHILD_KIND: Record<string, 'warehouse' | 'zone' | 'bin' | undefined> = { site: 'warehouse', warehouse: 'zone', zone: 'bin' };

function locationsLoader(env: LoadEnv): Loader<LocationRecord> {
  return {
    wholeFile: false,
    savepointPerRow: true,
    pending: () => 0,
    flush: async () => {},
    fieldOf: (f) => lookupField(LOCATION_FIELDS, f),
    async row(tx, _rowNumber, r) {
      const before = await findLocation(tx, r.code);
      if (!before) {
        let kind = r.type;
        if (kind === undefined) {
          if (!has(r.parent_code)) kind = 'site';
          else {
            const parent = await findLocation(tx, r.parent_code);
            if (!parent) throw catalogErrors.unknown_location(`parent_code: no location "${r.parent_code}" (a parent must come before its children in the file)`, { field: 'parent' });
            kind = CHILD_KIND[parent.kind];
            if (!kind) throw catalogErrors.bad_parent(`parent_code: "${parent.code}" is a ${parent.kind} and holds no locations`, { field: 'parent' });
          }
        }
        if (has(r.parent_code) && !(await findLocation(tx, r.parent_code))) {
          throw catalogErrors.unknown_location(`parent_code: no location "${r.parent_code}" (a parent must come before its children in the file)`, { field: 'parent' });
        }
        await createLocation(tx, env.ctx, {
          code: r.code,
          name: r.name ?? r.code,
          kind,
          ...(has(r.parent_code) ? { parent: r.parent_code } : {}),
          ...(has(r.walk_sequence) ? { walkSeq: r.walk_sequence } : {}),
          ...(has(r.blocked) ? { blocked: r.blocked } : {}),
        });
        return 'created';
      }
      if (before.kind === 'virtual') throw catalogErrors.virtual_read_only(`code: "${before.code}" is a virtual location and cannot be imported`, { field: 'code' });
      if (has(r.type) && r.type !== before.kind) throw importRunErrors.immutable_field(`type: "${before.code}" is a ${before.kind}; the type of a location cannot change`, { field: 'kind' });
      if (has(r.parent_code) && r.parent_code !== before.parent) {
        throw importRunErrors.immutable_field(`parent_code: "${before.code}" is under "${before.parent ?? '(none)'}"; an import does not move locations`, { field: 'parent' });
      }
      const patch: LocationPatch = {
        ...(has(r.name) && r.name !== before.name ? { name: r.name } : {}),
        ...(has(r.walk_sequence) && r.walk_sequence !== before.walkSeq ? { walkSeq: r.walk_sequence } : {}),
        ...(has(r.blocked) && r.blocked !== before.blocked ? { blocked: r.blocked } : {}),
      };
      if (Object.keys(patch).length === 0) return 'unchanged';
      await updateLocation(tx, env.ctx, { code: before.code, patch });
      return 'updated';
    },
  };
}

// ---------------------------------------------------------------- lots

const LOT_FIELDS: Record<string, string> = { sku: 'sku', lotNo: 'lot', expiresOn: 'expiry', supplierLot: 'supplier_lot' };

function lotsLoader(env: LoadEnv): Loader<LotRecord> {
  return {
    wholeFile: false,
    savepointPerRow: true,
    pending: () => 0,
    flush: async () => {},
    fieldOf: (f) => lookupField(LOT_FIELDS, f),
    async row(tx, _rowNumber, r) {
      const before = await findLot(tx, r.sku, r.lot);
      if (!before) {
        await createLot(tx, env.ctx, { sku: r.sku, lotNo: r.lot, ...(has(r.expiry) ? { expiresOn: r.expiry } : {}), ...(has(r.supplier_lot) ? { supplierLot: r.supplier_lot } : {}) });
        return 'created';
      }
      const patch: LotPatch = {
        ...(has(r.expiry) && r.expiry !== before.expiresOn ? { expiresOn: r.expiry } : {}),
        ...(has(r.supplier_lot) && r.supplier_lot !== before.supplierLot ? { supplierLot: r.supplier_lot } : {}),
      };
      if (Object.keys(patch).length === 0) return 'unchanged';
      await updateLot(tx, env.ctx, { id: before.id, patch });
      return 'updated';
    },
  };
}

// ---------------------------------------------------------------- suppliers

const SUPPLIER_FIELDS: Record<string, string> = { code: 'code', name: 'name', email: 'email', leadTimeDays: 'lead_time_days', active: 'active' };

function suppliersLoader(env: LoadEnv): Loader<SupplierRecord> {
  return {
    wholeFile: false,
    savepointPerRow: true,
    pending: () => 0,
    flush: async () => {},
    fieldOf: (f) => lookupField(SUPPLIER_FIELDS, f),
    async row(tx, _rowNumber, r) {
      const before = await findSupplier(tx, r.code);
      if (!before) {
        await createSupplier(tx, env.ctx, { code: r.code, name: r.name, ...(has(r.email) ? { email: r.email } : {}), ...(has(r.lead_time_days) ? { leadTimeDays: r.lead_time_days } : {}) });
        if (r.active === false) await updateSupplier(tx, env.ctx, { code: r.code, patch: { active: false } });
        return 'created';
      }
      const patch: SupplierPatch = {
        ...(r.name !== before.name ? { name: r.name } : {}),
        ...(has(r.email) && r.email !== before.email ? { email: r.email } : {}),
        ...(has(r.lead_time_days) && r.lead_time_days !== before.leadTimeDays ? { leadTimeDays: r.lead_time_days } : {}),
        ...(has(r.active) && r.active !== before.active ? { active: r.active } : {}),
      };
      if (Object.keys(patch).length === 0) return 'unchanged';
      await updateSupplier(tx, env.ctx, { code: before.code, patch });
      return 'updated';
    },
  };
}

// ---------------------------------------------------------------- BOMs

const BOM_FIELDS: Record<string, string> = { parentSku: 'parent_sku', code: 'parent_sku', qtyOutput: 'parent_sku', sku: 'component_sku', qtyPer: 'qty_per', scrapPct: 'scrap_factor', components: 'component_sku' };

/**
 * A BOM is one unit: its rows are grouped by parent and written at the end of the file. The BOM an
 * import writes has the parent's SKU as its code and makes one parent unit; when the parent has one
 * active BOM under another code, that one is compared and updated.
 */
function bomsLoader(env: LoadEnv): Loader<BomRecord> {
  const groups = new Map<string, { rowNumber: number; record: BomRecord }[]>();
  let buffered = 0;

  async function loadGroup(tx: Tx, parentSku: string, rows: readonly { rowNumber: number; record: BomRecord }[]): Promise<void> {
    const first = rows[0];
    if (!first) return;
    const refuse = (rowNumber: number, field: string, e: { code: string; message: string }) =>
      env.sink.reject({ rowNumber, column: env.sink.columnOf(field), field, code: e.code, reason: e.message });
    const refuseOthers = (badRows: ReadonlySet<number>) => {
      for (const r of rows) {
        if (!badRows.has(r.rowNumber)) {
          const e = importRunErrors.bom_incomplete(`the BOM of ${parentSku} is not loaded: row ${[...badRows].sort((a, b) => a - b).join(', ')} of it was refused`);
          refuse(r.rowNumber, 'parent_sku', e);
        }
      }
    };
    const components: BomComponentInput[] = [];
    const bad = new Set<number>();
    for (const { rowNumber, record: r } of rows) {
      const comp = await findItem(tx, r.component_sku);
      if (!comp) {
        refuse(rowNumber, 'component_sku', catalogErrors.unknown_item(`component_sku: no item with SKU "${r.component_sku}"`));
        bad.add(rowNumber);
        continue;
      }
      const factor = findFactor(comp.baseUom, comp.units, r.uom);
      if (factor === undefined) {
        refuse(rowNumber, 'uom', catalogErrors.unknown_unit(`uom: ${comp.sku} has no unit "${r.uom}" (its units: ${[comp.baseUom, ...comp.units.map((u) => u.uom)].join(', ')})`));
        bad.add(rowNumber);
        continue;
      }
      try {
        components.push({ sku: comp.sku, qtyPer: normalizeQtyPer(mulDecimal(r.qty_per, factor), 'qty_per'), scrapPct: fractionToPercent(r.scrap_factor ?? '0') });
      } catch (e) {
        if (!isDomainError(e)) throw e;
        refuse(rowNumber, 'qty_per', e);
        bad.add(rowNumber);
      }
    }
    if (bad.size > 0) return refuseOthers(bad);

    try {
      const outcome = await runSavepoint(tx, 'import_bom', async (): Promise<Outcome> => {
        let existing = await findBom(tx, parentSku);
        if (existing && existing.parentSku !== parentSku) {
          throw catalogErrors.duplicate_code(`parent_sku: the BOM code "${parentSku}" belongs to a BOM of ${existing.parentSku}`, { field: 'code' });
        }
        if (!existing) {
          const page = await listBoms(tx, { parent: parentSku, active: true, limit: 2 });
          if (page.items.length > 1) {
            throw importRunErrors.ambiguous_bom(`parent_sku: ${parentSku} has several active BOMs (${page.items.map((b) => b.code).join(', ')}); the file cannot say which one it updates`, { field: 'parentSku' });
          }
          existing = page.items[0];
        }
        if (!existing) {
          await createBom(tx, env.ctx, { code: parentSku, parentSku, qtyOutput: '1', components });
          return 'created';
        }
        const same =
          existing.active && sameDecimal(existing.qtyOutput, '1') && existing.components.length === components.length &&
          components.every((c) => existing.components.some((x) => x.sku === c.sku && sameDecimal(x.qtyPer, c.qtyPer) && sameDecimal(x.scrapPct, c.scrapPct ?? '0')));
        if (same) return 'unchanged';
        await updateBom(tx, env.ctx, { code: existing.code, patch: { qtyOutput: '1', components, active: true } });
        return 'updated';
      });
      for (const r of rows) env.sink.outcome(r.rowNumber, outcome);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      const m = /^components\/(\d+)\//.exec(e.fields[0]?.field ?? '');
      const at = m ? rows[Number(m[1])] ?? first : first;
      const field = (e.fields[0] && lookupField(BOM_FIELDS, e.fields[0].field)) ?? 'parent_sku';
      refuse(at.rowNumber, field, e);
      refuseOthers(new Set([at.rowNumber]));
    }
  }

  return {
    wholeFile: true,
    savepointPerRow: false,
    pending: () => buffered,
    fieldOf: (f) => lookupField(BOM_FIELDS, f),
    async row(_tx, rowNumber, r) {
      const list = groups.get(r.parent_sku) ?? [];
      list.push({ rowNumber, record: r });
      groups.set(r.parent_sku, list);
      buffered++;
      return 'buffered';
    },
    async flush(tx) {
      for (const [parent, rows] of groups) await loadGroup(tx, parent, rows);
      groups.clear();
      buffered = 0;
    },
  };
}

// ---------------------------------------------------------------- opening balances

interface PendingLine {
  readonly rowNumber: number;
  readonly item: ItemRef;
  readonly location: LocationRef;
  readonly lotNo: string;
  readonly qtyBase: bigint;
  readonly line: MovementLineInput;
}

/** A map that forgets everything when it grows past its bound: lookups stay cheap, memory flat. */
class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(k: string): V | undefined {
    return this.map.get(k);
  }
  set(k: string, v: V): void {
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(k, v);
  }
}

const OPENING_FIELDS: Record<string, string> = { item: 'sku', qty: 'qty_on_hand', unit: 'uom', lot: 'lot', to: 'location', unitCost: 'unit_cost', lotExpiry: 'expiry' };

function openingLoader(env: LoadEnv): Loader<OpeningBalanceRecord> {
  const items = new BoundedCache<ItemRef | null>(20_000);
  const locations = new BoundedCache<LocationRef | null>(20_000);
  let buffer: PendingLine[] = [];

  const refuse = (rowNumber: number, field: string, code: string, reason: string) => env.sink.reject({ rowNumber, column: env.sink.columnOf(field), field, code, reason });

  async function itemOf(tx: Tx, sku: string): Promise<ItemRef | null> {
    let it = items.get(sku);
    if (it === undefined) {
      it = (await findItemRef(tx, sku)) ?? null;
      items.set(sku, it);
    }
    return it;
  }
  async function locationOf(tx: Tx, code: string): Promise<LocationRef | null> {
    let loc = locations.get(code);
    if (loc === undefined) {
      loc = (await findLocationRef(tx, code)) ?? null;
      locations.set(code, loc);
    }
    return loc;
  }

  /** Checks one row against the catalog; a refusal names the column. Returns the line to post, or why not. */
  async function check(tx: Tx, rowNumber: number, r: OpeningBalanceRecord): Promise<PendingLine | 'zero' | undefined> {
    const item = await itemOf(tx, r.sku);
    if (!item) return void refuse(rowNumber, 'sku', catalogErrors.codes.unknown_item, `no item with SKU "${r.sku}"; import the items first`);
    if (item.status === 'inactive') return void refuse(rowNumber, 'sku', catalogErrors.codes.item_inactive, `item "${item.sku}" is inactive`);
    const loc = await locationOf(tx, r.location);
    if (!loc) return void refuse(rowNumber, 'location', catalogErrors.codes.unknown_location, `no location "${r.location}"; import the locations first`);
    if (loc.kind !== 'bin') return void refuse(rowNumber, 'location', catalogErrors.codes.location_not_stockable, `"${loc.code}" is a ${loc.kind}; stock is held in bins`);
    if (!loc.active) return void refuse(rowNumber, 'location', catalogErrors.codes.location_inactive, `bin "${loc.code}" is inactive`);
    if (loc.blocked) return void refuse(rowNumber, 'location', catalogErrors.codes.location_blocked, `bin "${loc.code}" is blocked and takes no movements`);

    const uom = r.uom ?? item.baseUom;
    const units = [item.baseUom, ...item.units.map((u) => u.uom)].join(', ');
    const factor = findFactor(item.baseUom, item.units, uom);
    if (factor === undefined) return void refuse(rowNumber, 'uom', catalogErrors.codes.unknown_unit, `${item.sku} has no unit "${uom}" (its units: ${units})`);
    if (has(r.uom_factor)) {
      // "Case of 12": the file's own count must agree with the item's conversion
      const inner = findFactor(item.baseUom, item.units, r.uom_factor_unit);
      const said = inner === undefined ? undefined : mulDecimal(r.uom_factor, inner);
      if (said === undefined || !sameDecimal(said, factor)) {
        return void refuse(rowNumber, 'uom', catalogErrors.codes.bad_factor, `the file's unit says ${r.uom_factor} ${r.uom_factor_unit ?? item.baseUom} per ${uom}, but one ${uom} of ${item.sku} is ${factor} ${item.baseUom}`);
      }
    }
    let qtyBase: bigint;
    try {
      qtyBase = toBaseUnits(r.qty_on_hand, factor, item.qtyScale, 'qty_on_hand');
    } catch (e) {
      if (!isDomainError(e)) throw e;
      const base = uom === item.baseUom ? r.qty_on_hand : `${r.qty_on_hand} ${uom} (${mulDecimal(r.qty_on_hand, factor)} ${item.baseUom})`;
      return void refuse(rowNumber, 'qty_on_hand', e.code, `${base} has more decimals than ${item.sku} keeps (${item.qtyScale}); refused, not rounded`);
    }
    if (qtyBase === 0n) return 'zero';
    if (qtyBase < 0n) return void refuse(rowNumber, 'qty_on_hand', 'negative_not_allowed', 'an opening balance cannot be negative');

    const tracked = item.lotTracked || item.serialTracked;
    const lotNo = r.lot ?? '';
    if (tracked && lotNo === '') return void refuse(rowNumber, 'lot', catalogErrors.codes.lot_required, `${item.sku} is ${item.serialTracked ? 'serial' : 'lot'}-tracked; name the ${item.serialTracked ? 'serial' : 'lot'}`);
    if (!tracked && lotNo !== '') return void refuse(rowNumber, 'lot', catalogErrors.codes.lot_not_tracked, `${item.sku} is not lot- or serial-tracked; leave the lot empty`);
    if (item.serialTracked && qtyBase !== pow10(item.qtyScale)) return void refuse(rowNumber, 'qty_on_hand', catalogErrors.codes.serial_quantity, 'a serial number is one unit');

    let unitCost: string | undefined;
    try {
      if (has(r.unit_cost)) {
        // the file's cost is per `uom`; the ledger wants it per base unit
        const perUom = parseMoney(r.unit_cost, 'unit_cost');
        const f = parseDecimal(factor);
        if (!f) throw new RangeError('factor');
        unitCost = formatMoney(divRound(perUom * pow10(f.scale), f.units));
      } else if (has(r.value)) {
        const value = parseMoney(r.value, 'value');
        unitCost = formatMoney(divRound(value * pow10(item.qtyScale), qtyBase));
      }
    } catch (e) {
      if (!isDomainError(e)) throw e;
      const field = has(r.unit_cost) ? 'unit_cost' : 'value';
      return void refuse(rowNumber, field, e.code, e.message);
    }
    const line: MovementLineInput = {
      item: item.id,
      qty: r.qty_on_hand,
      unit: uom,
      to: loc.id,
      ...(lotNo !== '' ? { lot: lotNo } : {}),
      ...(has(r.expiry) ? { lotExpiry: r.expiry } : {}),
      ...(unitCost !== undefined ? { unitCost } : {}),
    };
    return { rowNumber, item, location: loc, lotNo, qtyBase, line };
  }

  /** Posts lines as one movement; a line the ledger refuses is taken out (and rejected) and the rest posted again. */
  async function post(tx: Tx, lines: PendingLine[]): Promise<number | undefined> {
    let left = lines;
    while (left.length > 0) {
      try {
        const m = await runSavepoint(tx, 'import_post', () =>
          postMovement(env.db, tx, env.ctx, { type: 'opening_balance', lines: left.map((l) => l.line), sourceDoc: `import:${env.runId}` }, { skipAudit: true }),
        );
        await repo.insertOpeningKeys(tx, left.map((l) => ({ item_id: l.item.id, location_id: l.location.id, lot_no: l.lotNo, qty: toSafeNumber(l.qtyBase), run_id: env.runId, row_number: l.rowNumber, movement_id: m.id })));
        for (const l of left) env.sink.outcome(l.rowNumber, 'created');
        return m.id;
      } catch (e) {
        const at = isDomainError(e) ? /^lines\/(\d+)(?:\/(\w+))?/.exec(e.fields[0]?.field ?? '') : null;
        const bad = at ? left[Number(at[1])] : undefined;
        if (!bad || !isDomainError(e)) throw e;
        const field = OPENING_FIELDS[at?.[2] ?? ''] ?? 'qty_on_hand';
        refuse(bad.rowNumber, field, e.code, e.message.replace(/^lines\/\d+\/\w+:?\s*/, ''));
        left = left.filter((l) => l !== bad);
      }
    }
    return undefined;
  }

  return {
    wholeFile: false,
    savepointPerRow: false,
    pending: () => buffer.length,
    fieldOf: (f) => lookupField(OPENING_FIELDS, f),
    async row(tx, rowNumber, r) {
      const checked = await check(tx, rowNumber, r);
      if (checked === 'zero') return 'unchanged';
      if (checked) buffer.push(checked);
      return 'buffered';
    },
    async flush(tx) {
      if (buffer.length === 0) return;
      const lines = buffer;
      buffer = [];
      // Loaded before (by this file or another): the same quantity is a no-op, another one a conflict.
      const done = new Map<string, repo.ImportOpeningKeyTable>();
      for (const k of await repo.selectOpeningKeys(tx, lines.map((l) => l.item.id), lines.map((l) => l.location.id))) done.set(`${k.item_id}:${k.location_id}:${k.lot_no}`, k);
      const fresh: PendingLine[] = [];
      for (const l of lines) {
        const prior = done.get(`${l.item.id}:${l.location.id}:${l.lotNo}`);
        if (!prior) fresh.push(l);
        else if (BigInt(prior.qty) === l.qtyBase) env.sink.outcome(l.rowNumber, 'unchanged');
        else {
          refuse(l.rowNumber, 'qty_on_hand', importRunErrors.codes.already_loaded,
            `${l.item.sku} in ${l.location.code}${l.lotNo ? ` lot ${l.lotNo}` : ''} already has an opening balance of ${formatUnits(prior.qty, l.item.qtyScale)} ${l.item.baseUom} (import run ${prior.run_id}, row ${prior.row_number}); correct it with an adjustment or a count`);
        }
      }
      for (let i = 0; i < fresh.length; i += MAX_LINES) await post(tx, fresh.slice(i, i + MAX_LINES));
    },
  };
}

// ---------------------------------------------------------------- registry

export function loaderFor<K extends ImportKind>(kind: K, env: LoadEnv): Loader<ImportRecord<K>> {
  const loaders: { [P in ImportKind]: (env: LoadEnv) => Loader<ImportRecord<P>> } = {
    items: itemsLoader,
    units: unitsLoader,
    locations: locationsLoader,
    lots: lotsLoader,
    suppliers: suppliersLoader,
    boms: bomsLoader,
    opening_balances: openingLoader,
  };
  return loaders[kind](env) as Loader<ImportRecord<K>>;
}

/** The rejection a command's DomainError stands for, naming the file's column. */
export function rejectionOf(e: DomainError, rowNumber: number, loader: Loader<unknown>, sink: Sink): Rejection {
  const errorField = e.fields[0]?.field;
  const field = (errorField !== undefined ? loader.fieldOf(errorField) : undefined) ?? errorField ?? 'row';
  // the column is named beside the reason; a command's "field: " prefix would say it twice
  const reason = errorField !== undefined && e.message.startsWith(`${errorField}: `) ? e.message.slice(errorField.length + 2) : e.message;
  return { rowNumber, column: sink.columnOf(field), field, code: e.code, reason };
}
