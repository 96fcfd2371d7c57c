// Shared by the tests of this module only: collecting events and writing fixture files.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportKind, ImportInput, ReadRowsOptions, RowEvent } from './imports.types.js';
import { readRows } from './read-rows.js';
import type { ImportRecord } from './row-schemas.js';

export const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/imports');

/** Writes a fixture under test/fixtures/imports/ and returns its path. */
export function writeFixture(name: string, content: string | Uint8Array): string {
  mkdirSync(FIXTURE_DIR, { recursive: true });
  const path = join(FIXTURE_DIR, name);
  writeFileSync(path, content);
  return path;
}

export interface Collected<R> {
  readonly header: Extract<RowEvent<R>, { type: 'header' }>['header'];
  readonly records: { rowNumber: number; record: R }[];
  readonly rejected: Extract<RowEvent<R>, { type: 'rejected' }>[];
  readonly skipped: Extract<RowEvent<R>, { type: 'skipped' }>[];
}

export async function collect<K extends ImportKind>(input: ImportInput, options: ReadRowsOptions<K>): Promise<Collected<ImportRecord<K>>> {
  let header: Collected<ImportRecord<K>>['header'] | undefined;
  const out: Omit<Collected<ImportRecord<K>>, 'header'> = { records: [], rejected: [], skipped: [] };
  for await (const ev of readRows(input, options)) {
    if (ev.type === 'header') header = ev.header;
    else if (ev.type === 'record') out.records.push({ rowNumber: ev.rowNumber, record: ev.record });
    else if (ev.type === 'rejected') out.rejected.push(ev);
    else out.skipped.push(ev);
  }
  if (!header) throw new Error('no header event');
  return { header, ...out };
}

/** A CSV built from rows of cells, quoting only what needs it. */
export function csvText(rows: readonly (readonly string[])[], delimiter = ',', newline = '\n'): string {
  const quote = (c: string): string => (c.includes(delimiter) || c.includes('"') || c.includes('\n') ? `"${c.replace(/"/g, '""')}"` : c);
  return rows.map((r) => r.map(quote).join(delimiter)).join(newline) + newline;
}
