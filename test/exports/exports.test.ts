// Exports: every master-data kind, on-hand, movements and count results as CSV and XLSX, streamed
// through keyset pages. The round trip is the contract: what Stockroom exports, Stockroom imports
// (stockroom preset) into an empty database and exports again byte for byte, and re-importing it into
// the database it came from changes nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { testDb, type TestDb } from '../support/db.js';
import { testApp } from '../support/app.js';
import { cli, csv, imp, plantDb } from '../imports/helpers.js';
import { exportTo, type ExportKind } from '../../src/modules/exports/index.js';
import type { ImportKind } from '../../src/modules/imports/index.js';

async function exportText(db: TestDb, kind: ExportKind, pageSize?: number): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await exportTo(db, kind, 'csv', out, pageSize ? { pageSize } : {});
  return Buffer.concat(chunks).toString('utf8');
}

const records = (text: string): string[] => (parse(text, { bom: true }) as string[][]).map((r) => JSON.stringify(r));

/** A plant with every kind of master data and some stock, loaded through the imports. */
async function richDb(): Promise<TestDb> {
  const db = await plantDb();
  const load = async (kind: ImportKind, rows: string[][]) => {
    const r = await imp(db, kind, csv(rows), { locale: 'en' });
    assert.equal(r.status, 'completed', `${kind}: ${JSON.stringify(r.rejections)}`);
  };
  await load('suppliers', [['code', 'name', 'email', 'lead_time_days', 'active'], ['ACME', 'Acme, Inc.', 'po@acme.example', '14', 'yes'], ['OLD', 'Old supplier', '', '', 'no']]);
  await load('items', [
    ['sku', 'description', 'type', 'category', 'base_uom', 'qty_scale', 'unit_cost', 'cost_method', 'criticality', 'lot_tracked', 'shelf_life_days', 'gtin', 'skill_level', 'active'],
    ['KIT', 'Kit "deluxe"\nwith a second line', 'finished', 'Kits', 'each', '0', '25.5', 'standard', 'critical', 'no', '', '4006381333931', '2', 'yes'],
    ['PASTE', 'Paste, 2 kg tub', 'raw', '', 'kg', '2', '', 'moving_average', 'low', 'yes', '90', '', '', 'no'],
  ]);
  await load('units', [['sku', 'uom', 'factor'], ['KIT', 'box', '6'], ['PASTE', 'g', '0.01']]);
  await load('lots', [['sku', 'lot', 'expiry', 'supplier_lot'], ['RESIN', 'R-1', '2027-05-31', 'S-77'], ['PASTE', 'P-1', '', '']]);
  await load('boms', [['parent_sku', 'component_sku', 'qty_per', 'uom', 'scrap_factor'], ['KIT', 'BOLT', '2', 'case', '0.05'], ['KIT', 'FLOUR', '0.125', '', '']]);
  await load('opening_balances', [
    ['sku', 'location', 'lot', 'qty_on_hand', 'uom', 'unit_cost'],
    ['BOLT', 'B1', '', '1200', '', '0.1'], ['BOLT', 'B2', '', '3', 'case', '1.2'], ['FLOUR', 'B1', '', '12.345', 'kg', '0.8'],
    ['RESIN', 'B3', 'R-1', '2.5', 'kg', '7'], ['KIT', 'B2', '', '4', '', ''],
  ]);
  return db;
}

const ROUND_TRIP: readonly [ExportKind, ImportKind][] = [
  ['locations', 'locations'], ['suppliers', 'suppliers'], ['items', 'items'], ['units', 'units'], ['lots', 'lots'], ['boms', 'boms'], ['on_hand', 'opening_balances'],
];

test('round trip: export → import into an empty database → export gives the same files; re-import changes nothing', async () => {
  const a = await richDb();
  const b = await testDb();
  try {
    for (const [exportKind, importKind] of ROUND_TRIP) {
      const fromA = await exportText(a, exportKind);
      assert.ok(fromA.startsWith('\ufeff'), 'CSV starts with a BOM for spreadsheet programs');
      const intoB = await imp(b, importKind, Buffer.from(fromA, 'utf8'));
      assert.equal(intoB.header?.preset, 'stockroom', exportKind);
      assert.equal(intoB.status, 'completed', `${exportKind}: ${JSON.stringify(intoB.rejections)}`);
      assert.equal(intoB.counts.rejected, 0);
      // on-hand follows internal ids (its keyset is the balance's primary key): same records, maybe another order
      const again = await exportText(b, exportKind);
      if (exportKind === 'on_hand') assert.deepEqual(records(again).sort(), records(fromA).sort(), exportKind);
      else assert.equal(again, fromA, `${exportKind} exports the same from both databases`);

      const back = await imp(a, importKind, Buffer.from(fromA, 'utf8'));
      assert.deepEqual([back.counts.created, back.counts.updated, back.counts.rejected], [0, 0, 0], `${exportKind} re-imported into its own database changes nothing`);
    }
    const onHand = await exportText(a, 'on_hand');
    assert.match(onHand, /^\ufeffsku,location,lot,qty_on_hand,uom,unit_cost,value,expiry,description\n/);
    assert.match(onHand, /FLOUR,B1,,12.345,kg,0.80,9.876[0-9]*,/);
    assert.match(onHand, /RESIN,B3,R-1,2.5,kg,7.00,17.50,2027-05-31,Resin/);
    const boms = await exportText(a, 'boms');
    assert.match(boms, /KIT,BOLT,24,each,0.05/);
  } finally {
    await a.drop();
    await b.drop();
  }
});

