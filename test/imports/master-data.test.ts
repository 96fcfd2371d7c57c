// Master data from files: items, units and conversions, locations, lots, suppliers and BOMs are
// created, compared field by field on a second import (unchanged rows are neither rewritten nor
// audited), updated where a field differs, and refused row by row with the column and the reason.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csv, imp, plantDb, rejectedAt, rowCounts } from './helpers.js';
import { findBom, findItem, findLocation, findLot, findSupplier } from '../../src/modules/catalog/index.js';

test('items: created, unchanged on a second import (no audit), updated field by field; bad rows refused', async () => {
  const db = await plantDb();
  try {
    const head = ['sku', 'description', 'type', 'category', 'base_uom', 'qty_scale', 'unit_cost', 'cost_method', 'lot_tracked', 'shelf_life_days', 'active'];
    const file = csv([
      head,
      ['GEAR', 'Gear 20T', 'raw material', 'Gears', 'Stk', '', '1.25', 'standard', 'no', '', 'yes'],
      ['OIL', 'Oil 5W-30', 'mro', '', 'Liter', '', '', 'average', '', '365', ''],
      ['GEAR2', 'Gear 40T', 'raw', '', 'dozen', '', '', '', '', '', ''], // a unit the database does not have
      ['GEAR3', 'Gear 60T', 'raw', '', 'each', '9', '', '', '', '', ''], // scale out of range
      ['GEAR', 'Gear again', 'raw', '', 'each', '', '', '', '', '', ''], // duplicate
    ]);
    const dry = await imp(db, 'items', file, { dryRun: true });
    assert.deepEqual([dry.counts.created, dry.counts.rejected], [2, 3]);
    assert.deepEqual(rejectedAt(dry), ['4 base_uom', '5 qty_scale', '6 sku']);
    assert.equal(await findItem(db.k, 'GEAR'), undefined, 'dry run wrote nothing');

    const r = await imp(db, 'items', file, { mode: 'batches' });
    assert.equal(r.counts.created, 2);
    const gear = await findItem(db.k, 'GEAR');
    assert.equal(gear?.baseUom, 'each');
    assert.equal(gear?.qtyScale, 0, 'a counted unit defaults to scale 0');
    assert.equal(gear?.standardCost, '1.25');
    assert.equal(gear?.costMethod, 'standard');
    const oil = await findItem(db.k, 'OIL');
    assert.equal(oil?.baseUom, 'l');
    assert.equal(oil?.qtyScale, 3);
    assert.equal(oil?.shelfLifeDays, 365);

    const audits = (await rowCounts(db)).audit_event;
    const again = await imp(db, 'items', file, { mode: 'batches' });
    assert.deepEqual([again.counts.created, again.counts.updated, again.counts.unchanged], [0, 0, 2]);
    assert.equal((await rowCounts(db)).audit_event, audits + 1, 'only the run itself is audited: unchanged rows are not rewritten');

    const changed = await imp(db, 'items', csv([head, ['GEAR', 'Gear 20 teeth', 'raw', 'Gears', 'each', '', '1.250', 'standard', 'no', '', 'no']]), { locale: 'en' });
    assert.deepEqual([changed.counts.updated, changed.counts.unchanged], [1, 0], JSON.stringify(changed.rejections));
    const g2 = await findItem(db.k, 'GEAR');
    assert.equal(g2?.description, 'Gear 20 teeth');
    assert.equal(g2?.status, 'discontinued');
    assert.equal(g2?.standardCost, '1.25', '1.250 equals 1.25: compared as decimals');
    const ev = await db.k.selectFrom('audit_event').selectAll().where('action', '=', 'catalog.item.update').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.match(ev.before_json ?? '', /Gear 20T/);
    assert.match(ev.after_json ?? '', /Gear 20 teeth/);
  } finally {
    await db.drop();
  }
});

test('units: "Case of 12" and "Pallet (40 cs)" become exact factors; unknown SKU and unknown unit refused', async () => {
  const db = await plantDb();
  try {
    await imp(db, 'items', csv([['sku', 'description', 'base_uom'], ['NUT', 'Nut M8', 'each']]));
    const file = csv([
      ['sku', 'uom', 'factor', 'factor_uom'],
      ['NUT', 'Case of 12', '', ''],
      ['NUT', 'Pallet (40 cs)', '', ''],
      ['NUT', 'box', '50', ''],
      ['GHOST', 'case', '10', ''],
      ['NUT', 'carton', '24', ''], // parsed, but not a unit this database knows
      ['NUT', 'roll', '2', 'pack'], // counted in a unit NUT does not have
    ]);
    const r = await imp(db, 'units', file, { mode: 'batches' });
    assert.equal(r.counts.created, 3, JSON.stringify(r.rejections));
    assert.deepEqual(rejectedAt(r), ['5 sku', '6 uom', '7 factor_uom']);
    const nut = await findItem(db.k, 'NUT');
    assert.deepEqual(nut?.units.map((u) => [u.uom, u.factor]), [['case', '12'], ['pallet', '480'], ['box', '50']]);

    const again = await imp(db, 'units', csv([['sku', 'uom', 'factor'], ['NUT', 'case', '12.0'], ['NUT', 'box', '48']]));
    assert.deepEqual([again.counts.unchanged, again.counts.updated], [1, 1]);
    assert.deepEqual((await findItem(db.k, 'NUT'))?.units.find((u) => u.uom === 'box')?.factor, '48');
  } finally {
    await db.drop();
  }
});

