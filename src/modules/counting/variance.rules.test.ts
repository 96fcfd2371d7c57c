import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { computeVariance, proposedCorrectionQty } from './variance.rules.js';

describe('computeVariance', () => {
  // Hand-checked: shortage = system − counted; pct = shortage / |system| × 100 (half away from zero);
  // value = shortage × unit cost / 10^qtyScale in minor units (1.0000 = 10000).
  const cases = [
    { name: 'seed example: book 100, counted 90', qtySystem: 100n, qtyCounted: 90n, qtyScale: 0, unitCostMinor: 25_000n, qtyShortage: 10n, pct: '10.00', value: 250_000n, direction: 'shortage' },
    { name: 'overage is negative', qtySystem: 90n, qtyCounted: 100n, qtyScale: 0, unitCostMinor: 25_000n, qtyShortage: -10n, pct: '-11.11', value: -250_000n, direction: 'overage' },
    { name: 'no variance', qtySystem: 5n, qtyCounted: 5n, qtyScale: 0, unitCostMinor: 25_000n, qtyShortage: 0n, pct: '0.00', value: 0n, direction: 'none' },
    { name: 'stock found at zero: pct undefined', qtySystem: 0n, qtyCounted: 5n, qtyScale: 0, unitCostMinor: 10_000n, qtyShortage: -5n, pct: null, value: -50_000n, direction: 'overage' },
    { name: 'kg at scale 3: 1.250 book, 1.000 counted, 4.00/kg', qtySystem: 1250n, qtyCounted: 1000n, qtyScale: 3, unitCostMinor: 40_000n, qtyShortage: 250n, pct: '20.00', value: 10_000n, direction: 'shortage' },
    { name: '1/3 rounds down', qtySystem: 3n, qtyCounted: 2n, qtyScale: 0, unitCostMinor: 0n, qtyShortage: 1n, pct: '33.33', value: 0n, direction: 'shortage' },
    { name: '2/3 rounds up', qtySystem: 3n, qtyCounted: 1n, qtyScale: 0, unitCostMinor: 0n, qtyShortage: 2n, pct: '66.67', value: 0n, direction: 'shortage' },
    { name: '1/32 = 3.125 % rounds half up', qtySystem: 32n, qtyCounted: 31n, qtyScale: 0, unitCostMinor: 1n, qtyShortage: 1n, pct: '3.13', value: 1n, direction: 'shortage' },
    { name: '-1/32 rounds half away from zero', qtySystem: 32n, qtyCounted: 33n, qtyScale: 0, unitCostMinor: 1n, qtyShortage: -1n, pct: '-3.13', value: -1n, direction: 'overage' },
    { name: 'value 0.100 kg × 0.0005 = 0.5 minor → 1', qtySystem: 1100n, qtyCounted: 1000n, qtyScale: 3, unitCostMinor: 5n, qtyShortage: 100n, pct: '9.09', value: 1n, direction: 'shortage' },
    { name: 'value −0.5 minor → −1', qtySystem: 1000n, qtyCounted: 1100n, qtyScale: 3, unitCostMinor: 5n, qtyShortage: -100n, pct: '-10.00', value: -1n, direction: 'overage' },
    { name: 'value 0.001 kg × 0.0005 = 0.005 minor → 0', qtySystem: 1001n, qtyCounted: 1000n, qtyScale: 3, unitCostMinor: 5n, qtyShortage: 1n, pct: '0.10', value: 0n, direction: 'shortage' },
    { name: 'negative book balance, bin empty: overage of 10', qtySystem: -10n, qtyCounted: 0n, qtyScale: 0, unitCostMinor: 10_000n, qtyShortage: -10n, pct: '-100.00', value: -100_000n, direction: 'overage' },
    { name: '0.1 + 0.2 style decimals stay exact', qtySystem: 300n, qtyCounted: 100n, qtyScale: 3, unitCostMinor: 12_345n, qtyShortage: 200n, pct: '66.67', value: 2469n, direction: 'shortage' },
  ] as const;
  for (const c of cases) {
    test(c.name, () => {
      const v = computeVariance(c);
      assert.equal(v.qtyShortage, c.qtyShortage);
      assert.equal(v.pctShortage, c.pct);
      assert.equal(v.valueShortageMinor, c.value);
      assert.equal(v.direction, c.direction);
    });
  }

  test('carries the system value as |system| × cost for value-percent limits', () => {
    assert.equal(computeVariance({ qtySystem: -10n, qtyCounted: 0n, qtyScale: 0, unitCostMinor: 10_000n }).valueSystemMinor, 100_000n);
    assert.equal(computeVariance({ qtySystem: 1250n, qtyCounted: 0n, qtyScale: 3, unitCostMinor: 40_000n }).valueSystemMinor, 50_000n);
  });

  test('a negative counted quantity is a bug upstream', () => {
    assert.throws(() => computeVariance({ qtySystem: 1n, qtyCounted: -1n, qtyScale: 0, unitCostMinor: 0n }), /invariant/);
  });
});

describe('proposedCorrectionQty', () => {
  for (const [shortage, correction] of [[10n, -10n], [-4n, 4n], [0n, 0n]] as const) {
    test(`shortage ${shortage} → correction ${correction} (physical − system)`, () => {
      assert.equal(proposedCorrectionQty({ qtyShortage: shortage }), correction);
    });
  }
});
