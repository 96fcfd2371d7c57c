// Column names of the exports customers bring, mapped to canonical fields. The stockroom
// preset reads our own export (canonical names) for every kind; the others are the
// stock-on-hand exports of Odoo, ERPNext and a typical WMS, so they feed opening balances.

import type { ImportKind, PresetId, RawCell } from './imports.types.js';
import { canonicalFields } from './row-schemas.js';

export interface Preset {
  readonly id: PresetId;
  readonly label: string;
  /** header → canonical field for a kind; undefined when the export cannot feed that kind */
  readonly columnsFor: (kind: ImportKind) => Readonly<Record<string, string>> | undefined;
  /** fills fields that the export only writes inside another column */
  readonly derive?: (fields: Map<string, RawCell>) => void;
}

const onlyFor = (kind: ImportKind, columns: Record<string, string>) => (k: ImportKind) => (k === kind ? columns : undefined);

// Odoo writes a product as "[FURN_0001] Office Desk"; the reference in brackets is the SKU.
const ODOO_DISPLAY_RE = /^\[([^\]]+)\]\s*(.*)$/s;

export const PRESETS: readonly Preset[] = [
  {
    id: 'stockroom',
    label: "Stockroom's own export",
    columnsFor: (kind) => Object.fromEntries(canonicalFields(kind).map((f) => [f, f])),
  },
  {
    id: 'odoo_stock_quant',
    label: 'Odoo Inventory: stock.quant export',
    columnsFor: onlyFor('opening_balances', {
      'Product/Internal Reference': 'sku',
      'product_id/default_code': 'sku',
      Product: 'description',
      product_id: 'description',
      Location: 'location',
      location_id: 'location',
      'Lot/Serial Number': 'lot',
      lot_id: 'lot',
      'On Hand Quantity': 'qty_on_hand',
      Quantity: 'qty_on_hand',
      quantity: 'qty_on_hand',
      'Unit of Measure': 'uom',
      'Product/Unit of Measure': 'uom',
      product_uom_id: 'uom',
      Value: 'value',
      'Lot/Serial Number/Expiration Date': 'expiry',
    }),
    derive: (fields) => {
      const display = fields.get('description');
      if (typeof display !== 'string') return;
      const m = ODOO_DISPLAY_RE.exec(display.trim());
      if (!m) return;
      const sku = fields.get('sku');
      if (sku === undefined || sku === '') fields.set('sku', m[1] ?? '');
      fields.set('description', m[2] ?? '');
    },
  },
  {
    id: 'erpnext_stock_balance',
    label: 'ERPNext: Stock Balance report',
    columnsFor: onlyFor('opening_balances', {
      Item: 'sku',
      'Item Code': 'sku',
      'Item Name': 'description',
      Warehouse: 'location',
      'Batch No': 'lot',
      Batch: 'lot',
      'Stock UOM': 'uom',
      'Balance Qty': 'qty_on_hand',
      'Balance Value': 'value',
      'Valuation Rate': 'unit_cost',
    }),
  },
  {
    id: 'wms_count',
    label: 'WMS count export',
    columnsFor: onlyFor('opening_balances', {
      SKU: 'sku',
      Description: 'description',
      Bin: 'location',
      Location: 'location',
      Lot: 'lot',
      Qty: 'qty_on_hand',
      Quantity: 'qty_on_hand',
      UOM: 'uom',
      Expiry: 'expiry',
      'Expiry Date': 'expiry',
    }),
  },
];

export function findPreset(id: PresetId): Preset {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) throw new RangeError(`unknown preset ${id}`);
  return preset;
}

/** Header names compare without case, spaces, underscores, a BOM or a trailing required-marker '*'. */
export function normalizeHeader(text: string): string {
  return text.normalize('NFKC').replace(/[\ufeff\u200b]/g, '').toLowerCase().replace(/[\s_]+/g, '').replace(/\*$/, '');
}
