// The catalog's API contract: TypeBox schemas for bodies, queries and answers. Decimal quantities,
// factors and money travel as strings; bodies refuse unknown fields. The DTO types derive from
// these schemas (catalog.types.ts), so the contract and the code cannot drift apart.

import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Code = Type.String({ minLength: 1, maxLength: 64, description: '1 to 64 characters, no spaces' });
export const DecimalText = Type.String({ minLength: 1, maxLength: 40, description: 'an exact decimal written as a string, like "12" or "0.001"' });
export const MoneyText = Type.String({ minLength: 1, maxLength: 40, description: 'an amount with at most 4 decimals, as a string, like "12.50"' });
export const DateText = Type.String({ minLength: 10, maxLength: 10, description: 'YYYY-MM-DD' });
export const Text = Type.String({ minLength: 1, maxLength: 200 });

export const InventoryType = Type.Union([Type.Literal('raw'), Type.Literal('wip'), Type.Literal('finished'), Type.Literal('mro')]);
export const Criticality = Type.Union([Type.Literal('critical'), Type.Literal('normal'), Type.Literal('low')]);
export const CostMethod = Type.Union([Type.Literal('average'), Type.Literal('standard')]);
export const ItemStatus = Type.Union([Type.Literal('active'), Type.Literal('discontinued'), Type.Literal('inactive')]);
export const PhysicalKind = Type.Union([Type.Literal('site'), Type.Literal('warehouse'), Type.Literal('zone'), Type.Literal('bin')]);
export const LocationKind = Type.Union([Type.Literal('site'), Type.Literal('warehouse'), Type.Literal('zone'), Type.Literal('bin'), Type.Literal('virtual')]);

// ---- items ----

export const ItemUnitInput = Type.Object({
  uom: Code,
  factor: DecimalText,
  gtin: Type.Optional(Nullable(Type.String({ maxLength: 14 }))),
}, { additionalProperties: false });

export const ItemUnit = Type.Object({
  uom: Type.String(),
  factor: Type.String({ description: 'base units per one of this unit, exact' }),
  gtin: Nullable(Type.String()),
});

export const CreateItemBody = Type.Object({
  sku: Code,
  description: Text,
  inventoryType: InventoryType,
  category: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  baseUom: Code,
  qtyScale: Type.Integer({ minimum: 0, maximum: 6, description: 'decimals of quantity the item keeps' }),
  costMethod: Type.Optional(CostMethod),
  standardCost: Type.Optional(Nullable(MoneyText)),
  criticality: Type.Optional(Criticality),
  lotTracked: Type.Optional(Type.Boolean()),
  serialTracked: Type.Optional(Type.Boolean()),
  shelfLifeDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 36500 }))),
  gtin: Type.Optional(Nullable(Type.String({ maxLength: 14 }))),
  internalBarcode: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  countSkillLevel: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  defaultSupplier: Type.Optional(Nullable(Code)),
  units: Type.Optional(Type.Array(ItemUnitInput, { maxItems: 20 })),
}, { additionalProperties: false });

export const UpdateItemBody = Type.Object({
  description: Type.Optional(Text),
  inventoryType: Type.Optional(InventoryType),
  category: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  baseUom: Type.Optional(Code),
  qtyScale: Type.Optional(Type.Integer({ minimum: 0, maximum: 6 })),
  costMethod: Type.Optional(CostMethod),
  standardCost: Type.Optional(Nullable(MoneyText)),
  criticality: Type.Optional(Criticality),
  lotTracked: Type.Optional(Type.Boolean()),
  serialTracked: Type.Optional(Type.Boolean()),
  shelfLifeDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 36500 }))),
  gtin: Type.Optional(Nullable(Type.String({ maxLength: 14 }))),
  internalBarcode: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  countSkillLevel: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  defaultSupplier: Type.Optional(Nullable(Code)),
  status: Type.Optional(ItemStatus),
  units: Type.Optional(Type.Array(ItemUnitInput, { maxItems: 20, description: 'replaces the whole list of alternative units' })),
}, { additionalProperties: false });

export const Item = Type.Object({
  id: Type.Integer(),
  sku: Type.String(),
  description: Type.String(),
  inventoryType: InventoryType,
  category: Nullable(Type.String()),
  baseUom: Type.String(),
  qtyScale: Type.Integer(),
  costMethod: CostMethod,
  standardCost: Nullable(Type.String()),
  criticality: Criticality,
  lotTracked: Type.Boolean(),
  serialTracked: Type.Boolean(),
  shelfLifeDays: Nullable(Type.Integer()),
  gtin: Nullable(Type.String()),
  internalBarcode: Nullable(Type.String()),
  countSkillLevel: Type.Integer(),
  status: ItemStatus,
  defaultSupplier: Nullable(Type.String()),
  units: Type.Array(ItemUnit),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const ItemListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'text in the SKU or description' })),
  type: Type.Optional(InventoryType),
  category: Type.Optional(Type.String({ maxLength: 100 })),
  criticality: Type.Optional(Criticality),
  status: Type.Optional(ItemStatus),
  lotTracked: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });

