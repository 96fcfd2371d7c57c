// Scheduled counting work (ABC reclassification, triggered-count scans) and the counting CLI.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inTx } from '../../src/db/db.js';
import { postMovement } from '../../src/modules/ledger/index.js';
import { listLines } from '../../src/modules/counting/index.js';
import { runDueJobs } from '../../src/jobs/jobs.js';
import { testDb, ENGINE, type TestDb } from '../support/db.js';
import { buildPlant, builderCtx, type Plant } from '../support/catalog-builders.js';
import { runCliWith } from '../catalog/helpers.js';

let db: TestDb;
let plant: Plant;
before(async () => {
  db = await testDb({ file: true });
  plant = await buildPlant(db, { allowNegativeStock: true });
  await inTx(db, (tx) => postMovement(db, tx, builderCtx, { type: 'receipt', lines: [{ item: plant.items.bolt.sku, qty: '10', to: plant.bins[0].code }] }));
  await inTx(db, (tx) => postMovement(db, tx, builderCtx, { type: 'shipment', lines: [{ item: plant.items.bolt.sku, qty: '12', from: plant.bins[0].code }] }));
});
after(async () => { await db.drop(); });

test('the scheduler reclassifies ABC once a day and scans for triggered counts', async () => {
  const cfg = { abcEveryHours: 24, triggerScanMinutes: 15, tickMs: 0 };
  const t0 = new Date('2026-11-22T06:00:00Z');
  const first = await runDueJobs(db, cfg, t0);
  assert.ok(first.includes(`abc:${plant.site.code}`), first.join(','));
  assert.ok(first.includes(`triggers:${plant.site.code}`));
  const lines = await listLines(db.k, builderCtx, { site: plant.site.code, kind: 'triggered' });
  assert.deepEqual(lines.items.map((l) => l.reasons[0]), ['negative_balance']);
  const later = await runDueJobs(db, cfg, new Date(t0.getTime() + 3_600_000));
  assert.ok(!later.includes(`abc:${plant.site.code}`), 'ABC is not due again within the day');
  const nextDay = await runDueJobs(db, cfg, new Date(t0.getTime() + 25 * 3_600_000));
  assert.ok(nextDay.includes(`abc:${plant.site.code}`));
  const runs = await db.k.selectFrom('abc_run').select('id').execute();
  assert.equal(runs.length, 2);
});

test('counting from the command line: classify, schedule, assign, tasks', { skip: ENGINE !== 'sqlite' && 'the CLI test runs on the SQLite file database' }, async () => {
  const env = db.env;
  let r = await runCliWith(['count', 'classify'], env);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /ABC run \d+ \(value\): A \d+, B \d+, C \d+/);
  r = await runCliWith(['count', 'schedule', '--site', plant.site.code, '--from', '2027-01-04', '--to', '2027-01-08'], env);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /lines for 1 item-locations over 5 working days/);
  r = await runCliWith(['count', 'assign', '--site', plant.site.code, '--date', '2027-01-08'], env);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /NOT assigned \(no_skilled_counter\)|→ user/);
  r = await runCliWith(['count', 'tasks', '--site', plant.site.code], env);
  assert.match(r.out, /task \d+/);
  r = await runCliWith(['count', 'schedule', '--site', plant.site.code, '--from', '2027-01-08', '--to', '2027-01-04'], env);
  assert.equal(r.code, 65, 'a reversed period is an input error');
  assert.match(r.err, /count\.bad_period/);
});
