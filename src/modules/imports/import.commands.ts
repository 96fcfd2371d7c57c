// Import runs: a file in, master data or opening balances loaded, a report out. readRows parses; the
// loaders (import.loaders.ts) write through the catalog and ledger commands. Three ways to run:
//   dry run       everything is checked against the database inside one transaction that is rolled
//                 back, so the counts (created / updated / unchanged / rejected) are exactly what a
//                 real run would do, database-level checks included;
//   mode 'all'    one transaction: any rejected row and nothing is written (the report lists them);
//   mode 'batches' one transaction per batch of rows; the run's checkpoint (import_run.last_row) is
//                 written in the same transaction, so `resume` continues after the last committed row.
// Rows stream from the file and are written as they come: memory stays flat for any file size.

import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Db, Tx } from '../../db/db.js';
import type { Ctx } from '../../kernel/context.js';
import { isDomainError } from '../../kernel/errors.js';
import { recordAudit } from '../audit/audit.js';
import { importRunErrors } from './import-run.errors.js';
import { loaderFor, rejectionOf, runSavepoint, type Outcome, type Rejection } from './import.loaders.js';
import * as repo from './import.repo.js';
import { IMPORT_KINDS, type CsvDelimiter, type FileFormat, type HeaderInfo, type HeaderMapping, type ImportKind, type NumberLocale, type PresetId, type TextEncoding } from './imports.types.js';
import { importErrors } from './imports.errors.js';
import { readRows } from './read-rows.js';
import { canonicalFields } from './row-schemas.js';
import { PRESETS } from './presets.js';

export type ImportMode = 'all' | 'batches';

export interface ImportOptions {
  readonly kind: ImportKind;
  readonly dryRun?: boolean;
  /** default 'all' */
  readonly mode?: ImportMode;
  /** rows per transaction in mode 'batches'; default 1000 */
  readonly batchSize?: number;
  readonly preset?: PresetId | 'auto';
  readonly locale?: NumberLocale | 'auto';
  readonly mapping?: HeaderMapping;
  readonly encoding?: TextEncoding | 'auto';
  readonly delimiter?: CsvDelimiter | 'auto';
  readonly format?: FileFormat;
  readonly sheet?: string | number;
  readonly headerRow?: number;
  readonly unitAliases?: Readonly<Record<string, string>>;
  /** shown in the run's record; taken from the path when the input is one */
  readonly fileName?: string;
  /** continue a 'batches' run after its last committed row */
  readonly resumeRunId?: number;
  /** rejections kept in the report (all are counted); default 1000 */
  readonly maxRejections?: number;
  /** called every few hundred rows and after each batch */
  readonly onProgress?: (p: ImportProgress) => void;
  /** called for every rejected row, as it is found (the CLI prints them) */
  readonly onRejected?: (r: Rejection) => void;
  /** called after each committed batch (tests simulate a crash by throwing here) */
  readonly afterBatch?: (b: { runId: number; lastRow: number }) => void | Promise<void>;
}

export interface ImportCounts {
  /** data rows seen in this run (rows before a resume checkpoint are not counted again) */
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  skipped: number;
}

export interface ImportProgress {
  readonly rowNumber: number;
  /** bytes of the file read so far, and its size, when the input is a path */
  readonly bytesRead?: number;
  readonly bytesTotal?: number;
  readonly counts: Readonly<ImportCounts>;
}

export interface ImportReport {
  /** null for a dry run: nothing was recorded */
  readonly runId: number | null;
  readonly kind: ImportKind;
  readonly mode: ImportMode;
  readonly dryRun: boolean;
  /** dry_run: nothing written; completed: written (in batches mode, rejected rows were left out); rejected: mode 'all' found rejections, nothing written */
  readonly status: 'dry_run' | 'completed' | 'rejected';
  readonly fileHash: string;
  readonly header: HeaderInfo | null;
  /** counts of this run; a resumed run adds the rows committed before */
  readonly counts: ImportCounts;
  /** the last row number processed */
  readonly lastRow: number;
  readonly resumedAfterRow: number | null;
  readonly rejections: Rejection[];
  readonly rejectionsTruncated: boolean;
  readonly skippedRows: { rowNumber: number; reason: string }[];
}

