// What each export holds, as an async stream of rows read by keyset pagination (PAGE rows per query,
// each page starting after the last key of the one before), so that a million movements go out
// without being held in memory. The master-data and on-hand exports use the canonical field names of
// the imports, which are the `stockroom` import preset: an export re-imports as it is.
//
// Pages are separate queries, not one snapshot: rows posted while an export runs may or may not be in
// it (movements are append-only and ordered by seq, so a movement export is never torn inside a
// movement's lines that it reads; balances may move between pages).

import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Db, Q } from '../../db/db.js';
import type { Database } from '../../db/tables.js';
import { divRound, formatMoney, formatUnits, intFromDb, parseDecimal, pow10 } from '../../kernel/decimal.js';
import { canonicalFields } from '../imports/index.js';

export const EXPORT_KINDS = ['items', 'units', 'locations', 'lots', 'suppliers', 'boms', 'on_hand', 'movements', 'counts'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export type Cell = string | null;

export interface ExportSheet {
  readonly kind: ExportKind;
  readonly columns: readonly string[];
  /** columns holding exact decimals: XLSX writes them as numbers when a double holds them exactly */
  readonly decimalColumns: ReadonlySet<string>;
  readonly rows: AsyncIterable<Cell[]>;
}

export const DEFAULT_PAGE = 5000;

const yesNo = (b: number | boolean): string => (b === 1 || b === true ? 'yes' : 'no');
const text = (v: unknown): Cell => (v === null || v === undefined ? null : String(v));
type Row = Record<string, unknown>;

/** Runs `page(after)` until it returns fewer than PAGE rows; `keyOf` gives the key the next page starts after. */
async function* keyset<R, K>(page: (after: K | undefined) => Promise<R[]>, keyOf: (r: R) => K, size: number): AsyncGenerator<R> {
  let after: K | undefined;
  for (;;) {
    const rows = await page(after);
    for (const r of rows) yield r;
    const last = rows.at(-1);
    if (rows.length < size || last === undefined) return;
    after = keyOf(last);
  }
}

function ordered(columns: readonly string[], values: Record<string, Cell>): Cell[] {
  return columns.map((c) => values[c] ?? null);
}

async function* mapRows<R>(src: AsyncIterable<R>, columns: readonly string[], f: (r: R) => Record<string, Cell>): AsyncGenerator<Cell[]> {
  for await (const r of src) yield ordered(columns, f(r));
}

/** qty_per for one parent unit: exact when it fits in 9 decimals, else rounded there. */
export function perOneUnit(qtyPer: string, qtyOutput: bigint, outputScale: number): string {
  const d = parseDecimal(qtyPer);
  if (!d || qtyOutput <= 0n) return qtyPer;
  for (let s = 0; s <= 9; s++) {
    const num = d.units * pow10(outputScale + s);
    const den = qtyOutput * pow10(d.scale);
    if (num % den === 0n) return formatUnits(num / den, s);
  }
  return formatUnits(divRound(d.units * pow10(outputScale + 9), qtyOutput * pow10(d.scale)), 9);
}

/** "5" (percent) → "0.05" (the import's scrap fraction). */
function percentToFraction(pct: string): string {
  const d = parseDecimal(pct);
  return d ? formatUnits(d.units, d.scale + 2) : pct;
}

async function tableExists(db: Db, name: string): Promise<boolean> {
  if (db.kind === 'sqlite') {
    const r = await sql<{ n: unknown }>`select count(*) as n from sqlite_master where type = 'table' and name = ${name}`.execute(db.k);
    return intFromDb(r.rows[0]?.n) > 0;
  }
  const r = await sql<{ t: unknown }>`select to_regclass(${name}) as t`.execute(db.k);
  return r.rows[0]?.t !== null && r.rows[0]?.t !== undefined;
}

export async function isExportAvailable(db: Db, kind: ExportKind): Promise<boolean> {
  return kind !== 'counts' || tableExists(db, 'count_line');
}

const k = (q: Q) => q as unknown as Kysely<Database & { lot: Database['lot'] & { active: number } }>;

/** The sheet of one kind; `pageSize` rows per query (tests use small pages to cross page boundaries). */
export function exportSheet(db: Db, kind: ExportKind, opts: { pageSize?: number } = {}): ExportSheet {
  const q = db.k;
  const PAGE = opts.pageSize ?? DEFAULT_PAGE;
  switch (kind) {
    case 'items': {
      const columns = canonicalFields('items');
      const rows = keyset(
        (after: string | undefined) => {
          let qb = k(q).selectFrom('item').selectAll();
          if (after !== undefined) qb = qb.where('sku', '>', after);
          return qb.orderBy('sku').limit(PAGE).execute();
        },
        (r) => r.sku,
        PAGE,
      );
      return {
        kind, columns, decimalColumns: new Set(['unit_cost']),
        rows: mapRows(rows, columns, (r) => ({
          sku: r.sku, description: r.description, type: r.inventory_type, category: r.category, base_uom: r.base_uom, qty_scale: String(r.qty_scale),
          unit_cost: r.standard_cost_minor === null ? null : formatMoney(r.standard_cost_minor), cost_method: r.cost_method === 'standard' ? 'standard' : 'moving_average',
          criticality: r.criticality, lot_tracked: yesNo(r.lot_tracked), serial_tracked: yesNo(r.serial_tracked), shelf_life_days: text(r.shelf_life_days),
          gtin: r.gtin, barcode: r.internal_barcode, skill_level: String(r.count_skill_level), active: yesNo(r.status === 'active'),
        })),
      };
    }
    case 'units': {
      const columns = canonicalFields('units');
      const rows = keyset(
        (after: [string, string] | undefined) => {
          let qb = k(q).selectFrom('item_unit as u').innerJoin('item as i', 'i.id', 'u.item_id').select(['i.sku', 'u.uom', 'u.factor', 'u.gtin']);
          if (after !== undefined) qb = qb.where(sql<boolean>`(i.sku, u.uom) > (${after[0]}, ${after[1]})`);
          return qb.orderBy('i.sku').orderBy('u.uom').limit(PAGE).execute();
        },
        (r): [string, string] => [r.sku, r.uom],
        PAGE,
      );
      return { kind, columns, decimalColumns: new Set(['factor']), rows: mapRows(rows, columns, (r) => ({ sku: r.sku, uom: r.uom, factor: r.factor, gtin: r.gtin })) };
    }
    case 'locations': {
      const columns = canonicalFields('locations');
      // parents before children, so that the file re-imports top-down
      async function* all() {
        for (const level of ['site', 'warehouse', 'zone', 'bin'] as const) {
          yield* keyset(
            (after: string | undefined) => {
              let qb = k(q).selectFrom('location as l').leftJoin('location as p', 'p.id', 'l.parent_id').select(['l.code', 'l.name', 'l.kind', 'p.code as parent_code', 'l.walk_seq', 'l.blocked']).where('l.kind', '=', level);
              if (after !== undefined) qb = qb.where('l.code', '>', after);
              return qb.orderBy('l.code').limit(PAGE).execute();
            },
            (r) => r.code,
            PAGE,
          );
        }
      }
      return {
        kind, columns, decimalColumns: new Set(),
        rows: mapRows(all(), columns, (r) => ({ code: r.code, name: r.name, type: r.kind, parent_code: r.parent_code, walk_sequence: text(r.walk_seq), blocked: yesNo(r.blocked) })),
      };
    }
    case 'lots': {
      const columns = canonicalFields('lots');
      const rows = keyset(
        (after: [string, string] | undefined) => {
          let qb = k(q).selectFrom('lot as l').innerJoin('item as i', 'i.id', 'l.item_id').select(['i.sku', 'l.lot_no', 'l.expires_on', 'l.supplier_lot']);
          if (after !== undefined) qb = qb.where(sql<boolean>`(i.sku, l.lot_no) > (${after[0]}, ${after[1]})`);
          return qb.orderBy('i.sku').orderBy('l.lot_no').limit(PAGE).execute();
        },
        (r): [string, string] => [r.sku, r.lot_no],
        PAGE,
      );
      return { kind, columns, decimalColumns: new Set(), rows: mapRows(rows, columns, (r) => ({ sku: r.sku, lot: r.lot_no, expiry: r.expires_on, supplier_lot: r.supplier_lot })) };
    }
    case 'suppliers': {
      const columns = canonicalFields('suppliers');
      const rows = keyset(
        (after: string | undefined) => {
          let qb = k(q).selectFrom('supplier').selectAll();
          if (after !== undefined) qb = qb.where('code', '>', after);
          return qb.orderBy('code').limit(PAGE).execute();
        },
        (r) => r.code,
        PAGE,
      );
      return {
        kind, columns, decimalColumns: new Set(),
        rows: mapRows(rows, columns, (r) => ({ code: r.code, name: r.name, email: r.email, lead_time_days: text(r.lead_time_days), active: yesNo(r.active) })),
      };
    }
    case 'boms': {
      const columns = canonicalFields('boms');
      const rows = keyset(
        (after: [string, number] | undefined) => {
          let qb = k(q)
            .selectFrom('bom_component as c')
            .innerJoin('bom as b', 'b.id', 'c.bom_id')
            .innerJoin('item as p', 'p.id', 'b.parent_item_id')
            .innerJoin('item as i', 'i.id', 'c.item_id')
            .select(['b.code', 'c.line_no', 'p.sku as parent_sku', 'p.qty_scale as parent_scale', 'b.qty_output', 'i.sku as component_sku', 'i.base_uom', 'c.qty_per', 'c.scrap_pct'])
            .where('b.active', '=', 1);
          if (after !== undefined) qb = qb.where(sql<boolean>`(b.code, c.line_no) > (${after[0]}, ${after[1]})`);
          return qb.orderBy('b.code').orderBy('c.line_no').limit(PAGE).execute();
        },
        (r): [string, number] => [r.code, r.line_no],
        PAGE,
      );
      return {
        kind, columns, decimalColumns: new Set(['qty_per', 'scrap_factor']),
        rows: mapRows(rows, columns, (r) => ({
          parent_sku: r.parent_sku, component_sku: r.component_sku, qty_per: perOneUnit(r.qty_per, BigInt(intFromDb(r.qty_output)), r.parent_scale), uom: r.base_uom, scrap_factor: percentToFraction(r.scrap_pct),
        })),
      };
    }
    case 'on_hand': {
      const columns = canonicalFields('opening_balances');
      const rows = keyset(
        (after: [number, number, number] | undefined) => {
          let qb = k(q)
            .selectFrom('stock_balance as b')
            .innerJoin('location as l', 'l.id', 'b.location_id')
            .innerJoin('item as i', 'i.id', 'b.item_id')
            .leftJoin('lot', 'lot.id', 'b.lot_id')
            .leftJoin('item_valuation as v', 'v.item_id', 'b.item_id')
            .select(['b.item_id', 'b.location_id', 'b.lot_id', 'b.qty_on_hand', 'i.sku', 'i.description', 'i.qty_scale', 'i.base_uom', 'i.cost_method', 'i.standard_cost_minor', 'l.code as location', 'lot.lot_no', 'lot.expires_on', 'v.qty_valued', 'v.value_minor'])
            .where('l.kind', '<>', 'virtual')
            .where('b.qty_on_hand', '<>', 0);
          if (after !== undefined) qb = qb.where(sql<boolean>`(b.item_id, b.location_id, b.lot_id) > (${after[0]}, ${after[1]}, ${after[2]})`);
          return qb.orderBy('b.item_id').orderBy('b.location_id').orderBy('b.lot_id').limit(PAGE).execute();
        },
        (r): [number, number, number] => [intFromDb(r.item_id), intFromDb(r.location_id), intFromDb(r.lot_id)],
        PAGE,
      );
      return {
        kind, columns, decimalColumns: new Set(['qty_on_hand', 'unit_cost', 'value']),
        rows: mapRows(rows, columns, (r) => {
          const qty = BigInt(intFromDb(r.qty_on_hand));
          const qtyValued = BigInt(intFromDb(r.qty_valued ?? 0));
          const valueMinor = BigInt(intFromDb(r.value_minor ?? 0));
          const scale = pow10(r.qty_scale);
          let unit: bigint;
          if (r.cost_method === 'standard' && r.standard_cost_minor !== null) unit = BigInt(r.standard_cost_minor);
          else if (qtyValued > 0n) unit = divRound(valueMinor * scale, qtyValued);
          else unit = BigInt(r.standard_cost_minor ?? 0);
          const value = r.cost_method !== 'standard' && qtyValued > 0n ? divRound(valueMinor * qty, qtyValued) : divRound(qty * unit, scale);
          return {
            sku: r.sku, location: r.location, lot: r.lot_no ?? null, qty_on_hand: formatUnits(qty, r.qty_scale), uom: r.base_uom,
            unit_cost: formatMoney(unit), value: formatMoney(value), expiry: r.expires_on ?? null, description: r.description,
          };
        }),
      };
    }
    case 'movements': {
      const columns = ['seq', 'posted_at', 'type', 'movement_id', 'line_no', 'sku', 'lot', 'from', 'to', 'qty', 'uom', 'qty_entered', 'uom_entered', 'unit_cost', 'value', 'source_doc', 'reason_code', 'actor'];
      const rows = keyset(
        (after: [number, number] | undefined) => {
          let qb = k(q)
            .selectFrom('movement as m')
            .innerJoin('movement_line as ml', 'ml.movement_id', 'm.id')
            .innerJoin('item as i', 'i.id', 'ml.item_id')
            .innerJoin('location as f', 'f.id', 'ml.from_location_id')
            .innerJoin('location as t', 't.id', 'ml.to_location_id')
            .leftJoin('lot', 'lot.id', 'ml.lot_id')
            .select(['m.seq', 'm.posted_at', 'm.movement_type', 'm.id as movement_id', 'ml.line_no', 'i.sku', 'i.qty_scale', 'i.base_uom', 'lot.lot_no', 'f.code as from_code', 't.code as to_code', 'ml.qty', 'ml.qty_entered', 'ml.uom_entered', 'ml.unit_cost_minor', 'ml.value_minor', 'm.source_doc', 'm.reason_code', 'm.actor']);
          // the first condition gives the index range on movement.seq; the second skips lines already written
          if (after !== undefined) qb = qb.where('m.seq', '>=', after[0]).where((eb) => eb.or([eb('m.seq', '>', after[0]), eb('ml.line_no', '>', after[1])]));
          return qb.orderBy('m.seq').orderBy('ml.line_no').limit(PAGE).execute();
        },
        (r): [number, number] => [intFromDb(r.seq), r.line_no],
        PAGE,
      );
      return {
        kind, columns, decimalColumns: new Set(['qty', 'unit_cost', 'value']),
        rows: mapRows(rows, columns, (r) => ({
          seq: String(intFromDb(r.seq)), posted_at: r.posted_at, type: r.movement_type, movement_id: String(r.movement_id), line_no: String(r.line_no), sku: r.sku, lot: r.lot_no ?? null,
          from: r.from_code, to: r.to_code, qty: formatUnits(intFromDb(r.qty), r.qty_scale), uom: r.base_uom, qty_entered: r.qty_entered, uom_entered: r.uom_entered,
          unit_cost: formatMoney(intFromDb(r.unit_cost_minor)), value: formatMoney(intFromDb(r.value_minor)), source_doc: r.source_doc, reason_code: r.reason_code, actor: r.actor,
        })),
      };
    }
    case 'counts': {
      const SHORTAGE = 'qty_shortage (system − counted)';
      const columns = ['count_line_id', 'site', 'sku', 'description', 'location', 'lot', 'uom', 'qty_system', 'qty_counted', SHORTAGE, 'value_shortage (system − counted)', 'pct_shortage', 'status', 'outcome', 'counted_at'];
      const page = (after: number | undefined): RawBuilder<Row> => sql<Row>`
        select c.id, s.code as site, i.sku, i.description, i.qty_scale, i.base_uom, l.code as location, lot.lot_no, c.qty_system, c.qty_counted, c.qty_shortage,
               c.value_shortage_minor, c.pct_shortage, c.status, c.outcome, c.counted_at
          from count_line c
          join item i on i.id = c.item_id
          join location l on l.id = c.location_id
          join location s on s.id = c.site_id
          left join lot on lot.id = c.lot_id
         where c.counted_at is not null and c.id > ${after ?? 0}
         order by c.id
         limit ${PAGE}`;
      const rows = keyset(async (after: number | undefined) => (await page(after).execute(q)).rows, (r) => intFromDb(r.id), PAGE);
      const qty = (v: unknown, scale: number): Cell => (v === null || v === undefined ? null : formatUnits(intFromDb(v), scale));
      return {
        kind, columns, decimalColumns: new Set(['qty_system', 'qty_counted', SHORTAGE, 'value_shortage (system − counted)']),
        rows: mapRows(rows, columns, (r) => {
          const scale = Number(r.qty_scale);
          return {
            count_line_id: String(intFromDb(r.id)), site: text(r.site), sku: text(r.sku), description: text(r.description), location: text(r.location), lot: text(r.lot_no), uom: text(r.base_uom),
            qty_system: qty(r.qty_system, scale), qty_counted: qty(r.qty_counted, scale), [SHORTAGE]: qty(r.qty_shortage, scale),
            'value_shortage (system − counted)': r.value_shortage_minor === null || r.value_shortage_minor === undefined ? null : formatMoney(intFromDb(r.value_shortage_minor)),
            pct_shortage: text(r.pct_shortage), status: text(r.status), outcome: text(r.outcome), counted_at: text(r.counted_at),
          };
        }),
      };
    }
  }
}
