// Imports through the API (the file as the raw body) and the CLI: dry run, all-or-nothing as a 422
// problem naming rows and columns, XLSX bodies, bodies above the global limit, saved header mappings,
// run records, permissions; the CLI with a mapping file, batches and resume.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testApp } from '../support/app.js';
import { cli, csv, onHand, plantDb, rowCounts, xlsx } from './helpers.js';

const HEAD = 'sku,location,lot,qty_on_hand,uom\n';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

test('API: dry run, all-or-nothing 422 naming rows and columns, XLSX body, run record, permission', async () => {
  const db = await plantDb();
  const t = await testApp(db);
  try {
    const good = HEAD + 'BOLT,B1,,5,\nFLOUR,B1,,1.5,kg\n';
    const dry = await t.inject({ method: 'POST', url: '/api/v1/imports/opening_balances?dryRun=true', headers: { 'content-type': 'text/csv' }, payload: good });
    assert.equal(dry.statusCode, 200, dry.body);
    assert.equal(dry.json().status, 'dry_run');
    assert.equal(dry.json().counts.created, 2);
    assert.equal(await onHand(db, 'BOLT', 'B1'), '0');

    const bad = HEAD + 'BOLT,B1,,5,\nNOPE,B1,,1,\nFLOUR,B2,,0.0001,kg\n';
    const r = await t.inject({ method: 'POST', url: '/api/v1/imports/opening_balances', headers: { 'content-type': 'text/csv; charset=utf-8' }, payload: bad });
    assert.equal(r.statusCode, 422, r.body);
    assert.match(String(r.headers['content-type']), /application\/problem\+json/);
    const p = r.json();
    assert.equal(p.code, 'import.rows_rejected');
    assert.deepEqual(p.errors.map((e: { field: string }) => e.field), ['rows/3/sku', 'rows/4/qty_on_hand']);
    assert.equal(p.report.counts.rejected, 2);
    assert.equal(await onHand(db, 'BOLT', 'B1'), '0', 'nothing loaded');
    const run = await t.inject(`/api/v1/imports/runs/${p.report.runId}`);
    assert.equal(run.statusCode, 200);
    assert.equal(run.json().status, 'rejected');
    assert.equal(run.json().rejections.length, 2);

    const ok = await t.inject({ method: 'POST', url: '/api/v1/imports/opening_balances', headers: { 'content-type': 'text/csv' }, payload: good });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().status, 'completed');
    assert.equal(await onHand(db, 'FLOUR', 'B1'), '1.5');
    const again = await t.inject({ method: 'POST', url: '/api/v1/imports/opening_balances', headers: { 'content-type': 'text/csv' }, payload: good });
    assert.equal(again.json().counts.unchanged, 2, 'a retried upload changes nothing');

    const book = await xlsx([['SKU', 'Bin', 'Qty', 'UOM'], ['BOLT', 'B2', 3, 'case']]);
    const x = await t.inject({ method: 'POST', url: '/api/v1/imports/opening_balances?mode=batches', headers: { 'content-type': XLSX_TYPE }, payload: book });
    assert.equal(x.statusCode, 200, x.body);
    assert.equal(await onHand(db, 'BOLT', 'B2'), '36');

    const forbidden = await t.injectAs('storekeeper', { method: 'POST', url: '/api/v1/imports/opening_balances?dryRun=true', headers: { 'content-type': 'text/csv' }, payload: good });
    assert.equal(forbidden.statusCode, 403);
  } finally {
    await t.close();
    await db.drop();
  }
});

test('API: bad requests get 4xx problems naming the field, never a 500', async () => {
  const db = await plantDb();
  const t = await testApp(db);
  try {
    const before = await rowCounts(db);
    const post = (url: string, type: string, payload: string | Buffer) => t.inject({ method: 'POST', url, headers: { 'content-type': type }, payload });
    const kind = await post('/api/v1/imports/widgets', 'text/csv', HEAD);
    assert.equal(kind.statusCode, 400);
    const json = await post('/api/v1/imports/items', 'application/json', '{"sku":"A"}');
    assert.equal(json.statusCode, 422);
    assert.equal(json.json().errors[0].field, 'body');
    const empty = await post('/api/v1/imports/items', 'text/csv', '');
    assert.ok(empty.statusCode >= 400 && empty.statusCode < 500, empty.body);
    const missing = await post('/api/v1/imports/opening_balances', 'text/csv', 'sku,location\nBOLT,B1\n');
    assert.equal(missing.statusCode, 422);
    assert.equal(missing.json().code, 'import.missing_columns');
    const garbage = await post('/api/v1/imports/items', XLSX_TYPE, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]));
    assert.equal(garbage.statusCode, 422, garbage.body);
    const mode = await post('/api/v1/imports/items?mode=sometimes', 'text/csv', HEAD);
    assert.equal(mode.statusCode, 400);
    const noMapping = await post('/api/v1/imports/items?mapping=nope', 'text/csv', HEAD);
    assert.equal(noMapping.statusCode, 404);
    assert.equal(noMapping.json().errors[0].field, 'mapping');
    assert.deepEqual(await rowCounts(db), before);
  } finally {
    await t.close();
    await db.drop();
  }
});