const DEFAULT_BATCH = 1000;
const FLUSH_ROWS = 1000;
const MAX_STORED_REJECTIONS = 10_000;

function checkOptions(o: ImportOptions): { mode: ImportMode; batchSize: number } {
  if (!(IMPORT_KINDS as readonly string[]).includes(o.kind)) throw importRunErrors.invalid_option(`kind must be one of ${IMPORT_KINDS.join(', ')}`, { field: 'kind' });
  const mode = o.mode ?? 'all';
  if (mode !== 'all' && mode !== 'batches') throw importRunErrors.invalid_option('mode must be "all" or "batches"', { field: 'mode' });
  const batchSize = o.batchSize ?? DEFAULT_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) throw importRunErrors.invalid_option('batchSize must be a whole number from 1 to 100000', { field: 'batchSize' });
  if (o.preset !== undefined && o.preset !== 'auto' && !PRESETS.some((p) => p.id === o.preset)) {
    throw importRunErrors.invalid_option(`preset must be one of auto, ${PRESETS.map((p) => p.id).join(', ')}`, { field: 'preset' });
  }
  if (o.locale !== undefined && !['auto', 'en', 'de', 'fr'].includes(o.locale)) throw importRunErrors.invalid_option('locale must be one of auto, en, de, fr', { field: 'locale' });
  if (o.resumeRunId !== undefined && mode !== 'batches') throw importRunErrors.invalid_option('resume continues a run in mode "batches"', { field: 'mode' });
  if (o.resumeRunId !== undefined && o.dryRun) throw importRunErrors.invalid_option('a dry run cannot resume a run', { field: 'dryRun' });
  return { mode, batchSize };
}

async function hashInput(input: string | Uint8Array): Promise<string> {
  const h = createHash('sha256');
  if (typeof input !== 'string') return h.update(input).digest('hex');
  for await (const chunk of createReadStream(input, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

function formatOfPath(path: string): FileFormat | undefined {
  const ext = extname(path).toLowerCase();
  return ext === '.xlsx' || ext === '.xlsm' ? 'xlsx' : ext === '.csv' || ext === '.tsv' || ext === '.txt' ? 'csv' : undefined;
}

/** A file read as a stream that counts its bytes, for the progress bar. */
function countingStream(path: string, onBytes: (n: number) => void): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      let n = 0;
      for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
        n += (chunk as Buffer).length;
        onBytes(n);
        yield chunk as Buffer;
      }
    },
  };
}

/**
 * Runs an import. File-level problems (unreadable file, a required column missing, bad options)
 * throw a DomainError before anything is written; row-level problems are rejections in the report.
 */
