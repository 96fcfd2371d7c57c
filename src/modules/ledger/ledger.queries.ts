// Read side of the ledger: movements, balances, on-hand as of a position or a time, valuation,
// and the check that rebuilds balances from the entries.

import { sql } from 'kysely';
import type { Q } from '../../db/db.js';
import { divRound, extendValue, formatMoney, formatUnits, intFromDb, pow10 } from '../../kernel/decimal.js';
import { clampLimit, decodeCursor, toPage, type Page } from '../../kernel/paging.js';
import { catalogErrors, findItemRef, findLocationRef, findLotRef } from '../catalog/index.js';
import { ledgerErrors } from './ledger.errors.js';
import { accessErrors } from '../access/index.js';
import type { MovementType, PostedLine, PostedMovement } from './ledger.types.js';

export async function currentPosition(q: Q): Promise<number> {
  const row = await q.selectFrom('ledger_counter').select('value').where('name', '=', 'movement_seq').executeTakeFirstOrThrow();
  return intFromDb(row.value);
}

export async function findMovement(q: Q, id: number): Promise<PostedMovement | undefined> {
  const m = await q.selectFrom('movement').selectAll().where('id', '=', id).executeTakeFirst();
  if (!m) return undefined;
  const lines = await q
    .selectFrom('movement_line as ml')
    .innerJoin('item as i', 'i.id', 'ml.item_id')
    .innerJoin('location as f', 'f.id', 'ml.from_location_id')
    .innerJoin('location as t', 't.id', 'ml.to_location_id')
    .leftJoin('lot', 'lot.id', 'ml.lot_id')
    .select(['ml.line_no', 'ml.item_id', 'i.sku', 'i.qty_scale', 'i.base_uom', 'ml.lot_id', 'lot.lot_no', 'ml.from_location_id', 'f.code as from_code', 'ml.to_location_id', 't.code as to_code', 'ml.qty', 'ml.qty_entered', 'ml.uom_entered', 'ml.unit_cost_minor', 'ml.value_minor'])
    .where('ml.movement_id', '=', id)
    .orderBy('ml.line_no')
    .execute();
  const rev = await q.selectFrom('movement').select('id').where('reverses_movement_id', '=', id).executeTakeFirst();
  return {
    id: m.id,
    seq: intFromDb(m.seq),
    type: m.movement_type as MovementType,
    postedAt: m.posted_at,
    actor: m.actor,
    sourceDoc: m.source_doc,
    reasonCode: m.reason_code,
    note: m.note,
    reversesMovementId: m.reverses_movement_id,
    reversedByMovementId: rev?.id ?? null,
    countLineId: m.count_line_id,
    lines: lines.map(
      (l): PostedLine => ({
        lineNo: l.line_no,
        itemId: l.item_id,
        sku: l.sku,
        lotId: intFromDb(l.lot_id),
        lot: l.lot_no ?? null,
        fromLocationId: l.from_location_id,
        from: l.from_code,
        toLocationId: l.to_location_id,
        to: l.to_code,
        qty: formatUnits(intFromDb(l.qty), l.qty_scale),
        baseUom: l.base_uom,
        qtyEntered: l.qty_entered,
        unitEntered: l.uom_entered,
        unitCost: formatMoney(intFromDb(l.unit_cost_minor)),
        value: formatMoney(intFromDb(l.value_minor)),
      }),
    ),
  };
}

/** Site scoping (access.siteScope): ids of the sites the caller may see; [] matches nothing. */
function scopeIds(siteIds: readonly number[]): number[] {
  return siteIds.length ? [...siteIds] : [-1];
}

/** getMovement for a caller limited to `siteIds` (null: every site): a movement touching none of them is not found. */
export async function getMovement(q: Q, id: number, siteIds: readonly number[] | null = null): Promise<PostedMovement> {
  const m = await findMovement(q, id);
  const visible = !m || siteIds === null || (await q.selectFrom('stock_entry as e').innerJoin('location as l', 'l.id', 'e.location_id').select('e.id').where('e.movement_id', '=', id).where('l.site_id', 'in', scopeIds(siteIds)).limit(1).executeTakeFirst()) !== undefined;
  if (!m || !visible) throw ledgerErrors.movement_not_found(`movement ${id} does not exist`, { field: 'id' });
  return m;
}

