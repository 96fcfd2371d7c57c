// Writers that stream an export sheet into any Writable (an HTTP response, a file): CSV through
// csv-stringify, XLSX through exceljs' streaming WorkbookWriter. Both wait for the destination to
// drain, so a slow reader holds the query loop back instead of filling memory.

import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { ExportSheet } from './exports.sources.js';

export type ExportFormat = 'csv' | 'xlsx';

export const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Writes the sheet as CSV (UTF-8 with a BOM, so that spreadsheet programs read accents right); ends `out`. Returns the data rows written. */
export async function writeCsv(sheet: ExportSheet, out: Writable): Promise<number> {
  const s = stringify({ bom: true, header: true, columns: [...sheet.columns] });
  const done = pipeline(s, out);
  let n = 0;
  try {
    for await (const row of sheet.rows) {
      n++;
      if (!s.write(row)) await Promise.race([once(s, 'drain'), done]);
    }
    s.end();
  } catch (e) {
    s.destroy(e instanceof Error ? e : new Error(String(e)));
    await done.catch(() => undefined);
    throw e;
  }
  await done;
  return n;
}

/** A decimal string as an XLSX number when a double holds it exactly, else as text (never a rounded number). */
function xlsxCell(value: string | null, decimal: boolean): string | number | null {
  if (value === null || !decimal) return value;
  const n = Number(value);
  return Number.isFinite(n) && String(n) === value ? n : value;
}

/** Writes the sheet as an XLSX workbook of one worksheet; ends `out`. Returns the data rows written. */
export async function writeXlsx(sheet: ExportSheet, out: Writable): Promise<number> {
  const finished = new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('close', resolve);
    out.once('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet(sheet.kind);
  ws.addRow([...sheet.columns]).commit();
  const decimal = sheet.columns.map((c) => sheet.decimalColumns.has(c));
  let n = 0;
  for await (const row of sheet.rows) {
    ws.addRow(row.map((v, i) => xlsxCell(v, decimal[i] ?? false))).commit();
    n++;
    if (n % 1000 === 0 && out.writableNeedDrain) await Promise.race([once(out, 'drain'), finished]);
  }
  ws.commit();
  await wb.commit();
  await finished;
  return n;
}

export function writeSheet(sheet: ExportSheet, format: ExportFormat, out: Writable): Promise<number> {
  return format === 'csv' ? writeCsv(sheet, out) : writeXlsx(sheet, out);
}
