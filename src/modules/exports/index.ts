// Public surface of exports: every master-data kind, on-hand, movements and count results as CSV or
// XLSX, streamed with keyset pagination. Reads other modules' tables; writes nothing.

export { EXPORT_KINDS, DEFAULT_PAGE as EXPORT_PAGE_ROWS, exportSheet, type ExportKind, type ExportSheet, type Cell } from './exports.sources.js';
export { writeCsv, writeXlsx, writeSheet, type ExportFormat } from './exports.writers.js';
export { exportTo, exportToFile, checkExportKind, checkExportFormat } from './exports.commands.js';
export { exportErrors } from './exports.errors.js';
export { exportRoutes, EXPORT_PERMISSION } from './exports.routes.js';
export { exportCli } from './exports.cli.js';
