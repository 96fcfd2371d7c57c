// Types shared by the readers, the schemas and readRows. Records carry quantities and
// money as decimal strings ("1234.50"), never as JS numbers.

import type { DateOrder } from './date-text.rules.js';

export const IMPORT_KINDS = ['items', 'units', 'locations', 'lots', 'suppliers', 'boms', 'opening_balances'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** A number from a spreadsheet cell, already a canonical decimal string: no locale applies. */
export interface DecimalCell {
  readonly kind: 'decimal';
  readonly text: string;
}
/** A date from a spreadsheet cell: YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS when it has a time. */
export interface DateCell {
  readonly kind: 'date';
  readonly iso: string;
}
/** One cell as a reader hands it over; CSV gives strings only, '' when empty. */
export type RawCell = string | DecimalCell | DateCell | boolean;

/** One row of a file, numbered as the user sees it in a spreadsheet (the header is usually row 1). */
export interface SourceRow {
  readonly rowNumber: number;
  readonly cells: readonly RawCell[];
}

export type FileFormat = 'csv' | 'xlsx';
export type TextEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
export type CsvDelimiter = ',' | ';' | '\t';
export type NumberLocale = 'en' | 'de' | 'fr';

/** A file to read: a path, the whole file in memory, or a stream of its bytes. */
export type ImportInput = string | Uint8Array | NodeJS.ReadableStream | AsyncIterable<Uint8Array>;

/** Header name → canonical field, as saved by the user; null ignores the column. Case and spaces do not matter. */
export type HeaderMapping = Readonly<Record<string, string | null>>;

export type PresetId = 'stockroom' | 'odoo_stock_quant' | 'erpnext_stock_balance' | 'wms_count';

export interface ReadRowsOptions<K extends ImportKind = ImportKind> {
  readonly kind: K;
  /** default: from the file name (.csv, .tsv, .txt, .xlsx), else from the first bytes */
  readonly format?: FileFormat;
  /** CSV only; default 'auto': a BOM decides, else valid UTF-8 is UTF-8 and anything else Windows-1252 */
  readonly encoding?: TextEncoding | 'auto';
  /** CSV only; default 'auto': chosen from the header line and the first rows */
  readonly delimiter?: CsvDelimiter | 'auto';
  /** how numbers and dates in text cells are written; default 'auto': only unambiguous texts are read */
  readonly locale?: NumberLocale | 'auto';
  /** overrides the date order the locale implies (en: mdy, de and fr: dmy) */
  readonly dateOrder?: DateOrder;
  /** default 'auto': the preset whose column names match the header best */
  readonly preset?: PresetId | 'auto';
  /** the user's saved mapping; wins over the preset */
  readonly mapping?: HeaderMapping;
  /** 1-based row of the header; default: the first of the first 10 non-empty rows that names every required field */
  readonly headerRow?: number;
  /** XLSX only: sheet name or 1-based position in the workbook; default the first sheet */
  readonly sheet?: string | number;
  /** opening balances: accept negative quantities (sites that allow negative stock) */
  readonly allowNegativeQty?: boolean;
  /** a site's own unit names: { "BT": "bottle" } */
  readonly unitAliases?: Readonly<Record<string, string>>;
  /** in auto locale, how many rows are read ahead to learn the decimal mark; default 1000 */
  readonly lookaheadRows?: number;
}

/** Why a row was refused; a closed list so that callers can count and translate them. */
export const ROW_PROBLEM_CODES = [
  'required',
  'invalid_number',
  'invalid_integer',
  'negative_not_allowed',
  'zero_not_allowed',
  'invalid_date',
  'invalid_boolean',
  'invalid_value',
  'invalid_text',
  'too_long',
  'unknown_unit',
  'unit_with_count',
  'conflicting_factor',
  'too_many_columns',
  'duplicate_key',
] as const;
export type RowProblemCode = (typeof ROW_PROBLEM_CODES)[number];

export interface RowProblem {
  readonly code: RowProblemCode;
  /** the column as the file names it ("Balance Qty"), or "column 7" when the header has none */
  readonly column: string;
  /** the canonical field, when the problem is about one */
  readonly field?: string;
  readonly reason: string;
}

export interface ColumnMapping {
  /** 1-based position in the row */
  readonly position: number;
  readonly header: string;
  /** canonical field, or undefined when the column is ignored */
  readonly field?: string;
  /** why an unmapped column is ignored */
  readonly note?: string;
}

export interface HeaderInfo {
  readonly rowNumber: number;
  /** the preset that mapped the columns the saved mapping did not name */
  readonly preset: PresetId;
  readonly columns: readonly ColumnMapping[];
  readonly format: FileFormat;
  /** CSV: as decided by the header and the sample read for the delimiter; a file that is plain ASCII up to there reports 'utf-8' */
  readonly encoding?: TextEncoding;
  readonly delimiter?: CsvDelimiter;
  readonly sheet?: string;
}

export type RowEvent<R> =
  | { readonly type: 'header'; readonly rowNumber: number; readonly header: HeaderInfo }
  | { readonly type: 'record'; readonly rowNumber: number; readonly record: R }
  /** the first problem is spread on the event; `problems` lists them all */
  | ({ readonly type: 'rejected'; readonly rowNumber: number; readonly problems: readonly RowProblem[] } & RowProblem)
  /** a row that is not data, such as a report's total row */
  | { readonly type: 'skipped'; readonly rowNumber: number; readonly code: 'total_row'; readonly reason: string };
