import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDb } from '../support/db.js';
import { buildPlant, makeBom, makeLot } from '../support/catalog-builders.js';
import { findItemRef, requireLocationRef, toBaseUnits, findFactor } from '../../src/modules/catalog/index.js';

test('buildPlant makes a site > warehouse > zone > 3 bins and items with units, twice in one database', async () => {
  const db = await testDb();
  try {
    const a = await buildPlant(db, { prefix: 'PA' });
    const b = await buildPlant(db);
    assert.notEqual(a.site.code, b.site.code);
    assert.deepEqual(a.bins.map((x) => x.walkSeq), [10, 20, 30]);
    assert.ok(a.bins.every((x) => x.siteId === a.site.id && x.parentId === a.zone.id));
    const bolt = await findItemRef(db.k, a.items.bolt.sku);
    assert.ok(bolt);
    assert.equal(toBaseUnits('2', findFactor(bolt.baseUom, bolt.units, 'pallet') as string, bolt.qtyScale), 960n);
    const flour = await findItemRef(db.k, a.items.flour.id);
    assert.equal(flour?.qtyScale, 3);
    assert.equal(toBaseUnits('250', findFactor('kg', flour?.units ?? [], 'g') as string, 3), 250n, '250 g = 0.250 kg = 250 units at scale 3');
    assert.equal(a.items.resin.lotTracked, true);
    assert.equal(a.items.widget.standardCost, '25.00');
    assert.equal((await requireLocationRef(db.k, a.bins[2].code, 'to')).kind, 'bin');
    const lot = await makeLot(db, a.items.resin, { expiresOn: '2027-01-01' });
    assert.equal(lot.sku, a.items.resin.sku);
    const bom = await makeBom(db, a.items.widget, [{ sku: a.items.bolt.sku, qtyPer: '4' }]);
    assert.equal(bom.components.length, 1);
  } finally {
    await db.drop();
  }
});