export const ConvertQuery = Type.Object({
  qty: DecimalText,
  uom: Type.Optional(Code),
}, { additionalProperties: false });

export const Conversion = Type.Object({
  sku: Type.String(),
  qtyEntered: Type.String(),
  uomEntered: Type.String(),
  qty: Type.String({ description: 'in the base unit, at the item\'s scale' }),
  baseUom: Type.String(),
});

// ---- locations ----

export const CreateLocationBody = Type.Object({
  code: Code,
  name: Text,
  kind: PhysicalKind,
  parent: Type.Optional(Nullable(Code)),
  walkSeq: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000_000 }))),
  blocked: Type.Optional(Type.Boolean()),
  allowNegativeStock: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const UpdateLocationBody = Type.Object({
  name: Type.Optional(Text),
  walkSeq: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000_000 }))),
  blocked: Type.Optional(Type.Boolean()),
  allowNegativeStock: Type.Optional(Type.Boolean()),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const Location = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  kind: LocationKind,
  parent: Nullable(Type.String()),
  parentId: Nullable(Type.Integer()),
  site: Nullable(Type.String()),
  siteId: Nullable(Type.Integer()),
  virtualRole: Nullable(Type.String()),
  walkSeq: Nullable(Type.Integer()),
  blocked: Type.Boolean(),
  allowNegativeStock: Type.Boolean(),
  active: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const LocationListQuery = Type.Object({
  kind: Type.Optional(LocationKind),
  site: Type.Optional(Code),
  parent: Type.Optional(Code),
  active: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });

// ---- suppliers ----

export const CreateSupplierBody = Type.Object({
  code: Code,
  name: Text,
  email: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  leadTimeDays: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 3650 }))),
}, { additionalProperties: false });

export const UpdateSupplierBody = Type.Object({
  name: Type.Optional(Text),
  email: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  leadTimeDays: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 3650 }))),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const Supplier = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  email: Nullable(Type.String()),
  leadTimeDays: Nullable(Type.Integer()),
  active: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const SupplierListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  active: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });

// ---- lots ----

export const CreateLotBody = Type.Object({
  sku: Code,
  lotNo: Code,
  expiresOn: Type.Optional(Nullable(DateText)),
  supplierLot: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
}, { additionalProperties: false });

export const UpdateLotBody = Type.Object({
  expiresOn: Type.Optional(Nullable(DateText)),
  supplierLot: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const Lot = Type.Object({
  id: Type.Integer(),
  sku: Type.String(),
  itemId: Type.Integer(),
  lotNo: Type.String(),
  kind: Type.Union([Type.Literal('lot'), Type.Literal('serial')]),
  expiresOn: Nullable(Type.String()),
  supplierLot: Nullable(Type.String()),
  active: Type.Boolean(),
  createdAt: Type.String(),
});

export const LotListQuery = Type.Object({
  item: Type.Optional(Code),
  expiringBefore: Type.Optional(DateText),
  active: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });

// ---- BOMs ----

export const BomComponentInput = Type.Object({
  sku: Code,
  qtyPer: DecimalText,
  scrapPct: Type.Optional(DecimalText),
}, { additionalProperties: false });

export const CreateBomBody = Type.Object({
  code: Code,
  parentSku: Code,
  qtyOutput: Type.Optional(DecimalText),
  components: Type.Array(BomComponentInput, { minItems: 1, maxItems: 500 }),
}, { additionalProperties: false });

export const UpdateBomBody = Type.Object({
  qtyOutput: Type.Optional(DecimalText),
  components: Type.Optional(Type.Array(BomComponentInput, { minItems: 1, maxItems: 500, description: 'replaces all lines' })),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const BomComponent = Type.Object({
  lineNo: Type.Integer(),
  sku: Type.String(),
  qtyPer: Type.String(),
  scrapPct: Type.String(),
});

export const Bom = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  parentSku: Type.String(),
  qtyOutput: Type.String(),
  active: Type.Boolean(),
  components: Type.Array(BomComponent),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const BomListQuery = Type.Object({
  parent: Type.Optional(Code),
  component: Type.Optional(Code),
  active: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });

// ---- units of measure ----

export const Uom = Type.Object({
  code: Type.String(),
  name: Type.String(),
  dimension: Type.String(),
});

export const UomListQuery = Type.Object({
  dimension: Type.Optional(Type.String({ maxLength: 20 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });

// ---- shared ----

export const PageOf = <T extends Parameters<typeof Type.Array>[0]>(t: T) => Type.Object({ items: Type.Array(t), nextCursor: Nullable(Type.String()) });

const PathText = Type.String({ minLength: 1, maxLength: 200 });
export const SkuParam = Type.Object({ sku: PathText });
export const CodeParam = Type.Object({ code: PathText });
export const LotParam = Type.Object({ sku: PathText, lotNo: PathText });
export const IdParam = Type.Object({ id: Type.Integer({ minimum: 1 }) });
