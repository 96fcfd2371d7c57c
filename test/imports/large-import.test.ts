// A 200,000-row opening-balance import with memory that stays flat, and the export of the 200,000
// movement lines it posts, measured in a child process started with --expose-gc (large-import.child.ts)
// so that heap samples are taken after a forced collection. Bounds are generous; no timing is asserted.
// PostgreSQL posts about a quarter as fast here, so on PostgreSQL the same run uses 20,000 rows
// (LARGE_ROWS overrides either).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ENGINE } from '../support/db.js';

const ROWS = Number(process.env.LARGE_ROWS ?? (ENGINE === 'postgres' ? 20_000 : 200_000));
const CHILD = fileURLToPath(new URL('./large-import.child.ts', import.meta.url));

test(`${ROWS} opening-balance rows import in batches with a flat heap; their movements export streamed`, { timeout: 15 * 60_000 }, async (t) => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD], {
    env: { ...process.env, LARGE_ROWS: String(ROWS) },
    maxBuffer: 10 * 1024 * 1024,
    timeout: 15 * 60_000,
  });
  const figures = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number | boolean>;
  t.diagnostic(`${ENGINE}: ${JSON.stringify(figures)}`);
  assert.equal(figures.gc, true, 'the child runs with --expose-gc');
  assert.equal(figures.rows, ROWS);
  assert.equal(figures.created, ROWS);
  assert.equal(figures.rejected, 0);
  assert.equal(figures.exportedRows, ROWS);
  const n = (k: string) => Number(figures[k]);
  // What stays on the heap between batches: the parser's set of keys seen (to refuse duplicate rows)
  // grows with distinct rows, by tens of bytes each; everything else is released batch by batch.
  assert.ok(n('heapLastBatchMB') - n('heapFirstBatchMB') < 64, `retained heap grew ${n('heapLastBatchMB') - n('heapFirstBatchMB')} MB over the import`);
  assert.ok(n('heapMaxRetainedImportMB') - n('heapBaseMB') < 128, 'retained heap during the import');
  assert.ok(n('heapMaxRetainedExportGrowthMB') < 64, 'the export holds pages, not the file');
  assert.ok(n('rssMaxMB') < 1024, `rss peaked at ${n('rssMaxMB')} MB`);
});
