// Many writers on one balance (PostgreSQL: several connections, as several application servers
// would have). The guarded decrement must serialize them: nobody takes the balance below zero,
// no update is lost, and every refusal is a clean ledger.insufficient_stock.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDb, ENGINE, type TestDb } from '../support/db.js';
import { inTx } from '../../src/db/db.js';
import { isDomainError } from '../../src/kernel/errors.js';
import { intFromDb } from '../../src/kernel/decimal.js';
import { postMovement } from '../../src/modules/ledger/index.js';
import { assertLedgerClean, balanceUnits, buildLedgerPlant, testCtx, type LedgerPlant } from '../support/ledger-fixtures.js';

const CLIENTS = 16;
const skip = ENGINE !== 'postgres' && 'PostgreSQL only: SQLite has one writer process and no concurrent connections to race';

async function issue(db: TestDb, p: LedgerPlant, qty: string, actor: string) {
  return inTx(db, (tx) => postMovement(db, tx, testCtx(actor), { type: 'issue_to_production', lines: [{ item: p.items.each, qty, from: p.bins[0] }] }));
}

/** The running balance of a bin after every movement, in ledger order, from the entries themselves. */
async function runningBalances(db: TestDb, itemId: number, locationId: number): Promise<bigint[]> {
  const rows = await db.k.selectFrom('stock_entry').select(['seq', 'qty']).where('item_id', '=', itemId).where('location_id', '=', locationId).orderBy('seq').orderBy('id').execute();
  let b = 0n;
  return rows.map((r) => (b += BigInt(intFromDb(r.qty))));
}

test('16 clients issuing the last units of one balance', { skip }, async () => {
  const db = await testDb({ poolMax: 20 });
  try {
    const p = await buildLedgerPlant(db);
    const start = 10;
    await inTx(db, (tx) => postMovement(db, tx, testCtx(), { type: 'receipt', lines: [{ item: p.items.each, qty: String(start), to: p.bins[0], unitCost: '2.50' }] }));
    const results = await Promise.allSettled(Array.from({ length: CLIENTS }, (_, i) => issue(db, p, '1', `test:client-${i}`)));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(ok.length, start, 'exactly the stock on hand was issued');
    assert.equal(refused.length, CLIENTS - start);
    for (const r of refused) assert.ok(isDomainError(r.reason) && r.reason.code === 'ledger.insufficient_stock', `refusal was ${String(r.reason)}`);
    assert.equal(await balanceUnits(db, p.itemIds.each, p.binIds[0]), 0n);
    await assertLedgerClean(db);
  } finally {
    await db.drop();
  }
});

test('16 clients draining a balance with mixed quantities until refused', { skip }, async () => {
  const db = await testDb({ poolMax: 20 });
  try {
    const p = await buildLedgerPlant(db);
    const start = 97n;
    await inTx(db, (tx) => postMovement(db, tx, testCtx(), { type: 'receipt', lines: [{ item: p.items.each, qty: String(start), to: p.bins[0], unitCost: '1.10' }] }));
    let issued = 0n;
    const refusals: unknown[] = [];
    // client i issues 1 + i % 4 each time; every client stops at its first refusal. The clients
    // issuing 1 stop only when nothing is left, so all of the stock is issued in the end.
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        const qty = BigInt(1 + (i % 4));
        for (;;) {
          try {
            await issue(db, p, String(qty), `test:client-${i}`);
            issued += qty;
          } catch (e) {
            refusals.push(e);
            return;
          }
        }
      }),
    );
    assert.equal(issued, start, 'total issued equals the starting stock');
    assert.equal(refusals.length, CLIENTS);
    for (const e of refusals) assert.ok(isDomainError(e) && e.code === 'ledger.insufficient_stock', `refusal was ${String(e)}`);
    const running = await runningBalances(db, p.itemIds.each, p.binIds[0]);
    assert.equal(running.at(-1), 0n);
    assert.ok(running.every((b) => b >= 0n), 'the balance never went below zero at any ledger position');
    // the item's value left with the stock, to the last minor unit
    const v = await db.k.selectFrom('item_valuation').selectAll().where('item_id', '=', p.itemIds.each).executeTakeFirstOrThrow();
    assert.deepEqual([intFromDb(v.qty_valued), intFromDb(v.value_minor)], [0, 0]);
    await assertLedgerClean(db);
  } finally {
    await db.drop();
  }
});

test('concurrent transfers in opposite directions between two bins neither deadlock nor lose stock', { skip }, async () => {
  const db = await testDb({ poolMax: 20 });
  try {
    const p = await buildLedgerPlant(db);
    await inTx(db, (tx) => postMovement(db, tx, testCtx(), { type: 'receipt', lines: [{ item: p.items.each, qty: '40', to: p.bins[0] }, { item: p.items.each, qty: '40', to: p.bins[1] }] }));
    const moves = Array.from({ length: 40 }, (_, i) =>
      inTx(db, (tx) =>
        postMovement(db, tx, testCtx(`test:mover-${i}`), {
          type: 'transfer',
          lines: [{ item: p.items.each, qty: '3', from: p.bins[i % 2], to: p.bins[(i + 1) % 2] }],
        }),
      ).then(() => 'ok', (e: unknown) => (isDomainError(e) ? e.code : String(e))),
    );
    const outcomes = await Promise.all(moves);
    assert.deepEqual(outcomes.filter((o) => o !== 'ok' && o !== 'ledger.insufficient_stock'), [], 'no deadlock or other failure');
    const b0 = await balanceUnits(db, p.itemIds.each, p.binIds[0]);
    const b1 = await balanceUnits(db, p.itemIds.each, p.binIds[1]);
    assert.equal(b0 + b1, 80n);
    await assertLedgerClean(db);
  } finally {
    await db.drop();
  }
});
