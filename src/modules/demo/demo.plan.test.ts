import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkGtin } from '../catalog/index.js';
import { buildPlan } from './demo.plan.js';
import { simulateHistory } from './demo.history.js';
import { FULL_SCALE } from './demo.types.js';
import { Rng } from './demo.random.js';

test('the full plan: about 1,500 items of four types, about 400 bins, unique codes, valid GTINs', () => {
  const p = buildPlan(FULL_SCALE);
  const by = (t: string) => p.items.filter((i) => i.type === t).length;
  assert.ok(Math.abs(p.items.length - 1500) <= 20, `items: ${p.items.length}`);
  for (const t of ['raw', 'wip', 'finished', 'mro']) assert.ok(by(t) >= 100, `${t}: ${by(t)}`);
  const bins = p.locations.filter((l) => l.kind === 'bin');
  assert.ok(bins.length >= 380 && bins.length <= 420, `bins: ${bins.length}`);
  for (const b of bins) assert.match(b.code, /^P\d-[A-Z]+-[A-Z]-\d{2}-\d{2}$/);
  assert.equal(new Set(p.locations.map((l) => l.code)).size, p.locations.length);
  assert.equal(new Set(p.items.map((i) => i.sku)).size, p.items.length);
  for (const i of p.items) if (i.gtin) assert.equal(checkGtin(i.gtin), i.gtin);
  for (const i of p.items) for (const u of i.units) if (u.gtin) assert.equal(checkGtin(u.gtin), u.gtin);
  const serial = p.items.filter((i) => i.serialTracked);
  assert.ok(serial.length >= 2 && serial.length <= 15 && serial.every((i) => i.qtyScale === 0), `serial items: ${serial.length}`);
  assert.ok(p.items.filter((i) => i.lotTracked && i.shelfLifeDays !== null).length > 20);
  const crit = p.items.filter((i) => i.criticality === 'critical').length / p.items.length;
  assert.ok(crit > 0.01 && crit < 0.08, `critical share ${crit}`);
  assert.ok(p.suppliers.length >= 20);
});

test('bins are walked in serpentine order within each zone', () => {
  const p = buildPlan(FULL_SCALE);
  const zone = p.locations.filter((l) => l.parent === 'P1-RM-BULK').sort((a, b) => (a.walkSeq as number) - (b.walkSeq as number));
  const order = zone.map((l) => l.code.slice(6, 10));
  // up aisle A (bays 01..10), back down aisle B (10..01), up C
  assert.equal(order[0], 'A-01');
  assert.equal(order[39], 'A-10');
  assert.equal(order[40], 'B-10');
  assert.equal(order[79], 'B-01');
  assert.equal(order[80], 'C-01');
});

test('the same seed gives the same plan and history; any seed and scale simulates without breaking its own stock book', () => {
  const now = new Date('2026-03-02T10:00:00Z');
  const a = simulateHistory(buildPlan({ items: 120, days: 20, seed: 3 }), { now });
  const b = simulateHistory(buildPlan({ items: 120, days: 20, seed: 3 }), { now });
  assert.deepEqual(a, b);
  for (const seed of [1, 2, 99]) {
    for (const [items, days] of [[40, 3], [80, 30], [300, 10]] as const) {
      const moves = simulateHistory(buildPlan({ items, days, seed }), { now });
      assert.ok(moves.length > 0);
      for (let i = 1; i < moves.length; i++) assert.ok((moves[i - 1] as { at: Date }).at < (moves[i] as { at: Date }).at, 'times rise');
      assert.ok((moves.at(-1) as { at: Date }).at <= now);
      for (const m of moves) for (const l of m.input.lines) assert.match(l.qty, /^\d+(\.\d+)?$/);
    }
  }
});

test('the generator is seeded: same seed, same numbers; different seed, different numbers', () => {
  const x = new Rng(42);
  const y = new Rng(42);
  const z = new Rng(43);
  const xs = Array.from({ length: 5 }, () => x.u32());
  assert.deepEqual(xs, Array.from({ length: 5 }, () => y.u32()));
  assert.notDeepEqual(xs, Array.from({ length: 5 }, () => z.u32()));
});
