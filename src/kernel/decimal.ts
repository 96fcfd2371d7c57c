// Exact decimal quantities and money as integers at a fixed scale.
// A value of 1.25 at scale 3 is held as 1250n. Nothing here touches binary floats.

import { DomainError } from './errors.js';

const DECIMAL_RE = /^([+-])?(\d+)(?:\.(\d+))?$/;

export interface ParsedDecimal {
  /** unscaled digits, sign included: "-1.50" → -150n */
  readonly units: bigint;
  /** number of fraction digits as written: "-1.50" → 2 */
  readonly scale: number;
}

/** Parses a plain decimal string ("12", "-0.5", "3.250"). No exponents, no separators. */
export function parseDecimal(text: string): ParsedDecimal | undefined {
  const m = DECIMAL_RE.exec(text.trim());
  if (!m) return undefined;
  const frac = m[3] ?? '';
  const digits = BigInt((m[2] ?? '0') + frac);
  return { units: m[1] === '-' ? -digits : digits, scale: frac.length };
}

/** Pow10 as bigint. */
export function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/**
 * Brings a parsed decimal to the target scale exactly, or returns undefined when
 * that would drop non-zero digits (we refuse, never round silently).
 */
export function rescaleExact(d: ParsedDecimal, scale: number): bigint | undefined {
  if (d.scale <= scale) return d.units * pow10(scale - d.scale);
  const div = pow10(d.scale - scale);
  if (d.units % div !== 0n) return undefined;
  return d.units / div;
}

/** Formats integer units at a scale as a decimal string: (1250n, 3) → "1.25"; keeps at least `minFrac` digits. */
export function formatUnits(units: bigint | number, scale: number, minFrac = 0): string {
  let v = typeof units === 'number' ? BigInt(units) : units;
  const neg = v < 0n;
  if (neg) v = -v;
  const s = v.toString().padStart(scale + 1, '0');
  const intPart = scale > 0 ? s.slice(0, s.length - scale) : s;
  let frac = scale > 0 ? s.slice(s.length - scale) : '';
  while (frac.length > minFrac && frac.endsWith('0')) frac = frac.slice(0, -1);
  return (neg ? '-' : '') + intPart + (frac ? '.' + frac : '');
}

/** Division of bigints rounding half away from zero (commercial rounding). */
export function divRound(num: bigint, den: bigint): bigint {
  if (den === 0n) throw new RangeError('division by zero');
  const neg = (num < 0n) !== (den < 0n);
  const a = num < 0n ? -num : num;
  const b = den < 0n ? -den : den;
  const q = a / b;
  const r = a % b;
  const rounded = r * 2n >= b ? q + 1n : q;
  return neg ? -rounded : rounded;
}

/** Converts bigint to a JS number, asserting it is a safe integer (DB columns are 64-bit, JS numbers 53-bit). */
export function toSafeNumber(v: bigint, what = 'value'): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new DomainError('kernel.out_of_range', 'invalid', `${what} is too large`, { field: what });
  }
  return Number(v);
}

/** Reads an integer column that a driver may hand back as number, bigint or string (pg int8). */
export function intFromDb(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return toSafeNumber(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return toSafeNumber(BigInt(v));
  if (v === null || v === undefined) return 0;
  throw new TypeError(`not an integer: ${String(v)}`);
}

/** Money: minor units at MONEY_SCALE decimals (1/10000 of the currency unit), exact. */
export const MONEY_SCALE = 4;

export function formatMoney(minor: bigint | number): string {
  return formatUnits(minor, MONEY_SCALE, 2);
}

/**
 * Parses a money string ("12.5", "0.0123") into minor units; refuses more than MONEY_SCALE decimals.
 */
export function parseMoney(text: string, field: string): bigint {
  const d = parseDecimal(text);
  if (!d) throw new DomainError('kernel.invalid_decimal', 'invalid', `${field} must be a decimal number written as a string, like "12.50"`, { field });
  const v = rescaleExact(d, MONEY_SCALE);
  if (v === undefined) throw new DomainError('kernel.too_many_decimals', 'invalid', `${field} has more than ${MONEY_SCALE} decimals`, { field });
  return v;
}

/** value of qty (integer at qtyScale) × unit cost (minor units), in minor units, rounded. */
export function extendValue(qtyUnits: bigint, qtyScale: number, unitCostMinor: bigint): bigint {
  return divRound(qtyUnits * unitCostMinor, pow10(qtyScale));
}