export async function runImport(db: Db, ctx: Ctx, input: string | Uint8Array, options: ImportOptions): Promise<ImportReport> {
  const { mode, batchSize } = checkOptions(options);
  const kind = options.kind;
  const dryRun = options.dryRun ?? false;
  if (typeof input !== 'string' && input.length === 0) throw importRunErrors.empty_file('the file is empty: send the CSV or XLSX bytes as the request body', { field: 'body' });
  const fileHash = await hashInput(input);
  const fileName = options.fileName ?? (typeof input === 'string' ? basename(input) : null);
  const now = () => ctx.now().toISOString();

  // A resumed run must be the same file and kind; it continues after its checkpoint.
  let resumed: repo.RunRow | undefined;
  if (options.resumeRunId !== undefined) {
    resumed = await repo.selectRun(db.k, options.resumeRunId);
    if (!resumed) throw importRunErrors.run_not_found(`no import run ${options.resumeRunId}`, { field: 'resume' });
    if (resumed.kind !== kind || resumed.mode !== 'batches') throw importRunErrors.resume_mismatch(`run ${resumed.id} imported ${resumed.kind} in mode ${resumed.mode}, not ${kind} in batches`, { field: 'resume' });
    if (resumed.file_hash !== fileHash) throw importRunErrors.resume_mismatch(`run ${resumed.id} read another file (SHA-256 ${resumed.file_hash.slice(0, 12)}…); resume it with the same file`, { field: 'file' });
    if (resumed.status === 'completed' || resumed.status === 'rejected') throw importRunErrors.resume_mismatch(`run ${resumed.id} is ${resumed.status}; nothing to resume`, { field: 'resume' });
  }
  const resumeAfter = resumed?.last_row ?? 0;

  const counts: ImportCounts = resumed
    ? { read: 0, created: resumed.rows_created, updated: resumed.rows_updated, unchanged: resumed.rows_unchanged, rejected: resumed.rows_rejected, skipped: resumed.rows_skipped }
    : { read: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, skipped: 0 };
  const maxRejections = options.maxRejections ?? 1000;
  const rejections: Rejection[] = [];
  let rejectionsTruncated = false;
  const skippedRows: { rowNumber: number; reason: string }[] = [];
  /** rejections not yet stored with a committed batch */
  let unsaved: Rejection[] = [];
  let storedRejections = 0;
  let header: HeaderInfo | null = null;
  const columnName = new Map<string, string>();

  const sink = {
    outcome(_row: number, o: Outcome) {
      counts[o]++;
    },
    reject(r: Rejection) {
      counts.rejected++;
      if (rejections.length < maxRejections) rejections.push(r);
      else rejectionsTruncated = true;
      if (storedRejections + unsaved.length < MAX_STORED_REJECTIONS) unsaved.push(r);
      options.onRejected?.(r);
    },
    columnOf: (field: string) => columnName.get(field) ?? field,
  };

  const optionsJson = JSON.stringify({
    preset: options.preset ?? 'auto', locale: options.locale ?? 'auto', encoding: options.encoding ?? 'auto', delimiter: options.delimiter ?? 'auto',
    ...(options.mapping ? { mapping: options.mapping } : {}), ...(options.sheet !== undefined ? { sheet: options.sheet } : {}), ...(options.headerRow !== undefined ? { headerRow: options.headerRow } : {}),
  });

  let bytesRead = 0;
  const bytesTotal = typeof input === 'string' ? statSync(input).size : input.length;
  const source = typeof input === 'string' ? countingStream(input, (n) => (bytesRead = n)) : input;
  const format = options.format ?? (typeof input === 'string' ? formatOfPath(input) : undefined);
  if (typeof input === 'string' && extname(input).toLowerCase() === '.xls' && !options.format) {
    throw importErrors.unsupported_format('legacy .xls workbooks cannot be read; save the file as .xlsx or CSV', { field: 'file' });
  }
  const progress = (rowNumber: number) => options.onProgress?.({ rowNumber, ...(typeof input === 'string' ? { bytesRead, bytesTotal } : {}), counts });

  let tx = await db.k.startTransaction().execute();
  let open = true;
  let runId: number | undefined;
  try {
    if (resumed) {
      runId = resumed.id;
      await repo.updateRun(tx, runId, { status: 'running', updated_at: now(), error: null });
      storedRejections = resumed.rows_rejected;
    } else {
      runId = await repo.insertRun(tx, {
        kind, mode, status: 'running', file_name: fileName, file_hash: fileHash, options_json: optionsJson, batch_size: batchSize, last_row: 0,
        rows_created: 0, rows_updated: 0, rows_unchanged: 0, rows_rejected: 0, rows_skipped: 0, actor: ctx.actor, started_at: now(), updated_at: now(), finished_at: null, error: null,
      });
    }
    const theRun = runId;
    const loader = loaderFor(kind, { db, ctx, runId: theRun, sink });
    let lastRow = resumeAfter;
    let rowsInBatch = 0;

    const saveCheckpoint = async (t: Tx, status: 'running' | 'completed') => {
      await loader.flush(t);
      await repo.updateRun(t, theRun, {
        status, last_row: lastRow, rows_created: counts.created, rows_updated: counts.updated, rows_unchanged: counts.unchanged, rows_rejected: counts.rejected, rows_skipped: counts.skipped,
        updated_at: now(), ...(status === 'completed' ? { finished_at: now() } : {}),
      });
      await repo.insertRejections(t, unsaved.map((r) => ({ run_id: theRun, row_number: r.rowNumber, column_name: r.column, code: r.code, reason: r.reason })));
      storedRejections += unsaved.length;
      unsaved = [];
      await recordAudit(t, ctx, {
        action: status === 'completed' ? 'import.run.complete' : 'import.run.batch',
        entity: 'import_run',
        entityId: theRun,
        after: { kind, mode, file: fileName, fileHash, lastRow, counts: { ...counts } },
      });
    };

    for await (const ev of readRows(source, {
      kind,
      ...(format ? { format } : {}),
      ...(options.preset ? { preset: options.preset } : {}),
      ...(options.locale ? { locale: options.locale } : {}),
      ...(options.mapping ? { mapping: options.mapping } : {}),
      ...(options.encoding ? { encoding: options.encoding } : {}),
      ...(options.delimiter ? { delimiter: options.delimiter } : {}),
      ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
      ...(options.headerRow !== undefined ? { headerRow: options.headerRow } : {}),
      ...(options.unitAliases ? { unitAliases: options.unitAliases } : {}),
    })) {
      if (ev.type === 'header') {
        header = ev.header;
        for (const c of ev.header.columns) if (c.field) columnName.set(c.field, c.header);
        continue;
      }
      if (ev.rowNumber <= resumeAfter) continue; // committed by the run being resumed
      counts.read++;
      lastRow = ev.rowNumber;
      if (ev.type === 'skipped') {
        counts.skipped++;
        if (skippedRows.length < 100) skippedRows.push({ rowNumber: ev.rowNumber, reason: ev.reason });
      } else if (ev.type === 'rejected') {
        for (const p of ev.problems.slice(0, 1)) sink.reject({ rowNumber: ev.rowNumber, column: p.column, ...(p.field ? { field: p.field } : {}), code: p.code, reason: ev.problems.map((x) => (x.column === p.column ? x.reason : `${x.column}: ${x.reason}`)).join('; ') });
      } else {
        const t = tx;
        const handle = () => loader.row(t, ev.rowNumber, ev.record);
        try {
          const outcome = loader.savepointPerRow ? await runSavepoint(t, 'import_row', handle) : await handle();
          if (outcome !== 'buffered') sink.outcome(ev.rowNumber, outcome);
        } catch (e) {
          if (!isDomainError(e)) throw e;
          sink.reject(rejectionOf(e, ev.rowNumber, loader as never, sink));
        }
        if (!loader.wholeFile && loader.pending() >= FLUSH_ROWS) await loader.flush(t);
      }
      rowsInBatch++;
      if (counts.read % 500 === 0) progress(lastRow);
      if (mode === 'batches' && !dryRun && !loader.wholeFile && rowsInBatch >= batchSize) {
        await saveCheckpoint(tx, 'running');
        await tx.commit().execute();
        open = false;
        rowsInBatch = 0;
        progress(lastRow);
        await options.afterBatch?.({ runId: theRun, lastRow });
        tx = await db.k.startTransaction().execute();
        open = true;
      }
    }
    await loader.flush(tx);
    progress(lastRow);

    const report = (status: ImportReport['status'], id: number | null): ImportReport => ({
      runId: id, kind, mode, dryRun, status, fileHash, header, counts: { ...counts }, lastRow, resumedAfterRow: resumed ? resumeAfter : null,
      rejections, rejectionsTruncated, skippedRows,
    });

    if (dryRun) {
      await tx.rollback().execute();
      open = false;
      return report('dry_run', null);
    }
    if (mode === 'all' && counts.rejected > 0) {
      await tx.rollback().execute();
      open = false;
      // Nothing was loaded; the run and its rejections are kept so that GET /imports/runs/:id shows them.
      const id = await db.k.transaction().execute(async (t) => {
        const rid = await repo.insertRun(t, {
          kind, mode, status: 'rejected', file_name: fileName, file_hash: fileHash, options_json: optionsJson, batch_size: batchSize, last_row: lastRow,
          rows_created: 0, rows_updated: 0, rows_unchanged: 0, rows_rejected: counts.rejected, rows_skipped: counts.skipped, actor: ctx.actor, started_at: now(), updated_at: now(), finished_at: now(), error: null,
        });
        await repo.insertRejections(t, unsaved.map((r) => ({ run_id: rid, row_number: r.rowNumber, column_name: r.column, code: r.code, reason: r.reason })));
        await recordAudit(t, ctx, { action: 'import.run.reject', entity: 'import_run', entityId: rid, after: { kind, mode, file: fileName, fileHash, rejected: counts.rejected } });
        return rid;
      });
      return report('rejected', id);
    }
    await saveCheckpoint(tx, 'completed');
    await tx.commit().execute();
    open = false;
    return report('completed', theRun);
  } catch (e) {
    if (open) await tx.rollback().execute().catch(() => undefined);
    // A batch run keeps what it committed; the run says where it stopped and why.
    const failedRun = runId;
    if (mode === 'batches' && !dryRun && failedRun !== undefined) {
      await db.k.transaction().execute(async (t) => {
        const run = await repo.selectRun(t, failedRun);
        if (run && run.status === 'running') await repo.updateRun(t, run.id, { status: 'failed', updated_at: now(), error: e instanceof Error ? e.message.slice(0, 2000) : String(e) });
      }).catch(() => undefined);
    }
    throw e;
  }
}

