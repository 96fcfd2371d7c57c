// Catalog fixtures for any test: builders that go through the real catalog commands (so they obey
// the same rules as the API), each in its own transaction. Codes default to unique values, so several
// plants can live in one database: `await buildPlant(db, { prefix: 'P2' })`.
//
//   const plant = await buildPlant(db);
//   plant.bins[0].code, plant.items.bolt.sku (each; case = 12, pallet = 480),
//   plant.items.flour (kg at scale 3; g = 0.001), plant.items.resin (lot-tracked, kg at scale 3)

import { inTx, type Db } from '../../src/db/db.js';
import { systemCtx, type Ctx } from '../../src/kernel/context.js';
import {
  createBom, createItem, createLocation, createLot, createSupplier,
  type BomDto, type CreateBomInput, type CreateItemInput, type CreateLocationInput, type CreateLotInput, type CreateSupplierInput,
  type ItemDto, type LocationDto, type LotDto, type SupplierDto,
} from '../../src/modules/catalog/index.js';

export const builderCtx: Ctx = systemCtx('test:builder');

let seq = 0;
const next = (prefix: string) => `${prefix}-${++seq}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`;

export function makeSupplier(db: Db, over: Partial<CreateSupplierInput> = {}, ctx: Ctx = builderCtx): Promise<SupplierDto> {
  return inTx(db, (tx) => createSupplier(tx, ctx, { code: next('SUP'), name: 'Test supplier', leadTimeDays: 7, ...over }));
}

export function makeSite(db: Db, over: Partial<CreateLocationInput> = {}, ctx: Ctx = builderCtx): Promise<LocationDto> {
  const code = over.code ?? next('SITE');
  return inTx(db, (tx) => createLocation(tx, ctx, { code, name: `Site ${code}`, ...over, kind: 'site' }));
}

export function makeWarehouse(db: Db, site: { code: string }, over: Partial<CreateLocationInput> = {}, ctx: Ctx = builderCtx): Promise<LocationDto> {
  const code = over.code ?? next('WH');
  return inTx(db, (tx) => createLocation(tx, ctx, { code, name: `Warehouse ${code}`, ...over, kind: 'warehouse', parent: site.code }));
}

export function makeZone(db: Db, warehouse: { code: string }, over: Partial<CreateLocationInput> = {}, ctx: Ctx = builderCtx): Promise<LocationDto> {
  const code = over.code ?? next('ZONE');
  return inTx(db, (tx) => createLocation(tx, ctx, { code, name: `Zone ${code}`, ...over, kind: 'zone', parent: warehouse.code }));
}

export function makeBin(db: Db, zone: { code: string }, over: Partial<CreateLocationInput> = {}, ctx: Ctx = builderCtx): Promise<LocationDto> {
  const code = over.code ?? next('BIN');
  return inTx(db, (tx) => createLocation(tx, ctx, { code, name: `Bin ${code}`, ...over, kind: 'bin', parent: zone.code }));
}

/** An item in `each` at scale 0 unless overridden. */
export function makeItem(db: Db, over: Partial<CreateItemInput> = {}, ctx: Ctx = builderCtx): Promise<ItemDto> {
  return inTx(db, (tx) => createItem(tx, ctx, { sku: next('ITEM'), description: 'Test item', inventoryType: 'raw', baseUom: 'each', qtyScale: 0, ...over }));
}

export function makeLot(db: Db, item: { sku: string }, over: Partial<CreateLotInput> = {}, ctx: Ctx = builderCtx): Promise<LotDto> {
  return inTx(db, (tx) => createLot(tx, ctx, { sku: item.sku, lotNo: next('LOT'), ...over }));
}

export function makeBom(db: Db, parent: { sku: string }, components: CreateBomInput['components'], over: Partial<CreateBomInput> = {}, ctx: Ctx = builderCtx): Promise<BomDto> {
  return inTx(db, (tx) => createBom(tx, ctx, { code: next('BOM'), parentSku: parent.sku, components, ...over }));
}

export interface Plant {
  readonly site: LocationDto;
  readonly warehouse: LocationDto;
  readonly zone: LocationDto;
  /** three bins with walk sequence 10, 20, 30 */
  readonly bins: readonly [LocationDto, LocationDto, LocationDto];
  readonly supplier: SupplierDto;
  readonly items: {
    /** each at scale 0; case = 12, pallet = 480 */
    readonly bolt: ItemDto;
    /** kg at scale 3; g = 0.001 */
    readonly flour: ItemDto;
    /** lot-tracked, kg at scale 3, 180 days shelf life */
    readonly resin: ItemDto;
    /** finished good, each at scale 0, standard cost 25.00 */
    readonly widget: ItemDto;
  };
}

/** A small plant: site > warehouse > zone > 3 bins, a supplier and four items. Codes start with `prefix`. */
export async function buildPlant(db: Db, opts: { prefix?: string; allowNegativeStock?: boolean } = {}): Promise<Plant> {
  const p = opts.prefix ?? next('P');
  const site = await makeSite(db, { code: p, name: `Plant ${p}`, allowNegativeStock: opts.allowNegativeStock ?? false });
  const warehouse = await makeWarehouse(db, site, { code: `${p}-WH` });
  const zone = await makeZone(db, warehouse, { code: `${p}-A` });
  const bins = [
    await makeBin(db, zone, { code: `${p}-A-01`, walkSeq: 10 }),
    await makeBin(db, zone, { code: `${p}-A-02`, walkSeq: 20 }),
    await makeBin(db, zone, { code: `${p}-A-03`, walkSeq: 30 }),
  ] as const;
  const supplier = await makeSupplier(db, { code: `${p}-SUP`, name: `Supplier of ${p}` });
  const bolt = await makeItem(db, {
    sku: `${p}-BOLT-M8`, description: 'Hex bolt M8x20', inventoryType: 'raw', category: 'fasteners', criticality: 'normal', defaultSupplier: supplier.code,
    units: [{ uom: 'case', factor: '12' }, { uom: 'pallet', factor: '480' }],
  });
  const flour = await makeItem(db, { sku: `${p}-FLOUR`, description: 'Wheat flour', inventoryType: 'raw', category: 'food', baseUom: 'kg', qtyScale: 3, units: [{ uom: 'g', factor: '0.001' }] });
  const resin = await makeItem(db, { sku: `${p}-RESIN`, description: 'Epoxy resin', inventoryType: 'raw', category: 'chemicals', criticality: 'critical', baseUom: 'kg', qtyScale: 3, lotTracked: true, shelfLifeDays: 180 });
  const widget = await makeItem(db, { sku: `${p}-WIDGET`, description: 'Widget', inventoryType: 'finished', costMethod: 'standard', standardCost: '25.00' });
  return { site, warehouse, zone, bins, supplier, items: { bolt, flour, resin, widget } };
}
