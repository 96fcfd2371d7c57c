// One schema per import kind: its canonical fields (which are also the column names of
// Stockroom's own export), which are required, how each is typed, and the key that must
// be unique within a file. parseRow turns mapped cells into a typed record or problems.

import { parseBooleanText } from './boolean-text.rules.js';
import { dateFromExcelSerial, parseDateText, type DateOrder } from './date-text.rules.js';
import type { ImportKind, RawCell, RowProblem, RowProblemCode } from './imports.types.js';
import { parseNumberText, parseNumberTextAuto, readNumberText, shiftDecimalLeft, type DecimalMark, type NumberTextResult } from './number-text.rules.js';
import { parseUnitText } from './unit-text.rules.js';

export type FieldType =
  | { readonly type: 'text'; readonly maxLength: number; readonly singleLine?: boolean; readonly pattern?: RegExp; readonly patternHint?: string; readonly upper?: boolean }
  /** 'stock': not negative unless the caller allows negative stock */
  | { readonly type: 'decimal'; readonly sign: 'nonnegative' | 'positive' | 'any' | 'stock'; readonly percent?: boolean }
  | { readonly type: 'integer'; readonly min: number }
  | { readonly type: 'date' }
  | { readonly type: 'boolean' }
  /** canonical value → the words exports use for it */
  | { readonly type: 'enum'; readonly values: Readonly<Record<string, readonly string[]>> }
  /** a unit code; with `count`, texts like "Case of 12" also give `<field>_factor` and `<field>_factor_unit` */
  | { readonly type: 'unit'; readonly count: boolean }
  | { readonly type: 'gtin' };

export type FieldSpec = FieldType & {
  readonly name: string;
  readonly required: boolean;
  /** one line for the import screen and the CLI help */
  readonly doc: string;
};

export interface RowSchema {
  readonly kind: ImportKind;
  readonly fields: readonly FieldSpec[];
  /** fields that identify a row; two rows with the same key in one file are a mistake */
  readonly key: readonly string[];
}

const code = (name: string, required: boolean, doc: string): FieldSpec => ({ name, required, doc, type: 'text', maxLength: 100, singleLine: true });
const text = (name: string, doc: string, maxLength = 500): FieldSpec => ({ name, required: false, doc, type: 'text', maxLength });
const flag = (name: string, doc: string): FieldSpec => ({ name, required: false, doc, type: 'boolean' });

const ITEM_TYPES = {
  // SAP material types (ROH, HALB, FERT, ERSA) show up in Dynamics and legacy exports too.
  raw: ['raw', 'raw material', 'raw materials', 'rm', 'material', 'component', 'roh', 'rohstoff', 'rohmaterial', 'matiere premiere'],
  wip: ['wip', 'work in progress', 'work in process', 'semi finished', 'semi finished good', 'semifinished', 'subassembly', 'sub assembly', 'halb', 'halbfabrikat'],
  finished: ['finished', 'finished good', 'finished goods', 'fg', 'product', 'fert', 'fertigerzeugnis', 'produit fini'],
  mro: ['mro', 'spare', 'spare part', 'spare parts', 'maintenance', 'ersa', 'ersatzteil'],
} as const;

