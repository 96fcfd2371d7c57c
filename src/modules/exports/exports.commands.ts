// Export to a file or any stream: the one entry point the routes, the CLI and tests share.

import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Db } from '../../db/db.js';
import { exportErrors } from './exports.errors.js';
import { EXPORT_KINDS, exportSheet, isExportAvailable, type ExportKind } from './exports.sources.js';
import { writeSheet, type ExportFormat } from './exports.writers.js';

export function checkExportKind(kind: string): ExportKind {
  if (!(EXPORT_KINDS as readonly string[]).includes(kind)) throw exportErrors.unknown_kind(`kind must be one of ${EXPORT_KINDS.join(', ')}`, { field: 'kind' });
  return kind as ExportKind;
}

export function checkExportFormat(format: string): ExportFormat {
  if (format !== 'csv' && format !== 'xlsx') throw exportErrors.unknown_format('format must be csv or xlsx', { field: 'format' });
  return format;
}

/** Throws before anything is written when the kind cannot be exported from this database. */
export async function assertExportAvailable(db: Db, kind: ExportKind): Promise<void> {
  if (!(await isExportAvailable(db, kind))) throw exportErrors.not_available(`${kind} cannot be exported: this database has no count results (the counting module is not installed)`, { field: 'kind' });
}

/** Streams an export into `out` and ends it; returns the data rows written. */
export async function exportTo(db: Db, kind: ExportKind, format: ExportFormat, out: Writable, opts: { pageSize?: number } = {}): Promise<number> {
  await assertExportAvailable(db, kind);
  return writeSheet(exportSheet(db, kind, opts), format, out);
}

/** Streams an export into a file. */
export async function exportToFile(db: Db, kind: ExportKind, format: ExportFormat, path: string): Promise<number> {
  await assertExportAvailable(db, kind);
  return writeSheet(exportSheet(db, kind), format, createWriteStream(path));
}
