// `stockroom check`: rebuilds every balance from the ledger's entries and compares. Balances and
// valuations are caches of the entries (docs/ledger.md); any difference is reported, none is hidden.

import { sql } from 'kysely';
import type { Q } from '../../db/db.js';
import { intFromDb } from '../../kernel/decimal.js';

export interface CheckDifference {
  readonly kind: 'balance' | 'valuation' | 'item_sum' | 'sequence';
  readonly itemId?: number;
  readonly locationId?: number;
  readonly lotId?: number;
  readonly expected: string;
  readonly actual: string;
  readonly detail: string;
}

export interface CheckReport {
  readonly ok: boolean;
  readonly position: number;
  readonly movements: number;
  readonly balancesChecked: number;
  readonly differences: CheckDifference[];
}

export async function checkLedger(q: Q): Promise<CheckReport> {
  const differences: CheckDifference[] = [];
  const counter = intFromDb((await q.selectFrom('ledger_counter').select('value').where('name', '=', 'movement_seq').executeTakeFirstOrThrow()).value);
  const seqStats = await q.selectFrom('movement').select([sql<number>`count(*)`.as('n'), sql<number>`coalesce(max(seq), 0)`.as('max'), sql<number>`coalesce(min(seq), 0)`.as('min')]).executeTakeFirstOrThrow();
  const n = intFromDb(seqStats.n);
  if (n !== counter || intFromDb(seqStats.max) !== counter || (n > 0 && intFromDb(seqStats.min) !== 1)) {
    differences.push({ kind: 'sequence', expected: `1..${counter} without gaps`, actual: `${n} movements, seq ${intFromDb(seqStats.min)}..${intFromDb(seqStats.max)}`, detail: 'movement sequence numbers are not gap-free' });
  }

  const fromEntries = await q
    .selectFrom('stock_entry')
    .select(['item_id', 'location_id', 'lot_id', sql<number>`sum(qty)`.as('qty')])
    .groupBy(['item_id', 'location_id', 'lot_id'])
    .execute();
  const expected = new Map<string, { itemId: number; locationId: number; lotId: number; qty: number }>();
  for (const r of fromEntries) expected.set(`${r.item_id}:${r.location_id}:${intFromDb(r.lot_id)}`, { itemId: r.item_id, locationId: r.location_id, lotId: intFromDb(r.lot_id), qty: intFromDb(r.qty) });
  const balances = await q.selectFrom('stock_balance').select(['item_id', 'location_id', 'lot_id', 'qty_on_hand']).execute();
  const seen = new Set<string>();
  for (const b of balances) {
    const key = `${b.item_id}:${b.location_id}:${intFromDb(b.lot_id)}`;
    seen.add(key);
    const exp = expected.get(key)?.qty ?? 0;
    const act = intFromDb(b.qty_on_hand);
    if (exp !== act) differences.push({ kind: 'balance', itemId: b.item_id, locationId: b.location_id, lotId: intFromDb(b.lot_id), expected: String(exp), actual: String(act), detail: 'balance differs from the sum of its entries' });
  }
  for (const [key, e] of expected) {
    if (!seen.has(key) && e.qty !== 0) differences.push({ kind: 'balance', itemId: e.itemId, locationId: e.locationId, lotId: e.lotId, expected: String(e.qty), actual: 'missing', detail: 'entries exist but the balance row is missing' });
  }

  const itemSums = await q.selectFrom('stock_entry').select(['item_id', sql<number>`sum(qty)`.as('qty')]).groupBy('item_id').execute();
  for (const r of itemSums) {
    if (intFromDb(r.qty) !== 0) differences.push({ kind: 'item_sum', itemId: r.item_id, expected: '0', actual: String(intFromDb(r.qty)), detail: 'an item does not sum to zero over all locations (double entry broken)' });
  }

  const physical = await q
    .selectFrom('stock_entry as e')
    .innerJoin('location as l', 'l.id', 'e.location_id')
    .select(['e.item_id', sql<number>`sum(e.qty)`.as('qty'), sql<number>`sum(e.value_minor)`.as('value')])
    .where('l.kind', '<>', 'virtual')
    .groupBy('e.item_id')
    .execute();
  const vals = new Map((await q.selectFrom('item_valuation').select(['item_id', 'qty_valued', 'value_minor']).execute()).map((v) => [v.item_id, v]));
  for (const p of physical) {
    const v = vals.get(p.item_id);
    const eq = intFromDb(p.qty);
    const ev = intFromDb(p.value);
    const aq = v ? intFromDb(v.qty_valued) : 0;
    const av = v ? intFromDb(v.value_minor) : 0;
    if (eq !== aq || ev !== av) differences.push({ kind: 'valuation', itemId: p.item_id, expected: `${eq} @ ${ev}`, actual: `${aq} @ ${av}`, detail: 'item valuation differs from its physical entries' });
  }
  return { ok: differences.length === 0, position: counter, movements: n, balancesChecked: balances.length, differences };
}
