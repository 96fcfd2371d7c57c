// Real server processes: a server killed with SIGKILL mid-stream loses nothing it acknowledged
// (SPEC §8), two servers on one PostgreSQL database keep one consistent ledger, and a backup taken
// while a server writes restores to a ledger that checks clean.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testDb, ENGINE } from '../support/db.js';
import { createDb } from '../../src/db/db.js';
import { checkLedger } from '../../src/modules/ledger/index.js';
import { assertLedgerClean, balanceUnits, buildLedgerPlant, type LedgerPlant } from '../support/ledger-fixtures.js';
import { apiTokenHeaders, request, runCliCaptured, startServer, type Answer, type ServerProcess } from '../support/server-process.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The i-th posting of a stream: mostly receipts into bin 1, every third a transfer of 1 to bin 2. */
function streamBody(p: LedgerPlant, i: number): { body: object; b1: bigint; b2: bigint } {
  if (i % 3 === 2) return { body: { type: 'transfer', lines: [{ item: p.items.each, qty: '1', from: p.bins[0], to: p.bins[1] }] }, b1: -1n, b2: 1n };
  const q = BigInt((i % 5) + 1);
  return { body: { type: 'receipt', sourceDoc: `PO-${i}`, lines: [{ item: p.items.each, qty: String(q), to: p.bins[0], unitCost: '0.75' }] }, b1: q, b2: 0n };
}

test(`SIGKILL during a stream of postings loses no acknowledged movement (${ENGINE})`, async () => {
  const db = await testDb({ file: true });
  let srv: ServerProcess | undefined;
  try {
    const p = await buildLedgerPlant(db);
    const auth = await apiTokenHeaders(db);
    srv = await startServer({ env: db.env });
    const url = srv.url;
    const acked: Array<{ id: number; i: number; seq: number }> = [];
    let killed = false;
    // a client posting sequentially, each request under its own Idempotency-Key
    const client = (async (): Promise<number> => {
      for (let i = 0; ; i++) {
        let r: Answer;
        try {
          r = await request(url, 'POST', '/api/v1/movements', streamBody(p, i).body, { ...auth, 'idempotency-key': `stream-${i}` });
        } catch (e) {
          if (killed) return i; // the request in flight when the server died
          throw e;
        }
        assert.equal(r.status, 201, JSON.stringify(r.body));
        acked.push({ id: r.body.id as number, i, seq: r.body.seq as number });
      }
    })();
    while (acked.length < 40) await sleep(2);
    killed = true;
    await srv.kill('SIGKILL');
    const inFlight = await client;
    assert.ok(acked.length >= 40);

    srv = await startServer({ env: db.env });
    for (const a of acked) {
      const r = await request(srv.url, 'GET', `/api/v1/movements/${a.id}`, undefined, auth);
      assert.equal(r.status, 200, `acknowledged movement ${a.id} is there after the crash`);
      assert.equal(r.body.seq, a.seq);
    }
    // the request in flight may or may not have committed; retried under its key it posts exactly once
    const retry = await request(srv.url, 'POST', '/api/v1/movements', streamBody(p, inFlight).body, { ...auth, 'idempotency-key': `stream-${inFlight}` });
    assert.equal(retry.status, 201, JSON.stringify(retry.body));
    const movements = await db.k.selectFrom('movement').select('id').execute();
    assert.equal(movements.length, acked.length + 1, 'every acknowledged movement and the retried one, once each');
    let b1 = 0n;
    let b2 = 0n;
    for (let i = 0; i <= inFlight; i++) {
      const s = streamBody(p, i);
      b1 += s.b1;
      b2 += s.b2;
    }
    assert.equal(await balanceUnits(db, p.itemIds.each, p.binIds[0]), b1);
    assert.equal(await balanceUnits(db, p.itemIds.each, p.binIds[1]), b2);
    const check = await request(srv.url, 'GET', '/api/v1/ledger/check', undefined, auth);
    assert.equal(check.status, 200);
    assert.equal(check.body.ok, true, JSON.stringify(check.body.differences));
    await assertLedgerClean(db);
  } finally {
    await srv?.kill();
    await db.drop();
  }
});

