import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDb, type TestDb } from '../support/db.js';
import { auditEvents, cliEnv, runCliWith } from './helpers.js';

describe('catalog CLI', () => {
  let db: TestDb;
  let env: Record<string, string>;
  const cli = (...argv: string[]) => runCliWith(argv, env);
  before(async () => {
    db = await testDb({ file: true });
    env = cliEnv(db);
  });
  after(async () => db.drop());

  test('supplier add and list', async () => {
    const a = await cli('supplier', 'add', 'ACME', '--name', 'Acme Fasteners', '--email', 'orders@acme.example', '--lead-time-days', '14');
    assert.equal(a.code, 0, a.err);
    assert.match(a.out, /created supplier ACME/);
    const l = await cli('supplier', 'list', '--json');
    assert.equal(l.code, 0, l.err);
    assert.deepEqual(JSON.parse(l.out).items.map((s: { code: string }) => s.code), ['ACME']);
  });

  test('item add with units, show, list, update, deactivate', async () => {
    const a = await cli('item', 'add', 'BOLT-M8', '--description', 'Hex bolt M8', '--unit', 'case=12', '--unit', 'pallet=480', '--supplier', 'ACME', '--category', 'fasteners', '--json');
    assert.equal(a.code, 0, a.err);
    const created = JSON.parse(a.out);
    assert.deepEqual(created.units.map((u: { uom: string; factor: string }) => `${u.uom}=${u.factor}`), ['case=12', 'pallet=480']);
    assert.equal(created.defaultSupplier, 'ACME');
    const flour = await cli('item', 'add', 'FLOUR', '--description', 'Flour', '--uom', 'kg', '--scale', '3', '--unit', 'g=0.001', '--lot-tracked');
    assert.equal(flour.code, 0, flour.err);

    const show = await cli('item', 'show', 'BOLT-M8');
    assert.equal(show.code, 0, show.err);
    assert.match(show.out, /1 case = 12 each/);
    assert.match(show.out, /1 pallet = 480 each/);

    const list = await cli('item', 'list', '--lot-tracked', '--json');
    assert.deepEqual(JSON.parse(list.out).items.map((i: { sku: string }) => i.sku), ['FLOUR']);
    const all = await cli('item', 'list', '--limit', '1');
    assert.match(all.out, /^BOLT-M8\t/m);
    assert.match(all.out, /more: --cursor /);

    const u = await cli('item', 'update', 'BOLT-M8', '--description', 'Hex bolt M8x20', '--criticality', 'critical', '--json');
    assert.equal(u.code, 0, u.err);
    assert.equal(JSON.parse(u.out).criticality, 'critical');
    const d = await cli('item', 'deactivate', 'BOLT-M8');
    assert.equal(d.code, 0, d.err);
    assert.match(d.out, /BOLT-M8 is inactive/);
    const events = await auditEvents(db, 'item', created.id);
    assert.deepEqual(events.map((e) => e.action), ['catalog.item.create', 'catalog.item.update', 'catalog.item.deactivate']);
    assert.equal(events[0]?.actor, 'cli:tester');
  });

  test('location add, list, tree, block, unblock', async () => {
    for (const argv of [
      ['location', 'add', 'P1', '--kind', 'site', '--name', 'Plant 1'],
      ['location', 'add', 'P1-WH', '--kind', 'warehouse', '--parent', 'P1'],
      ['location', 'add', 'P1-A', '--kind', 'zone', '--parent', 'P1-WH'],
      ['location', 'add', 'P1-A-02', '--kind', 'bin', '--parent', 'P1-A', '--walk-seq', '20'],
      ['location', 'add', 'P1-A-01', '--kind', 'bin', '--parent', 'P1-A', '--walk-seq', '10'],
    ]) {
      const r = await cli(...argv);
      assert.equal(r.code, 0, `${argv.join(' ')}: ${r.err}`);
    }
    const tree = await cli('location', 'tree', 'P1');
    assert.equal(tree.code, 0, tree.err);
    assert.deepEqual(tree.out.trim().split('\n').map((l) => l.replace(/ \(.*$/, '')), ['P1', '  P1-WH', '    P1-A', '      P1-A-01', '      P1-A-02']);
    const list = await cli('location', 'list', '--kind', 'bin', '--site', 'P1', '--json');
    assert.deepEqual(JSON.parse(list.out).items.map((l: { code: string }) => l.code), ['P1-A-01', 'P1-A-02']);
    assert.equal((await cli('location', 'block', 'P1-A-01')).code, 0);
    assert.match((await cli('location', 'list', '--parent', 'P1-A')).out, /P1-A-01\tbin\t.*BLOCKED/);
    assert.equal((await cli('location', 'unblock', 'P1-A-01')).code, 0);
    assert.doesNotMatch((await cli('location', 'list', '--parent', 'P1-A')).out, /BLOCKED/);
  });

  test('lot add and list; bom add and show', async () => {
    assert.equal((await cli('lot', 'add', 'FLOUR', 'F-001', '--expires', '2027-01-31', '--supplier-lot', 'MILL-9')).code, 0);
    const lots = await cli('lot', 'list', '--expiring-before', '2027-12-31', '--json');
    assert.deepEqual(JSON.parse(lots.out).items.map((l: { lotNo: string; expiresOn: string }) => [l.lotNo, l.expiresOn]), [['F-001', '2027-01-31']]);
    const bread = await cli('item', 'add', 'BREAD', '--description', 'Bread', '--type', 'finished');
    assert.equal(bread.code, 0, bread.err);
    const b = await cli('bom', 'add', 'BOM-BREAD', '--parent', 'BREAD', '--output-qty', '10', '--component', 'FLOUR:0.5:2');
    assert.equal(b.code, 0, b.err);
    const show = await cli('bom', 'show', 'BOM-BREAD', '--json');
    const bom = JSON.parse(show.out);
    assert.equal(bom.qtyOutput, '10');
    assert.deepEqual(bom.components, [{ lineNo: 1, sku: 'FLOUR', qtyPer: '0.5', scrapPct: '2' }]);
    assert.match((await cli('bom', 'show', 'BOM-BREAD')).out, /BOM-BREAD: 10 × BREAD/);
  });

  test('failures print the code and field and exit by kind', async () => {
    const bad = await cli('item', 'add', 'X1', '--description', 'x', '--scale', '9');
    assert.equal(bad.code, 65);
    assert.match(bad.err, /error catalog\.bad_scale/);
    assert.match(bad.err, /qtyScale:/);
    const badType = await cli('item', 'add', 'X1', '--description', 'x', '--type', 'gold');
    assert.equal(badType.code, 65);
    assert.match(badType.err, /inventoryType/);
    const dup = await cli('item', 'add', 'FLOUR', '--description', 'again');
    assert.equal(dup.code, 75);
    assert.match(dup.err, /catalog\.duplicate_sku/);
    const missing = await cli('item', 'show', 'NOPE');
    assert.equal(missing.code, 66);
    const cycle = await cli('bom', 'add', 'BOM-FLOUR', '--parent', 'FLOUR', '--component', 'BREAD:1');
    assert.equal(cycle.code, 65);
    assert.match(cycle.err, /FLOUR → BREAD → FLOUR/);
    const virt = await cli('location', 'block', 'VIRTUAL/SCRAP');
    assert.equal(virt.code, 65);
    assert.match(virt.err, /catalog\.virtual_read_only/);
    const n = await db.k.selectFrom('item').select('sku').where('sku', '=', 'X1').execute();
    assert.equal(n.length, 0);
  });
});