// ---------------------------------------------------------------- runs and mappings

export interface ImportRunDto {
  readonly id: number;
  readonly kind: string;
  readonly mode: ImportMode;
  readonly status: repo.RunRow['status'];
  readonly fileName: string | null;
  readonly fileHash: string;
  readonly lastRow: number;
  readonly counts: Omit<ImportCounts, 'read'>;
  readonly actor: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly error: string | null;
  readonly rejections: { rowNumber: number; column: string; code: string; reason: string }[];
}

export async function getImportRun(q: Db['k'] | Tx, id: number): Promise<ImportRunDto> {
  const r = await repo.selectRun(q, id);
  if (!r) throw importRunErrors.run_not_found(`no import run ${id}`, { field: 'id' });
  const rej = await repo.selectRejections(q, id, 0, 1000);
  return {
    id: r.id, kind: r.kind, mode: r.mode, status: r.status, fileName: r.file_name, fileHash: r.file_hash, lastRow: r.last_row,
    counts: { created: r.rows_created, updated: r.rows_updated, unchanged: r.rows_unchanged, rejected: r.rows_rejected, skipped: r.rows_skipped },
    actor: r.actor, startedAt: r.started_at, finishedAt: r.finished_at, error: r.error,
    rejections: rej.map((x) => ({ rowNumber: x.row_number, column: x.column_name, code: x.code, reason: x.reason })),
  };
}

