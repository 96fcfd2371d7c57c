// XLSX as a stream of rows through exceljs' streaming WorkbookReader: one row at a time,
// numbered as Excel numbers it. Numbers and dates keep their type, so no locale is applied
// to them; only text cells go through the locale rules.

import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { RawCell, SourceRow } from './imports.types.js';
import { importErrors } from './imports.errors.js';
import { decimalFromSpreadsheetNumber } from './number-text.rules.js';

export interface XlsxTable {
  readonly sheet: string;
  readonly rows: AsyncIterable<SourceRow>;
}

export interface XlsxOptions {
  /** sheet name (case-insensitive) or 1-based position in the workbook; default the first sheet */
  readonly sheet?: string | number;
}

interface SheetModel {
  readonly name: string;
}
type WorksheetReader = ExcelJS.stream.xlsx.WorksheetReader & { name?: string };

export async function openXlsx(chunks: AsyncIterable<Buffer>, options: XlsxOptions = {}): Promise<XlsxTable> {
  const input = Readable.from(chunks);
  // Styles are needed to tell a date from a number; hyperlinks are not.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  const sheets = reader[Symbol.asyncIterator]();
  const tabs = (): readonly SheetModel[] => ((reader as unknown as { model?: { sheets?: SheetModel[] } }).model?.sheets ?? []);

  const wanted = (ws: WorksheetReader): boolean => {
    const name = ws.name ?? '';
    if (typeof options.sheet === 'string') return name.toLowerCase() === options.sheet.trim().toLowerCase();
    const position = options.sheet ?? 1;
    const tab = tabs()[position - 1];
    // Without a workbook model the sheets' own order is all we have.
    return tab ? tab.name === name : position === 1;
  };

  const close = async (): Promise<void> => {
    await sheets.return?.(undefined);
    input.destroy();
  };

  let found: WorksheetReader | undefined;
  try {
    for (let next = await sheets.next(); !next.done; next = await sheets.next()) {
      if (wanted(next.value as WorksheetReader)) {
        found = next.value as WorksheetReader;
        break;
      }
    }
  } catch (e) {
    input.destroy();
    throw importErrors.unreadable_file(`the workbook cannot be read: ${(e as Error).message}`, { field: 'file' });
  }
  if (!found) {
    const names = tabs().map((t) => t.name);
    await close();
    throw importErrors.sheet_not_found(`no sheet ${JSON.stringify(options.sheet ?? 1)} in the workbook (sheets: ${names.join(', ')})`, { field: 'sheet' });
  }
  const worksheet = found;

  async function* rows(): AsyncGenerator<SourceRow> {
    try {
      for await (const row of worksheet) {
        const values = row.values as unknown[];
        const cells: RawCell[] = [];
        for (let c = 1; c < values.length; c++) cells.push(toRawCell(values[c]));
        yield { rowNumber: row.number, cells };
      }
    } catch (e) {
      throw importErrors.unreadable_file(`the sheet cannot be read: ${(e as Error).message}`, { field: 'file' });
    } finally {
      await close();
    }
  }
  return { sheet: worksheet.name ?? '', rows: rows() };
}

/** exceljs cell values (number, string, Date, rich text, formula, hyperlink, error) as a RawCell. */
export function toRawCell(value: unknown): RawCell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    const text = decimalFromSpreadsheetNumber(value);
    return text === undefined ? '' : { kind: 'decimal', text };
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const iso = value.toISOString();
    return { kind: 'date', iso: iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19) };
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v['richText'])) return (v['richText'] as { text?: string }[]).map((r) => r.text ?? '').join('').trim();
    if ('formula' in v || 'sharedFormula' in v) return toRawCell(v['result']);
    if ('hyperlink' in v) return toRawCell(v['text']);
    // "#N/A" stays visible so that the row is refused with it, not loaded empty.
    if ('error' in v) return String(v['error']);
  }
  return String(value);
}
