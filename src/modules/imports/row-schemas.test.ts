import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalFields, gs1CheckDigitOk, parseRow, ROW_SCHEMAS, type CellContext } from './row-schemas.js';
import { IMPORT_KINDS, type ImportKind, type RawCell, type RowProblemCode } from './imports.types.js';

const ctx = (over: Partial<CellContext> = {}): CellContext => ({ decimalMark: '.', mayLearnMark: false, dateOrder: 'dmy', allowNegativeQty: false, unitAliases: {}, ...over });
const row = (fields: Record<string, RawCell>): Map<string, RawCell> => new Map(Object.entries(fields));
const col = (f: string): string => `col:${f}`;

test('every kind has canonical fields, a key made of them, and required key fields first', () => {
  for (const kind of IMPORT_KINDS) {
    const fields = canonicalFields(kind);
    assert.equal(new Set(fields).size, fields.length, kind);
    for (const k of ROW_SCHEMAS[kind].key) assert.ok(fields.includes(k), `${kind} key ${k}`);
  }
  assert.deepEqual(canonicalFields('items').slice(0, 5), ['sku', 'description', 'type', 'category', 'base_uom']);
});

test('parseRow builds typed records per kind', () => {
  const cases: [kind: ImportKind, cells: Record<string, RawCell>, record: Record<string, unknown>, over?: Partial<CellContext>][] = [
    ['items',
      { sku: 'BOLT-M8', description: 'Bolt M8', type: 'Raw Material', base_uom: 'Stk', unit_cost: '0.125', cost_method: 'AVCO', criticality: 'High', lot_tracked: 'ja', serial_tracked: '0', shelf_life_days: '365', gtin: '4006381333931', active: 'yes' },
      { sku: 'BOLT-M8', description: 'Bolt M8', type: 'raw', base_uom: 'each', unit_cost: '0.125', cost_method: 'moving_average', criticality: 'critical', lot_tracked: true, serial_tracked: false, shelf_life_days: 365, gtin: '4006381333931', active: true }],
    ['items', { sku: 'FG-1', description: 'Desk', type: 'FERT', base_uom: 'EA' }, { sku: 'FG-1', description: 'Desk', type: 'finished', base_uom: 'each' }],
    ['units', { sku: 'BOLT-M8', uom: 'Case of 12' }, { sku: 'BOLT-M8', uom: 'case', factor: '12' }],
    ['units', { sku: 'BOLT-M8', uom: 'Pallet (40 cs)' }, { sku: 'BOLT-M8', uom: 'pallet', factor: '40', factor_uom: 'case' }],
    ['units', { sku: 'BOLT-M8', uom: 'Case', factor: '12,0' }, { sku: 'BOLT-M8', uom: 'case', factor: '12.0' }, { decimalMark: ',' }],
    ['units', { sku: 'BOLT-M8', uom: 'Case of 12', factor: '12.00' }, { sku: 'BOLT-M8', uom: 'case', factor: '12.00' }],
    ['locations', { code: 'WH1-A-01', type: 'Lagerplatz', parent_code: 'WH1-A', walk_sequence: '10', blocked: 'no' }, { code: 'WH1-A-01', type: 'bin', parent_code: 'WH1-A', walk_sequence: 10, blocked: false }],
    ['lots', { sku: 'MILK', lot: 'L-24-001', expiry: '31.05.2024' }, { sku: 'MILK', lot: 'L-24-001', expiry: '2024-05-31' }],
    ['lots', { sku: 'MILK', lot: 'L1', expiry: { kind: 'date', iso: '2024-05-31' } }, { sku: 'MILK', lot: 'L1', expiry: '2024-05-31' }],
    ['lots', { sku: 'MILK', lot: 'L1', expiry: { kind: 'decimal', text: '45443' } }, { sku: 'MILK', lot: 'L1', expiry: '2024-05-31' }],
    ['suppliers', { code: 'S1', name: 'Acme', email: 'po@acme.example', currency: 'eur', lead_time_days: '14' }, { code: 'S1', name: 'Acme', email: 'po@acme.example', currency: 'EUR', lead_time_days: 14 }],
    ['boms', { parent_sku: 'DESK', component_sku: 'BOLT-M8', qty_per: '8', uom: 'pcs', scrap_factor: '2,5 %' }, { parent_sku: 'DESK', component_sku: 'BOLT-M8', qty_per: '8', uom: 'each', scrap_factor: '0.025' }, { decimalMark: ',' }],
    ['opening_balances', { sku: 'BOLT-M8', location: 'WH1-A-01', lot: '', qty_on_hand: '1.234,50', uom: 'Case of 12' }, { sku: 'BOLT-M8', location: 'WH1-A-01', qty_on_hand: '1234.50', uom: 'case', uom_factor: '12' }, { decimalMark: ',' }],
    ['opening_balances', { sku: 'X', location: 'B', qty_on_hand: '(5)' }, { sku: 'X', location: 'B', qty_on_hand: '-5' }, { allowNegativeQty: true }],
    ['opening_balances', { sku: 'X', location: 'B', qty_on_hand: { kind: 'decimal', text: '2.5' } }, { sku: 'X', location: 'B', qty_on_hand: '2.5' }, { decimalMark: ',' }],
  ];
  for (const [kind, cells, record, over] of cases) {
    const r = parseRow(kind, row(cells), ctx(over), col);
    assert.deepEqual(r, { ok: true, record }, `${kind} ${JSON.stringify(cells)}`);
  }
});

