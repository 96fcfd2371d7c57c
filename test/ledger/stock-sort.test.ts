// The stock list sorts on the server by item, bin code or quantity, and pages through each order
// with its own cursor: every balance once, in order.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inTx } from '../../src/db/db.js';
import { postMovement } from '../../src/modules/ledger/index.js';
import { testDb } from '../support/db.js';
import { testApp } from '../support/app.js';
import { buildPlant, builderCtx } from '../support/catalog-builders.js';

test('stock on hand sorted by item, bin or quantity, paged with cursors', async () => {
  const db = await testDb();
  const t = await testApp(db);
  const p = await buildPlant(db);
  const put = [
    [p.items.bolt.sku, p.bins[2].code, '5'], [p.items.bolt.sku, p.bins[0].code, '40'], [p.items.flour.sku, p.bins[1].code, '5'],
    [p.items.widget.sku, p.bins[0].code, '12'], [p.items.flour.sku, p.bins[2].code, '0.5'],
  ] as const;
  for (const [item, to, qty] of put) await inTx(db, (tx) => postMovement(db, tx, builderCtx, { type: 'receipt', lines: [{ item, qty, to }] }));
  const all = async (sort: string) => {
    const out: { sku: string; location: string; qtyOnHand: string }[] = [];
    let cursor: string | null = null;
    do {
      const r = await t.inject(`/api/v1/stock?site=${p.site.code}&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(r.statusCode, 200, r.body);
      out.push(...r.json().items);
      cursor = r.json().nextCursor;
    } while (cursor);
    return out.map((b) => `${b.sku}@${b.location}=${b.qtyOnHand}`);
  };
  const byQty = await all('qty_desc');
  assert.equal(byQty.length, 5);
  assert.deepEqual(byQty.map((s) => s.split('=')[1]), ['40', '12', '5', '5', '0.5'], 'quantities compare in base units');
  assert.deepEqual((await all('qty_asc')).map((s) => s.split('=')[1]), ['0.5', '5', '5', '12', '40']);
  const byBin = (await all('location')).map((s) => s.split('@')[1]?.split('=')[0]);
  assert.deepEqual(byBin, [...byBin].sort());
  assert.equal(new Set(await all('item')).size, 5);
  const bad = await t.inject(`/api/v1/stock?sort=price`);
  assert.equal(bad.statusCode, 400);
  await t.close();
  await db.drop();
});