export interface MovementFilter {
  readonly item?: string;
  readonly location?: string;
  readonly type?: MovementType;
  readonly sourceDoc?: string;
  readonly since?: string;
  readonly until?: string;
  readonly limit?: number;
  readonly cursor?: string;
  /** only movements touching these sites (site scoping); null or absent: every site */
  readonly siteIds?: readonly number[] | null;
}

export interface MovementSummary {
  readonly id: number;
  readonly seq: number;
  readonly type: MovementType;
  readonly postedAt: string;
  readonly actor: string;
  readonly sourceDoc: string | null;
  readonly reasonCode: string | null;
  readonly reversesMovementId: number | null;
  readonly lineCount: number;
}

/** Movements newest first, filtered; a movement matches an item or location filter if any line does. */
export async function listMovements(q: Q, f: MovementFilter): Promise<Page<MovementSummary>> {
  const limit = clampLimit(f.limit);
  const cur = decodeCursor(f.cursor, 1);
  let query = q.selectFrom('movement as m').select(['m.id', 'm.seq', 'm.movement_type', 'm.posted_at', 'm.actor', 'm.source_doc', 'm.reason_code', 'm.reverses_movement_id']);
  if (f.type) query = query.where('m.movement_type', '=', f.type);
  if (f.sourceDoc) query = query.where('m.source_doc', '=', f.sourceDoc);
  if (f.since) query = query.where('m.posted_at', '>=', f.since);
  if (f.until) query = query.where('m.posted_at', '<', f.until);
  if (f.item) {
    const item = await findItemRef(q, f.item);
    if (!item) throw catalogErrors.unknown_item(`item: no item with SKU "${f.item}"`, { field: 'item' });
    query = query.where((eb) => eb.exists(eb.selectFrom('movement_line as ml').select('ml.id').whereRef('ml.movement_id', '=', 'm.id').where('ml.item_id', '=', item.id)));
  }
  if (f.location) {
    const loc = await findLocationRef(q, f.location);
    if (!loc) throw catalogErrors.unknown_location(`location: no location "${f.location}"`, { field: 'location' });
    query = query.where((eb) => eb.exists(eb.selectFrom('stock_entry as e').select('e.id').whereRef('e.movement_id', '=', 'm.id').where('e.location_id', '=', loc.id)));
  }
  if (f.siteIds) {
    const ids = scopeIds(f.siteIds);
    query = query.where((eb) => eb.exists(eb.selectFrom('stock_entry as se').innerJoin('location as sl', 'sl.id', 'se.location_id').select('se.id').whereRef('se.movement_id', '=', 'm.id').where('sl.site_id', 'in', ids)));
  }
  if (cur) query = query.where('m.seq', '<', Number(cur[0]));
  const rows = await query.orderBy('m.seq', 'desc').limit(limit + 1).execute();
  const counts = new Map<number, number>();
  if (rows.length) {
    const ids = rows.map((r) => r.id);
    const c = await q.selectFrom('movement_line').select(['movement_id', sql<number>`count(*)`.as('n')]).where('movement_id', 'in', ids).groupBy('movement_id').execute();
    for (const r of c) counts.set(r.movement_id, intFromDb(r.n));
  }
  return toPage(rows, limit, (r) => [intFromDb(r.seq)], (r) => ({
    id: r.id,
    seq: intFromDb(r.seq),
    type: r.movement_type as MovementType,
    postedAt: r.posted_at,
    actor: r.actor,
    sourceDoc: r.source_doc,
    reasonCode: r.reason_code,
    reversesMovementId: r.reverses_movement_id,
    lineCount: counts.get(r.id) ?? 0,
  }));
}

export interface BalanceFilter {
  readonly item?: string;
  readonly location?: string;
  readonly site?: string;
  readonly warehouse?: string;
  readonly zone?: string;
  readonly lot?: string;
  readonly q?: string;
  readonly inventoryType?: string;
  readonly includeZero?: boolean;
  readonly includeVirtual?: boolean;
  readonly limit?: number;
  readonly cursor?: string;
  /** item (default: item, bin, lot), location (bin code, item, lot), qty_desc or qty_asc (quantity, then item, bin, lot) */
  readonly sort?: BalanceSort;
  /** only balances in these sites (site scoping; virtual locations belong to none); null or absent: every site */
  readonly siteIds?: readonly number[] | null;
}