test('two server processes on one PostgreSQL database keep one ledger', { skip: ENGINE !== 'postgres' && 'PostgreSQL only: SQLite serves one application server' }, async () => {
  const db = await testDb({ file: true });
  const servers: ServerProcess[] = [];
  try {
    const p = await buildLedgerPlant(db);
    const auth = await apiTokenHeaders(db);
    servers.push(...(await Promise.all([startServer({ env: db.env }), startServer({ env: db.env })])));
    let received = 0n;
    let issued = 0n;
    const statuses: number[] = [];
    // 4 clients per server; each alternates receipts of 2 with issues of 3 from the same bin, so
    // issues race each other across servers and some are refused
    await Promise.all(
      servers.flatMap((s, si) =>
        Array.from({ length: 4 }, async (_, c) => {
          for (let i = 0; i < 12; i++) {
            const receipt = (i + c) % 2 === 0;
            const body = receipt
              ? { type: 'receipt', lines: [{ item: p.items.each, qty: '2', to: p.bins[0], unitCost: '1.2' }] }
              : { type: 'issue_to_production', lines: [{ item: p.items.each, qty: '3', from: p.bins[0] }] };
            const r = await request(s.url, 'POST', '/api/v1/movements', body, { ...auth, 'idempotency-key': `two-${si}-${c}-${i}` });
            statuses.push(r.status);
            if (r.status === 201) {
              if (receipt) received += 2n;
              else issued += 3n;
            } else {
              assert.equal(r.status, 409, JSON.stringify(r.body));
              assert.equal(r.body.code, 'ledger.insufficient_stock');
              assert.ok(!receipt, 'receipts are never refused');
            }
          }
        }),
      ),
    );
    assert.equal(statuses.length, 2 * 4 * 12);
    assert.ok(issued > 0n);
    const onHand = await request(servers[1]!.url, 'GET', `/api/v1/stock/on-hand?item=${p.items.each}&location=${p.bins[0]}`, undefined, auth);
    assert.equal(onHand.body.qtyOnHand, String(received - issued));
    assert.equal(await balanceUnits(db, p.itemIds.each, p.binIds[0]), received - issued);
    const n = statuses.filter((s) => s === 201).length;
    assert.equal((await db.k.selectFrom('movement').select('id').execute()).length, n);
    await assertLedgerClean(db);
  } finally {
    for (const s of servers) await s.kill();
    await db.drop();
  }
});

test('backup while a server takes writes; restore into a fresh data dir checks clean', { skip: ENGINE !== 'sqlite' && 'SQLite only: PostgreSQL is backed up with pg_dump' }, async () => {
  const db = await testDb({ file: true });
  let srv: ServerProcess | undefined;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stockroom-backup-'));
  try {
    const p = await buildLedgerPlant(db);
    const auth = await apiTokenHeaders(db);
    srv = await startServer({ env: db.env });
    const url = srv.url;
    const acked: number[] = [];
    let stop = false;
    const client = (async () => {
      for (let i = 0; !stop; i++) {
        const r = await request(url, 'POST', '/api/v1/movements', streamBody(p, i).body, auth);
        assert.equal(r.status, 201, JSON.stringify(r.body));
        acked.push(r.body.id as number);
      }
    })();
    while (acked.length < 15) await sleep(2);
    const ackedBeforeBackup = [...acked];
    const file = path.join(work, 'backup.db');
    const backup = await runCliCaptured(db.env, 'backup', file);
    assert.equal(backup.code, 0, backup.err);
    assert.match(backup.out, /backup written to/);
    const countAfterBackup = acked.length;
    while (acked.length < countAfterBackup + 10) await sleep(2);
    stop = true;
    await client;
    assert.ok(acked.length > ackedBeforeBackup.length, 'the server kept writing during and after the backup');

    const fresh = path.join(work, 'restored');
    const env = { STOCKROOM_DATA_DIR: fresh, STOCKROOM_DEMO: '0' };
    const restore = await runCliCaptured(env, 'restore', file);
    assert.equal(restore.code, 0, restore.err);
    const check = await runCliCaptured(env, 'check');
    assert.equal(check.code, 0, check.out + check.err);
    assert.match(check.out, /check: clean/);

    const restored = createDb({ sqliteFile: path.join(fresh, 'stockroom.db') });
    try {
      const ids = new Set((await restored.k.selectFrom('movement').select('id').execute()).map((r) => r.id));
      for (const id of ackedBeforeBackup) assert.ok(ids.has(id), `movement ${id}, acknowledged before the backup, is in it`);
      assert.ok(ids.size < acked.length, 'the backup is a snapshot: later movements are not in it');
      const report = await checkLedger(restored.k);
      assert.deepEqual(report.differences, []);
      assert.equal(report.movements, ids.size);
    } finally {
      await restored.close();
    }
    // a corrupt or foreign file is refused
    const junk = path.join(work, 'junk.db');
    fs.writeFileSync(junk, 'not a database');
    const bad = await runCliCaptured({ STOCKROOM_DATA_DIR: path.join(work, 'other'), STOCKROOM_DEMO: '0' }, 'restore', junk);
    assert.notEqual(bad.code, 0);
    assert.match(bad.err, /ops\.not_a_backup/);
  } finally {
    await srv?.kill();
    await db.drop();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
