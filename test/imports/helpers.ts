// Shared set-up for the import and export tests: a database with a small plant built through the
// catalog commands, file builders, and readers of what the database holds.

import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { testDb, type TestDb } from '../support/db.js';
import { inTx } from '../../src/db/db.js';
import { systemCtx } from '../../src/kernel/context.js';
import { formatUnits, intFromDb } from '../../src/kernel/decimal.js';
import { createItem, createLocation } from '../../src/modules/catalog/index.js';
import { runImport, type ImportOptions, type ImportReport } from '../../src/modules/imports/index.js';
import type { ImportKind } from '../../src/modules/imports/index.js';

export const ctx = systemCtx('test:import');

/** A CSV from rows of cells, quoting what needs it (delimiter, quote, line break, edge spaces kept as given). */
export function csv(rows: readonly (readonly string[])[], delimiter = ',', newline = '\n'): string {
  const quote = (c: string): string => (c.includes(delimiter) || c.includes('"') || c.includes('\n') || c.includes('\r') ? `"${c.replace(/"/g, '""')}"` : c);
  return rows.map((r) => r.map(quote).join(delimiter)).join(newline) + newline;
}

export const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
export const utf8Bom = (text: string): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
export const cp1252 = (text: string): Buffer => iconv.encode(text, 'windows-1252');

export async function xlsx(rows: readonly (readonly (string | number | null)[])[], sheet = 'Sheet1'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow([...r]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Imports file content (a string is CSV text, not a path). */
export function imp(db: TestDb, kind: ImportKind, file: string | Uint8Array, opts: Omit<ImportOptions, 'kind'> = {}): Promise<ImportReport> {
  return runImport(db, ctx, typeof file === 'string' ? utf8(file) : file, { kind, ...opts });
}

/**
 * Site S1 > warehouse W1 > zone Z1 > bins B1, B2, B3 (and a blocked bin BX), and items:
 * BOLT (each, scale 0; case = 12, pallet = 480), FLOUR (kg, scale 3; g = 0.001), RESIN (lot-tracked kg, scale 3).
 */
export async function plantDb(opts: { file?: boolean } = {}): Promise<TestDb> {
  const db = await testDb(opts);
  await inTx(db, async (tx) => {
    await createLocation(tx, ctx, { code: 'S1', name: 'Plant', kind: 'site' });
    await createLocation(tx, ctx, { code: 'W1', name: 'Main warehouse', kind: 'warehouse', parent: 'S1' });
    await createLocation(tx, ctx, { code: 'Z1', name: 'Zone 1', kind: 'zone', parent: 'W1' });
    for (const [i, b] of ['B1', 'B2', 'B3'].entries()) await createLocation(tx, ctx, { code: b, name: `Bin ${b}`, kind: 'bin', parent: 'Z1', walkSeq: (i + 1) * 10 });
    await createLocation(tx, ctx, { code: 'BX', name: 'Blocked bin', kind: 'bin', parent: 'Z1', blocked: true });
    await createItem(tx, ctx, { sku: 'BOLT', description: 'Bolt M8', inventoryType: 'raw', baseUom: 'each', qtyScale: 0, units: [{ uom: 'case', factor: '12' }, { uom: 'pallet', factor: '480' }] });
    await createItem(tx, ctx, { sku: 'FLOUR', description: 'Flour', inventoryType: 'raw', baseUom: 'kg', qtyScale: 3, units: [{ uom: 'g', factor: '0.001' }] });
    await createItem(tx, ctx, { sku: 'RESIN', description: 'Resin', inventoryType: 'raw', baseUom: 'kg', qtyScale: 3, lotTracked: true });
  });
  return db;
}

/** Rows in the tables an import writes to. */
export async function rowCounts(db: TestDb): Promise<Record<string, number> & { import_run: number; audit_event: number }> {
  const out: Record<string, number> = {};
  for (const t of ['item', 'item_unit', 'location', 'lot', 'supplier', 'bom', 'bom_component', 'movement', 'movement_line', 'stock_entry', 'stock_balance', 'audit_event', 'import_run', 'import_opening_key']) {
    const r = await db.k.selectFrom(t as 'item').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out as Record<string, number> & { import_run: number; audit_event: number };
}

/** On hand of an item in a bin (and lot), as a decimal string at the item's scale ("0" when none). */
export async function onHand(db: TestDb, sku: string, bin: string, lot?: string): Promise<string> {
  const item = await db.k.selectFrom('item').select(['id', 'qty_scale']).where('sku', '=', sku).executeTakeFirstOrThrow();
  const loc = await db.k.selectFrom('location').select('id').where('code', '=', bin).executeTakeFirstOrThrow();
  let lotId = 0;
  if (lot !== undefined) lotId = (await db.k.selectFrom('lot').select('id').where('item_id', '=', item.id).where('lot_no', '=', lot).executeTakeFirstOrThrow()).id;
  const r = await db.k.selectFrom('stock_balance').select('qty_on_hand').where('item_id', '=', item.id).where('location_id', '=', loc.id).where('lot_id', '=', lotId).executeTakeFirst();
  return formatUnits(intFromDb(r?.qty_on_hand ?? 0), item.qty_scale);
}

/** "row 5 qty_on_hand" for each rejection: compact to compare. */
export function rejectedAt(r: ImportReport): string[] {
  return r.rejections.map((x) => `${x.rowNumber} ${x.column}`);
}

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the CLI in-process against the test database (file-based on SQLite), capturing the text it prints. */
export async function cli(db: TestDb, argv: string[]): Promise<CliResult> {
  const env = { ...db.env, STOCKROOM_DATA_DIR: db.env.STOCKROOM_DATA_DIR ?? '', STOCKROOM_ACTOR: 'tester', STOCKROOM_DEMO: '0' };
  let out = '';
  let err = '';
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  // the test runner reports to its parent in binary chunks on the same stdout: those pass through
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof chunk !== 'string') return (stdout as (...a: unknown[]) => boolean)(chunk, ...rest);
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof chunk !== 'string') return (stderr as (...a: unknown[]) => boolean)(chunk, ...rest);
    err += chunk;
    return true;
  }) as typeof process.stderr.write;
  try {
    const { runCli } = await import('../../src/main/cli.js');
    return { code: await runCli(argv, env), out, err };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
}