test('parseRow names the column and the reason of every problem', () => {
  const cases: [kind: ImportKind, cells: Record<string, RawCell>, problems: [RowProblemCode, string][], over?: Partial<CellContext>][] = [
    ['items', { sku: 'A', base_uom: 'kg' }, [['required', 'description']]],
    ['items', { sku: 'A', description: 'x', base_uom: 'Case of 12' }, [['unit_with_count', 'base_uom']]],
    ['items', { sku: 'A', description: 'x', base_uom: 'Eimer' }, [['unknown_unit', 'base_uom']]],
    ['items', { sku: 'A', description: 'x', base_uom: 'kg', type: 'gadget', lot_tracked: 'maybe', gtin: '4006381333932', unit_cost: '-1' },
      [['invalid_value', 'type'], ['negative_not_allowed', 'unit_cost'], ['invalid_boolean', 'lot_tracked'], ['invalid_text', 'gtin']]],
    ['items', { sku: 'A\nB', description: 'x', base_uom: 'kg', shelf_life_days: '1.5' }, [['invalid_text', 'sku'], ['invalid_integer', 'shelf_life_days']]],
    ['units', { sku: 'A', uom: 'case' }, [['required', 'factor']]],
    ['units', { sku: 'A', uom: 'Case of 12', factor: '10' }, [['conflicting_factor', 'factor']]],
    ['units', { sku: 'A', uom: 'case', factor: '0' }, [['zero_not_allowed', 'factor']]],
    ['lots', { sku: 'A', lot: 'L', expiry: '05/06/2024' }, [['invalid_date', 'expiry']], { dateOrder: 'auto' }],
    ['suppliers', { code: 'S', name: 'n', email: 'nobody' }, [['invalid_text', 'email']]],
    ['opening_balances', { sku: 'A', location: 'B', qty_on_hand: '12-' }, [['negative_not_allowed', 'qty_on_hand']]],
    ['opening_balances', { sku: 'A', location: 'B', qty_on_hand: '1,234' }, [['invalid_number', 'qty_on_hand']], { decimalMark: undefined }],
    ['opening_balances', { sku: 'A', location: 'B', qty_on_hand: '1.5E+3' }, [['invalid_number', 'qty_on_hand']]],
  ];
  for (const [kind, cells, problems, over] of cases) {
    const r = parseRow(kind, row(cells), ctx(over), col);
    assert.equal(r.ok, false, JSON.stringify(cells));
    if (!r.ok) {
      assert.deepEqual(r.problems.map((p) => [p.code, p.field]), problems, JSON.stringify(cells));
      for (const p of r.problems) assert.equal(p.column, `col:${p.field}`);
    }
  }
});

test('gs1CheckDigitOk checks GTIN check digits', () => {
  const cases: [string, boolean][] = [['4006381333931', true], ['4006381333932', false], ['96385074', true], ['036000291452', true], ['10036000291459', true], ['10036000291452', false]];
  for (const [gtin, ok] of cases) assert.equal(gs1CheckDigitOk(gtin), ok, gtin);
});
