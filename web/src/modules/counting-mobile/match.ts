// What a scan means on the task screen: count a line of this bin (prefilled from the GS1 data), go to
// another bin of the task (a bin label), an item this bin's list does not have (unexpected), or
// nothing known. Pure: tested under Node (test/web/counting-mobile-gs1.test.ts), whose type check reads
// this file too: hence the .js in its imports (Vite and the Bundler resolution map them to .ts).

import { normalizeGtin, type Scan } from '../../shared/gs1/gs1.js';
import type { ItemCodes, SheetLine } from './types.js';

export interface Prefill {
  qty?: string;
  unit?: string;
  lot?: string;
  lotExpiry?: string;
}

export type ScanAction =
  | { kind: 'line'; line: SheetLine; prefill: Prefill; hint?: string }
  | { kind: 'bin'; location: string }
  | { kind: 'unexpected'; item: ItemCodes; prefill: Prefill; hint?: string }
  /** a GTIN none of the task's items has: look it up on the server */
  | { kind: 'unknown-gtin'; gtin: string; prefill: Prefill }
  | { kind: 'unknown'; text: string }
  | { kind: 'error'; message: string };

export interface ScanContext {
  /** the bin on screen */
  bin: string;
  /** every line of the task */
  lines: readonly SheetLine[];
  /** the task's items by SKU */
  items: Readonly<Record<string, ItemCodes>>;
}

/** GTIN-14 → the item and the unit that code stands for (the item's own GTIN is its base unit). */
export function gtinIndex(items: Readonly<Record<string, ItemCodes>>): Map<string, { sku: string; unit: string }> {
  const m = new Map<string, { sku: string; unit: string }>();
  for (const i of Object.values(items)) {
    const g = i.gtin ? normalizeGtin(i.gtin) : null;
    if (g) m.set(g, { sku: i.sku, unit: i.baseUom });
    for (const u of i.units) {
      const ug = u.gtin ? normalizeGtin(u.gtin) : null;
      if (ug && !m.has(ug)) m.set(ug, { sku: i.sku, unit: u.uom });
    }
  }
  return m;
}

/** The prefill a GS1 scan gives for an item counted in `unit`. */
export function prefillFrom(scan: Scan, item: ItemCodes | undefined, unit: string | undefined): Prefill {
  const p: Prefill = {};
  if (unit) p.unit = unit;
  if (scan.kind !== 'gs1') return p;
  const d = scan.data;
  if (d.count !== undefined) p.qty = d.count;
  else if (d.netWeightKg !== undefined && item && item.baseUom.toLowerCase() === 'kg') {
    p.qty = d.netWeightKg;
    p.unit = item.baseUom;
  }
  if (d.lot !== undefined) p.lot = d.lot;
  else if (d.serial !== undefined && item?.serialTracked) {
    p.lot = d.serial;
    if (p.qty === undefined) p.qty = '1';
  }
  if (d.expiry !== undefined) p.lotExpiry = d.expiry;
  return p;
}

/** Of several lines of one item in a bin, the one the scan names: same lot, else the one with no lot. */
function pickLine(lines: readonly SheetLine[], lot: string | undefined): SheetLine | undefined {
  if (lot !== undefined) {
    const same = lines.find((l) => l.lot !== null && l.lot.toLowerCase() === lot.toLowerCase());
    if (same) return same;
  }
  return lines.find((l) => l.lot === null) ?? lines[0];
}

function forItem(sku: string, unit: string | undefined, scan: Scan, ctx: ScanContext): ScanAction {
  const item = ctx.items[sku];
  const prefill = prefillFrom(scan, item, unit);
  const here = ctx.lines.filter((l) => l.location === ctx.bin && l.sku === sku);
  const line = pickLine(here, prefill.lot);
  if (line) {
    const hint = prefill.lot !== undefined && line.lot !== null && line.lot.toLowerCase() !== prefill.lot.toLowerCase() ? `The list expects lot ${line.lot}; the label says ${prefill.lot}.` : undefined;
    return { kind: 'line', line, prefill, ...(hint ? { hint } : {}) };
  }
  const elsewhere = ctx.lines.find((l) => l.sku === sku);
  const fallback: ItemCodes = item ?? { sku, description: elsewhere?.description ?? sku, baseUom: elsewhere?.uom ?? 'each', gtin: null, internalBarcode: null, lotTracked: elsewhere?.lotTracked ?? false, serialTracked: elsewhere?.serialTracked ?? false, units: elsewhere?.units.map((u: { uom: string; factor: string }) => ({ ...u, gtin: null })) ?? [] };
  const hint = elsewhere ? `${sku} is on the list in bin ${elsewhere.location}, not in ${ctx.bin}.` : `${sku} is not on this task's list.`;
  return { kind: 'unexpected', item: fallback, prefill, hint };
}

export function matchScan(scan: Scan, ctx: ScanContext): ScanAction {
  if (scan.kind === 'invalid') return { kind: 'error', message: `The barcode could not be read: ${scan.error}.` };
  if (scan.kind === 'gs1' || scan.kind === 'gtin') {
    const gtin = scan.kind === 'gtin' ? scan.gtin : scan.data.gtin;
    if (!gtin) return { kind: 'error', message: 'The label names no product (no GTIN in it).' };
    const hit = gtinIndex(ctx.items).get(gtin);
    if (hit) return forItem(hit.sku, hit.unit, scan, ctx);
    return { kind: 'unknown-gtin', gtin, prefill: prefillFrom(scan, undefined, undefined) };
  }
  const text = scan.text.trim();
  const lower = text.toLowerCase();
  const bin = [...new Set(ctx.lines.map((l) => l.location))].find((b) => b.toLowerCase() === lower);
  if (bin) return { kind: 'bin', location: bin };
  const bySku = Object.values(ctx.items).find((i) => i.sku.toLowerCase() === lower || (i.internalBarcode !== null && i.internalBarcode.toLowerCase() === lower))
    ?? (ctx.lines.find((l) => l.sku.toLowerCase() === lower) ? { sku: ctx.lines.find((l) => l.sku.toLowerCase() === lower)!.sku } : undefined);
  if (bySku) return forItem(bySku.sku, undefined, scan, ctx);
  return { kind: 'unknown', text };
}
