import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyAbc, validateAbcThresholds } from './abc.rules.js';
import type { AbcInput } from './counting.types.js';

const row = (r: { key: string; abcClass: string; sharePct: string; cumulativeSharePct: string }) => [r.key, r.abcClass, r.sharePct, r.cumulativeSharePct];

// Ten thousand of value: shares 50, 25, 10, 8, 4, 2, 1, 0 %. Cumulative before each item:
// 0, 50, 75, 85, 93, 97, 99, 100 → A while < 80, B while < 95.
const PARETO: AbcInput[] = [
  { key: 'P5', consumptionValueMinor: 400n },
  { key: 'P1', consumptionValueMinor: 5000n },
  { key: 'P8', consumptionValueMinor: 0n },
  { key: 'P3', consumptionValueMinor: 1000n },
  { key: 'P2', consumptionValueMinor: 2500n },
  { key: 'P7', consumptionValueMinor: 100n },
  { key: 'P4', consumptionValueMinor: 800n },
  { key: 'P6', consumptionValueMinor: 200n },
];

describe('classifyAbc', () => {
  test('by consumption value, default 80/15/5: the item crossing a line takes the higher class', () => {
    assert.deepEqual(classifyAbc(PARETO).map(row), [
      ['P1', 'A', '50.00', '50.00'],
      ['P2', 'A', '25.00', '75.00'],
      ['P3', 'A', '10.00', '85.00'],
      ['P4', 'B', '8.00', '93.00'],
      ['P5', 'B', '4.00', '97.00'],
      ['P6', 'C', '2.00', '99.00'],
      ['P7', 'C', '1.00', '100.00'],
      ['P8', 'C', '0.00', '100.00'],
    ]);
  });

  test('configurable thresholds 70/20/10', () => {
    const classes = classifyAbc(PARETO, { thresholds: { a: '70', b: '20' } }).map((r) => `${r.key}${r.abcClass}`);
    assert.deepEqual(classes, ['P1A', 'P2A', 'P3B', 'P4B', 'P5C', 'P6C', 'P7C', 'P8C']);
  });

  test('decimal thresholds compare exactly: a cumulative of exactly 80 % is not below 80', () => {
    // ranked x, y, z; before y: exactly 80.00 %; before z: 99.99 %
    const items = [{ key: 'z', consumptionValueMinor: 1n }, { key: 'x', consumptionValueMinor: 8000n }, { key: 'y', consumptionValueMinor: 1999n }];
    assert.deepEqual(classifyAbc(items, { thresholds: { a: '80.005', b: '15' } }).map((r) => r.key + r.abcClass), ['xA', 'yA', 'zC']);
    assert.deepEqual(classifyAbc(items, { thresholds: { a: '80', b: '15' } }).map((r) => r.key + r.abcClass), ['xA', 'yB', 'zC']);
  });

  test('one item holding 90 % is A, the rest B', () => {
    const r = classifyAbc([{ key: 'q2', consumptionValueMinor: 1000n }, { key: 'q1', consumptionValueMinor: 9000n }]);
    assert.deepEqual(r.map(row), [['q1', 'A', '90.00', '90.00'], ['q2', 'B', '10.00', '100.00']]);
  });

  test('ties are broken by key, whatever the input order', () => {
    const a = classifyAbc([{ key: 'b', consumptionValueMinor: 100n }, { key: 'a', consumptionValueMinor: 100n }, { key: 'c', consumptionValueMinor: 100n }]);
    const b = classifyAbc([{ key: 'c', consumptionValueMinor: 100n }, { key: 'a', consumptionValueMinor: 100n }, { key: 'b', consumptionValueMinor: 100n }]);
    assert.deepEqual(a, b);
    // 33.33 % each: before = 0, 33.33, 66.67 → all A
    assert.deepEqual(a.map((r) => [r.key, r.rank, r.abcClass, r.cumulativeSharePct]), [['a', 1, 'A', '33.33'], ['b', 2, 'A', '66.67'], ['c', 3, 'A', '100.00']]);
  });

  test('no consumption at all: everything C at 0 %', () => {
    const r = classifyAbc([{ key: 'a' }, { key: 'b', consumptionValueMinor: 0n }]);
    assert.deepEqual(r.map(row), [['a', 'C', '0.00', '0.00'], ['b', 'C', '0.00', '0.00']]);
  });

  test('negative consumption (returns exceed issues) counts as zero', () => {
    const r = classifyAbc([{ key: 'a', consumptionValueMinor: -500n }, { key: 'b', consumptionValueMinor: 100n }]);
    assert.deepEqual(r.map((x) => [x.key, x.abcClass, x.metric]), [['b', 'A', '100'], ['a', 'C', '0']]);
  });

  test('by velocity: number of issue movements', () => {
    const r = classifyAbc(
      [{ key: 'slow', issueCount: 1 }, { key: 'fast', issueCount: 60 }, { key: 'mid', issueCount: 30 }, { key: 'none', issueCount: 0 }, { key: 'rare', issueCount: 9 }],
      { basis: 'velocity_count' },
    );
    // total 100: before = 0, 60, 90, 99, 100
    assert.deepEqual(r.map((x) => [x.key, x.abcClass, x.metric, x.sharePct]), [
      ['fast', 'A', '60', '60.00'],
      ['mid', 'A', '30', '30.00'],
      ['rare', 'B', '9', '9.00'],
      ['slow', 'C', '1', '1.00'],
      ['none', 'C', '0', '0.00'],
    ]);
  });

  test('by velocity: quantity issued, compared exactly across item scales', () => {
    // 1.5 (scale 1), 2 (scale 0), 0.25 (scale 2) → 150, 200, 25 at scale 2; total 375
    const r = classifyAbc(
      [{ key: 'K1', qtyIssued: 15n, qtyScale: 1 }, { key: 'K2', qtyIssued: 2n, qtyScale: 0 }, { key: 'K3', qtyIssued: 25n, qtyScale: 2 }],
      { basis: 'velocity_qty' },
    );
    assert.deepEqual(r.map((x) => [x.key, x.abcClass, x.metric, x.sharePct, x.cumulativeSharePct]), [
      ['K2', 'A', '2', '53.33', '53.33'],
      ['K1', 'A', '1.5', '40.00', '93.33'],
      ['K3', 'B', '0.25', '6.67', '100.00'],
    ]);
  });

  test('refuses thresholds it was not given valid', () => {
    assert.throws(() => classifyAbc(PARETO, { thresholds: { a: '90', b: '20' } }), /invariant/);
  });

  test('large input stays exact and ordered', () => {
    const items: AbcInput[] = Array.from({ length: 20_000 }, (_, i) => ({ key: `k${String(i).padStart(5, '0')}`, consumptionValueMinor: BigInt((i * 7919) % 10_007) }));
    const r = classifyAbc(items);
    assert.equal(r.length, 20_000);
    assert.equal(r[r.length - 1]!.cumulativeSharePct, '100.00');
    const order = { A: 0, B: 1, C: 2 } as const;
    for (let i = 1; i < r.length; i++) assert.ok(order[r[i - 1]!.abcClass] <= order[r[i]!.abcClass]);
  });
});

describe('validateAbcThresholds', () => {
  const cases: [string, { a: string; b: string }, string[]][] = [
    ['80/15', { a: '80', b: '15' }, []],
    ['a + b = 100 leaves C empty but is allowed', { a: '80', b: '20' }, []],
    ['a + b above 100', { a: '90', b: '20' }, ['thresholds']],
    ['a must be positive', { a: '0', b: '15' }, ['thresholds/a']],
    ['b must be a decimal', { a: '80', b: 'x' }, ['thresholds/b']],
  ];
  for (const [name, t, fields] of cases) {
    test(name, () => assert.deepEqual(validateAbcThresholds(t).map((e) => e.field), fields));
  }
});
