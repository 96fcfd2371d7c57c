// SQL of the posting path. Hand-written and cached: on SQLite each text maps to one prepared
// statement (db.ts), so posting runs at close to the driver's own speed. Placeholders are written
// as `?` and turned into `$1…` for PostgreSQL once per text.

import { CompiledQuery } from 'kysely';
import type { DbKind, Q } from '../../db/db.js';

const pgText = new Map<string, string>();
function forDialect(kind: DbKind, text: string): string {
  if (kind === 'sqlite') return text;
  let t = pgText.get(text);
  if (t === undefined) {
    let i = 0;
    t = text.replace(/\?/g, () => `$${++i}`);
    pgText.set(text, t);
  }
  return t;
}

export interface Runner {
  readonly kind: DbKind;
  rows<R>(text: string, params: readonly unknown[]): Promise<R[]>;
  exec(text: string, params: readonly unknown[]): Promise<number>;
}

export function runner(q: Q, kind: DbKind): Runner {
  return {
    kind,
    async rows<R>(text: string, params: readonly unknown[]) {
      const r = await q.executeQuery<R>(CompiledQuery.raw(forDialect(kind, text), params as unknown[]));
      return r.rows;
    },
    async exec(text: string, params: readonly unknown[]) {
      const r = await q.executeQuery(CompiledQuery.raw(forDialect(kind, text), params as unknown[]));
      return Number(r.numAffectedRows ?? 0n);
    },
  };
}

/**
 * Largest magnitude a balance or valuation may reach: columns are 64-bit, but values are read into JS
 * numbers, so anything beyond 2^53 − 1 would come back rounded. The upserts refuse (0 rows changed)
 * rather than store a number that cannot be read back exactly.
 */
export const MAX_STORED = Number.MAX_SAFE_INTEGER;

export const SQL = {
  /** guarded decrement: takes effect only when enough stock is there */
  takeGuarded: `update stock_balance set qty_on_hand = qty_on_hand - ?, updated_at = ?
     where item_id = ? and location_id = ? and lot_id = ? and qty_on_hand >= ?`,
  /** unguarded change (virtual locations, sites that allow negative stock, increases) */
  upsertDelta: `insert into stock_balance (item_id, location_id, lot_id, qty_on_hand, updated_at) values (?, ?, ?, ?, ?)
     on conflict (item_id, location_id, lot_id) do update set qty_on_hand = stock_balance.qty_on_hand + excluded.qty_on_hand, updated_at = excluded.updated_at
     where abs(stock_balance.qty_on_hand + excluded.qty_on_hand) <= ${MAX_STORED}`,
  balanceQty: `select qty_on_hand from stock_balance where item_id = ? and location_id = ? and lot_id = ?`,
  valuation: `select qty_valued, value_minor from item_valuation where item_id = ?`,
  valuationForUpdate: `select qty_valued, value_minor from item_valuation where item_id = ? for update`,
  upsertValuation: `insert into item_valuation (item_id, qty_valued, value_minor, updated_seq) values (?, ?, ?, 0)
     on conflict (item_id) do update set qty_valued = item_valuation.qty_valued + excluded.qty_valued, value_minor = item_valuation.value_minor + excluded.value_minor
     where abs(item_valuation.qty_valued + excluded.qty_valued) <= ${MAX_STORED} and abs(item_valuation.value_minor + excluded.value_minor) <= ${MAX_STORED}`,
  nextSeq: `update ledger_counter set value = value + 1 where name = 'movement_seq' returning value`,
  currentSeq: `select value from ledger_counter where name = 'movement_seq'`,
  insertMovement: `insert into movement (seq, movement_type, posted_at, actor, source_doc, reason_code, note, idempotency_key, reverses_movement_id, count_line_id, site_id)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
  insertLine: `insert into movement_line (movement_id, line_no, item_id, lot_id, from_location_id, to_location_id, qty, uom_entered, qty_entered, unit_cost_minor, value_minor)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
  insertEntry: `insert into stock_entry (movement_id, line_id, seq, item_id, location_id, lot_id, qty, value_minor, posted_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  insertEntryPair: `insert into stock_entry (movement_id, line_id, seq, item_id, location_id, lot_id, qty, value_minor, posted_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  insertLayer: `insert into cost_layer (item_id, movement_id, seq, received_at, qty_in, qty_remaining, unit_cost_minor) values (?, ?, ?, ?, ?, ?, ?)`,
  openLayers: `select id, qty_remaining, movement_id from cost_layer where item_id = ? and qty_remaining > 0 order by seq, id limit 50`,
  consumeLayer: `update cost_layer set qty_remaining = qty_remaining - ? where id = ?`,
  touchItemLocation: `insert into item_location (item_id, location_id, first_seq) values (?, ?, ?) on conflict (item_id, location_id) do nothing`,
  lastReceipt: `update item_location set last_receipt_at = ?, last_receipt_qty = ? where item_id = ? and location_id = ?`,
  lastShipment: `update item_location set last_shipment_at = ?, last_shipment_qty = ? where item_id = ? and location_id = ?`,
  serialPhysicalQty: `select coalesce(sum(b.qty_on_hand), 0) as qty from stock_balance b join location l on l.id = b.location_id
     where b.item_id = ? and b.lot_id = ? and l.kind <> 'virtual'`,
} as const;
