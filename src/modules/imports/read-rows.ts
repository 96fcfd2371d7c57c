// readRows: a file in, an async stream of typed records and row-level rejections out.
// Memory stays flat: rows flow one at a time from the reader, except a bounded read-ahead
// (header search, and in auto locale the rows that teach us the decimal mark). The keys
// seen so far are kept to catch duplicates; that set grows with the distinct keys only.

import type { DateOrder } from './date-text.rules.js';
import { openInput } from './byte-source.js';
import { openCsv } from './csv-reader.js';
import { resolveHeader, type ResolvedHeader } from './header-mapping.rules.js';
import type { HeaderInfo, ImportInput, ImportKind, RawCell, ReadRowsOptions, RowEvent, RowProblem, SourceRow } from './imports.types.js';
import { importErrors } from './imports.errors.js';
import { readNumberText, type DecimalMark } from './number-text.rules.js';
import { isEmptyCell, parseRow, ROW_SCHEMAS, type CellContext, type ImportRecord } from './row-schemas.js';
import { openXlsx } from './xlsx-reader.js';

const HEADER_SEARCH_ROWS = 10;
const DEFAULT_LOOKAHEAD_ROWS = 1000;

// Labels of a report's total line, in the languages our customers' ERPs export in.
const TOTAL_LABEL_RE = /^(grand\s*total|totals?|sub\s*-?\s*totals?|summe|gesamt|gesamtsumme|zwischensumme|total\s+g[ée]n[ée]ral|sum)\s*:?$/i;
const NUMERIC_LOOKING_RE = /^[\s\d.,'()+\-\u2212€$£%\u00a0\u202f]*$/;

interface Table {
  readonly rows: AsyncIterable<SourceRow>;
  readonly info: () => Pick<HeaderInfo, 'format' | 'encoding' | 'delimiter' | 'sheet'>;
}

/**
 * Reads an import file row by row. The first event is always the header (how columns were
 * mapped); then one event per non-empty data row: a record, a rejection, or a skipped
 * total row. File-level failures (unreadable file, required column missing) throw a
 * DomainError with an `import.*` code before or while iterating.
 *
 * ```ts
 * for await (const ev of readRows('stock.csv', { kind: 'opening_balances', locale: 'de' })) {
 *   if (ev.type === 'record') post(ev.record);
 *   else if (ev.type === 'rejected') report(ev.rowNumber, ev.column, ev.reason);
 * }
 * ```
 */
export async function* readRows<K extends ImportKind>(input: ImportInput, options: ReadRowsOptions<K>): AsyncGenerator<RowEvent<ImportRecord<K>>, void, undefined> {
  const opened = await openInput(input, options.format);
  try {
    const table = await openTable(opened.format, opened.chunks, options, opened.close);
    yield* mapRows(table, options);
  } finally {
    opened.close();
  }
}

async function openTable(format: 'csv' | 'xlsx', chunks: AsyncIterable<Buffer>, options: ReadRowsOptions, close: () => void): Promise<Table> {
  try {
    if (format === 'xlsx') {
      const xlsx = await openXlsx(chunks, { sheet: options.sheet });
      return { rows: xlsx.rows, info: () => ({ format, sheet: xlsx.sheet }) };
    }
    const csv = await openCsv(chunks, { encoding: options.encoding, delimiter: options.delimiter });
    return { rows: csv.rows, info: () => ({ format, encoding: csv.encoding(), delimiter: csv.delimiter }) };
  } catch (e) {
    close();
    throw e;
  }
}

function cellText(cell: RawCell | undefined): string {
  if (cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'boolean') return String(cell);
  return cell.kind === 'decimal' ? cell.text : cell.iso;
}

async function* mapRows<K extends ImportKind>(table: Table, options: ReadRowsOptions<K>): AsyncGenerator<RowEvent<ImportRecord<K>>> {
  const kind = options.kind;
  const schema = ROW_SCHEMAS[kind];
  const rows = table.rows[Symbol.asyncIterator]();

  // 1. Find the header. Rows read past it are replayed from `ahead`.
  const { header, headerRow, ahead } = await findHeader(rows, options);
  const lastNamed = header.columns.reduce((last, c, i) => (c.header !== '' ? i : last), -1);
  const width = lastNamed + 1;
  const columnName = new Map<string, string>();
  for (const [field, i] of header.positions) columnName.set(field, header.columns[i]?.header ?? field);
  const columnOf = (field: string): string => columnName.get(field) ?? field;
  const info = table.info();
  yield {
    type: 'header',
    rowNumber: headerRow,
    header: { rowNumber: headerRow, preset: header.preset.id, columns: header.columns, ...info },
  };

  const ctx = cellContext(options);
  const numberPositions = schema.fields.filter((f) => f.type === 'decimal' || f.type === 'integer').flatMap((f) => header.positions.get(f.name) ?? []);
  const keyPositions = schema.key.flatMap((f) => header.positions.get(f) ?? []);

  // 2. In auto locale, read ahead to learn the decimal mark before judging any number.
  if (ctx.mayLearnMark) {
    const limit = options.lookaheadRows ?? DEFAULT_LOOKAHEAD_ROWS;
    while (ahead.length < limit) {
      const next = await rows.next();
      if (next.done) break;
      ahead.push(next.value);
    }
    learnDecimalMark(ahead, numberPositions, ctx);
  }

  // 3. Map every row.
  const seenKeys = new Map<string, number>();
  const delimiter = info.delimiter;
  async function* all(): AsyncGenerator<SourceRow> {
    yield* ahead.splice(0);
    for (let next = await rows.next(); !next.done; next = await rows.next()) yield next.value;
  }
  for await (const row of all()) {
    const { rowNumber, cells } = row;
    if (cells.every((c) => isEmptyCell(c))) continue;

    const total = totalRowLabel(cells, keyPositions);
    if (total !== undefined) {
      yield { type: 'skipped', rowNumber, code: 'total_row', reason: `"${total}" is a report total, not an item; not loaded` };
      continue;
    }

    const extra = cells.findIndex((c, i) => i >= width && !isEmptyCell(c));
    if (extra !== -1) {
      const hint = delimiter ? `; a value may hold an unquoted '${delimiter === '\t' ? '\\t' : delimiter}'` : '';
      const problem: RowProblem = { code: 'too_many_columns', column: `column ${extra + 1}`, reason: `the row has values in ${cells.length} columns but the header names ${width}${hint}` };
      yield { type: 'rejected', rowNumber, ...problem, problems: [problem] };
      continue;
    }

    const fields = new Map<string, RawCell>();
    for (const [field, i] of header.positions) fields.set(field, cells[i] ?? '');
    header.preset.derive?.(fields);

    const problems: RowProblem[] = [];
    const parsed = parseRow(kind, fields, ctx, columnOf);
    if (!parsed.ok) problems.push(...parsed.problems);

    // Keys compare without case: ERPs and people treat "ab-1" and "AB-1" as one item.
    const keyParts = schema.key.map((f) => cellText(fields.get(f)).toUpperCase());
    const keyComplete = schema.key.every((f, i) => keyParts[i] !== '' || !schema.fields.find((s) => s.name === f)?.required);
    if (keyComplete) {
      const key = keyParts.join('\u0000');
      const firstRow = seenKeys.get(key);
      if (firstRow !== undefined) {
        problems.push({
          code: 'duplicate_key',
          column: schema.key.map(columnOf).join(' + '),
          reason: `same ${schema.key.join(' + ')} as row ${firstRow}`,
        });
      } else {
        seenKeys.set(key, rowNumber);
      }
    }

    const [first] = problems;
    if (first) yield { type: 'rejected', rowNumber, ...first, problems };
    else if (parsed.ok) yield { type: 'record', rowNumber, record: parsed.record };
  }
}

async function findHeader(
  rows: AsyncIterator<SourceRow>,
  options: ReadRowsOptions,
): Promise<{ header: ResolvedHeader; headerRow: number; ahead: SourceRow[] }> {
  const resolve = (row: SourceRow): ResolvedHeader => resolveHeader(row.cells, options.kind, { preset: options.preset, mapping: options.mapping });
  const candidates: { row: SourceRow; header: ResolvedHeader }[] = [];
  const ahead: SourceRow[] = [];
  let chosen: { row: SourceRow; header: ResolvedHeader } | undefined;

  for (let next = await rows.next(); !next.done; next = await rows.next()) {
    const row = next.value;
    if (chosen) {
      ahead.push(row);
      break;
    }
    if (options.headerRow !== undefined) {
      if (row.rowNumber < options.headerRow) continue;
      if (row.rowNumber > options.headerRow || row.cells.every((c) => isEmptyCell(c))) {
        throw importErrors.no_header(`row ${options.headerRow} is empty`, { field: 'headerRow' });
      }
      chosen = { row, header: resolve(row) };
      candidates.push(chosen);
      break;
    }
    if (row.cells.every((c) => isEmptyCell(c))) continue;
    const header = resolve(row);
    candidates.push({ row, header });
    if (header.missing.length === 0) chosen = { row, header };
    else if (candidates.length >= HEADER_SEARCH_ROWS) break;
  }

  const best = chosen ?? [...candidates].sort((a, b) => a.header.missing.length - b.header.missing.length)[0];
  if (!best) throw importErrors.no_header('the file has no rows', { field: 'file' });
  if (best.header.missing.length > 0) {
    const found = best.header.columns.map((c) => c.header).filter((h) => h !== '');
    throw importErrors.missing_columns(
      `no column for ${best.header.missing.join(', ')} (row ${best.row.rowNumber} has: ${found.join(', ')}); map them in the import mapping`,
      { fields: best.header.missing.map((f) => ({ field: `mapping/${f}`, reason: 'required field has no column' })), extra: { rowNumber: best.row.rowNumber, missing: best.header.missing } },
    );
  }
  return { header: best.header, headerRow: best.row.rowNumber, ahead };
}

function cellContext(options: ReadRowsOptions): CellContext {
  const locale = options.locale ?? 'auto';
  const dateOrder: DateOrder | 'auto' = options.dateOrder ?? (locale === 'auto' ? 'auto' : locale === 'en' ? 'mdy' : 'dmy');
  const decimalMark: DecimalMark | undefined = locale === 'auto' ? undefined : locale === 'en' ? '.' : ',';
  return {
    decimalMark,
    mayLearnMark: locale === 'auto',
    dateOrder,
    allowNegativeQty: options.allowNegativeQty ?? false,
    unitAliases: options.unitAliases ?? {},
  };
}

/** Locks the decimal mark when the rows read ahead show one mark only; both marks leave every value to itself. */
function learnDecimalMark(rows: readonly SourceRow[], positions: readonly number[], ctx: CellContext): void {
  const marks = new Set<DecimalMark>();
  for (const row of rows) {
    for (const i of positions) {
      const cell = row.cells[i];
      if (typeof cell !== 'string' || cell === '') continue;
      const reading = readNumberText(cell);
      if (reading.kind === 'only') marks.add(reading.mark);
    }
  }
  if (marks.size === 1) {
    ctx.decimalMark = [...marks][0];
    ctx.mayLearnMark = false;
  } else if (marks.size === 2) {
    ctx.mayLearnMark = false;
  }
}

/**
 * A report's total line: a total label in one of the first three cells, and nothing else in
 * the row but numbers. ERPNext writes "Total" into the item column, so the key cell may
 * hold the label; a real item called "Total" would have a description or location beside it.
 */
export function totalRowLabel(cells: readonly RawCell[], keyPositions: readonly number[] = []): string | undefined {
  const labelAt = cells.slice(0, 3).findIndex((c) => typeof c === 'string' && TOTAL_LABEL_RE.test(c.replace(/^'|'$/g, '').trim()));
  if (labelAt === -1) return undefined;
  const othersAreNumbers = cells.every((c, i) => i === labelAt || isEmptyCell(c) || (typeof c === 'object' && c.kind === 'decimal') || (typeof c === 'string' && NUMERIC_LOOKING_RE.test(c)));
  const keysEmpty = keyPositions.every((i) => i === labelAt || isEmptyCell(cells[i]));
  return othersAreNumbers && keysEmpty ? cellText(cells[labelAt]).replace(/^'|'$/g, '') : undefined;
}
