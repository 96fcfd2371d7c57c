// CLI adapter of imports: `stockroom import <kind> <file>`, with a progress bar on a terminal and
// plain lines otherwise; rejected rows are printed as they are found.

import { readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { CliModule } from '../../cli/cli.types.js';
import { importRunErrors } from './import-run.errors.js';
import { runImport, type ImportMode, type ImportProgress, type ImportReport } from './import.commands.js';
import { IMPORT_KINDS, type CsvDelimiter, type HeaderMapping, type ImportKind, type NumberLocale, type PresetId, type TextEncoding } from './imports.types.js';

const DELIMITERS: Record<string, CsvDelimiter> = { comma: ',', ',': ',', semicolon: ';', ';': ';', tab: '\t', '\\t': '\t' };
const MAX_PRINTED = 1000;

function intOption(text: string | undefined, field: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw importRunErrors.invalid_option(`${field} must be a whole number`, { field });
  return Number(text);
}

/** A mapping file is `{ "Balance Qty": "qty_on_hand", … }` or a saved mapping `{ "kind", "name", "mapping": { … } }`. */
function readMappingFile(path: string): HeaderMapping {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw importRunErrors.invalid_option(`--mapping: ${path} is not a readable JSON file (${e instanceof Error ? e.message : String(e)})`, { field: 'mapping' });
  }
  const obj = parsed && typeof parsed === 'object' && 'mapping' in parsed ? (parsed as { mapping: unknown }).mapping : parsed;
  if (!obj || typeof obj !== 'object' || Array.isArray(obj) || !Object.values(obj).every((v) => v === null || typeof v === 'string')) {
    throw importRunErrors.invalid_option('--mapping: the file must hold an object of column name → field (or null to ignore the column)', { field: 'mapping' });
  }
  return obj as HeaderMapping;
}

export function summaryLine(r: ImportReport): string {
  const c = r.counts;
  const verb = r.status === 'dry_run' ? 'dry run (nothing written)' : r.status === 'rejected' ? 'rejected (nothing written)' : `import run ${r.runId} completed`;
  const would = r.status === 'dry_run' ? 'would be ' : '';
  return `${verb}: ${r.kind}, ${c.read} rows read${r.resumedAfterRow !== null ? ` after row ${r.resumedAfterRow}` : ''}; ${c.created} ${would}created, ${c.updated} ${would}updated, ${c.unchanged} unchanged, ${c.rejected} rejected, ${c.skipped} skipped`;
}

export const importCli: CliModule = (program, deps) => {
  program
    .command('import <kind> <file>')
    .description(`import a CSV or XLSX file; kind is one of: ${IMPORT_KINDS.join(', ')}`)
    .option('--dry-run', 'check every row against the database, write nothing')
    .option('--mode <mode>', 'all (one transaction, nothing written if any row is rejected) or batches (commit every --batch-size rows)')
    .option('--batch-size <n>', 'rows per transaction in batches mode (implies --mode batches)')
    .option('--resume <runId>', 'continue a batches run after its last committed row (same file)')
    .option('--preset <id>', 'auto, stockroom, odoo_stock_quant, erpnext_stock_balance, wms_count')
    .option('--locale <locale>', 'how numbers are written: auto, en, de, fr')
    .option('--mapping <file>', 'JSON file: column name → field')
    .option('--encoding <enc>', 'auto, utf-8, windows-1252, utf-16le, utf-16be')
    .option('--delimiter <d>', 'comma, semicolon or tab (default: detected)')
    .option('--sheet <name>', 'XLSX sheet name or 1-based position')
    .option('--json', 'print the report as JSON')
    .action(async (kind: string, file: string, o: { dryRun?: boolean; mode?: string; batchSize?: string; resume?: string; preset?: string; locale?: string; mapping?: string; encoding?: string; delimiter?: string; sheet?: string; json?: boolean }) => {
      if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw importRunErrors.invalid_option(`kind must be one of ${IMPORT_KINDS.join(', ')}`, { field: 'kind' });
      const batchSize = intOption(o.batchSize, 'batchSize');
      const resume = intOption(o.resume, 'resume');
      const mode = (o.mode ?? (batchSize !== undefined || resume !== undefined ? 'batches' : 'all')) as ImportMode;
      if (o.delimiter !== undefined && !DELIMITERS[o.delimiter]) throw importRunErrors.invalid_option('--delimiter must be comma, semicolon or tab', { field: 'delimiter' });
      const db = await deps.openDb();

      const tty = process.stderr.isTTY === true && !o.json;
      const bar = tty ? new cliProgress.SingleBar({ format: 'importing {bar} {percentage}% | row {row} | {created} new {updated} upd {unchanged} same {rejected} rej', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : undefined;
      let started = false;
      let lastPlain = 0;
      const onProgress = (p: ImportProgress) => {
        const payload = { row: p.rowNumber, ...p.counts };
        if (bar) {
          if (!started) {
            bar.start(p.bytesTotal ?? 1, 0, payload);
            started = true;
          }
          bar.update(p.bytesRead ?? 0, payload);
        } else if (!o.json && p.counts.read - lastPlain >= 10_000) {
          lastPlain = p.counts.read;
          deps.err(`… row ${p.rowNumber}: ${p.counts.created} created, ${p.counts.updated} updated, ${p.counts.unchanged} unchanged, ${p.counts.rejected} rejected`);
        }
      };
      let printed = 0;
      let report: ImportReport;
      try {
        report = await runImport(db, deps.ctx(), file, {
          kind: kind as ImportKind,
          mode,
          ...(o.dryRun ? { dryRun: true } : {}),
          ...(batchSize !== undefined ? { batchSize } : {}),
          ...(resume !== undefined ? { resumeRunId: resume } : {}),
          ...(o.preset ? { preset: o.preset as PresetId } : {}),
          ...(o.locale ? { locale: o.locale as NumberLocale } : {}),
          ...(o.mapping ? { mapping: readMappingFile(o.mapping) } : {}),
          ...(o.encoding ? { encoding: o.encoding as TextEncoding } : {}),
          ...(o.delimiter ? { delimiter: DELIMITERS[o.delimiter] as CsvDelimiter } : {}),
          ...(o.sheet ? { sheet: /^\d+$/.test(o.sheet) ? Number(o.sheet) : o.sheet } : {}),
          onProgress,
          onRejected: (r) => {
            if (o.json) return;
            if (printed < MAX_PRINTED) {
              if (bar && started) bar.stop();
              started = false;
              deps.err(`row ${r.rowNumber}, ${r.column}: ${r.reason}`);
            } else if (printed === MAX_PRINTED) deps.err(`… more rejected rows (see GET /api/v1/imports/runs/:id)`);
            printed++;
          },
        });
      } finally {
        if (bar && started) bar.stop();
      }
      if (o.json) deps.out(JSON.stringify(report, null, 2));
      else {
        for (const s of report.skippedRows.slice(0, 20)) deps.out(`row ${s.rowNumber} skipped: ${s.reason}`);
        deps.out(summaryLine(report));
      }
      if (report.status === 'rejected') {
        throw importRunErrors.rows_rejected(`${report.counts.rejected} rows rejected in mode "all", so nothing was loaded (run ${report.runId}); fix them or use --mode batches`, { extra: { runId: report.runId } });
      }
    });
};