export const BALANCE_SORTS = ['item', 'location', 'qty_desc', 'qty_asc'] as const;

/** Quantities of items kept at different scales compare as decimals: brought to scale 6, exactly. */
const QTY_AT_SCALE_6 = sql<number>`(b.qty_on_hand * (case i.qty_scale when 0 then 1000000 when 1 then 100000 when 2 then 10000 when 3 then 1000 when 4 then 100 when 5 then 10 else 1 end))`;
export type BalanceSort = (typeof BALANCE_SORTS)[number];

export interface BalanceRow {
  readonly itemId: number;
  readonly sku: string;
  readonly description: string;
  readonly locationId: number;
  readonly location: string;
  readonly lotId: number;
  readonly lot: string | null;
  readonly lotExpiry: string | null;
  readonly qtyOnHand: string;
  readonly uom: string;
  /** at the item's current unit cost (moving average or standard) */
  readonly value: string;
  readonly lastReceiptAt: string | null;
  readonly lastReceiptQty: string | null;
  readonly lastShipmentAt: string | null;
  readonly lastShipmentQty: string | null;
}

async function locationId(q: Q, code: string, field: string): Promise<number> {
  const loc = await findLocationRef(q, code);
  if (!loc) throw catalogErrors.unknown_location(`${field}: no location "${code}"`, { field });
  return loc.id;
}

