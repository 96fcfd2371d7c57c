// Count variance, seed 000 step 6: system − physical, positive = shortage, negative = overage.
// Other systems store counted − system, so every name here carries its direction.

import { divRound, extendValue, formatUnits } from '../../kernel/decimal.js';
import { assert } from '../../kernel/errors.js';
import type { Variance, VarianceDirection, VarianceInput } from './counting.types.js';

/**
 * Computes the variance of one count line.
 * - qtyShortage = qtySystem − qtyCounted (same qtyScale)
 * - pctShortage = qtyShortage / |qtySystem| × 100, 2 decimals, half away from zero; null when qtySystem = 0
 *   (the absolute basis keeps the sign meaning "shortage" even on a negative book balance)
 * - valueShortageMinor = qtyShortage × unitCostMinor, rounded half away from zero to minor units
 * A negative counted quantity is a bug upstream (the API refuses it), hence an assert.
 */
export function computeVariance(input: VarianceInput): Variance {
  const { qtySystem, qtyCounted, qtyScale, unitCostMinor } = input;
  assert(qtyCounted >= 0n, 'qtyCounted is never negative');
  assert(Number.isInteger(qtyScale) && qtyScale >= 0, 'qtyScale is a non-negative integer');
  const qtyShortage = qtySystem - qtyCounted;
  const absSystem = qtySystem < 0n ? -qtySystem : qtySystem;
  // percent at 2 decimals = shortage × 100 × 100 / system; the qty scale cancels out.
  const pctShortage = absSystem === 0n ? null : formatUnits(divRound(qtyShortage * 10_000n, absSystem), 2, 2);
  const direction: VarianceDirection = qtyShortage > 0n ? 'shortage' : qtyShortage < 0n ? 'overage' : 'none';
  return {
    qtyShortage,
    pctShortage,
    valueShortageMinor: extendValue(qtyShortage, qtyScale, unitCostMinor),
    direction,
    qtySystem,
    qtyCounted,
    qtyScale,
    unitCostMinor,
    valueSystemMinor: extendValue(absSystem, qtyScale, unitCostMinor),
  };
}

/** The correction a count proposes by default (spec §4.10): physical − system-at-count, the opposite sign of qtyShortage. */
export function proposedCorrectionQty(variance: Pick<Variance, 'qtyShortage'>): bigint {
  return -variance.qtyShortage;
}