export interface MappingDto {
  readonly id: number;
  readonly kind: ImportKind;
  readonly name: string;
  readonly mapping: Record<string, string | null>;
  readonly updatedAt: string;
}

const toMappingDto = (r: repo.MappingRow): MappingDto => ({ id: r.id, kind: r.kind as ImportKind, name: r.name, mapping: JSON.parse(r.mapping_json) as Record<string, string | null>, updatedAt: r.updated_at });

/** Saves a header mapping under a name (per kind); saving the same name again replaces it. */
export async function saveMapping(tx: Tx, ctx: Ctx, input: { kind: ImportKind; name: string; mapping: Record<string, string | null> }): Promise<{ mapping: MappingDto; created: boolean }> {
  if (!(IMPORT_KINDS as readonly string[]).includes(input.kind)) throw importRunErrors.invalid_option(`kind must be one of ${IMPORT_KINDS.join(', ')}`, { field: 'kind' });
  const name = input.name.trim();
  if (name === '' || name.length > 100) throw importRunErrors.invalid_option('name must be 1 to 100 characters', { field: 'name' });
  const fields = new Set(canonicalFields(input.kind));
  const entries = Object.entries(input.mapping);
  if (entries.length === 0) throw importRunErrors.invalid_option('mapping must name at least one column', { field: 'mapping' });
  const targets = new Map<string, string>();
  for (const [header, field] of entries) {
    if (header.trim() === '') throw importRunErrors.invalid_option('mapping: a column name is empty', { field: 'mapping' });
    if (field === null) continue;
    if (!fields.has(field)) throw importErrors.unknown_field(`mapping/${header}: ${input.kind} has no field "${field}" (fields: ${[...fields].join(', ')})`, { field: `mapping/${header}` });
    const other = targets.get(field);
    if (other !== undefined) throw importErrors.mapping_conflict(`mapping/${header}: "${other}" already goes to ${field}`, { field: `mapping/${header}` });
    targets.set(field, header);
  }
  const json = JSON.stringify(input.mapping);
  const at = ctx.now().toISOString();
  const before = await repo.selectMapping(tx, input.kind, name);
  if (before) {
    if (before.mapping_json !== json) {
      await repo.updateMapping(tx, before.id, { mapping_json: json, updated_at: at });
      await recordAudit(tx, ctx, { action: 'import.mapping.update', entity: 'import_mapping', entityId: before.id, before: toMappingDto(before), after: { ...toMappingDto(before), mapping: input.mapping } });
    }
    return { mapping: toMappingDto((await repo.selectMapping(tx, input.kind, name)) as repo.MappingRow), created: false };
  }
  const id = await repo.insertMapping(tx, { kind: input.kind, name, mapping_json: json, created_by: ctx.actor, created_at: at, updated_at: at });
  const row = (await repo.selectMapping(tx, input.kind, name)) as repo.MappingRow;
  await recordAudit(tx, ctx, { action: 'import.mapping.create', entity: 'import_mapping', entityId: id, after: toMappingDto(row) });
  return { mapping: toMappingDto(row), created: true };
}

