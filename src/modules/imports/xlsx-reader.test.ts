import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { readRows } from './read-rows.js';
import { toRawCell } from './xlsx-reader.js';
import { collect, writeFixture } from './imports.test-helpers.js';

async function stockWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Notes').addRow(['Exported from the WMS on 2024-05-31']);
  const ws = wb.addWorksheet('Stock');
  ws.addRow(['SKU', 'Bin', 'Lot', 'Qty', 'UOM', 'Expiry']); // 1
  ws.addRow([4006381333931, 'A-01', 'L1', 12.5, 'EA', new Date(Date.UTC(2024, 4, 31))]); // 2: numeric SKU, real date
  ws.addRow(['BOLT-M8', 'A-02', { richText: [{ text: 'L' }, { text: '2', font: { bold: true } }] }, { formula: '0.1+0.2', result: 0.30000000000000004 }, 'Case of 12', '31.05.2024']); // 3
  // row 4 left empty on purpose: the next row is still row 5, as Excel shows it
  ws.getRow(5).values = ['NUT-M8', { text: 'A-03', hyperlink: 'https://wms.example/bin/A-03' }, '', '1.234,50', 'kg', 45443]; // 5: text number, serial date
  ws.getRow(6).values = ['BAD', 'A-04', '', { error: '#N/A' }, 'kg']; // 6
  ws.getRow(7).values = ['WASHER', 'A-05', '', -3, 'kg']; // 7
  ws.getRow(8).values = ['Grand Total', '', '', 1246.8, '']; // 8
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('an XLSX made with exceljs reads row by row with Excel row numbers and typed cells', async () => {
  const buffer = await stockWorkbook();
  const path = writeFixture('wms-count.xlsx', buffer);
  for (const [name, input] of [['buffer', buffer], ['path', path]] as const) {
    const r = await collect(input, { kind: 'opening_balances', sheet: 'stock', locale: 'de' });
    assert.equal(r.header.format, 'xlsx', name);
    assert.equal(r.header.sheet, 'Stock', name);
    assert.equal(r.header.preset, 'wms_count', name);
    assert.deepEqual(r.records, [
      { rowNumber: 2, record: { sku: '4006381333931', location: 'A-01', lot: 'L1', qty_on_hand: '12.5', uom: 'each', expiry: '2024-05-31' } },
      { rowNumber: 3, record: { sku: 'BOLT-M8', location: 'A-02', lot: 'L2', qty_on_hand: '0.3', uom: 'case', uom_factor: '12', expiry: '2024-05-31' } },
      { rowNumber: 5, record: { sku: 'NUT-M8', location: 'A-03', qty_on_hand: '1234.50', uom: 'kg', expiry: '2024-05-31' } },
    ], name);
    assert.deepEqual(r.rejected.map((x) => [x.rowNumber, x.code, x.column]), [[6, 'invalid_number', 'Qty'], [7, 'negative_not_allowed', 'Qty']], name);
    assert.deepEqual(r.skipped.map((x) => x.rowNumber), [8], name);
  }
});

test('sheets are chosen by name or position; a missing sheet is an error', async () => {
  const buffer = await stockWorkbook();
  const byPosition = await collect(buffer, { kind: 'opening_balances', sheet: 2, locale: 'de' });
  assert.equal(byPosition.header.sheet, 'Stock');
  assert.equal(byPosition.records.length, 3);
  // The first sheet is the default; its note names no columns.
  await assert.rejects(collect(buffer, { kind: 'opening_balances' }), { code: 'import.missing_columns' });
  await assert.rejects(collect(buffer, { kind: 'opening_balances', sheet: 'Summary' }), { code: 'import.sheet_not_found' });
});

test('a damaged workbook is refused as unreadable', async () => {
  const damaged = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
  await assert.rejects(async () => {
    for await (const _ of readRows(damaged, { kind: 'items' })) {
      // just read
    }
  }, { code: 'import.unreadable_file' });
});

test('toRawCell maps every exceljs value shape', () => {
  const cases: [unknown, unknown][] = [
    [null, ''],
    ['  x  ', 'x'],
    [12, { kind: 'decimal', text: '12' }],
    [true, true],
    [new Date(Date.UTC(2024, 4, 31)), { kind: 'date', iso: '2024-05-31' }],
    [new Date(Date.UTC(2024, 4, 31, 13, 30)), { kind: 'date', iso: '2024-05-31T13:30:00' }],
    [{ richText: [{ text: 'a' }, { text: 'b' }] }, 'ab'],
    [{ formula: 'A1', result: 2.5 }, { kind: 'decimal', text: '2.5' }],
    [{ formula: 'A1' }, ''],
    [{ text: 'link', hyperlink: 'https://x' }, 'link'],
    [{ error: '#DIV/0!' }, '#DIV/0!'],
  ];
  for (const [value, cell] of cases) assert.deepEqual(toRawCell(value), cell, JSON.stringify(value));
});

test('a consumer may stop early in a workbook too', async () => {
  const path = writeFixture('wms-count-early-stop.xlsx', await stockWorkbook());
  let seen = 0;
  for await (const ev of readRows(path, { kind: 'opening_balances', sheet: 'Stock', locale: 'de' })) {
    if (ev.type === 'record' && ++seen === 1) break;
  }
  assert.equal(seen, 1);
});