export async function listBalances(q: Q, f: BalanceFilter): Promise<Page<BalanceRow>> {
  const limit = clampLimit(f.limit);
  const sort: BalanceSort = f.sort ?? 'item';
  // Each order pages by its own key (keyset), ending in the balance's unique key.
  const cur = decodeCursor(f.cursor, sort === 'qty_desc' || sort === 'qty_asc' ? 4 : 3);
  let query = q
    .selectFrom('stock_balance as b')
    .innerJoin('item as i', 'i.id', 'b.item_id')
    .innerJoin('location as l', 'l.id', 'b.location_id')
    .leftJoin('lot', 'lot.id', 'b.lot_id')
    .leftJoin('item_location as il', (j) => j.onRef('il.item_id', '=', 'b.item_id').onRef('il.location_id', '=', 'b.location_id'))
    .leftJoin('item_valuation as v', 'v.item_id', 'b.item_id')
    .select([
      'b.item_id', 'i.sku', 'i.description', 'i.qty_scale', 'i.base_uom', 'i.cost_method', 'i.standard_cost_minor', 'b.location_id', 'l.code as location_code', 'b.lot_id', 'lot.lot_no', 'lot.expires_on',
      'b.qty_on_hand', 'il.last_receipt_at', 'il.last_receipt_qty', 'il.last_shipment_at', 'il.last_shipment_qty', 'v.qty_valued', 'v.value_minor',
    ]);
  if (!f.includeVirtual) query = query.where('l.kind', '<>', 'virtual');
  if (!f.includeZero) query = query.where('b.qty_on_hand', '<>', 0);
  if (f.item) {
    const item = await findItemRef(q, f.item);
    if (!item) throw catalogErrors.unknown_item(`item: no item with SKU "${f.item}"`, { field: 'item' });
    query = query.where('b.item_id', '=', item.id);
  }
  if (f.location) query = query.where('b.location_id', '=', await locationId(q, f.location, 'location'));
  if (f.site) query = query.where('l.site_id', '=', await locationId(q, f.site, 'site'));
  if (f.zone) query = query.where('l.parent_id', '=', await locationId(q, f.zone, 'zone'));
  if (f.warehouse) {
    const wh = await locationId(q, f.warehouse, 'warehouse');
    query = query.where('l.parent_id', 'in', q.selectFrom('location').select('id').where('parent_id', '=', wh));
  }
  if (f.siteIds) query = query.where('l.site_id', 'in', scopeIds(f.siteIds));
  if (f.lot) query = query.where('lot.lot_no', '=', f.lot);
  if (f.inventoryType) query = query.where('i.inventory_type', '=', f.inventoryType as 'raw');
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    query = query.where((eb) => eb.or([eb('i.sku', 'like', like), eb('i.description', 'like', like)]));
  }
  if (cur && sort === 'item') {
    const [a, b, c] = cur.map(Number) as [number, number, number];
    query = query.where((eb) =>
      eb.or([eb('b.item_id', '>', a), eb.and([eb('b.item_id', '=', a), eb('b.location_id', '>', b)]), eb.and([eb('b.item_id', '=', a), eb('b.location_id', '=', b), eb('b.lot_id', '>', c)])]),
    );
  } else if (cur && sort === 'location') {
    const [code, a, c] = [String(cur[0]), Number(cur[1]), Number(cur[2])];
    query = query.where((eb) =>
      eb.or([eb('l.code', '>', code), eb.and([eb('l.code', '=', code), eb('b.item_id', '>', a)]), eb.and([eb('l.code', '=', code), eb('b.item_id', '=', a), eb('b.lot_id', '>', c)])]),
    );
  } else if (cur) {
    const [qv, a, b, c] = cur.map(Number) as [number, number, number, number];
    const past = sort === 'qty_desc' ? '<' : '>';
    query = query.where((eb) =>
      eb.or([
        eb(QTY_AT_SCALE_6, past, qv),
        eb.and([eb(QTY_AT_SCALE_6, '=', qv), eb('b.item_id', '>', a)]),
        eb.and([eb(QTY_AT_SCALE_6, '=', qv), eb('b.item_id', '=', a), eb('b.location_id', '>', b)]),
        eb.and([eb(QTY_AT_SCALE_6, '=', qv), eb('b.item_id', '=', a), eb('b.location_id', '=', b), eb('b.lot_id', '>', c)]),
      ]),
    );
  }
  if (sort === 'location') query = query.orderBy('l.code').orderBy('b.item_id').orderBy('b.lot_id');
  else if (sort === 'qty_desc') query = query.orderBy(QTY_AT_SCALE_6, 'desc').orderBy('b.item_id').orderBy('b.location_id').orderBy('b.lot_id');
  else if (sort === 'qty_asc') query = query.orderBy(QTY_AT_SCALE_6).orderBy('b.item_id').orderBy('b.location_id').orderBy('b.lot_id');
  else query = query.orderBy('b.item_id').orderBy('b.location_id').orderBy('b.lot_id');
  const rows = await query.limit(limit + 1).execute();
  const keyOf = (r: (typeof rows)[number]): (string | number)[] =>
    sort === 'location' ? [r.location_code, r.item_id, intFromDb(r.lot_id)]
    : sort === 'item' ? [r.item_id, r.location_id, intFromDb(r.lot_id)]
    : [intFromDb(r.qty_on_hand) * 10 ** (6 - r.qty_scale), r.item_id, r.location_id, intFromDb(r.lot_id)];
  return toPage(rows, limit, keyOf, (r) => {
    const qty = BigInt(intFromDb(r.qty_on_hand));
    const unitCost = r.cost_method === 'standard' && r.standard_cost_minor !== null
      ? BigInt(intFromDb(r.standard_cost_minor))
      : r.qty_valued && intFromDb(r.qty_valued) > 0
        ? divRound(BigInt(intFromDb(r.value_minor)) * pow10(r.qty_scale), BigInt(intFromDb(r.qty_valued)))
        : 0n;
    return {
      itemId: r.item_id,
      sku: r.sku,
      description: r.description,
      locationId: r.location_id,
      location: r.location_code,
      lotId: intFromDb(r.lot_id),
      lot: r.lot_no ?? null,
      lotExpiry: r.expires_on ?? null,
      qtyOnHand: formatUnits(qty, r.qty_scale),
      uom: r.base_uom,
      value: formatMoney(extendValue(qty, r.qty_scale, unitCost)),
      lastReceiptAt: r.last_receipt_at ?? null,
      lastReceiptQty: r.last_receipt_qty === null || r.last_receipt_qty === undefined ? null : formatUnits(intFromDb(r.last_receipt_qty), r.qty_scale),
      lastShipmentAt: r.last_shipment_at ?? null,
      lastShipmentQty: r.last_shipment_qty === null || r.last_shipment_qty === undefined ? null : formatUnits(intFromDb(r.last_shipment_qty), r.qty_scale),
    };
  });
}

export interface OnHandQuery {
  readonly item: string | number;
  readonly location: string | number;
  readonly lot?: string;
  /** ledger position (movement seq); the balance after that movement */
  readonly position?: number;
  /** ISO time; the balance after every movement posted up to and including it */
  readonly at?: string;
  /** site scoping: the location must be in one of these sites; null or absent: every site */
  readonly siteIds?: readonly number[] | null;
}