export const ROW_SCHEMAS: Readonly<Record<ImportKind, RowSchema>> = {
  items: {
    kind: 'items',
    key: ['sku'],
    fields: [
      code('sku', true, 'unique item code'),
      { ...text('description', 'item name as people read it', 1000), required: true },
      { name: 'type', required: false, doc: 'raw, wip, finished or mro', type: 'enum', values: ITEM_TYPES },
      text('category', 'item category or group', 200),
      { name: 'base_uom', required: true, doc: 'unit the ledger counts in: each, kg, m, ...', type: 'unit', count: false },
      { name: 'qty_scale', required: false, doc: 'decimals of quantity the item keeps, 0 to 6 (default: 0 for counted units, 3 otherwise)', type: 'integer', min: 0 },
      { name: 'unit_cost', required: false, doc: 'cost of one base unit', type: 'decimal', sign: 'nonnegative' },
      { name: 'cost_method', required: false, doc: 'standard or moving_average', type: 'enum', values: { standard: ['standard', 'std', 'standard price', 'standard cost'], moving_average: ['moving average', 'average', 'avco', 'map', 'avg', 'moving average price'] } },
      { name: 'criticality', required: false, doc: 'critical, normal or low', type: 'enum', values: { critical: ['critical', 'high', 'kritisch'], normal: ['normal', 'medium'], low: ['low', 'niedrig'] } },
      flag('lot_tracked', 'yes when the item is tracked by lot'),
      flag('serial_tracked', 'yes when the item is tracked by serial number'),
      { name: 'shelf_life_days', required: false, doc: 'days from receipt or production to expiry', type: 'integer', min: 0 },
      { name: 'gtin', required: false, doc: 'GS1 GTIN-8/12/13/14 of the base unit', type: 'gtin' },
      code('barcode', false, 'internal barcode'),
      { name: 'skill_level', required: false, doc: 'counting skill level a counter needs', type: 'integer', min: 0 },
      flag('active', 'no for a discontinued item'),
    ],
  },
  units: {
    kind: 'units',
    key: ['sku', 'uom'],
    fields: [
      code('sku', true, 'item the unit belongs to'),
      { name: 'uom', required: true, doc: 'alternative unit: case, pallet, or a text like "Case of 12"', type: 'unit', count: true },
      { name: 'factor', required: false, doc: 'how many factor_uom (default: base units) one uom holds; may come from the uom text', type: 'decimal', sign: 'positive' },
      { name: 'factor_uom', required: false, doc: 'the unit the factor counts, when it is not the base unit', type: 'unit', count: false },
      { name: 'gtin', required: false, doc: 'GS1 GTIN of this pack', type: 'gtin' },
      code('barcode', false, 'internal barcode of this pack'),
    ],
  },
  locations: {
    kind: 'locations',
    key: ['code'],
    fields: [
      code('code', true, 'unique location code, e.g. WH1-A-01-03'),
      text('name', 'readable name', 200),
      { name: 'type', required: false, doc: 'site, warehouse, zone or bin', type: 'enum', values: { site: ['site', 'plant', 'werk', 'usine', 'factory'], warehouse: ['warehouse', 'wh', 'lager', 'entrepot'], zone: ['zone', 'area', 'bereich'], bin: ['bin', 'location', 'slot', 'shelf', 'bin location', 'lagerplatz', 'fach', 'emplacement'] } },
      code('parent_code', false, 'code of the enclosing location'),
      { name: 'walk_sequence', required: false, doc: 'position on the count route', type: 'integer', min: 0 },
      flag('blocked', 'yes when nothing may move in or out'),
    ],
  },
  lots: {
    kind: 'lots',
    key: ['sku', 'lot'],
    fields: [
      code('sku', true, 'item of the lot'),
      code('lot', true, 'lot number'),
      { name: 'expiry', required: false, doc: 'expiry date', type: 'date' },
      code('supplier_lot', false, "the supplier's own lot number"),
      code('supplier_code', false, 'supplier the lot came from'),
    ],
  },
  suppliers: {
    kind: 'suppliers',
    key: ['code'],
    fields: [
      code('code', true, 'unique supplier code'),
      { ...text('name', 'supplier name', 300), required: true },
      { name: 'email', required: false, doc: 'e-mail for purchase orders', type: 'text', maxLength: 254, singleLine: true, pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, patternHint: 'an e-mail address' },
      { ...code('phone', false, 'phone number') },
      { name: 'lead_time_days', required: false, doc: 'usual days from order to receipt', type: 'integer', min: 0 },
      { name: 'currency', required: false, doc: 'ISO 4217 code: EUR, USD', type: 'text', maxLength: 3, pattern: /^[A-Z]{3}$/, patternHint: 'a three-letter currency code', upper: true },
      flag('active', 'no for a supplier no longer used'),
    ],
  },
  boms: {
    kind: 'boms',
    key: ['parent_sku', 'component_sku'],
    fields: [
      code('parent_sku', true, 'item the BOM makes'),
      code('component_sku', true, 'item it consumes'),
      { name: 'qty_per', required: true, doc: 'component quantity per one parent unit', type: 'decimal', sign: 'positive' },
      { name: 'uom', required: false, doc: 'unit of qty_per; default the component base unit', type: 'unit', count: true },
      { name: 'scrap_factor', required: false, doc: 'expected scrap as a fraction (0.05) or a percentage (5%)', type: 'decimal', sign: 'nonnegative', percent: true },
    ],
  },
  opening_balances: {
    kind: 'opening_balances',
    key: ['sku', 'location', 'lot'],
    fields: [
      code('sku', true, 'item'),
      code('location', true, 'location code'),
      code('lot', false, 'lot or serial number'),
      { name: 'qty_on_hand', required: true, doc: 'quantity on hand in uom (default the base unit)', type: 'decimal', sign: 'stock' },
      { name: 'uom', required: false, doc: 'unit of qty_on_hand; default the base unit', type: 'unit', count: true },
      { name: 'unit_cost', required: false, doc: 'cost of one uom', type: 'decimal', sign: 'nonnegative' },
      { name: 'value', required: false, doc: 'total value of the balance', type: 'decimal', sign: 'stock' },
      { name: 'expiry', required: false, doc: 'expiry date of the lot', type: 'date' },
      text('description', 'item name as the source system shows it; informational', 1000),
    ],
  },
};

