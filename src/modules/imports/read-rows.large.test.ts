import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { readRows } from './read-rows.js';

const ROWS = 200_000;

async function writeLargeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('sku;location;lot;qty_on_hand;uom;expiry\n');
  for (let i = 0; i < ROWS; i++) {
    // A quoted value with a line break every so often keeps the parser honest at chunk edges.
    const lot = i % 1000 === 0 ? `"L${i}\nsplit"` : `L${i}`;
    const line = `SKU-${i % 5000};BIN-${Math.floor(i / 5000)};${lot};${i % 97},${i % 10}0;Stk;31.12.2030\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.write('Summe;;;123.456,00;;\n');
  out.end();
  await once(out, 'finish');
}

test(`streams a ${ROWS.toLocaleString('en')}-row CSV with flat memory`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stockroom-imports-'));
  try {
    const path = join(dir, 'opening-balances.csv');
    await writeLargeCsv(path);
    let records = 0;
    let rejected = 0;
    let skipped = 0;
    let lastRow = 0;
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    for await (const ev of readRows(path, { kind: 'opening_balances', locale: 'de' })) {
      if (ev.type === 'record') records++;
      else if (ev.type === 'rejected') rejected++;
      else if (ev.type === 'skipped') skipped++;
      lastRow = ev.rowNumber;
      if (lastRow % 20_000 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }
    // Lots with a line break are refused (codes are single-line); every other row loads.
    assert.equal(rejected, ROWS / 1000);
    assert.equal(records, ROWS - ROWS / 1000);
    assert.equal(skipped, 1);
    assert.equal(lastRow, ROWS + 2);
    // Only the duplicate-key index grows with the file (a few MB here), never the rows themselves.
    assert.ok(heapPeak - heapBefore < 150 * 1024 * 1024, `heap grew by ${Math.round((heapPeak - heapBefore) / 1048576)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