export interface OnHand {
  readonly sku: string;
  readonly location: string;
  readonly lot: string | null;
  readonly qtyOnHand: string;
  readonly qtyUnits: bigint;
  readonly qtyScale: number;
  readonly uom: string;
  /** the ledger position the answer is for */
  readonly position: number;
}

/** Turns an as-of time into the ledger position of the last movement posted at or before it. */
export async function positionAt(q: Q, at: string): Promise<number> {
  if (Number.isNaN(Date.parse(at))) throw ledgerErrors.bad_position('at must be an ISO date-time', { field: 'at' });
  const iso = new Date(at).toISOString();
  const row = await q.selectFrom('movement').select(sql<number>`max(seq)`.as('seq')).where('posted_at', '<=', iso).executeTakeFirst();
  return row?.seq === null || row?.seq === undefined ? 0 : intFromDb(row.seq);
}

/**
 * On-hand of one item in one location (one lot, or all lots summed), now or as of a ledger position
 * or time. Cycle counting compares a count with the balance at the position it was taken at.
 */
export async function getOnHand(q: Q, query: OnHandQuery): Promise<OnHand> {
  const item = await findItemRef(q, query.item);
  if (!item) throw catalogErrors.unknown_item(`item: no item ${JSON.stringify(query.item)}`, { field: 'item' });
  const loc = await findLocationRef(q, query.location);
  if (!loc) throw catalogErrors.unknown_location(`location: no location ${JSON.stringify(query.location)}`, { field: 'location' });
  if (query.siteIds && (loc.siteId === null || !query.siteIds.includes(loc.siteId))) {
    throw accessErrors.site_forbidden(`location: "${loc.code}" belongs to a site you are not given`, { field: 'location' });
  }
  let lotId: number | undefined;
  if (query.lot !== undefined) {
    const lot = await findLotRef(q, item.id, query.lot);
    if (!lot) throw catalogErrors.unknown_lot(`lot: no lot "${query.lot}" for ${item.sku}`, { field: 'lot' });
    lotId = lot.id;
  }
  const now = await currentPosition(q);
  let position = now;
  if (query.position !== undefined) {
    if (!Number.isInteger(query.position) || query.position < 0 || query.position > now) throw ledgerErrors.bad_position(`position must be between 0 and ${now}`, { field: 'position' });
    position = query.position;
  } else if (query.at !== undefined) {
    position = await positionAt(q, query.at);
  }
  let units: bigint;
  if (position === now && query.position === undefined && query.at === undefined) {
    let b = q.selectFrom('stock_balance').select(sql<number>`coalesce(sum(qty_on_hand), 0)`.as('qty')).where('item_id', '=', item.id).where('location_id', '=', loc.id);
    if (lotId !== undefined) b = b.where('lot_id', '=', lotId);
    units = BigInt(intFromDb((await b.executeTakeFirst())?.qty));
  } else {
    units = await qtyAsOf(q, item.id, loc.id, lotId, position);
  }
  return { sku: item.sku, location: loc.code, lot: query.lot ?? null, qtyOnHand: formatUnits(units, item.qtyScale), qtyUnits: units, qtyScale: item.qtyScale, uom: item.baseUom, position };
}

/** Sum of entries up to a position: the definition of a balance (docs/ledger.md). */
export async function qtyAsOf(q: Q, itemId: number, locationId: number, lotId: number | undefined, position: number): Promise<bigint> {
  let e = q.selectFrom('stock_entry').select(sql<number>`coalesce(sum(qty), 0)`.as('qty')).where('item_id', '=', itemId).where('location_id', '=', locationId).where('seq', '<=', position);
  if (lotId !== undefined) e = e.where('lot_id', '=', lotId);
  return BigInt(intFromDb((await e.executeTakeFirst())?.qty));
}

export interface ValuationLine {
  readonly sku: string;
  readonly description: string;
  readonly qtyOnHand: string;
  readonly uom: string;
  readonly average: string;
  readonly fifo: string;
  readonly lifo: string;
}

export interface ValuationReport {
  readonly position: number;
  readonly lines: ValuationLine[];
  readonly totals: { readonly average: string; readonly fifo: string; readonly lifo: string };
}

/**
 * Stock value by three methods. Average: the ledger's own moving-average value. FIFO: the open
 * remainders of the cost layers (outbound lines consume the oldest). LIFO (periodic): on-hand
 * quantity valued from the oldest receipts forward. Quantity not covered by layers is valued at average.
 */
