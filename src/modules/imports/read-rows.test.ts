import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { readRows } from './read-rows.js';
import { collect, csvText, writeFixture } from './imports.test-helpers.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

test('a Windows-1252 file with semicolons and decimal commas, read from a path', async () => {
  const text = csvText([
    ['sku', 'description', 'base_uom', 'unit_cost'],
    ['SCHR-M8', 'Schraube Größe M8, verzinkt', 'Stk', '1.234,50'],
    ['BLECH-2', 'Blech 2 mm – Maß 1×2 m', 'kg', '0,75'],
  ], ';', '\r\n');
  const path = writeFixture('items-cp1252-semicolon.csv', iconv.encode(text, 'windows-1252'));
  const r = await collect(path, { kind: 'items', locale: 'de' });
  assert.equal(r.header.encoding, 'windows-1252');
  assert.equal(r.header.delimiter, ';');
  assert.deepEqual(r.records, [
    { rowNumber: 2, record: { sku: 'SCHR-M8', description: 'Schraube Größe M8, verzinkt', base_uom: 'each', unit_cost: '1234.50' } },
    { rowNumber: 3, record: { sku: 'BLECH-2', description: 'Blech 2 mm – Maß 1×2 m', base_uom: 'kg', unit_cost: '0.75' } },
  ]);
});

test('UTF-8 with BOM, quoted values holding delimiters and line breaks, blank lines counted as rows', async () => {
  const text = 'sku,description,base_uom\n' + 'A-1,"Bolt, hex ""M8""\nzinc plated",EA\n' + '\n' + '  B-2  ,  Nut  ,  pcs  \n' + ',,\n' + 'C-3,"Washer",kg\n';
  const r = await collect(Buffer.concat([BOM, Buffer.from(text)]), { kind: 'items' });
  assert.equal(r.header.encoding, 'utf-8');
  assert.deepEqual(r.records, [
    { rowNumber: 2, record: { sku: 'A-1', description: 'Bolt, hex "M8"\nzinc plated', base_uom: 'each' } },
    { rowNumber: 4, record: { sku: 'B-2', description: 'Nut', base_uom: 'each' } },
    { rowNumber: 6, record: { sku: 'C-3', description: 'Washer', base_uom: 'kg' } },
  ]);
});

test('row-level problems are rejected with row, column and reason; totals are skipped', async () => {
  const text = csvText([
    ['sku', 'location', 'lot', 'qty_on_hand', 'uom'],
    ['A', 'WH1-01', 'L1', '10', 'EA'], // 2
    ['A', 'WH1-01', 'L1', '5', 'EA'], // 3 duplicate of 2
    ['a', 'wh1-01', 'l1', '5', 'EA'], // 4 duplicate too: keys ignore case
    ['B', 'WH1-01', '', '(3)', 'EA'], // 5 negative
    ['C', 'WH1-01', '', '3', 'Eimer'], // 6 unknown unit
    ['D', 'WH1-01', '', '3', 'kg', 'surplus'], // 7 too many columns
    ['', 'WH1-01', '', '3', 'kg'], // 8 sku missing
    ['E', 'WH1-01', '', '12-', 'kg'], // 9 trailing minus
    ['F', 'WH1-02', '', '4', 'Case of 12', ''], // 10 trailing empty cell is harmless
    ['Grand Total', '', '', '1234', ''], // 11
  ]);
  const r = await collect(Buffer.from(text), { kind: 'opening_balances', locale: 'en' });
  assert.deepEqual(r.records.map((x) => x.rowNumber), [2, 10]);
  assert.deepEqual(r.records[1]?.record, { sku: 'F', location: 'WH1-02', qty_on_hand: '4', uom: 'case', uom_factor: '12' });
  assert.deepEqual(
    r.rejected.map((x) => [x.rowNumber, x.code, x.column]),
    [
      [3, 'duplicate_key', 'sku + location + lot'],
      [4, 'duplicate_key', 'sku + location + lot'],
      [5, 'negative_not_allowed', 'qty_on_hand'],
      [6, 'unknown_unit', 'uom'],
      [7, 'too_many_columns', 'column 6'],
      [8, 'required', 'sku'],
      [9, 'negative_not_allowed', 'qty_on_hand'],
    ],
  );
  assert.match(r.rejected[0]?.reason ?? '', /as row 2/);
  assert.match(r.rejected[4]?.reason ?? '', /unquoted ','/);
  assert.deepEqual(r.skipped.map((x) => [x.rowNumber, x.code]), [[11, 'total_row']]);
});