test('locations: a tree in one file, types taken from the parent; unknown parent refused; a move is refused', async () => {
  const db = await plantDb();
  try {
    const file = csv([
      ['code', 'name', 'type', 'parent_code', 'walk_sequence', 'blocked'],
      ['S2', 'Second plant', 'plant', '', '', ''],
      ['W2', 'Warehouse 2', '', 'S2', '', ''],
      ['Z2', 'Zone 2', '', 'W2', '', ''],
      ['B2-01', 'Bin 1', '', 'Z2', '10', 'no'],
      ['B2-02', 'Bin 2', 'bin', 'Z2', '20', 'yes'],
      ['B2-99', 'Orphan', 'bin', 'Z9', '', ''],
    ]);
    const r = await imp(db, 'locations', file, { mode: 'batches' });
    assert.equal(r.counts.created, 5);
    assert.deepEqual(rejectedAt(r), ['7 parent_code']);
    assert.equal((await findLocation(db.k, 'B2-01'))?.kind, 'bin');
    assert.equal((await findLocation(db.k, 'B2-02'))?.blocked, true);
    assert.equal((await findLocation(db.k, 'B2-02'))?.site, 'S2');

    const again = await imp(db, 'locations', file, { mode: 'batches' });
    assert.deepEqual([again.counts.created, again.counts.unchanged, again.counts.rejected], [0, 5, 1]);

    const moved = await imp(db, 'locations', csv([['code', 'parent_code'], ['B2-01', 'Z1']]));
    assert.equal(moved.status, 'rejected');
    assert.deepEqual(rejectedAt(moved), ['2 parent_code']);
    assert.equal(moved.rejections[0]?.code, 'import.immutable_field');
  } finally {
    await db.drop();
  }
});

test('lots and suppliers: created, unchanged, updated; unknown item and untracked item refused', async () => {
  const db = await plantDb();
  try {
    const lots = csv([['sku', 'lot', 'expiry', 'supplier_lot'], ['RESIN', 'R-100', '2027-03-31', 'SUP-9'], ['RESIN', 'R-101', '31.12.2027', ''], ['BOLT', 'X-1', '', ''], ['NOPE', 'X-2', '', '']]);
    const r = await imp(db, 'lots', lots, { mode: 'batches', locale: 'de' });
    assert.equal(r.counts.created, 2);
    assert.deepEqual(rejectedAt(r), ['4 sku', '5 sku']);
    assert.match(r.rejections[0]?.reason ?? '', /not lot- or serial-tracked/);
    assert.equal((await findLot(db.k, 'RESIN', 'R-101'))?.expiresOn, '2027-12-31');
    const again = await imp(db, 'lots', csv([['sku', 'lot', 'expiry'], ['RESIN', 'R-100', '2027-03-31'], ['RESIN', 'R-101', '2028-01-31']]));
    assert.deepEqual([again.counts.unchanged, again.counts.updated], [1, 1]);

    const sup = csv([['code', 'name', 'email', 'lead_time_days', 'active'], ['ACME', 'Acme GmbH', 'orders@acme.example', '14', 'yes'], ['BAD', 'Bad mail', 'not-an-email', '', '']]);
    const s = await imp(db, 'suppliers', sup, { mode: 'batches' });
    assert.equal(s.counts.created, 1);
    assert.deepEqual(rejectedAt(s), ['3 email']);
    assert.equal((await findSupplier(db.k, 'ACME'))?.leadTimeDays, 14);
    const s2 = await imp(db, 'suppliers', csv([['code', 'name', 'lead_time_days'], ['ACME', 'Acme GmbH', '10']]));
    assert.equal(s2.counts.updated, 1);
    assert.equal((await findSupplier(db.k, 'ACME'))?.leadTimeDays, 10);
  } finally {
    await db.drop();
  }
});

test('BOMs: rows grouped by parent, units converted, scrap as a fraction or a percentage; a bad line keeps its BOM out', async () => {
  const db = await plantDb();
  try {
    await imp(db, 'items', csv([['sku', 'description', 'type', 'base_uom'], ['KIT', 'Kit', 'finished', 'each'], ['MIX', 'Mix', 'wip', 'kg']]));
    const file = csv([
      ['parent_sku', 'component_sku', 'qty_per', 'uom', 'scrap_factor'],
      ['KIT', 'BOLT', '2', 'case', '5%'],
      ['MIX', 'FLOUR', '500', 'g', '0.02'],
      ['KIT', 'FLOUR', '0.25', '', ''],
      ['MIX', 'GHOST', '1', '', ''],
    ]);
    const r = await imp(db, 'boms', file, { mode: 'batches' });
    assert.deepEqual([r.counts.created, r.counts.rejected], [2, 2]);
    assert.deepEqual(rejectedAt(r).sort(), ['3 parent_sku', '5 component_sku']);
    const kit = await findBom(db.k, 'KIT');
    assert.deepEqual(kit?.components.map((c) => [c.sku, c.qtyPer, c.scrapPct]), [['BOLT', '24', '5'], ['FLOUR', '0.25', '0']]);
    assert.equal(await findBom(db.k, 'MIX'), undefined);

    const again = await imp(db, 'boms', csv([['parent_sku', 'component_sku', 'qty_per', 'scrap_factor'], ['KIT', 'FLOUR', '0.250', ''], ['KIT', 'BOLT', '24', '0.05']]));
    assert.deepEqual([again.counts.unchanged, again.counts.updated], [2, 0], 'same lines in another order and notation: unchanged');
    const cycle = await imp(db, 'boms', csv([['parent_sku', 'component_sku', 'qty_per'], ['BOLT', 'KIT', '1']]));
    assert.equal(cycle.status, 'rejected');
    assert.equal(cycle.rejections[0]?.code, 'catalog.bom_cycle');
  } finally {
    await db.drop();
  }
});
