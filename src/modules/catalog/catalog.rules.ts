// Unit conversion, exact: entering "1 case" posts 12 each; a quantity that would need more decimals
// than the item keeps is refused, never rounded.

import { parseDecimal, rescaleExact } from '../../kernel/decimal.js';
import { kernelErrors } from '../../kernel/error-registry.js';
import { catalogErrors } from './catalog.errors.js';

export interface UnitFactor {
  readonly uom: string;
  /** base units per one of this unit, exact decimal text */
  readonly factor: string;
}

/** Validates a conversion factor: a positive exact decimal with at most 9 decimals. */
export function checkFactor(factor: string, field = 'factor'): string {
  const d = parseDecimal(factor);
  if (!d || d.units <= 0n || d.scale > 9) throw catalogErrors.bad_factor(`${field} must be a positive decimal string with at most 9 decimals`, { field });
  return factor.trim();
}

/**
 * Converts a quantity entered in some unit into integer base units at the item's scale.
 * `field` names the input in errors. Sign is kept; callers decide whether zero/negative is allowed.
 */
export function toBaseUnits(qtyText: string, factor: string, qtyScale: number, field = 'qty'): bigint {
  const q = parseDecimal(qtyText);
  if (!q) throw kernelErrors.invalid_decimal(`${field} must be a decimal number written as a string, like "12" or "0.5"`, { field });
  const f = parseDecimal(factor);
  if (!f) throw catalogErrors.bad_factor(`the unit factor "${factor}" is not a decimal`, { field });
  const product = { units: q.units * f.units, scale: q.scale + f.scale };
  const v = rescaleExact(product, qtyScale);
  if (v === undefined) {
    throw kernelErrors.too_many_decimals(`${field} has more decimals than this item keeps (${qtyScale}); it is refused, not rounded`, { field, extra: { qtyScale } });
  }
  return v;
}

export function findFactor(baseUom: string, units: readonly UnitFactor[], uom: string | undefined): string | undefined {
  if (uom === undefined || uom === baseUom) return '1';
  return units.find((u) => u.uom === uom)?.factor;
}