export async function valuationReport(q: Q, opts: { item?: string; inventoryType?: string; siteIds?: readonly number[] | null } = {}): Promise<ValuationReport> {
  const position = await currentPosition(q);
  let items = q
    .selectFrom('item_valuation as v')
    .innerJoin('item as i', 'i.id', 'v.item_id')
    .select(['i.id', 'i.sku', 'i.description', 'i.qty_scale', 'i.base_uom', 'v.qty_valued', 'v.value_minor'])
    .where('v.qty_valued', '<>', 0);
  if (opts.item) items = items.where('i.sku', '=', opts.item);
  if (opts.inventoryType) items = items.where('i.inventory_type', '=', opts.inventoryType as 'raw');
  const rows = await items.orderBy('i.sku').execute();
  // Site scoping: the quantity on hand in the caller's sites, valued at the item's share of each method.
  // Cost layers are kept per item, not per site, so a site's FIFO/LIFO value is the item's pro rata.
  let scopedQty: Map<number, bigint> | undefined;
  if (opts.siteIds) {
    const ids = scopeIds(opts.siteIds);
    const sums = rows.length
      ? await q.selectFrom('stock_balance as b').innerJoin('location as l', 'l.id', 'b.location_id').select(['b.item_id', sql<number>`sum(b.qty_on_hand)`.as('qty')]).where('l.site_id', 'in', ids).where('b.item_id', 'in', rows.map((r) => r.id)).groupBy('b.item_id').execute()
      : [];
    scopedQty = new Map(sums.map((r) => [r.item_id, BigInt(intFromDb(r.qty))]));
  }
  const lines: ValuationLine[] = [];
  let tA = 0n;
  let tF = 0n;
  let tL = 0n;
  // Layers for all listed items in one pass per item; fine for reports (bench measures it).
  for (const r of rows) {
    const qty = BigInt(intFromDb(r.qty_valued));
    const value = BigInt(intFromDb(r.value_minor));
    const avgUnit = qty > 0n ? divRound(value * pow10(r.qty_scale), qty) : 0n;
    const layers = await q.selectFrom('cost_layer').select(['qty_in', 'qty_remaining', 'unit_cost_minor']).where('item_id', '=', r.id).orderBy('seq').orderBy('id').execute();
    let fifo = 0n;
    let fifoQty = 0n;
    for (const l of layers) {
      const rem = BigInt(intFromDb(l.qty_remaining));
      if (rem > 0n) {
        fifo += extendValue(rem, r.qty_scale, BigInt(intFromDb(l.unit_cost_minor)));
        fifoQty += rem;
      }
    }
    if (fifoQty < qty) fifo += extendValue(qty - fifoQty, r.qty_scale, avgUnit);
    let lifo = 0n;
    let need = qty > 0n ? qty : 0n;
    for (const l of layers) {
      if (need === 0n) break;
      const take = BigInt(intFromDb(l.qty_in)) < need ? BigInt(intFromDb(l.qty_in)) : need;
      lifo += extendValue(take, r.qty_scale, BigInt(intFromDb(l.unit_cost_minor)));
      need -= take;
    }
    if (need > 0n) lifo += extendValue(need, r.qty_scale, avgUnit);
    if (scopedQty) {
      const part = scopedQty.get(r.id) ?? 0n;
      if (part === 0n) continue;
      const share = (v: bigint) => (qty === 0n ? 0n : divRound(v * part, qty));
      const [pa, pf, pl] = [share(value), share(fifo), share(lifo)];
      tA += pa;
      tF += pf;
      tL += pl;
      lines.push({ sku: r.sku, description: r.description, qtyOnHand: formatUnits(part, r.qty_scale), uom: r.base_uom, average: formatMoney(pa), fifo: formatMoney(pf), lifo: formatMoney(pl) });
      continue;
    }
    tA += value;
    tF += fifo;
    tL += lifo;
    lines.push({ sku: r.sku, description: r.description, qtyOnHand: formatUnits(qty, r.qty_scale), uom: r.base_uom, average: formatMoney(value), fifo: formatMoney(fifo), lifo: formatMoney(lifo) });
  }
  return { position, lines, totals: { average: formatMoney(tA), fifo: formatMoney(tF), lifo: formatMoney(tL) } };
}
