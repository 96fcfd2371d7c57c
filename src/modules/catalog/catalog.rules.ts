// Unit conversion, exact: entering "1 case" posts 12 each; a quantity that would need more decimals
// than the item keeps is refused, never rounded.

import { formatUnits, parseDecimal, rescaleExact } from '../../kernel/decimal.js';
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

// ---- master data rules (pure) ----

export const MAX_CODE_LENGTH = 64;
const CODE_RE = /^[^\s\p{Cc}]+$/u;

/** SKUs, location/supplier/BOM codes and lot numbers: 1..64 characters, no whitespace or control characters. */
export function checkCode(text: string, field: string): string {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_CODE_LENGTH || !CODE_RE.test(text)) {
    throw catalogErrors.bad_code(`${field} must be 1 to ${MAX_CODE_LENGTH} characters without spaces or control characters`, { field });
  }
  return text;
}

/** A required human text (name, description): trimmed, non-empty, at most `max` characters. */
export function checkText(text: string, field: string, max = 200): string {
  const t = typeof text === 'string' ? text.trim() : '';
  if (t.length === 0 || t.length > max) throw catalogErrors.invalid_field(`${field} must be 1 to ${max} characters`, { field });
  return t;
}

/** An optional text: null or blank clears it. */
export function optionalText(text: string | null | undefined, field: string, max = 200): string | null {
  if (text === null || text === undefined || text.trim() === '') return null;
  return checkText(text, field, max);
}

export function checkScale(scale: number, field = 'qtyScale'): number {
  if (!Number.isInteger(scale) || scale < 0 || scale > 6) throw catalogErrors.bad_scale(`${field} must be a whole number from 0 to 6`, { field });
  return scale;
}

/** A whole number in [min, max], or a bad_quantity error naming the field. */
export function checkWhole(n: number, field: string, min = 0, max = 1_000_000_000): number {
  if (!Number.isInteger(n) || n < min || n > max) throw catalogErrors.bad_quantity(`${field} must be a whole number from ${min} to ${max}`, { field });
  return n;
}

/** GS1 GTIN-8/12/13/14 with its mod-10 check digit. */
export function checkGtin(text: string, field = 'gtin'): string {
  const t = text.trim();
  if (!/^(\d{8}|\d{12,14})$/.test(t)) throw catalogErrors.bad_gtin(`${field} must be 8, 12, 13 or 14 digits`, { field });
  const digits = [...t].map(Number);
  const check = digits.pop() as number;
  let sum = 0;
  digits.reverse().forEach((d, i) => {
    sum += d * (i % 2 === 0 ? 3 : 1);
  });
  if ((10 - (sum % 10)) % 10 !== check) throw catalogErrors.bad_gtin(`${field} has a wrong check digit`, { field });
  return t;
}

/** A calendar date YYYY-MM-DD that exists (no 2026-02-30). */
export function checkDate(text: string, field: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof text === 'string' ? text.trim() : '');
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || d.toISOString().slice(0, 10) !== m[0]) throw catalogErrors.bad_date(`${field} must be a date written YYYY-MM-DD`, { field });
  return m[0];
}

/** A conversion factor, validated and written without trailing zeros ("12.0" → "12"). */
export function normalizeFactor(factor: string, field = 'factor'): string {
  const f = checkFactor(typeof factor === 'string' ? factor : '', field);
  const d = parseDecimal(f) as NonNullable<ReturnType<typeof parseDecimal>>;
  return formatUnits(d.units, d.scale);
}

/** Quantity per for a BOM line: a positive exact decimal, at most 9 decimals, normalized. */
export function normalizeQtyPer(text: string, field: string): string {
  const d = typeof text === 'string' ? parseDecimal(text) : undefined;
  if (!d || d.units <= 0n || d.scale > 9 || d.units > 10n ** 15n) throw catalogErrors.bad_quantity(`${field} must be a positive decimal string with at most 9 decimals, like "2" or "0.25"`, { field });
  return formatUnits(d.units, d.scale);
}

/** Scrap factor in percent: 0 ≤ pct < 100, at most 4 decimals, normalized. */
export function normalizeScrapPct(text: string, field: string): string {
  const d = typeof text === 'string' ? parseDecimal(text) : undefined;
  if (!d || d.units < 0n || d.scale > 4 || d.units >= 100n * 10n ** BigInt(d.scale)) throw catalogErrors.bad_quantity(`${field} must be a percentage from "0" up to but not including "100", with at most 4 decimals`, { field });
  return formatUnits(d.units, d.scale);
}

export type PhysicalKind = 'site' | 'warehouse' | 'zone' | 'bin';

/** The kind a location's parent must have: site > warehouse > zone > bin. */
export const PARENT_KIND: Record<PhysicalKind, PhysicalKind | null> = { site: null, warehouse: 'site', zone: 'warehouse', bin: 'zone' };

/**
 * Looks for a cycle a BOM would close: starting from its components, follows the existing BOM edges
 * (parent → components) and returns the path back to the parent, or undefined when there is none.
 * `edgesOf` gives the component item ids of an item over all its BOMs.
 */
export async function findBomCycle(parentId: number, componentIds: readonly number[], edgesOf: (itemIds: number[]) => Promise<Map<number, number[]>>): Promise<number[] | undefined> {
  const prev = new Map<number, number>();
  let frontier: number[] = [];
  for (const c of componentIds) {
    if (c === parentId) return [parentId, parentId];
    if (!prev.has(c)) {
      prev.set(c, parentId);
      frontier.push(c);
    }
  }
  while (frontier.length > 0) {
    const edges = await edgesOf(frontier);
    const next: number[] = [];
    for (const from of frontier) {
      for (const to of edges.get(from) ?? []) {
        if (to === parentId) {
          const path = [parentId, from];
          let at = from;
          while (at !== parentId) {
            at = prev.get(at) as number;
            path.push(at);
          }
          // path was built backwards from the closing edge: parent ← from ← … ← parent
          return path.reverse();
        }
        if (!prev.has(to)) {
          prev.set(to, from);
          next.push(to);
        }
      }
    }
    frontier = next;
  }
  return undefined;
}

export interface TreeNode<T> {
  readonly node: T;
  readonly children: TreeNode<T>[];
}

/** Builds the subtree under rootId from a flat list; children in the order given. */
export function buildTree<T extends { id: number; parentId: number | null }>(rows: readonly T[], rootId: number): TreeNode<T> | undefined {
  const byParent = new Map<number, T[]>();
  let root: T | undefined;
  for (const r of rows) {
    if (r.id === rootId) root = r;
    if (r.parentId !== null) {
      const list = byParent.get(r.parentId) ?? [];
      list.push(r);
      byParent.set(r.parentId, list);
    }
  }
  if (!root) return undefined;
  const seen = new Set<number>();
  const grow = (n: T): TreeNode<T> => {
    seen.add(n.id);
    return { node: n, children: (byParent.get(n.id) ?? []).filter((c) => !seen.has(c.id)).map(grow) };
  };
  return grow(root);
}

/** One of a closed list (enums arrive unchecked from the CLI). */
export function checkEnum<T extends string>(value: string, allowed: readonly T[], field: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw catalogErrors.invalid_field(`${field} must be one of ${allowed.join(', ')}`, { field });
  return value as T;
}