test('movements: every line once, in ledger order, across page boundaries; the same with one page', async () => {
  const db = await richDb();
  try {
    const small = await exportText(db, 'movements', 2);
    const big = await exportText(db, 'movements');
    assert.equal(small, big);
    const lines = big.replace(/^\ufeff/, '').trimEnd().split('\n');
    assert.equal(lines[0], 'seq,posted_at,type,movement_id,line_no,sku,lot,from,to,qty,uom,qty_entered,uom_entered,unit_cost,value,source_doc,reason_code,actor');
    const n = await db.k.selectFrom('movement_line').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(lines.length - 1, Number(n.n));
    const keys = lines.slice(1).map((l) => l.split(',').slice(0, 5));
    const seen = new Set(keys.map((k) => `${k[0]}/${k[4]}`));
    assert.equal(seen.size, keys.length, 'no line twice');
    assert.ok(lines.some((l) => /,opening_balance,.*,BOLT,,VIRTUAL\/OPENING,B2,36,each,3,case,0.10,3.60,import:/.test(l)), 'entered unit and quantity kept beside the base quantity');
  } finally {
    await db.drop();
  }
});

test('XLSX: the same columns, decimals as numbers when exact, and it re-imports cleanly', async () => {
  const db = await richDb();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockroom-export-'));
  try {
    const file = path.join(dir, 'on_hand.xlsx');
    const out = fs.createWriteStream(file);
    const rows = await exportTo(db, 'on_hand', 'xlsx', out);
    assert.equal(rows, 5);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0];
    assert.ok(ws);
    assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1), ['sku', 'location', 'lot', 'qty_on_hand', 'uom', 'unit_cost', 'value', 'expiry', 'description']);
    const flour = [...Array(ws.rowCount).keys()].map((i) => ws.getRow(i + 1)).find((r) => r.getCell(1).value === 'FLOUR');
    assert.equal(flour?.getCell(4).value, 12.345);
    const back = await imp(db, 'opening_balances', fs.readFileSync(file));
    assert.deepEqual([back.counts.created, back.counts.unchanged, back.counts.rejected], [0, 5, 0]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
});

test('count results: system, counted and the shortage labelled "system − counted"', async (t) => {
  const db = await plantDb();
  try {
    const id = async (t: string, col: string, v: string) => (await sql<{ id: number }>`select id from ${sql.table(t)} where ${sql.ref(col)} = ${v}`.execute(db.k)).rows[0]?.id;
    const site = await id('location', 'code', 'S1');
    const bin = await id('location', 'code', 'B1');
    const item = await id('item', 'sku', 'FLOUR');
    await sql`insert into count_line (site_id, item_id, location_id, lot_id, kind, reasons_json, status, blind, counted_at, qty_system, qty_counted, qty_shortage, value_shortage_minor, created_at)
      values (${site}, ${item}, ${bin}, 0, 'scheduled', '[]', 'counted', 0, '2026-11-22T08:00:00.000Z', 10000, 9500, 500, 4000, '2026-11-21T08:00:00.000Z')`.execute(db.k);
    const text = await exportText(db, 'counts');
    const [head, row] = text.replace(/^\ufeff/, '').trimEnd().split('\n');
    assert.match(head ?? '', /qty_system,qty_counted,qty_shortage \(system − counted\),value_shortage \(system − counted\)/);
    assert.match(row ?? '', /S1,FLOUR,Flour,B1,,kg,10,9.5,0.5,0.40,/);
  } finally {
    await db.drop();
  }
});

test('API and CLI: streamed downloads with a file name; the permission each kind needs; unknown kinds refused', async () => {
  const db = await richDb();
  const t = await testApp(db);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockroom-export-cli-'));
  try {
    const r = await t.inject('/api/v1/exports/items.csv');
    assert.equal(r.statusCode, 200, r.body);
    assert.match(String(r.headers['content-type']), /^text\/csv/);
    assert.match(String(r.headers['content-disposition']), /attachment; filename="items-\d{4}-\d{2}-\d{2}\.csv"/);
    assert.equal(r.body, await exportText(db, 'items'));
    const x = await t.inject('/api/v1/exports/movements.xlsx');
    assert.equal(x.statusCode, 200);
    assert.equal(x.rawPayload.subarray(0, 2).toString('latin1'), 'PK');
    assert.equal((await t.inject('/api/v1/exports/widgets.csv')).statusCode, 404);
    assert.equal((await t.injectAs('counter', '/api/v1/exports/on_hand.csv')).statusCode, 403, 'counters never see system quantities');
    assert.equal((await t.injectAs('storekeeper', '/api/v1/exports/on_hand.csv')).statusCode, 200);

    const cliDb = await plantDb({ file: true });
    try {
      const file = path.join(dir, 'locations.xlsx');
      const ok = await cli(cliDb, ['export', 'locations', '--out', file]);
      assert.equal(ok.code, 0, ok.err);
      assert.match(ok.out, /exported 7 locations rows/);
      assert.equal(fs.readFileSync(file).subarray(0, 2).toString('latin1'), 'PK');
      const csvFile = path.join(dir, 'items.txt');
      assert.equal((await cli(cliDb, ['export', 'items', '--format', 'csv', '--out', csvFile])).code, 0);
      assert.match(fs.readFileSync(csvFile, 'utf8'), /^\ufeffsku,description,type/);
      const bad = await cli(cliDb, ['export', 'widgets', '--out', csvFile]);
      assert.equal(bad.code, 65);
      assert.match(bad.err, /export\.unknown_kind/);
    } finally {
      await cliDb.drop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await t.close();
    await db.drop();
  }
});
