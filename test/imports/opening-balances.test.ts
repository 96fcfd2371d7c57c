// Opening balances from the files customers bring: every quirk of encoding, delimiter, number format
// and header the parsing layer knows, loaded through the ledger; wrong rows refused with their row,
// column and reason; mode "all" loads nothing when any row is wrong; a second import is a no-op; a
// batch run resumes after a failure without posting anything twice.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp1252, csv, imp, onHand, plantDb, rejectedAt, rowCounts, utf8, utf8Bom, xlsx } from './helpers.js';
import { runImport } from '../../src/modules/imports/index.js';
import { ctx } from './helpers.js';

const HEAD = ['sku', 'location', 'lot', 'qty_on_hand', 'uom', 'unit_cost', 'description'];

test('UTF-8 with a BOM, quoted fields with embedded commas, quotes and line breaks, thousands separators', async () => {
  const db = await plantDb();
  try {
    const file = utf8Bom(csv([HEAD, ['BOLT', 'B1', '', '1,200', 'each', '0.10', 'Bolt, M8 "hex"'], ['FLOUR', 'B1', '', '2.5', 'kg', '', 'Flour\ntype 550, fine']]));
    const r = await imp(db, 'opening_balances', file, { locale: 'en' });
    assert.equal(r.status, 'completed', JSON.stringify(r.rejections));
    assert.deepEqual(r.counts, { read: 2, created: 2, updated: 0, unchanged: 0, rejected: 0, skipped: 0 });
    assert.equal(await onHand(db, 'BOLT', 'B1'), '1200');
    assert.equal(await onHand(db, 'FLOUR', 'B1'), '2.5');
    const line = await db.k.selectFrom('movement_line').selectAll().where('qty', '=', 1200).executeTakeFirstOrThrow();
    assert.equal(line.unit_cost_minor, 1000, 'unit cost 0.10 kept exactly (minor units at 4 decimals)');
    const m = await db.k.selectFrom('movement').selectAll().executeTakeFirstOrThrow();
    assert.equal(m.movement_type, 'opening_balance');
    assert.equal(m.source_doc, `import:${r.runId}`);
  } finally {
    await db.drop();
  }
});

test('Windows-1252, semicolons, German decimal commas and thousands points, "Case of 12" unit texts', async () => {
  const db = await plantDb();
  try {
    const text = csv([HEAD, ['FLOUR', 'B2', '', '1.234,5', 'kg', '0,80', 'Mehl für Brötchen'], ['BOLT', 'B2', '', '2', 'Case of 12', '', 'Schraube Größe 8']], ';');
    const r = await imp(db, 'opening_balances', cp1252(text), { locale: 'de' });
    assert.equal(r.header?.encoding, 'windows-1252');
    assert.equal(r.header?.delimiter, ';');
    assert.equal(r.counts.created, 2, JSON.stringify(r.rejections));
    assert.equal(await onHand(db, 'FLOUR', 'B2'), '1234.5');
    assert.equal(await onHand(db, 'BOLT', 'B2'), '24');
    const bolt = await db.k.selectFrom('movement_line').selectAll().where('qty', '=', 24).executeTakeFirstOrThrow();
    assert.equal(bolt.uom_entered, 'case');
    assert.equal(bolt.qty_entered, '2');
  } finally {
    await db.drop();
  }
});

test('tabs, trailing spaces and "Pallet (40 cs)"; a unit text that contradicts the item is refused', async () => {
  const db = await plantDb();
  try {
    const text = csv([HEAD, ['BOLT  ', ' B3 ', '', ' 1 ', 'Pallet (40 cs)', '', ''], ['BOLT', 'B1', '', '1', 'Case of 10', '', '']], '\t');
    const r = await imp(db, 'opening_balances', utf8(text), { mode: 'batches' });
    assert.equal(r.header?.delimiter, '\t');
    assert.equal(await onHand(db, 'BOLT', 'B3'), '480');
    assert.deepEqual(rejectedAt(r), ['3 uom']);
    assert.match(r.rejections[0]?.reason ?? '', /10 each per case.*12 each/);
  } finally {
    await db.drop();
  }
});

