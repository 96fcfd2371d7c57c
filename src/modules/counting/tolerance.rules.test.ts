import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ToleranceLineContext, ToleranceRule } from './counting.types.js';
import { computeVariance } from './variance.rules.js';
import { createRuleSelector, evaluateTolerance, FALLBACK_TOLERANCE_RULE, selectRule, validateToleranceRule } from './tolerance.rules.js';

// auto-accept ≤ 1 % and ≤ 5.0000; recount above 5 % or 10 units; investigate above 20 % or 100.0000.
const RULE: ToleranceRule = {
  id: 'r-std',
  scope: { kind: 'default' },
  autoAccept: { pct: '1', valueMinor: 50_000n },
  recount: { pct: '5', qty: '10' },
  investigate: { pct: '20', valueMinor: 1_000_000n },
  autoCorrect: true,
};

describe('evaluateTolerance', () => {
  const cases = [
    { name: 'no variance is within, never flagged', sys: 1000n, cnt: 1000n, cost: 100n, outcome: 'within', flagged: false, exceeded: [] },
    { name: '0.5 % and 0.0500 value: auto-accept', sys: 1000n, cnt: 995n, cost: 100n, outcome: 'auto_accept', flagged: false, exceeded: [] },
    { name: 'overage of exactly 1 %: limits are inclusive', sys: 1000n, cnt: 1010n, cost: 100n, outcome: 'auto_accept', flagged: false, exceeded: [] },
    {
      name: '0.5 % but value 50.0000 above auto-accept 5.0000: within tolerance, not auto',
      sys: 1000n, cnt: 995n, cost: 100_000n, outcome: 'within', flagged: false,
      exceeded: [{ limit: 'value', band: 'auto_accept', limitValue: '50000', actual: '500000' }],
    },
    {
      name: '11 units of 1000: qty above recount 10',
      sys: 1000n, cnt: 989n, cost: 100n, outcome: 'recount', flagged: true,
      exceeded: [
        { limit: 'qty', band: 'recount', limitValue: '10', actual: '11' },
        { limit: 'pct', band: 'auto_accept', limitValue: '1', actual: '1.10' },
      ],
    },
    {
      name: '6 of 100 = 6 %: pct above recount 5',
      sys: 100n, cnt: 94n, cost: 100n, outcome: 'recount', flagged: true,
      exceeded: [
        { limit: 'pct', band: 'recount', limitValue: '5', actual: '6.00' },
        { limit: 'pct', band: 'auto_accept', limitValue: '1', actual: '6.00' },
      ],
    },
    {
      name: 'overage 6 of 100 flags like a shortage',
      sys: 100n, cnt: 106n, cost: 100n, outcome: 'recount', flagged: true,
      exceeded: [
        { limit: 'pct', band: 'recount', limitValue: '5', actual: '6.00' },
        { limit: 'pct', band: 'auto_accept', limitValue: '1', actual: '6.00' },
      ],
    },
    {
      name: '21 of 100: investigate, every band listed, most severe first',
      sys: 100n, cnt: 79n, cost: 100n, outcome: 'investigate', flagged: true,
      exceeded: [
        { limit: 'pct', band: 'investigate', limitValue: '20', actual: '21.00' },
        { limit: 'qty', band: 'recount', limitValue: '10', actual: '21' },
        { limit: 'pct', band: 'recount', limitValue: '5', actual: '21.00' },
        { limit: 'pct', band: 'auto_accept', limitValue: '1', actual: '21.00' },
      ],
    },
    {
      name: '2 units of 100.0000 = 200.0000: value above investigate though 0.2 %',
      sys: 1000n, cnt: 998n, cost: 1_000_000n, outcome: 'investigate', flagged: true,
      exceeded: [
        { limit: 'value', band: 'investigate', limitValue: '1000000', actual: '2000000' },
        { limit: 'value', band: 'auto_accept', limitValue: '50000', actual: '2000000' },
      ],
    },
    { name: 'stock found at zero: always at least a recount', sys: 0n, cnt: 3n, cost: 100n, outcome: 'recount', flagged: true, exceeded: [] },
    {
      name: 'found at zero above the qty limit: still a recount',
      sys: 0n, cnt: 50n, cost: 100n, outcome: 'recount', flagged: true,
      exceeded: [{ limit: 'qty', band: 'recount', limitValue: '10', actual: '50' }],
    },
    {
      name: 'found at zero worth 300.0000: investigate by value',
      sys: 0n, cnt: 3n, cost: 1_000_000n, outcome: 'investigate', flagged: true,
      exceeded: [
        { limit: 'value', band: 'investigate', limitValue: '1000000', actual: '3000000' },
        { limit: 'value', band: 'auto_accept', limitValue: '50000', actual: '3000000' },
      ],
    },
  ] as const;
  for (const c of cases) {
    test(c.name, () => {
      const v = computeVariance({ qtySystem: c.sys, qtyCounted: c.cnt, qtyScale: 0, unitCostMinor: c.cost });
      const r = evaluateTolerance(RULE, v);
      assert.equal(r.outcome, c.outcome);
      assert.equal(r.flagged, c.flagged);
      assert.deepEqual(r.exceeded, c.exceeded);
      assert.equal(r.ruleId, 'r-std');
      assert.equal(r.foundAtZero, c.sys === 0n && c.cnt > 0n);
      assert.equal(r.autoCorrect, c.outcome === 'auto_accept');
    });
  }

  test('a decimal qty limit compares exactly at the item scale', () => {
    const rule: ToleranceRule = { id: 'kg', scope: { kind: 'default' }, recount: { qty: '0.5' } };
    const at = (counted: bigint) => evaluateTolerance(rule, computeVariance({ qtySystem: 10_000n, qtyCounted: counted, qtyScale: 3, unitCostMinor: 0n }));
    assert.equal(at(9_500n).outcome, 'within'); // 0.500 kg = limit
    assert.equal(at(9_499n).outcome, 'recount'); // 0.501 kg
    assert.deepEqual(at(9_400n).exceeded, [{ limit: 'qty', band: 'recount', limitValue: '0.5', actual: '0.6' }]);
    // the same "0.5" limit on an item counted in whole units: any unit exceeds it
    const each = evaluateTolerance(rule, computeVariance({ qtySystem: 10n, qtyCounted: 9n, qtyScale: 0, unitCostMinor: 0n }));
    assert.equal(each.outcome, 'recount');
  });

  test('value percent uses the context basis, else the line system value', () => {
    const rule: ToleranceRule = { id: 'vp', scope: { kind: 'default' }, recount: { valuePct: '1' } };
    // 1 unit at 1.0000 short of 10: value 10000 minor
    const v = computeVariance({ qtySystem: 10n, qtyCounted: 9n, qtyScale: 0, unitCostMinor: 10_000n });
    assert.equal(evaluateTolerance(rule, v, { valueBasisMinor: 2_000_000n }).outcome, 'within'); // 0.5 %
    assert.deepEqual(evaluateTolerance(rule, v, { valueBasisMinor: 500_000n }).exceeded, [{ limit: 'value_pct', band: 'recount', limitValue: '1', actual: '2.00' }]);
    assert.deepEqual(evaluateTolerance(rule, v).exceeded, [{ limit: 'value_pct', band: 'recount', limitValue: '1', actual: '10.00' }]);
  });

  test('auto-accept without autoCorrect policy: outcome stays, correction waits for approval', () => {
    const rule: ToleranceRule = { ...RULE, autoCorrect: false };
    const r = evaluateTolerance(rule, computeVariance({ qtySystem: 1000n, qtyCounted: 999n, qtyScale: 0, unitCostMinor: 1n }));
    assert.equal(r.outcome, 'auto_accept');
    assert.equal(r.autoCorrect, false);
  });

  test('an empty auto-accept band accepts everything in tolerance; no band at all means within', () => {
    const v = computeVariance({ qtySystem: 100n, qtyCounted: 97n, qtyScale: 0, unitCostMinor: 1n });
    assert.equal(evaluateTolerance({ id: 'e', scope: { kind: 'default' }, autoAccept: {}, recount: { pct: '5' } }, v).outcome, 'auto_accept');
    assert.equal(evaluateTolerance({ id: 'n', scope: { kind: 'default' }, recount: { pct: '5' } }, v).outcome, 'within');
  });

  test('the fallback rule recounts any variance', () => {
    const v0 = computeVariance({ qtySystem: 5n, qtyCounted: 5n, qtyScale: 0, unitCostMinor: 1n });
    const v1 = computeVariance({ qtySystem: 5n, qtyCounted: 4n, qtyScale: 0, unitCostMinor: 1n });
    assert.equal(evaluateTolerance(FALLBACK_TOLERANCE_RULE, v0).outcome, 'within');
    assert.equal(evaluateTolerance(FALLBACK_TOLERANCE_RULE, v1).outcome, 'recount');
  });

  test('zero system and nothing found is no variance', () => {
    const r = evaluateTolerance(RULE, computeVariance({ qtySystem: 0n, qtyCounted: 0n, qtyScale: 0, unitCostMinor: 1n }));
    assert.deepEqual([r.outcome, r.flagged, r.foundAtZero], ['within', false, false]);
  });
});