/** Canonical field names per kind, in the order of Stockroom's own export. */
export function canonicalFields(kind: ImportKind): readonly string[] {
  return ROW_SCHEMAS[kind].fields.map((f) => f.name);
}

// Records per kind. Quantities and money are decimal strings; counts of days are integers.
export type ItemType = keyof typeof ITEM_TYPES;
export interface ItemRecord {
  sku: string; description: string; type?: ItemType; category?: string; base_uom: string; qty_scale?: number;
  unit_cost?: string; cost_method?: 'standard' | 'moving_average'; criticality?: 'critical' | 'normal' | 'low';
  lot_tracked?: boolean; serial_tracked?: boolean; shelf_life_days?: number; gtin?: string; barcode?: string;
  skill_level?: number; active?: boolean;
}
export interface UnitRecord { sku: string; uom: string; factor: string; factor_uom?: string; gtin?: string; barcode?: string }
export interface LocationRecord { code: string; name?: string; type?: 'site' | 'warehouse' | 'zone' | 'bin'; parent_code?: string; walk_sequence?: number; blocked?: boolean }
export interface LotRecord { sku: string; lot: string; expiry?: string; supplier_lot?: string; supplier_code?: string }
export interface SupplierRecord { code: string; name: string; email?: string; phone?: string; lead_time_days?: number; currency?: string; active?: boolean }
export interface BomRecord { parent_sku: string; component_sku: string; qty_per: string; uom?: string; uom_factor?: string; uom_factor_unit?: string; scrap_factor?: string }
export interface OpeningBalanceRecord {
  sku: string; location: string; lot?: string; qty_on_hand: string; uom?: string; uom_factor?: string; uom_factor_unit?: string;
  unit_cost?: string; value?: string; expiry?: string; description?: string;
}
export interface ImportRecordByKind {
  items: ItemRecord; units: UnitRecord; locations: LocationRecord; lots: LotRecord;
  suppliers: SupplierRecord; boms: BomRecord; opening_balances: OpeningBalanceRecord;
}
export type ImportRecord<K extends ImportKind> = ImportRecordByKind[K];

/** How text cells are read; `decimalMark` is learnt from the file in auto mode, hence mutable. */
export interface CellContext {
  decimalMark: DecimalMark | undefined;
  /** auto mode may still lock the mark on the first unambiguous number */
  mayLearnMark: boolean;
  readonly dateOrder: DateOrder | 'auto';
  readonly allowNegativeQty: boolean;
  readonly unitAliases: Readonly<Record<string, string>>;
}

type FieldResult = { ok: true; values: Record<string, unknown> } | { ok: false; code: RowProblemCode; reason: string };

function cellText(cell: RawCell): string {
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return cell.kind === 'decimal' ? cell.text : cell.iso;
}

