// Run by large-import.test.ts in a child process with --expose-gc: imports N opening-balance rows
// (items × bins) from a CSV file in mode 'batches', then exports the movements, sampling the heap after
// a forced collection as it goes. Prints one JSON line with the figures. Also runnable by hand:
//   LARGE_ROWS=200000 node --expose-gc --import tsx test/imports/large-import.child.ts

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testDb } from '../support/db.js';
import { inTx } from '../../src/db/db.js';
import { systemCtx } from '../../src/kernel/context.js';
import { createItem, createLocation } from '../../src/modules/catalog/index.js';
import { runImport } from '../../src/modules/imports/index.js';
import { exportToFile } from '../../src/modules/exports/index.js';

const ROWS = Number(process.env.LARGE_ROWS ?? 200_000);
const BINS = 100;
const ITEMS = Math.ceil(ROWS / BINS);
const gc = (globalThis as { gc?: () => void }).gc;
const MB = 1024 * 1024;

function heapAfterGc(): number {
  gc?.();
  return process.memoryUsage().heapUsed;
}

const db = await testDb();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockroom-large-'));
try {
  const ctx = systemCtx('test:large');
  await inTx(db, async (tx) => {
    await createLocation(tx, ctx, { code: 'S', name: 'Plant', kind: 'site' });
    await createLocation(tx, ctx, { code: 'W', name: 'Warehouse', kind: 'warehouse', parent: 'S' });
    await createLocation(tx, ctx, { code: 'Z', name: 'Zone', kind: 'zone', parent: 'W' });
    for (let b = 0; b < BINS; b++) await createLocation(tx, ctx, { code: `B${String(b).padStart(3, '0')}`, name: `Bin ${b}`, kind: 'bin', parent: 'Z' });
    for (let i = 0; i < ITEMS; i++) await createItem(tx, ctx, { sku: `SKU${String(i).padStart(6, '0')}`, description: `Item ${i}`, inventoryType: 'raw', baseUom: 'kg', qtyScale: 3 });
  });

  // The file is written as a stream too: the test holds no copy of it.
  const file = path.join(dir, 'opening.csv');
  const out = fs.createWriteStream(file);
  out.write('sku,location,qty_on_hand,uom,unit_cost\n');
  for (let r = 0; r < ROWS; r++) {
    const line = `SKU${String(Math.floor(r / BINS)).padStart(6, '0')},B${String(r % BINS).padStart(3, '0')},${(r % 997) + 1}.25,kg,1.5\n`;
    if (!out.write(line)) await new Promise<void>((res) => out.once('drain', () => res()));
  }
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));

  // Retained heap: sampled after a forced collection, every batch of the import and twice a second
  // during the export. Garbage comes and goes; what grows with the file would show here.
  const base = heapAfterGc();
  const importSamples: number[] = [];
  let rssMax = process.memoryUsage().rss;
  const started = Date.now();
  const report = await runImport(db, ctx, file, {
    kind: 'opening_balances', mode: 'batches', batchSize: 5000, maxRejections: 100,
    afterBatch: () => {
      importSamples.push(heapAfterGc());
      rssMax = Math.max(rssMax, process.memoryUsage().rss);
    },
  });
  const seconds = (Date.now() - started) / 1000;

  const exportFile = path.join(dir, 'movements.csv');
  const exportBase = heapAfterGc();
  const exportSamples: number[] = [exportBase];
  const timer = setInterval(() => {
    exportSamples.push(heapAfterGc());
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
  }, 500);
  const exportStarted = Date.now();
  const exported = await exportToFile(db, 'movements', 'csv', exportFile);
  clearInterval(timer);

  const mb = (n: number) => Math.round((n / MB) * 10) / 10;
  console.log(JSON.stringify({
    rows: report.counts.read,
    created: report.counts.created,
    rejected: report.counts.rejected,
    seconds: Math.round(seconds * 10) / 10,
    rowsPerSecond: Math.round(report.counts.read / seconds),
    fileMB: mb(fs.statSync(file).size),
    heapBaseMB: mb(base),
    heapFirstBatchMB: mb(importSamples[0] ?? base),
    heapLastBatchMB: mb(importSamples.at(-1) ?? base),
    heapMaxRetainedImportMB: mb(Math.max(base, ...importSamples)),
    exportedRows: exported,
    exportFileMB: mb(fs.statSync(exportFile).size),
    exportSeconds: Math.round((Date.now() - exportStarted) / 100) / 10,
    heapMaxRetainedExportGrowthMB: mb(Math.max(...exportSamples) - exportBase),
    rssMaxMB: mb(rssMax),
    gc: gc !== undefined,
  }));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
  await db.drop();
}