test('Odoo, ERPNext and WMS headers; a report total row is skipped, not loaded', async () => {
  const db = await plantDb();
  try {
    const odoo = csv([['Product', 'Location', 'Lot/Serial Number', 'On Hand Quantity', 'Unit of Measure'], ['[BOLT] Bolt M8', 'B1', '', '10', 'Units'], ['[RESIN] Resin', 'B1', 'R-7', '3.25', 'kg']]);
    const o = await imp(db, 'opening_balances', odoo);
    assert.equal(o.header?.preset, 'odoo_stock_quant');
    assert.equal(o.counts.created, 2, JSON.stringify(o.rejections));
    assert.equal(await onHand(db, 'RESIN', 'B1', 'R-7'), '3.25');

    const erp = csv([['Item Code', 'Item Name', 'Warehouse', 'Stock UOM', 'Balance Qty', 'Balance Value'], ['FLOUR', 'Flour', 'B3', 'Kg', '100', '85.00'], ['Total', '', '', '', '100', '85.00']]);
    const e = await imp(db, 'opening_balances', erp);
    assert.equal(e.header?.preset, 'erpnext_stock_balance');
    assert.equal(e.counts.created, 1, JSON.stringify(e.rejections));
    assert.equal(e.counts.skipped, 1);
    assert.equal(e.skippedRows[0]?.rowNumber, 3);
    assert.equal(await onHand(db, 'FLOUR', 'B3'), '100');
    const line = await db.k.selectFrom('movement_line').selectAll().where('to_location_id', '=', (await db.k.selectFrom('location').select('id').where('code', '=', 'B3').executeTakeFirstOrThrow()).id).executeTakeFirstOrThrow();
    assert.equal(line.value_minor, 850000, 'value 85.00 over 100 kg: unit cost 0.85');

    const wms = await xlsx([['SKU', 'Bin', 'Lot', 'Qty', 'UOM'], ['BOLT', 'B2', null, 7, 'EA']]);
    const w = await imp(db, 'opening_balances', wms);
    assert.equal(w.header?.format, 'xlsx');
    assert.equal(w.header?.preset, 'wms_count');
    assert.equal(await onHand(db, 'BOLT', 'B2'), '7');
  } finally {
    await db.drop();
  }
});

// Row 2 is good; every other row is wrong in its own way.
const BAD = csv([
  HEAD,
  ['BOLT', 'B1', '', '5', '', '', ''],
  ['NOPE', 'B1', '', '1', '', '', ''], // unknown SKU (database)
  ['BOLT', 'B9', '', '1', '', '', ''], // unknown location (database)
  ['FLOUR', 'B2', '', '0.0001', 'kg', '', ''], // more decimals than the item keeps (database)
  ['FLOUR', 'B1', '', '1', 'case', '', ''], // a unit the item does not have (database)
  ['BOLT', 'B1', '', '6', '', '', ''], // duplicate of row 2
  ['BOLT', 'B3', '', '-3', '', '', ''], // negative
  ['BOLT', 'B2', '', '1', '', '', '', 'extra'], // too many columns
  ['BOLT', 'B2', '', '1', 'zorks', '', ''], // unknown unit text
  ['RESIN', 'B1', '', '1', '', '', ''], // lot-tracked without a lot
  ['BOLT', 'BX', '', '1', '', '', ''], // blocked bin
  ['Total', '', '', '123', '', '', ''], // a report's total line
]);
const BAD_ROWS = ['3 sku', '4 location', '5 qty_on_hand', '6 uom', '7 sku + location + lot', '8 qty_on_hand', '9 column 8', '10 uom', '11 lot', '12 location'];

test('dry run: counts what would happen, with database-level rejections; writes nothing', async () => {
  const db = await plantDb();
  try {
    const before = await rowCounts(db);
    const r = await imp(db, 'opening_balances', BAD, { dryRun: true });
    assert.equal(r.status, 'dry_run');
    assert.equal(r.runId, null);
    assert.deepEqual(r.counts, { read: 12, created: 1, updated: 0, unchanged: 0, rejected: 10, skipped: 1 });
    assert.deepEqual(rejectedAt(r).sort(), [...BAD_ROWS].sort());
    const reason = (row: number) => r.rejections.find((x) => x.rowNumber === row)?.reason ?? '';
    assert.match(reason(3), /no item with SKU "NOPE"/);
    assert.match(reason(5), /more decimals than FLOUR keeps \(3\)/);
    assert.match(reason(6), /FLOUR has no unit "case"/);
    assert.match(reason(7), /same .* as row 2/);
    assert.match(reason(8), /negative/);
    assert.deepEqual(await rowCounts(db), before, 'a dry run writes nothing');
  } finally {
    await db.drop();
  }
});

test('mode all: one wrong row and nothing is loaded; mode batches loads the right rows and keeps the rejections', async () => {
  const db = await plantDb();
  try {
    const before = await rowCounts(db);
    const all = await imp(db, 'opening_balances', BAD, { mode: 'all' });
    assert.equal(all.status, 'rejected');
    assert.equal(all.counts.rejected, 10);
    const after = await rowCounts(db);
    for (const t of ['movement', 'movement_line', 'stock_balance', 'import_opening_key', 'lot'] as const) assert.equal(after[t], before[t], `${t}: nothing half-loaded`);
    assert.equal(after.import_run, before.import_run + 1, 'the refused run is recorded with its rejections');
    const stored = await db.k.selectFrom('import_rejection' as 'item').selectAll().execute();
    assert.equal(stored.length, 10);

    const batches = await imp(db, 'opening_balances', BAD, { mode: 'batches', batchSize: 4 });
    assert.equal(batches.status, 'completed');
    assert.equal(batches.counts.created, 1);
    assert.equal(batches.counts.rejected, 10);
    assert.equal(await onHand(db, 'BOLT', 'B1'), '5');
    assert.equal(await onHand(db, 'BOLT', 'B2'), '0');
  } finally {
    await db.drop();
  }
});