export function isEmptyCell(cell: RawCell | undefined): boolean {
  return cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

function readDecimal(cell: RawCell, ctx: CellContext): NumberTextResult {
  if (typeof cell === 'object' && cell.kind === 'decimal') return { ok: true, value: cell.text, negative: cell.text.startsWith('-') };
  const s = cellText(cell);
  if (ctx.decimalMark === undefined && ctx.mayLearnMark) {
    const reading = readNumberText(s);
    if (reading.kind === 'only') {
      ctx.decimalMark = reading.mark;
      ctx.mayLearnMark = false;
    }
  }
  return parseNumberTextAuto(s, ctx.decimalMark);
}

/** Parses one non-empty cell for a field; a unit field may fill `<name>_factor` and `<name>_factor_unit` too. */
export function parseField(spec: FieldSpec, cell: RawCell, ctx: CellContext): FieldResult {
  const name = spec.name;
  const s = cellText(cell);
  switch (spec.type) {
    case 'text': {
      const v = spec.upper ? s.toUpperCase() : s;
      if (v.length > spec.maxLength) return { ok: false, code: 'too_long', reason: `is longer than ${spec.maxLength} characters` };
      if (spec.singleLine && /[\r\n\t]/.test(v)) return { ok: false, code: 'invalid_text', reason: 'contains a line break or tab' };
      if (spec.pattern && !spec.pattern.test(v)) return { ok: false, code: 'invalid_text', reason: `"${s}" is not ${spec.patternHint ?? 'valid'}` };
      return { ok: true, values: { [name]: v } };
    }
    case 'decimal': {
      const percent = spec.percent === true && typeof cell === 'string' && s.endsWith('%');
      let result = readDecimal(percent ? s.slice(0, -1).trim() : cell, ctx);
      if (percent && result.ok) result = { ...result, value: shiftDecimalLeft(result.value, 2) };
      if (!result.ok) return { ok: false, code: 'invalid_number', reason: result.reason };
      const negative = result.value.startsWith('-');
      const zero = /^-?[0.]+$/.test(result.value);
      const mayBeNegative = spec.sign === 'any' || (spec.sign === 'stock' && ctx.allowNegativeQty);
      if (negative && !mayBeNegative) return { ok: false, code: 'negative_not_allowed', reason: `"${s}" is negative, which is not allowed here` };
      if (zero && spec.sign === 'positive') return { ok: false, code: 'zero_not_allowed', reason: 'must be greater than zero' };
      return { ok: true, values: { [name]: result.value } };
    }
    case 'integer': {
      const result = readDecimal(cell, ctx);
      if (!result.ok) return { ok: false, code: 'invalid_integer', reason: result.reason };
      if (!/^-?\d+(\.0*)?$/.test(result.value)) return { ok: false, code: 'invalid_integer', reason: `"${s}" is not a whole number` };
      const n = Number(result.value.replace(/\.0*$/, ''));
      if (!Number.isSafeInteger(n)) return { ok: false, code: 'invalid_integer', reason: `"${s}" is too large` };
      if (n < spec.min) return { ok: false, code: n < 0 ? 'negative_not_allowed' : 'invalid_integer', reason: `must be at least ${spec.min}` };
      return { ok: true, values: { [name]: n } };
    }
    case 'date': {
      if (typeof cell === 'object' && cell.kind === 'date') return { ok: true, values: { [name]: cell.iso.slice(0, 10) } };
      if (typeof cell === 'object' && cell.kind === 'decimal') {
        // An unformatted date column in XLSX holds Excel serial day numbers.
        const iso = /^\d+$/.test(cell.text) ? dateFromExcelSerial(Number(cell.text)) : undefined;
        return iso ? { ok: true, values: { [name]: iso } } : { ok: false, code: 'invalid_date', reason: `${cell.text} is not a date` };
      }
      const result = parseDateText(s, ctx.dateOrder);
      return result.ok ? { ok: true, values: { [name]: result.value } } : { ok: false, code: 'invalid_date', reason: result.reason };
    }
    case 'boolean': {
      const v = typeof cell === 'boolean' ? cell : parseBooleanText(s);
      if (v === undefined) return { ok: false, code: 'invalid_boolean', reason: `"${s}" is not yes/no, true/false or 1/0` };
      return { ok: true, values: { [name]: v } };
    }
    case 'enum': {
      const word = s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[\s_-]+/g, ' ').trim();
      for (const [value, words] of Object.entries(spec.values)) {
        if (value.replace(/_/g, ' ') === word || words.includes(word)) return { ok: true, values: { [name]: value } };
      }
      return { ok: false, code: 'invalid_value', reason: `"${s}" is not one of ${Object.keys(spec.values).join(', ')}` };
    }
    case 'unit': {
      const unit = parseUnitText(s, ctx.unitAliases);
      if (!unit) return { ok: false, code: 'unknown_unit', reason: `unit "${s}" is not known; add it to the unit aliases or fix the text` };
      if (unit.factor !== undefined && !spec.count) return { ok: false, code: 'unit_with_count', reason: `"${s}" is a pack, but a single unit is needed here` };
      const values: Record<string, unknown> = { [name]: unit.unit };
      if (unit.factor !== undefined) values[`${name}_factor`] = unit.factor;
      if (unit.factorUnit !== undefined) values[`${name}_factor_unit`] = unit.factorUnit;
      return { ok: true, values };
    }
    case 'gtin': {
      const v = s.replace(/\s/g, '');
      if (!/^(\d{8}|\d{12,14})$/.test(v) || !gs1CheckDigitOk(v)) return { ok: false, code: 'invalid_text', reason: `"${s}" is not a valid GTIN (8, 12, 13 or 14 digits with check digit)` };
      return { ok: true, values: { [name]: v } };
    }
  }
}

