// Public face of the imports module: parsing and mapping of CSV/XLSX files into typed rows.
// No database, no HTTP: commands, API and CLI build on readRows.

export { readRows, totalRowLabel } from './read-rows.js';
export { parseUnitText, normalizeUnitWord, UNIT_CODES, type UnitCode, type UnitText } from './unit-text.rules.js';
export { parseNumberText, parseNumberTextAuto, readNumberText, decimalFromSpreadsheetNumber, type DecimalMark, type NumberTextResult, type NumberTextReading } from './number-text.rules.js';
export { parseDateText, type DateOrder, type DateTextResult } from './date-text.rules.js';
export { parseBooleanText } from './boolean-text.rules.js';
export { detectDelimiter, CSV_DELIMITERS } from './delimiter.rules.js';
export { resolveHeader, type ResolvedHeader } from './header-mapping.rules.js';
export { PRESETS, findPreset, normalizeHeader, type Preset } from './presets.js';
export {
  ROW_SCHEMAS, canonicalFields, parseRow, parseField,
  type RowSchema, type FieldSpec, type FieldType, type CellContext, type ImportRecord, type ImportRecordByKind,
  type ItemRecord, type ItemType, type UnitRecord, type LocationRecord, type LotRecord, type SupplierRecord, type BomRecord, type OpeningBalanceRecord,
} from './row-schemas.js';
export { importErrors } from './imports.errors.js';
export {
  IMPORT_KINDS, ROW_PROBLEM_CODES,
  type ImportKind, type ImportInput, type ReadRowsOptions, type RowEvent, type RowProblem, type RowProblemCode,
  type HeaderInfo, type ColumnMapping, type HeaderMapping, type PresetId, type FileFormat, type TextEncoding, type CsvDelimiter, type NumberLocale,
  type RawCell, type DecimalCell, type DateCell, type SourceRow,
} from './imports.types.js';

// Import runs: the loaders, the API and the CLI over readRows.
export { runImport, benchOpeningBalanceImport, saveMapping, listMappings, getMapping, getImportRun, type ImportOptions, type ImportReport, type ImportCounts, type ImportMode, type ImportProgress, type ImportRunDto, type MappingDto } from './import.commands.js';
export type { Rejection } from './import.loaders.js';
export { importRunErrors } from './import-run.errors.js';
export { importRoutes } from './import.routes.js';
export { importCli } from './import.cli.js';
