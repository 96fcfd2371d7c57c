// The ledger's CLI (post, stock, onhand, movements, reverse, valuation, check) through runCli on a
// SQLite data directory of its own: exit codes and what it prints. The CLI opens its database from
// STOCKROOM_DATA_DIR like a user's shell would, so this runs on SQLite whatever the engine.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCliCaptured } from '../support/server-process.js';
import { createDb, type Db } from '../../src/db/db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { buildLedgerPlant, type LedgerPlant } from '../support/ledger-fixtures.js';
import { EXIT_CODE, EXIT_DRIFT } from '../../src/cli/exit-codes.js';

const cli = runCliCaptured;

describe('ledger CLI (SQLite data directory)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let p: LedgerPlant;
  let db: Db;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockroom-cli-'));
    env = { STOCKROOM_DATA_DIR: dir, STOCKROOM_DEMO: '0', STOCKROOM_ACTOR: 'tester', PATH: process.env.PATH ?? '' };
    db = createDb({ sqliteFile: path.join(dir, 'stockroom.db') });
    await migrateToLatest(db.k, db.kind);
    p = await buildLedgerPlant(db);
  });
  after(async () => {
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('post a receipt in cases, an issue and a transfer; stock and onhand show the result', async () => {
    let r = await cli(env, 'post', 'receipt', '--item', p.items.each, '--qty', '2', '--unit', 'case', '--to', p.bins[0], '--unit-cost', '1.50', '--doc', 'PO-1');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`^posted movement 1 \\(seq 1\\) receipt: 24 each ${p.items.each} VIRTUAL/SUPPLIER -> ${p.bins[0]}, value 36.00$`, 'm'));
    r = await cli(env, 'post', 'issue_to_production', '--item', p.items.each, '--qty', '5', '--from', p.bins[0]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /issue_to_production: 5 each .* -> VIRTUAL\/PRODUCTION, value 7\.50/);
    r = await cli(env, 'post', 'transfer', '--item', p.items.each, '--qty', '4', '--from', p.bins[0], '--to', p.bins[1], '--json');
    assert.equal(r.code, 0, r.err);
    const m = JSON.parse(r.out) as { id: number; seq: number; actor: string; lines: Array<{ qty: string; from: string; to: string }> };
    assert.deepEqual([m.seq, m.actor, m.lines[0]?.qty, m.lines[0]?.from, m.lines[0]?.to], [3, 'cli:tester', '4', p.bins[0], p.bins[1]]);

    r = await cli(env, 'onhand', '--item', p.items.each, '--location', p.bins[0]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.trim(), `15 each of ${p.items.each} in ${p.bins[0]} at position 3`);
    r = await cli(env, 'onhand', '--item', p.items.each, '--location', p.bins[0], '--position', '1');
    assert.equal(r.out.trim(), `24 each of ${p.items.each} in ${p.bins[0]} at position 1`);

    r = await cli(env, 'stock', '--item', p.items.each, '--json');
    assert.equal(r.code, 0, r.err);
    const page = JSON.parse(r.out) as { items: Array<{ location: string; qtyOnHand: string }> };
    assert.deepEqual(page.items.map((i) => [i.location, i.qtyOnHand]), [[p.bins[0], '15'], [p.bins[1], '4']]);
    r = await cli(env, 'stock', '--item', p.items.each);
    const lines = r.out.trim().split('\n');
    assert.match(lines[0] ?? '', /^sku\s+location\s+lot\s+qtyOnHand\s+uom\s+value$/);
    assert.equal(lines.length, 4, 'header, rule and two rows');
  });

  test('movements lists newest first; reverse posts a reversal once', async () => {
    let r = await cli(env, 'movements', '--item', p.items.each);
    assert.equal(r.code, 0, r.err);
    const rows = r.out.trim().split('\n').slice(2);
    assert.deepEqual(rows.map((l) => l.split(/\s+/).slice(0, 3)), [['3', '3', 'transfer'], ['2', '2', 'issue_to_production'], ['1', '1', 'receipt']]);
    r = await cli(env, 'reverse', '3', '--reason', 'wrong-bin');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.trim(), 'posted reversal 4 (seq 4) of movement 3');
    r = await cli(env, 'reverse', '3');
    assert.equal(r.code, EXIT_CODE.conflict);
    assert.match(r.err, /error ledger\.already_reversed/);
    r = await cli(env, 'reverse', '999');
    assert.equal(r.code, EXIT_CODE.not_found);
    assert.match(r.err, /ledger\.movement_not_found/);
    r = await cli(env, 'onhand', '--item', p.items.each, '--location', p.bins[1]);
    assert.match(r.out, /^0 each/);
  });

  test('refusals exit with the code of their kind and name the field; nothing is posted', async () => {
    const before = (await cli(env, 'movements')).out;
    let r = await cli(env, 'post', 'issue_to_production', '--item', p.items.each, '--qty', '1000', '--from', p.bins[0]);
    assert.equal(r.code, EXIT_CODE.conflict);
    assert.match(r.err, /error ledger\.insufficient_stock/);
    assert.match(r.err, /lines\/0\/qty:/);
    r = await cli(env, 'post', 'receipt', '--item', 'NOPE', '--qty', '1', '--to', p.bins[0]);
    assert.equal(r.code, EXIT_CODE.invalid);
    assert.match(r.err, /catalog\.unknown_item/);
    r = await cli(env, 'post', 'receipt', '--item', p.items.kg, '--qty', '0.0001', '--to', p.bins[0]);
    assert.equal(r.code, EXIT_CODE.invalid);
    assert.match(r.err, /kernel\.too_many_decimals/);
    r = await cli(env, 'post', 'teleport', '--item', p.items.each, '--qty', '1', '--to', p.bins[0]);
    assert.equal(r.code, EXIT_CODE.invalid);
    assert.match(r.err, /ledger\.unsupported_type/);
    r = await cli(env, 'post', 'receipt', '--qty', '1');
    assert.notEqual(r.code, 0, 'a missing required option is a usage error');
    assert.equal((await cli(env, 'movements')).out, before);
  });

  test('valuation prints the three methods', async () => {
    // 24 received @ 1.50 = 36.00; 5 issued @ 1.50 → 19 left worth 28.50
    const r = await cli(env, 'valuation', '--json');
    assert.equal(r.code, 0, r.err);
    const v = JSON.parse(r.out) as { lines: Array<Record<string, string>>; totals: Record<string, string> };
    assert.deepEqual(v.lines.map((l) => [l.sku, l.qtyOnHand, l.average, l.fifo, l.lifo]), [[p.items.each, '19', '28.50', '28.50', '28.50']]);
    const text = await cli(env, 'valuation');
    assert.match(text.out, /total {2}average 28\.50 {2}fifo 28\.50 {2}lifo 28\.50/);
  });

  test('check exits 0 when clean and 3 with the difference when a balance drifted', async () => {
    let r = await cli(env, 'check');
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /check: clean/);
    await db.k.updateTable('stock_balance').set({ qty_on_hand: 20 }).where('item_id', '=', p.itemIds.each).where('location_id', '=', p.binIds[0]).execute();
    r = await cli(env, 'check');
    assert.equal(r.code, EXIT_DRIFT);
    assert.match(r.out, /DIFF balance .* expected=19 actual=20/);
    r = await cli(env, 'check', '--json');
    assert.equal(r.code, EXIT_DRIFT);
    assert.equal((JSON.parse(r.out) as { ok: boolean }).ok, false);
    await db.k.updateTable('stock_balance').set({ qty_on_hand: 19 }).where('item_id', '=', p.itemIds.each).where('location_id', '=', p.binIds[0]).execute();
    r = await cli(env, 'check');
    assert.equal(r.code, 0, 'clean again, and the earlier drift did not stick to later runs');
  });
});
