// HTTP adapter of imports. The file is the raw request body (CSV or XLSX bytes, up to 100 MB on this
// route only); options travel in the query string. Imports manage their own transactions (one, or one
// per batch), so they do not go through runCommand; a retried upload is harmless all the same: master
// data compares field by field and opening balances are keyed, so a second run writes nothing.

import { Type } from 'typebox';
import type { App, RouteModule } from '../../http/app.js';
import { runCommand } from '../../http/command.js';
import { importRunErrors } from './import-run.errors.js';
import { getImportRun, getMapping, listMappings, runImport, saveMapping, type ImportReport } from './import.commands.js';
import { IMPORT_KINDS, type CsvDelimiter, type ImportKind } from './imports.types.js';
import { PRESETS } from './presets.js';

export const IMPORT_BODY_LIMIT = 100 * 1024 * 1024;

/** Content types a file may arrive with; the bytes decide CSV or XLSX in the end. */
export const IMPORT_CONTENT_TYPES = [
  'text/csv',
  'text/plain',
  'text/tab-separated-values',
  'application/csv',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];

const NO_NUL = '^[^\\u0000]*$';
const Kind = Type.Union(IMPORT_KINDS.map((k) => Type.Literal(k)));
const DELIMITERS: Record<string, CsvDelimiter | 'auto'> = { auto: 'auto', comma: ',', ',': ',', semicolon: ';', ';': ';', tab: '\t', '\t': '\t' };

const ImportQuery = Type.Object({
  dryRun: Type.Optional(Type.Boolean({ description: 'check everything, write nothing; the answer counts what a real run would do' })),
  mode: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('batches')], { description: 'all: one transaction, any rejected row and nothing is written (default); batches: commit every batchSize rows, rejected rows are left out' })),
  batchSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  preset: Type.Optional(Type.Union([Type.Literal('auto'), ...PRESETS.map((p) => Type.Literal(p.id))])),
  locale: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('en'), Type.Literal('de'), Type.Literal('fr')])),
  mapping: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: NO_NUL, description: 'name of a saved header mapping (POST /api/v1/imports/mappings)' })),
  encoding: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('utf-8'), Type.Literal('windows-1252'), Type.Literal('utf-16le'), Type.Literal('utf-16be')])),
  delimiter: Type.Optional(Type.Union(Object.keys(DELIMITERS).map((d) => Type.Literal(d)))),
  sheet: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: NO_NUL })),
  headerRow: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 255, pattern: NO_NUL })),
}, { additionalProperties: false });

const MappingBody = Type.Object({
  kind: Kind,
  name: Type.String({ minLength: 1, maxLength: 100, pattern: NO_NUL }),
  mapping: Type.Record(Type.String({ maxLength: 200, pattern: NO_NUL }), Type.Union([Type.String({ maxLength: 100 }), Type.Null()]), { description: 'column name in the file → canonical field (null ignores the column)' }),
}, { additionalProperties: false });

function rejectedProblem(report: ImportReport) {
  const shown = report.rejections.slice(0, 100);
  return importRunErrors.rows_rejected(
    `${report.counts.rejected} of ${report.counts.read} rows were rejected, so nothing was loaded (mode "all"); fix them, or run in mode "batches" to load the others`,
    { fields: shown.map((r) => ({ field: `rows/${r.rowNumber}/${r.column}`, reason: r.reason })), extra: { report } },
  );
}

export const importRoutes: RouteModule = async (app, deps) => {
  const db = deps.db;

  app.post('/api/v1/imports/mappings', {
    schema: { tags: ['imports'], summary: 'Save a header mapping under a name (saving the name again replaces it)', body: MappingBody },
    config: { permission: 'imports.run' },
  }, async (req, reply) => runCommand(db, req, reply, 201, (tx, ctx) => saveMapping(tx, ctx, req.body)));

  app.get('/api/v1/imports/mappings', {
    schema: { tags: ['imports'], summary: 'Saved header mappings', querystring: Type.Object({ kind: Type.Optional(Kind) }, { additionalProperties: false }) },
    config: { permission: 'imports.run' },
  }, async (req) => ({ items: await listMappings(db.k, req.query.kind) }));

  app.get('/api/v1/imports/runs/:id', {
    schema: { tags: ['imports'], summary: 'An import run: status, checkpoint, counts and its first 1000 rejected rows', params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) },
    config: { permission: 'imports.run' },
  }, async (req) => getImportRun(db.k, req.params.id));

  // The upload route lives in a scope of its own: its body parsers and limit apply to it alone.
  await app.register(async (scope) => {
    const s = scope as unknown as App;
    s.addContentTypeParser(IMPORT_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_req, body, done) => done(null, body));
    s.post('/api/v1/imports/:kind', {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['imports'],
        summary: 'Import a CSV or XLSX file of items, units, locations, lots, suppliers, BOMs or opening balances',
        description: 'Send the file as the raw body (Content-Type text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet or application/octet-stream). '
          + 'Answers 200 with a report (counts created/updated/unchanged/rejected/skipped, every rejected row with its row number, column and reason); '
          + 'in mode "all" any rejected row means nothing is written and the answer is a 422 problem carrying the same report.',
        params: Type.Object({ kind: Kind }),
        querystring: ImportQuery,
      },
      config: { permission: 'imports.run' },
    }, async (req) => {
      const body = req.body as unknown;
      if (!Buffer.isBuffer(body)) {
        throw importRunErrors.empty_file('send the file bytes as the body with Content-Type text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', { field: 'body' });
      }
      const kind = req.params.kind as ImportKind;
      const q = req.query;
      const mapping = q.mapping !== undefined ? (await getMapping(db.k, kind, q.mapping)).mapping : undefined;
      const sheet = q.sheet === undefined ? undefined : /^\d+$/.test(q.sheet) ? Number(q.sheet) : q.sheet;
      const report = await runImport(db, req.ctx, body, {
        kind,
        ...(q.dryRun !== undefined ? { dryRun: q.dryRun } : {}),
        ...(q.mode !== undefined ? { mode: q.mode } : {}),
        ...(q.batchSize !== undefined ? { batchSize: q.batchSize } : {}),
        ...(q.preset !== undefined ? { preset: q.preset } : {}),
        ...(q.locale !== undefined ? { locale: q.locale } : {}),
        ...(q.encoding !== undefined ? { encoding: q.encoding } : {}),
        ...(q.delimiter !== undefined ? { delimiter: DELIMITERS[q.delimiter] } : {}),
        ...(sheet !== undefined ? { sheet } : {}),
        ...(q.headerRow !== undefined ? { headerRow: q.headerRow } : {}),
        ...(q.fileName !== undefined ? { fileName: q.fileName } : {}),
        ...(mapping ? { mapping } : {}),
      });
      if (report.status === 'rejected') throw rejectedProblem(report);
      return report;
    });
  });
};