describe('selectRule', () => {
  const lim = { recount: { pct: '5' } };
  const rules: ToleranceRule[] = [
    { id: 'default', scope: { kind: 'default' }, ...lim },
    { id: 'site-s1', scope: { kind: 'site', siteId: 'S1' }, ...lim },
    { id: 'zone-z1', scope: { kind: 'zone', zoneId: 'Z1' }, ...lim },
    { id: 'crit', scope: { kind: 'criticality', criticality: 'critical' }, ...lim },
    { id: 'abc-a', scope: { kind: 'abc_class', abcClass: 'A' }, ...lim },
    { id: 'cat', scope: { kind: 'category', categoryId: 'CAT' }, ...lim },
    { id: 'cat@s2', scope: { kind: 'category', categoryId: 'CAT' }, siteId: 'S2', ...lim },
    { id: 'item-i1', scope: { kind: 'item', itemId: 'I1' }, ...lim },
    { id: 'item-i2-off', scope: { kind: 'item', itemId: 'I2' }, active: false, ...lim },
  ];
  const full: ToleranceLineContext = { itemId: 'I1', siteId: 'S1', categoryId: 'CAT', abcClass: 'A', criticality: 'critical', zoneId: 'Z1' };
  const cases: [string, ToleranceLineContext, string][] = [
    ['item beats everything', full, 'item-i1'],
    ['category next', { ...full, itemId: 'I9' }, 'cat'],
    ['a site-restricted category rule beats the global one on its site', { ...full, itemId: 'I9', siteId: 'S2' }, 'cat@s2'],
    ['abc class next', { itemId: 'I9', siteId: 'S1', abcClass: 'A', criticality: 'critical', zoneId: 'Z1' }, 'abc-a'],
    ['criticality next', { itemId: 'I9', siteId: 'S1', abcClass: 'B', criticality: 'critical', zoneId: 'Z1' }, 'crit'],
    ['zone next', { itemId: 'I9', siteId: 'S1', abcClass: 'B', criticality: 'normal', zoneId: 'Z1' }, 'zone-z1'],
    ['site next', { itemId: 'I9', siteId: 'S1', zoneId: 'Z9' }, 'site-s1'],
    ['default last', { itemId: 'I9', siteId: 'S3' }, 'default'],
    ['inactive rules are skipped', { itemId: 'I2', siteId: 'S3' }, 'default'],
    ['a category rule for another site does not apply', { itemId: 'I9', siteId: 'S3', categoryId: 'CAT' }, 'cat'],
  ];
  for (const [name, ctx, id] of cases) {
    test(name, () => {
      assert.equal(selectRule(rules, ctx).id, id);
      assert.equal(selectRule([...rules].reverse(), ctx).id, id);
    });
  }

  test('no rule at all: the fallback', () => {
    assert.equal(selectRule([], { itemId: 'I1', siteId: 'S1' }), FALLBACK_TOLERANCE_RULE);
  });

  test('duplicate rules for one scope: lowest id wins whatever the order', () => {
    const dup: ToleranceRule[] = [
      { id: 'r2', scope: { kind: 'item', itemId: 'I1' } },
      { id: 'r1', scope: { kind: 'item', itemId: 'I1' } },
    ];
    assert.equal(selectRule(dup, { itemId: 'I1', siteId: 'S' }).id, 'r1');
    assert.equal(selectRule([...dup].reverse(), { itemId: 'I1', siteId: 'S' }).id, 'r1');
  });

  test('a selector serves many lines', () => {
    const select = createRuleSelector(rules);
    const ids = ['I1', 'I2', 'I3'].map((itemId) => select({ itemId, siteId: 'S1' }).id);
    assert.deepEqual(ids, ['item-i1', 'site-s1', 'site-s1']);
  });
});

