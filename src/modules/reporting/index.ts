// Public surface of the reporting module: read-only count reports (seed 000 step 11) and count
// history (step 13) over the counting tables, shaped as JSON, CSV (streamed) and PDF.
export * from './reporting.errors.js';
export * from './reporting.types.js';
export {
  resolveCountFilter, reportLines, toReportRow, countReportRows, countReportTotals, getCountReport, countHistory, REPORT_NOTES,
  type ReportLine, type ReportLinesOptions, type CountHistoryFilter,
} from './reporting.queries.js';
export { varianceStatusText, pctOf, periodOf, paretoOf, AccuracyAccumulator } from './reporting.rules.js';
export { countReportCsv, COUNT_REPORT_CSV_COLUMNS } from './reporting.csv.js';
export { countReportPdf, type PdfReportHead } from './reporting.pdf.js';
export { reportingRoutes } from './reporting.routes.js';
