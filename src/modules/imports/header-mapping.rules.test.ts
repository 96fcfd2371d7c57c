import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveHeader } from './header-mapping.rules.js';
import { normalizeHeader } from './presets.js';
import type { ImportKind, PresetId } from './imports.types.js';

test('resolveHeader picks the preset whose column names match best', () => {
  const cases: [name: string, kind: ImportKind, header: string[], preset: PresetId, fields: Record<string, string>][] = [
    ['Odoo stock.quant', 'opening_balances', ['Product', 'Product/Internal Reference', 'Location', 'Lot/Serial Number', 'Quantity', 'Unit of Measure'], 'odoo_stock_quant',
      { description: 'Product', sku: 'Product/Internal Reference', location: 'Location', lot: 'Lot/Serial Number', qty_on_hand: 'Quantity', uom: 'Unit of Measure' }],
    ['ERPNext Stock Balance', 'opening_balances', ['Item', 'Item Name', 'Item Group', 'Warehouse', 'Stock UOM', 'Balance Qty', 'Balance Value', 'Valuation Rate'], 'erpnext_stock_balance',
      { sku: 'Item', description: 'Item Name', location: 'Warehouse', uom: 'Stock UOM', qty_on_hand: 'Balance Qty', value: 'Balance Value', unit_cost: 'Valuation Rate' }],
    ['WMS count', 'opening_balances', ['SKU', 'Bin', 'Lot', 'Qty', 'UOM', 'Expiry'], 'wms_count',
      { sku: 'SKU', location: 'Bin', lot: 'Lot', qty_on_hand: 'Qty', uom: 'UOM', expiry: 'Expiry' }],
    ['Stockroom export, case and spaces ignored', 'items', ['SKU', 'Description', 'TYPE', 'Base UOM', ' unit_cost '], 'stockroom',
      { sku: 'SKU', description: 'Description', type: 'TYPE', base_uom: 'Base UOM', unit_cost: ' unit_cost ' }],
  ];
  for (const [name, kind, header, preset, fields] of cases) {
    const r = resolveHeader(header, kind);
    assert.equal(r.preset.id, preset, name);
    assert.deepEqual(r.missing, [], name);
    const mapped = Object.fromEntries([...r.positions].map(([f, i]) => [f, header[i]]));
    assert.deepEqual(mapped, fields, name);
  }
});

test('the saved mapping wins over the preset, case- and space-insensitively', () => {
  const header = ['Internal Reference', 'Name', 'Einheit', 'Product Category'];
  const r = resolveHeader(header, 'items', { mapping: { 'internal  reference': 'sku', NAME: 'description', einheit: 'base_uom', 'Product Category': null } });
  assert.deepEqual(r.missing, []);
  assert.equal(r.positions.get('sku'), 0);
  assert.equal(r.positions.get('base_uom'), 2);
  assert.equal(r.columns[3]?.note, 'ignored by the mapping');
});

test('the first of two columns for one field wins; the other is noted', () => {
  const r = resolveHeader(['Product', 'On Hand Quantity', 'Quantity', 'Location'], 'opening_balances', { preset: 'odoo_stock_quant' });
  assert.equal(r.positions.get('qty_on_hand'), 1);
  assert.match(r.columns[2]?.note ?? '', /On Hand Quantity/);
  // The SKU comes from "[REF] Name" in the Product column.
  assert.deepEqual(r.missing, []);
});

test('resolveHeader reports missing required fields and refuses a wrong mapping', () => {
  assert.deepEqual(resolveHeader(['sku', 'qty'], 'opening_balances', { preset: 'stockroom' }).missing, ['location', 'qty_on_hand']);
  assert.throws(() => resolveHeader(['a'], 'items', { mapping: { a: 'nonsense' } }), { code: 'import.unknown_field' });
  assert.throws(() => resolveHeader(['a', 'b'], 'items', { mapping: { a: 'sku', b: 'sku' } }), { code: 'import.mapping_conflict' });
});

test('normalizeHeader ignores case, spaces, underscores, BOM and a required marker', () => {
  assert.equal(normalizeHeader('\ufeffBase_UOM *'), normalizeHeader('base uom'));
  assert.notEqual(normalizeHeader('Lot/Serial Number'), normalizeHeader('Lot Serial Number'));
});