test('negative quantities load when the site allows negative stock', async () => {
  const text = csvText([['sku', 'location', 'qty_on_hand'], ['A', 'B', '(3)'], ['C', 'B', '4-']]);
  const r = await collect(Buffer.from(text), { kind: 'opening_balances', allowNegativeQty: true });
  assert.deepEqual(r.records.map((x) => x.record.qty_on_hand), ['-3', '-4']);
});

test('the exports of Odoo, ERPNext and a WMS map through their presets', async () => {
  const cases: { name: string; text: string; options: Parameters<typeof collect>[1]; preset: string; records: unknown[]; skipped?: number[] }[] = [
    {
      name: 'Odoo stock.quant',
      text: csvText([
        ['Product', 'Location', 'Lot/Serial Number', 'On Hand Quantity', 'Unit of Measure', 'Company'],
        ['[FURN_0001] Office Desk', 'WH/Stock/Shelf 1', '', '12.00', 'Units', 'My Company'],
        ['[E-COM07] Large Cabinet', 'WH/Stock', 'LOT-0007', '3.50', 'Dozens', 'My Company'],
      ]),
      options: { kind: 'opening_balances' },
      preset: 'odoo_stock_quant',
      records: [
        { sku: 'FURN_0001', description: 'Office Desk', location: 'WH/Stock/Shelf 1', qty_on_hand: '12.00', uom: 'each' },
        { sku: 'E-COM07', description: 'Large Cabinet', location: 'WH/Stock', lot: 'LOT-0007', qty_on_hand: '3.50', uom: 'dozen', uom_factor: '12', uom_factor_unit: 'each' },
      ],
    },
    {
      name: 'ERPNext Stock Balance with its total row',
      text: csvText([
        ['Item', 'Item Name', 'Item Group', 'Warehouse', 'Stock UOM', 'Balance Qty', 'Balance Value', 'Valuation Rate'],
        ['SKU001', 'T-shirt', 'Products', 'Stores - WP', 'Nos', '100', '2500', '25'],
        ['SKU002', 'Steel sheet', 'Raw Material', 'Stores - WP', 'Kg', '12.5', '125', '10'],
        ["'Total'", '', '', '', '', '112.5', '2625', ''],
      ]),
      options: { kind: 'opening_balances' },
      preset: 'erpnext_stock_balance',
      records: [
        { sku: 'SKU001', description: 'T-shirt', location: 'Stores - WP', uom: 'each', qty_on_hand: '100', value: '2500', unit_cost: '25' },
        { sku: 'SKU002', description: 'Steel sheet', location: 'Stores - WP', uom: 'kg', qty_on_hand: '12.5', value: '125', unit_cost: '10' },
      ],
      skipped: [4],
    },
    {
      name: 'WMS count, US dates',
      text: csvText([
        ['SKU', 'Bin', 'Lot', 'Qty', 'UOM', 'Expiry'],
        ['MILK-1L', 'A-01-02', 'L240501', '1,200', 'EA', '05/31/2024'],
      ]),
      options: { kind: 'opening_balances', locale: 'en' },
      preset: 'wms_count',
      records: [{ sku: 'MILK-1L', location: 'A-01-02', lot: 'L240501', qty_on_hand: '1200', uom: 'each', expiry: '2024-05-31' }],
    },
  ];
  for (const c of cases) {
    const r = await collect(Buffer.from(c.text), c.options);
    assert.equal(r.header.preset, c.preset, c.name);
    assert.deepEqual(r.rejected, [], c.name);
    assert.deepEqual(r.records.map((x) => x.record), c.records, c.name);
    assert.deepEqual(r.skipped.map((x) => x.rowNumber), c.skipped ?? [], c.name);
  }
});

test('auto locale learns the decimal mark from the rows ahead, or refuses ambiguous numbers', async () => {
  const rows = (...qty: string[]): Buffer => Buffer.from(csvText([['sku', 'location', 'qty_on_hand'], ...qty.map((q, i) => [`S${i}`, 'B', q])], ';'));
  const cases: { name: string; input: Buffer; values: (string | undefined)[] }[] = [
    { name: 'comma proven later', input: rows('1.500', '2', '12,5'), values: ['1500', '2', '12.5'] },
    { name: 'point proven later', input: rows('1,500', '0.25'), values: ['1500', '0.25'] },
    { name: 'no proof at all', input: rows('1.500', '7'), values: [undefined, '7'] },
    { name: 'both marks seen: each value on its own', input: rows('12,5', '1.5', '1.500'), values: ['12.5', '1.5', undefined] },
  ];
  for (const c of cases) {
    const r = await collect(c.input, { kind: 'opening_balances' });
    const byRow = new Map(r.records.map((x) => [x.rowNumber, x.record.qty_on_hand]));
    assert.deepEqual(c.values.map((_, i) => byRow.get(i + 2)), c.values, c.name);
    for (const rej of r.rejected) assert.match(rej.reason, /ambiguous.*locale/, c.name);
  }
});