test('importing the same file again posts nothing; a different quantity for a loaded bin is refused', async () => {
  const db = await plantDb();
  try {
    const file = csv([HEAD, ['BOLT', 'B1', '', '5', '', '', ''], ['RESIN', 'B2', 'R-1', '2.5', 'kg', '4', ''], ['FLOUR', 'B1', '', '0', 'kg', '', '']]);
    const first = await imp(db, 'opening_balances', file);
    assert.deepEqual([first.counts.created, first.counts.unchanged], [2, 1], 'a zero balance posts nothing');
    const mid = await rowCounts(db);
    const second = await imp(db, 'opening_balances', file);
    assert.equal(second.status, 'completed');
    assert.deepEqual([second.counts.created, second.counts.unchanged, second.counts.rejected], [0, 3, 0]);
    const after = await rowCounts(db);
    for (const t of ['movement', 'movement_line', 'stock_entry', 'stock_balance', 'lot', 'import_opening_key'] as const) assert.equal(after[t], mid[t], `${t} unchanged`);
    assert.equal(await onHand(db, 'BOLT', 'B1'), '5');

    const changed = await imp(db, 'opening_balances', csv([HEAD, ['BOLT', 'B1', '', '7', '', '', '']]), { mode: 'batches' });
    assert.equal(changed.rejections[0]?.code, 'import.already_loaded');
    assert.match(changed.rejections[0]?.reason ?? '', /already has an opening balance of 5 each/);
    assert.equal(await onHand(db, 'BOLT', 'B1'), '5');
  } finally {
    await db.drop();
  }
});

test('batches: a failure after a committed batch keeps the checkpoint; resume continues after it and posts nothing twice', async () => {
  const db = await plantDb();
  const dir = await import('node:fs').then((fs) => fs.mkdtempSync('/tmp/stockroom-import-'));
  try {
    const rows = Array.from({ length: 50 }, (_, i) => ['RESIN', 'B1', `L${String(i + 1).padStart(3, '0')}`, String(i + 1), 'kg', '', '']);
    const path = `${dir}/resin.csv`;
    (await import('node:fs')).writeFileSync(path, csv([HEAD, ...rows]));
    let batches = 0;
    await assert.rejects(
      runImport(db, ctx, path, {
        kind: 'opening_balances', mode: 'batches', batchSize: 10,
        afterBatch: () => {
          if (++batches === 2) throw new Error('simulated crash after the second batch');
        },
      }),
      /simulated crash/,
    );
    const run = await db.k.selectFrom('import_run' as 'item').selectAll().executeTakeFirstOrThrow() as unknown as { id: number; status: string; last_row: number };
    assert.equal(run.status, 'failed');
    assert.equal(run.last_row, 21, 'header row 1 + 20 committed rows');
    assert.equal(await onHand(db, 'RESIN', 'B1', 'L020'), '20');
    assert.equal((await rowCounts(db)).import_opening_key, 20);

    // another file cannot resume this run
    const other = `${dir}/other.csv`;
    (await import('node:fs')).writeFileSync(other, csv([HEAD, ...rows.slice(0, 5)]));
    await assert.rejects(runImport(db, ctx, other, { kind: 'opening_balances', mode: 'batches', resumeRunId: run.id }), { code: 'import.resume_mismatch' });

    const resumed = await runImport(db, ctx, path, { kind: 'opening_balances', mode: 'batches', batchSize: 10, resumeRunId: run.id });
    assert.equal(resumed.status, 'completed');
    assert.equal(resumed.resumedAfterRow, 21);
    assert.equal(resumed.counts.read, 30);
    assert.equal(resumed.counts.created, 50, 'counts add up over the whole run');
    const keys = await db.k.selectFrom('import_opening_key' as 'item').selectAll().execute();
    assert.equal(keys.length, 50);
    const total = await db.k.selectFrom('movement_line').select((eb) => eb.fn.sum<number | string>('qty').as('q')).executeTakeFirstOrThrow();
    assert.equal(Number(total.q), (50 * 51 / 2) * 1000, 'every row posted exactly once (kg at scale 3)');
    assert.equal(await onHand(db, 'RESIN', 'B1', 'L050'), '50');
    await assert.rejects(runImport(db, ctx, path, { kind: 'opening_balances', mode: 'batches', resumeRunId: run.id }), { code: 'import.resume_mismatch' });
  } finally {
    (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
});

test('a missing required column is a file-level error naming the field; nothing is written', async () => {
  const db = await plantDb();
  try {
    const before = await rowCounts(db);
    await assert.rejects(imp(db, 'opening_balances', csv([['sku', 'location'], ['BOLT', 'B1']])), (e: { code: string; fields: { field: string }[] }) => {
      assert.equal(e.code, 'import.missing_columns');
      assert.ok(e.fields.some((f) => f.field === 'mapping/qty_on_hand'));
      return true;
    });
    assert.deepEqual(await rowCounts(db), before);
  } finally {
    await db.drop();
  }
});