/** GS1 mod-10: weights 3 and 1 alternate from the right, check digit excluded. */
export function gs1CheckDigitOk(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 2, w = 3; i >= 0; i--, w = 4 - w) sum += Number(digits[i]) * w;
  return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}

/**
 * Turns the cells of one row, already keyed by canonical field, into a record of `kind`,
 * or the list of problems. `columnOf` names the file's column for a field, for messages.
 */
export function parseRow<K extends ImportKind>(
  kind: K,
  cells: ReadonlyMap<string, RawCell>,
  ctx: CellContext,
  columnOf: (field: string) => string,
): { ok: true; record: ImportRecord<K> } | { ok: false; problems: RowProblem[] } {
  const schema = ROW_SCHEMAS[kind];
  const record: Record<string, unknown> = {};
  const problems: RowProblem[] = [];
  for (const spec of schema.fields) {
    const cell = cells.get(spec.name);
    if (cell === undefined || isEmptyCell(cell)) {
      if (spec.required) problems.push({ code: 'required', column: columnOf(spec.name), field: spec.name, reason: `${spec.name} is required` });
      continue;
    }
    const r = parseField(spec, cell, ctx);
    if (r.ok) Object.assign(record, r.values);
    else problems.push({ code: r.code, column: columnOf(spec.name), field: spec.name, reason: r.reason });
  }
  if (kind === 'units' && problems.length === 0) finishUnitRecord(record, problems, columnOf);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, record: record as unknown as ImportRecord<K> };
}

// "Case of 12" in the uom column may stand in for the factor columns, but must not contradict them.
function finishUnitRecord(record: Record<string, unknown>, problems: RowProblem[], columnOf: (field: string) => string): void {
  const fromText = record['uom_factor'] as string | undefined;
  const fromTextUnit = record['uom_factor_unit'] as string | undefined;
  delete record['uom_factor'];
  delete record['uom_factor_unit'];
  if (fromText !== undefined) {
    const given = record['factor'] as string | undefined;
    if (given !== undefined && !sameDecimal(given, fromText)) {
      problems.push({ code: 'conflicting_factor', column: columnOf('factor'), field: 'factor', reason: `factor ${given} contradicts the unit text, which says ${fromText}` });
      return;
    }
    record['factor'] = given ?? fromText;
    const givenUnit = record['factor_uom'] as string | undefined;
    if (fromTextUnit !== undefined && givenUnit !== undefined && givenUnit !== fromTextUnit) {
      problems.push({ code: 'conflicting_factor', column: columnOf('factor_uom'), field: 'factor_uom', reason: `factor_uom ${givenUnit} contradicts the unit text, which says ${fromTextUnit}` });
      return;
    }
    if (fromTextUnit !== undefined) record['factor_uom'] = fromTextUnit;
  }
  if (record['factor'] === undefined) {
    problems.push({ code: 'required', column: columnOf('factor'), field: 'factor', reason: 'factor is required unless the unit text carries it ("Case of 12")' });
  }
}

function sameDecimal(a: string, b: string): boolean {
  const na = parseNumberText(a, '.');
  const nb = parseNumberText(b, '.');
  const strip = (v: string): string => (v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v);
  return na.ok && nb.ok && strip(na.value) === strip(nb.value);
}