test('the header is found below a report title, or at the row the caller names', async () => {
  const text = 'Stock Balance Report;;\nPrinted 2024-05-31;;\n;;\nsku;location;qty_on_hand\nA;B;1\n';
  const found = await collect(Buffer.from(text), { kind: 'opening_balances' });
  assert.equal(found.header.rowNumber, 4);
  assert.deepEqual(found.records, [{ rowNumber: 5, record: { sku: 'A', location: 'B', qty_on_hand: '1' } }]);
  const named = await collect(Buffer.from(text), { kind: 'opening_balances', headerRow: 4 });
  assert.equal(named.records.length, 1);
});

test('file-level problems throw DomainErrors with import codes', async () => {
  const drain = async (input: Uint8Array, options: Parameters<typeof readRows>[1]): Promise<void> => {
    for await (const _ of readRows(input, options)) {
      // just read
    }
  };
  const cases: { name: string; input: Uint8Array; options: Parameters<typeof readRows>[1]; code: string }[] = [
    { name: 'missing required column', input: Buffer.from('sku,qty\nA,1\n'), options: { kind: 'opening_balances' }, code: 'import.missing_columns' },
    { name: 'empty file', input: Buffer.alloc(0), options: { kind: 'items' }, code: 'import.no_header' },
    { name: 'legacy xls', input: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), options: { kind: 'items' }, code: 'import.unsupported_format' },
    { name: 'quote never closed', input: Buffer.from('sku,description,base_uom\nA,"open,kg\nB,x,kg\n'), options: { kind: 'items' }, code: 'import.unreadable_file' },
    { name: 'mapping to an unknown field', input: Buffer.from('a\n1\n'), options: { kind: 'items', mapping: { a: 'colour' } }, code: 'import.unknown_field' },
  ];
  for (const c of cases) await assert.rejects(drain(c.input, c.options), { code: c.code }, c.name);
});

test('every kind of input gives the same rows: path, Buffer, file stream, tiny chunks', async () => {
  const text = Buffer.concat([BOM, Buffer.from(csvText([['sku', 'description', 'base_uom'], ['Ä-1', 'Größe ½"', 'kg'], ['Ö-2', 'Maß', 'g']], '\t'))]);
  const path = writeFixture('items-utf8-bom-tab.csv', text);
  async function* byteByByte(): AsyncGenerator<Uint8Array> {
    for (const b of text) yield Uint8Array.of(b);
  }
  const expected = [
    { sku: 'Ä-1', description: 'Größe ½"', base_uom: 'kg' },
    { sku: 'Ö-2', description: 'Maß', base_uom: 'g' },
  ];
  const inputs: [string, Parameters<typeof readRows>[0]][] = [
    ['path', path],
    ['buffer', text],
    ['file stream', createReadStream(path)],
    ['readable', Readable.from([text.subarray(0, 5), text.subarray(5)])],
    ['one byte at a time', byteByByte()],
  ];
  for (const [name, input] of inputs) {
    const r = await collect(input, { kind: 'items' });
    assert.equal(r.header.delimiter, '\t', name);
    assert.deepEqual(r.records.map((x) => x.record), expected, name);
  }
});

test('options override detection: delimiter and encoding', async () => {
  // C3 A9 is "é" in UTF-8 but "Ã©" in Windows-1252; the caller knows which it is.
  const bytes = Buffer.concat([Buffer.from('sku;description;base_uom\nA,1;Caf'), Buffer.from([0xc3, 0xa9]), Buffer.from(';kg\n')]);
  const auto = await collect(bytes, { kind: 'items' });
  assert.deepEqual(auto.records.map((x) => x.record.description), ['Café']);
  const r = await collect(bytes, { kind: 'items', delimiter: ';', encoding: 'windows-1252' });
  assert.equal(r.header.encoding, 'windows-1252');
  assert.deepEqual(r.records.map((x) => x.record), [{ sku: 'A,1', description: 'CafÃ©', base_uom: 'kg' }]);
  const wrongDelimiter = collect(bytes, { kind: 'items', delimiter: ',' });
  await assert.rejects(wrongDelimiter, { code: 'import.missing_columns' });
});

test('a consumer may stop early; the file is let go', async () => {
  const lines = ['sku,description,base_uom', ...Array.from({ length: 5000 }, (_, i) => `S${i},Item ${i},kg`)];
  const path = writeFixture('items-early-stop.csv', lines.join('\n') + '\n');
  let seen = 0;
  for await (const ev of readRows(path, { kind: 'items' })) {
    if (ev.type === 'record' && ++seen === 3) break;
  }
  assert.equal(seen, 3);
});