test('API: a body above the global JSON limit is accepted on the import route (dry run of 300 KB of items)', async () => {
  const db = await plantDb();
  const t = await testApp(db);
  try {
    const rows = Array.from({ length: 1000 }, (_, i) => [`BIG-${i}`, 'x'.repeat(190), 'c'.repeat(95), 'each']);
    const body = csv([['sku', 'description', 'category', 'base_uom'], ...rows]);
    assert.ok(body.length > 256 * 1024);
    const r = await t.inject({ method: 'POST', url: '/api/v1/imports/items?dryRun=true', headers: { 'content-type': 'text/csv' }, payload: body });
    assert.equal(r.statusCode, 200, r.body.slice(0, 500));
    assert.equal(r.json().counts.created, 1000, JSON.stringify(r.json().rejections?.slice(0, 2)));
  } finally {
    await t.close();
    await db.drop();
  }
});

test('API: saved header mappings are listed and used by name', async () => {
  const db = await plantDb();
  const t = await testApp(db);
  try {
    const mapping = { Artikel: 'sku', Lagerplatz: 'location', Menge: 'qty_on_hand', Bemerkung: null };
    const saved = await t.inject({ method: 'POST', url: '/api/v1/imports/mappings', payload: { kind: 'opening_balances', name: 'legacy-erp', mapping } });
    assert.equal(saved.statusCode, 201, saved.body);
    assert.equal(saved.json().created, true);
    const wrong = await t.inject({ method: 'POST', url: '/api/v1/imports/mappings', payload: { kind: 'opening_balances', name: 'x', mapping: { Artikel: 'article' } } });
    assert.equal(wrong.statusCode, 422);
    assert.equal(wrong.json().errors[0].field, 'mapping/Artikel');
    const list = await t.inject('/api/v1/imports/mappings?kind=opening_balances');
    assert.deepEqual(list.json().items.map((m: { name: string }) => m.name), ['legacy-erp']);
    const file = 'Artikel;Lagerplatz;Menge;Bemerkung\nFLOUR;B3;1.234,5;alt\n';
    const r = await t.inject({ method: 'POST', url: '/api/v1/imports/opening_balances?mapping=legacy-erp&locale=de', headers: { 'content-type': 'text/csv' }, payload: file });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(await onHand(db, 'FLOUR', 'B3'), '1234.5');
  } finally {
    await t.close();
    await db.drop();
  }
});

test('CLI: dry run with a mapping file, exit 65 when mode all refuses, batches, an unknown run to resume, plain output off a terminal', async () => {
  const db = await plantDb({ file: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockroom-import-cli-'));
  try {
    const file = path.join(dir, 'stock.csv');
    fs.writeFileSync(file, 'Artikel,Platz,Menge\nBOLT,B1,4\nNOPE,B1,1\nFLOUR,B2,2.5\n');
    const mappingFile = path.join(dir, 'mapping.json');
    fs.writeFileSync(mappingFile, JSON.stringify({ Artikel: 'sku', Platz: 'location', Menge: 'qty_on_hand' }));

    const dry = await cli(db, ['import', 'opening_balances', file, '--dry-run', '--mapping', mappingFile]);
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /dry run \(nothing written\).*2 would be created.*1 rejected/);
    assert.match(dry.err, /row 3, Artikel: no item with SKU "NOPE"/);

    const all = await cli(db, ['import', 'opening_balances', file, '--mapping', mappingFile]);
    assert.equal(all.code, 65, 'mode all with rejections: EX_DATAERR');
    assert.match(all.err, /import\.rows_rejected/);
    assert.equal(await onHand(db, 'BOLT', 'B1'), '0');

    const batches = await cli(db, ['import', 'opening_balances', file, '--mapping', mappingFile, '--batch-size', '1']);
    assert.equal(batches.code, 0, batches.err);
    assert.match(batches.out, /import run \d+ completed.*2 created.*1 rejected/);
    assert.equal(await onHand(db, 'FLOUR', 'B2'), '2.5');

    const bad = await cli(db, ['import', 'opening_balances', file, '--resume', '9999']);
    assert.equal(bad.code, 66);
    const json = await cli(db, ['import', 'items', file, '--dry-run', '--json', '--mapping', mappingFile]);
    assert.equal(json.code, 65, 'the mapping names fields items do not have');
    assert.match(json.err, /import\.unknown_field/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
});
