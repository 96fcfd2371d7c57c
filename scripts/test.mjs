#!/usr/bin/env node
// `npm test`: the whole suite on SQLite, then again on PostgreSQL when a PostgreSQL URL is configured
// (TEST_DATABASE_URL, or DATABASE_URL if it is a postgres:// URL). Says which engines ran and ends with
// one total line. Extra arguments are test files to run instead of all.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => /\.test\.tsx?$/.test(f) && !f.includes('node_modules'))
    .sort();
}

const args = process.argv.slice(2);
const files = args.length ? args : [...findTests('src'), ...findTests('test')];
const pgUrl = process.env.TEST_DATABASE_URL || (/^postgres(ql)?:/.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL : undefined);
const engines = ['sqlite', ...(pgUrl ? ['postgres'] : [])];
fs.mkdirSync('.tmp', { recursive: true });

const totals = { pass: 0, fail: 0, skipped: 0 };
const summary = [];
for (const engine of engines) {
  // Browser tests drive the UI, which does not depend on the engine: they run once, on SQLite.
  const runFiles = engine === 'sqlite' ? files : files.filter((f) => !f.startsWith(path.join('test', 'web')));
  const tap = path.join('.tmp', `tap-${engine}.txt`);
  console.log(`\n=== npm test: ${runFiles.length} files on ${engine} ===`);
  const env = { ...process.env, STOCKROOM_TEST_ENGINE: engine, ...(pgUrl ? { TEST_DATABASE_URL: pgUrl } : {}) };
  delete env.DATABASE_URL; // tests choose their database through testDb()
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...runFiles],
    { stdio: 'inherit', env },
  );
  const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
  const count = (name) => Number((text.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  const pass = count('pass');
  const fail = count('fail') + (r.status !== 0 && count('fail') === 0 ? 1 : 0);
  const skipped = count('skipped');
  totals.pass += pass;
  totals.fail += fail;
  totals.skipped += skipped;
  summary.push(`${engine}: ${pass} passed, ${fail} failed, ${skipped} skipped`);
}
console.log('\n=== engines ran: ' + engines.join(' and ') + (pgUrl ? '' : ' (PostgreSQL not configured: set TEST_DATABASE_URL=postgres://… to run the suite on it too)'));
for (const s of summary) console.log('  ' + s);
console.log(`total: ${totals.pass} passed, ${totals.fail} failed, ${totals.skipped} skipped`);
process.exit(totals.fail > 0 ? 1 : 0);