describe('validateToleranceRule', () => {
  const base: ToleranceRule = { id: 'r', scope: { kind: 'default' } };
  const cases: [string, ToleranceRule, string[]][] = [
    ['a well-formed rule', RULE, []],
    ['equal limits across bands are fine, also across scales', { ...base, autoAccept: { qty: '0.5' }, recount: { qty: '0.50' } }, []],
    ['qty must be a decimal', { ...base, recount: { qty: 'ten' } }, ['recount/qty']],
    ['pct must not be negative', { ...base, investigate: { pct: '-1' } }, ['investigate/pct']],
    ['value must not be negative', { ...base, autoAccept: { valueMinor: -1n } }, ['autoAccept/valueMinor']],
    ['auto-accept above recount', { ...base, autoAccept: { pct: '5' }, recount: { pct: '2' } }, ['recount/pct']],
    ['recount above investigate', { ...base, recount: { valueMinor: 100n }, investigate: { valueMinor: 50n } }, ['investigate/valueMinor']],
    ['auto-accept above investigate with no recount limit', { ...base, autoAccept: { valuePct: '3' }, investigate: { valuePct: '2.5' } }, ['investigate/valuePct']],
    ['an item rule names its item', { id: 'r', scope: { kind: 'item', itemId: '' } }, ['scope']],
    ['id is required', { id: '', scope: { kind: 'default' } }, ['id']],
  ];
  for (const [name, rule, fields] of cases) {
    test(name, () => {
      assert.deepEqual(validateToleranceRule(rule).map((e) => e.field), fields);
    });
  }
});