export async function listMappings(q: Db['k'] | Tx, kind?: ImportKind): Promise<MappingDto[]> {
  return (await repo.selectMappings(q, kind)).map(toMappingDto);
}

/** The saved mapping of a kind by name; 404 naming `field` when there is none. */
export async function getMapping(q: Db['k'] | Tx, kind: ImportKind, name: string, field = 'mapping'): Promise<MappingDto> {
  const r = await repo.selectMapping(q, kind, name);
  if (!r) throw importRunErrors.mapping_not_found(`no saved ${kind} mapping "${name}"`, { field });
  return toMappingDto(r);
}

// ---------------------------------------------------------------- bench

/**
 * For the bench suite: imports the opening balances in `file` (CSV or XLSX, Stockroom's column names
 * or any preset) in mode 'batches' and returns how fast. The items and bins must exist. Compare with
 * a raw insert of the same rows to see what parsing, checking and posting through the ledger cost.
 */
export async function benchOpeningBalanceImport(db: Db, file: string, opts: { batchSize?: number; ctx?: Ctx } = {}): Promise<{ rows: number; seconds: number; rowsPerSecond: number; report: ImportReport }> {
  const ctx = opts.ctx ?? { actor: 'bench', now: () => new Date() };
  const started = process.hrtime.bigint();
  const report = await runImport(db, ctx, file, { kind: 'opening_balances', mode: 'batches', batchSize: opts.batchSize ?? 5000, maxRejections: 100 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rows = report.counts.read;
  return { rows, seconds, rowsPerSecond: seconds > 0 ? rows / seconds : 0, report };
}
