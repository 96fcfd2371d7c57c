// Posting: one movement, its lines, their stock entries, balances, valuation and cost layers, all in
// the caller's transaction. Lock order (deadlock-free on PostgreSQL): stock balances in key order,
// item valuations in item order, then the movement sequence counter, then the audit chain.
// See docs/ledger.md for the invariants this keeps.

import type { Db, Tx } from '../../db/db.js';
import type { Ctx } from '../../kernel/context.js';
import { extendValue, formatMoney, formatUnits, divRound, intFromDb, parseMoney, pow10, toSafeNumber } from '../../kernel/decimal.js';
import { assert } from '../../kernel/errors.js';
import { kernelErrors } from '../../kernel/error-registry.js';
import {
  catalogErrors,
  ensureLot,
  findFactor,
  findLotRef,
  requireItemRef,
  requireLocationRef,
  siteAllowsNegative,
  toBaseUnits,
  virtualLocation,
  type ItemRef,
  type LocationRef,
  type LotRef,
} from '../catalog/index.js';
import { recordAudit } from '../audit/audit.js';
import { assertSiteAllowed } from '../access/index.js';
import { ledgerErrors } from './ledger.errors.js';
import { MAX_STORED, runner, SQL, type Runner } from './ledger.repo.js';
import { MAX_LINES, MOVEMENT_ROUTES, type MovementInput, type MovementLineInput, type MovementType, type PostedLine, type PostedMovement } from './ledger.types.js';

interface ResolvedLine {
  readonly lineNo: number;
  readonly item: ItemRef;
  readonly lot: LotRef | null;
  readonly from: LocationRef;
  readonly to: LocationRef;
  readonly qty: bigint;
  readonly unitEntered: string;
  readonly qtyEntered: string;
  readonly unitCostGiven: bigint | null;
  /** set for reversal lines: value of the line they undo */
  readonly reverseOf?: { readonly valueMinor: bigint; readonly unitCostMinor: bigint; readonly movementId: number };
}

const INBOUND_CREATES_LOT: ReadonlySet<MovementType> = new Set(['receipt', 'production_output', 'customer_return', 'opening_balance', 'adjustment', 'count_correction']);

class Resolver {
  private readonly items = new Map<string | number, ItemRef>();
  private readonly locations = new Map<string | number, LocationRef>();
  private readonly virtuals = new Map<string, LocationRef>();
  private readonly negative = new Map<number | null, boolean>();
  constructor(private readonly tx: Tx) {}

  async item(ref: string | number, field: string): Promise<ItemRef> {
    let it = this.items.get(ref);
    if (!it) {
      it = await requireItemRef(this.tx, ref, field);
      this.items.set(ref, it);
    }
    return it;
  }
  async location(ref: string | number, field: string): Promise<LocationRef> {
    let loc = this.locations.get(ref);
    if (!loc) {
      loc = await requireLocationRef(this.tx, ref, field);
      this.locations.set(ref, loc);
    }
    return loc;
  }
  async virtual(role: string): Promise<LocationRef> {
    let loc = this.virtuals.get(role);
    if (!loc) {
      loc = await virtualLocation(this.tx, role);
      this.virtuals.set(role, loc);
    }
    return loc;
  }
  async allowsNegative(loc: LocationRef): Promise<boolean> {
    if (loc.kind === 'virtual') return true;
    let v = this.negative.get(loc.siteId);
    if (v === undefined) {
      v = await siteAllowsNegative(this.tx, loc.siteId);
      this.negative.set(loc.siteId, v);
    }
    return v;
  }
}

function checkPhysical(loc: LocationRef, field: string): void {
  if (loc.kind === 'virtual') throw ledgerErrors.wrong_location_kind(`${field}: "${loc.code}" is a virtual location; this movement type moves stock in a bin`, { field });
  if (loc.kind !== 'bin') throw catalogErrors.location_not_stockable(`${field}: "${loc.code}" is a ${loc.kind}; stock is held in bins`, { field });
  if (!loc.active) throw catalogErrors.location_inactive(`${field}: "${loc.code}" is inactive`, { field });
  if (loc.blocked) throw catalogErrors.location_blocked(`${field}: bin "${loc.code}" is blocked and takes no movements`, { field });
}

async function resolveLine(r: Resolver, tx: Tx, ctx: Ctx, type: Exclude<MovementType, 'reversal'>, line: MovementLineInput, i: number): Promise<ResolvedLine> {
  const p = `lines/${i}`;
  const item = await r.item(line.item, `${p}/item`);
  if (item.status === 'inactive') throw catalogErrors.item_inactive(`${p}/item: item "${item.sku}" is inactive`, { field: `${p}/item` });
  const factor = findFactor(item.baseUom, item.units, line.unit);
  if (factor === undefined) {
    const known = [item.baseUom, ...item.units.map((u) => u.uom)].join(', ');
    throw catalogErrors.unknown_unit(`${p}/unit: "${line.unit}" is not a unit of ${item.sku} (known: ${known})`, { field: `${p}/unit` });
  }
  const qty = toBaseUnits(line.qty, factor, item.qtyScale, `${p}/qty`);
  if (qty <= 0n) throw ledgerErrors.non_positive_qty(`${p}/qty must be greater than zero`, { field: `${p}/qty` });

  const route = MOVEMENT_ROUTES[type];
  let from: LocationRef;
  let to: LocationRef;
  if ('either' in route) {
    const virt = await r.virtual(route.either);
    if ((line.from === undefined) === (line.to === undefined)) {
      throw ledgerErrors.location_required(`${p}: name exactly one of from (stock goes out) or to (stock comes in)`, { field: line.from === undefined ? `${p}/to` : `${p}/from` });
    }
    if (line.from !== undefined) {
      from = await r.location(line.from, `${p}/from`);
      checkPhysical(from, `${p}/from`);
      to = virt;
    } else {
      to = await r.location(line.to as string | number, `${p}/to`);
      checkPhysical(to, `${p}/to`);
      from = virt;
    }
  } else {
    const side = async (which: 'from' | 'to', spec: string): Promise<LocationRef> => {
      const given = line[which];
      const field = `${p}/${which}`;
      if (spec === 'physical') {
        if (given === undefined) throw ledgerErrors.location_required(`${field} is required for a ${type}`, { field });
        const loc = await r.location(given, field);
        checkPhysical(loc, field);
        return loc;
      }
      if (given !== undefined) throw ledgerErrors.location_not_allowed(`${field}: a ${type} always goes ${which} the ${spec} location; leave ${which} out`, { field });
      return r.virtual(spec);
    };
    from = await side('from', route.from);
    to = await side('to', route.to);
  }
  if (from.id === to.id) throw ledgerErrors.same_location(`${p}/to: a line cannot move stock from "${from.code}" to itself`, { field: `${p}/to` });

  let lot: LotRef | null = null;
  const tracked = item.lotTracked || item.serialTracked;
  if (line.lot !== undefined && line.lot !== '') {
    if (!tracked) throw catalogErrors.lot_not_tracked(`${p}/lot: ${item.sku} is not lot- or serial-tracked`, { field: `${p}/lot` });
    const inbound = from.kind === 'virtual' && INBOUND_CREATES_LOT.has(type);
    lot = inbound
      ? await ensureLot(tx, item, line.lot, { expiresOn: line.lotExpiry ?? null, supplierLot: line.supplierLot ?? null, now: ctx.now() })
      : ((await findLotRef(tx, item.id, line.lot)) ?? null);
    if (!lot) throw catalogErrors.unknown_lot(`${p}/lot: no lot "${line.lot}" for ${item.sku}`, { field: `${p}/lot` });
  } else if (tracked) {
    throw catalogErrors.lot_required(`${p}/lot: ${item.sku} is ${item.serialTracked ? 'serial' : 'lot'}-tracked; name the ${item.serialTracked ? 'serial' : 'lot'}`, { field: `${p}/lot` });
  }
  if (item.serialTracked && qty !== pow10(item.qtyScale)) {
    throw catalogErrors.serial_quantity(`${p}/qty: a serial number moves one unit at a time`, { field: `${p}/qty` });
  }
  const unitCostGiven = line.unitCost !== undefined ? parseMoney(line.unitCost, `${p}/unitCost`) : null;
  if (unitCostGiven !== null && unitCostGiven < 0n) throw ledgerErrors.non_positive_qty(`${p}/unitCost cannot be negative`, { field: `${p}/unitCost` });
  if (unitCostGiven !== null && unitCostGiven > BigInt(MAX_STORED)) throw kernelErrors.out_of_range(`${p}/unitCost is larger than the ledger stores`, { field: `${p}/unitCost` });
  if (qty > BigInt(MAX_STORED)) throw kernelErrors.out_of_range(`${p}/qty is larger than the ledger stores`, { field: `${p}/qty` });
  return { lineNo: i + 1, item, lot, from, to, qty, unitEntered: line.unit ?? item.baseUom, qtyEntered: line.qty.trim(), unitCostGiven };
}

interface Delta {
  readonly key: string;
  readonly itemId: number;
  readonly locationId: number;
  readonly lotId: number;
  delta: bigint;
  readonly guard: boolean;
  readonly lineNo: number;
  readonly loc: LocationRef;
  readonly item: ItemRef;
}

function cmpKey(a: Delta, b: Delta): number {
  return a.itemId - b.itemId || a.locationId - b.locationId || a.lotId - b.lotId;
}

async function applyBalances(run: Runner, r: Resolver, lines: readonly ResolvedLine[], now: string): Promise<void> {
  const deltas = new Map<string, Delta>();
  for (const l of lines) {
    const lotId = l.lot?.id ?? 0;
    for (const [loc, sign] of [[l.from, -1n], [l.to, 1n]] as const) {
      const key = `${l.item.id}:${loc.id}:${lotId}`;
      let d = deltas.get(key);
      if (!d) {
        const guard = loc.kind !== 'virtual' && !(await r.allowsNegative(loc));
        d = { key, itemId: l.item.id, locationId: loc.id, lotId, delta: 0n, guard, lineNo: l.lineNo, loc, item: l.item };
        deltas.set(key, d);
      }
      d.delta += sign * l.qty;
    }
  }
  for (const d of [...deltas.values()].sort(cmpKey)) {
    if (d.delta === 0n) continue;
    if (d.delta < 0n && d.guard) {
      const take = toSafeNumber(-d.delta, `lines/${d.lineNo - 1}/qty`);
      const changed = await run.exec(SQL.takeGuarded, [take, now, d.itemId, d.locationId, d.lotId, take]);
      if (changed === 0) {
        const rows = await run.rows<{ qty_on_hand: unknown }>(SQL.balanceQty, [d.itemId, d.locationId, d.lotId]);
        const available = rows[0] ? intFromDb(rows[0].qty_on_hand) : 0;
        const field = `lines/${d.lineNo - 1}/qty`;
        throw ledgerErrors.insufficient_stock(
          `${field}: only ${formatUnits(available, d.item.qtyScale)} ${d.item.baseUom} of ${d.item.sku} on hand in ${d.loc.code}, ${formatUnits(-d.delta, d.item.qtyScale)} needed`,
          { field, extra: { available: formatUnits(available, d.item.qtyScale), requested: formatUnits(-d.delta, d.item.qtyScale), location: d.loc.code, item: d.item.sku } },
        );
      }
    } else {
      const field = `lines/${d.lineNo - 1}/qty`;
      const changed = await run.exec(SQL.upsertDelta, [d.itemId, d.locationId, d.lotId, toSafeNumber(d.delta, field), now]);
      // the upsert refuses a sum beyond what reads back exactly (ledger.repo.ts MAX_STORED)
      if (changed === 0) throw kernelErrors.out_of_range(`${field}: the balance of ${d.item.sku} in ${d.loc.code} would exceed the largest quantity the ledger stores`, { field });
    }
  }
  // A serial is on hand at most once across all physical locations.
  for (const l of lines) {
    if (l.item.serialTracked && l.lot && l.to.kind !== 'virtual') {
      const rows = await run.rows<{ qty: unknown }>(SQL.serialPhysicalQty, [l.item.id, l.lot.id]);
      if (intFromDb(rows[0]?.qty) > Number(pow10(l.item.qtyScale))) {
        throw ledgerErrors.serial_on_hand(`lines/${l.lineNo - 1}/lot: serial "${l.lot.lotNo}" of ${l.item.sku} is already on hand`, { field: `lines/${l.lineNo - 1}/lot` });
      }
    }
  }
}

interface Valued {
  readonly unitCostMinor: bigint;
  readonly valueMinor: bigint;
}

interface ValuationState {
  qty: bigint;
  value: bigint;
}

/**
 * Moving-average valuation, exact: the item's total value is kept as an integer; an outbound line
 * takes its proportional share (all of it when it empties the stock), so no residue accumulates.
 */
async function valueLines(run: Runner, lines: readonly ResolvedLine[]): Promise<Valued[]> {
  const states = new Map<number, ValuationState>();
  const itemIds = [...new Set(lines.map((l) => l.item.id))].sort((a, b) => a - b);
  for (const id of itemIds) {
    const rows = await run.rows<{ qty_valued: unknown; value_minor: unknown }>(run.kind === 'postgres' ? SQL.valuationForUpdate : SQL.valuation, [id]);
    states.set(id, { qty: BigInt(intFromDb(rows[0]?.qty_valued ?? 0)), value: BigInt(intFromDb(rows[0]?.value_minor ?? 0)) });
  }
  const out: Valued[] = [];
  for (const l of lines) {
    const st = states.get(l.item.id);
    assert(st, 'valuation state loaded');
    const avgUnitCost = (): bigint => {
      if (l.item.costMethod === 'standard' && l.item.standardCostMinor !== null) return BigInt(l.item.standardCostMinor);
      if (st.qty > 0n) return divRound(st.value * pow10(l.item.qtyScale), st.qty);
      return BigInt(l.item.standardCostMinor ?? 0);
    };
    const inbound = l.from.kind === 'virtual' && l.to.kind !== 'virtual';
    const outbound = l.from.kind !== 'virtual' && l.to.kind === 'virtual';
    if (inbound) {
      const unit =
        l.item.costMethod === 'standard' && l.item.standardCostMinor !== null
          ? BigInt(l.item.standardCostMinor)
          : (l.reverseOf?.unitCostMinor ?? l.unitCostGiven ?? avgUnitCost());
      const value = l.reverseOf ? l.reverseOf.valueMinor : extendValue(l.qty, l.item.qtyScale, unit);
      st.qty += l.qty;
      st.value += value;
      out.push({ unitCostMinor: unit, valueMinor: value });
    } else if (outbound) {
      let value: bigint;
      if (l.item.costMethod === 'standard' && l.item.standardCostMinor !== null) value = extendValue(l.qty, l.item.qtyScale, BigInt(l.item.standardCostMinor));
      else if (st.qty > 0n && l.qty === st.qty) value = st.value;
      else if (st.qty > 0n) value = divRound(st.value * l.qty, st.qty);
      else value = extendValue(l.qty, l.item.qtyScale, avgUnitCost());
      st.qty -= l.qty;
      st.value -= value;
      out.push({ unitCostMinor: divRound(value * pow10(l.item.qtyScale), l.qty), valueMinor: value });
    } else {
      // physical to physical: value travels with the stock at the current average, totals unchanged
      const unit = avgUnitCost();
      out.push({ unitCostMinor: unit, valueMinor: extendValue(l.qty, l.item.qtyScale, unit) });
    }
    const v = out.at(-1);
    if (v && (v.valueMinor > BigInt(MAX_STORED) || v.valueMinor < -BigInt(MAX_STORED))) {
      const field = `lines/${l.lineNo - 1}/${l.unitCostGiven !== null ? 'unitCost' : 'qty'}`;
      throw kernelErrors.out_of_range(`${field}: the line's value is larger than the ledger stores`, { field });
    }
  }
  return out;
}

async function applyValuation(run: Runner, lines: readonly ResolvedLine[], valued: readonly Valued[]): Promise<void> {
  const net = new Map<number, { qty: bigint; value: bigint; lineNo: number }>();
  lines.forEach((l, i) => {
    const v = valued[i];
    assert(v, 'valued line');
    const inbound = l.from.kind === 'virtual' && l.to.kind !== 'virtual';
    const outbound = l.from.kind !== 'virtual' && l.to.kind === 'virtual';
    if (!inbound && !outbound) return;
    const n = net.get(l.item.id) ?? { qty: 0n, value: 0n, lineNo: l.lineNo };
    n.qty += inbound ? l.qty : -l.qty;
    n.value += inbound ? v.valueMinor : -v.valueMinor;
    net.set(l.item.id, n);
  });
  for (const [itemId, n] of [...net.entries()].sort(([a], [b]) => a - b)) {
    const field = `lines/${n.lineNo - 1}/qty`;
    const changed = await run.exec(SQL.upsertValuation, [itemId, toSafeNumber(n.qty, field), toSafeNumber(n.value, field)]);
    if (changed === 0) throw kernelErrors.out_of_range(`${field}: the stock value of this item would exceed the largest amount the ledger stores`, { field });
  }
}

/** FIFO layers: inbound lines open a layer; outbound lines consume the oldest (a reversal its own first). */
async function applyLayers(run: Runner, movementId: number, seq: number, postedAt: string, lines: readonly ResolvedLine[], valued: readonly Valued[]): Promise<void> {
  for (const [i, l] of lines.entries()) {
    const v = valued[i];
    assert(v, 'valued line');
    const inbound = l.from.kind === 'virtual' && l.to.kind !== 'virtual';
    const outbound = l.from.kind !== 'virtual' && l.to.kind === 'virtual';
    if (inbound) {
      await run.exec(SQL.insertLayer, [l.item.id, movementId, seq, postedAt, toSafeNumber(l.qty), toSafeNumber(l.qty), toSafeNumber(v.unitCostMinor)]);
    } else if (outbound) {
      let left = l.qty;
      while (left > 0n) {
        const open = await run.rows<{ id: unknown; qty_remaining: unknown; movement_id: unknown }>(SQL.openLayers, [l.item.id]);
        if (open.length === 0) break; // negative stock allowed: nothing left to consume
        if (l.reverseOf) {
          const own = l.reverseOf.movementId;
          open.sort((a, b) => Number(intFromDb(b.movement_id) === own) - Number(intFromDb(a.movement_id) === own));
        }
        for (const layer of open) {
          if (left === 0n) break;
          const rem = BigInt(intFromDb(layer.qty_remaining));
          const take = rem < left ? rem : left;
          await run.exec(SQL.consumeLayer, [toSafeNumber(take), intFromDb(layer.id)]);
          left -= take;
        }
      }
    }
  }
}

async function writeMovement(
  run: Runner,
  ctx: Ctx,
  head: { type: MovementType; sourceDoc: string | null; reasonCode: string | null; note: string | null; reversesMovementId: number | null; countLineId: number | null; idempotencyKey: string | null },
  lines: readonly ResolvedLine[],
  valued: readonly Valued[],
  postedAt: string,
): Promise<PostedMovement> {
  const seqRows = await run.rows<{ value: unknown }>(SQL.nextSeq, []);
  const seq = intFromDb(seqRows[0]?.value);
  const siteId = lines[0]?.to.siteId ?? lines[0]?.from.siteId ?? null;
  const mRows = await run.rows<{ id: unknown }>(SQL.insertMovement, [
    seq, head.type, postedAt, ctx.actor, head.sourceDoc, head.reasonCode, head.note, head.idempotencyKey, head.reversesMovementId, head.countLineId, siteId,
  ]);
  const movementId = intFromDb(mRows[0]?.id);
  const posted: PostedLine[] = [];
  for (const [i, l] of lines.entries()) {
    const v = valued[i];
    assert(v, 'valued line');
    const qty = toSafeNumber(l.qty, 'qty');
    const value = toSafeNumber(v.valueMinor, 'value');
    const lotId = l.lot?.id ?? 0;
    const lineRows = await run.rows<{ id: unknown }>(SQL.insertLine, [movementId, l.lineNo, l.item.id, lotId, l.from.id, l.to.id, qty, l.unitEntered, l.qtyEntered, toSafeNumber(v.unitCostMinor), value]);
    const lineId = intFromDb(lineRows[0]?.id);
    await run.exec(SQL.insertEntryPair, [
      movementId, lineId, seq, l.item.id, l.from.id, lotId, -qty, -value, postedAt,
      movementId, lineId, seq, l.item.id, l.to.id, lotId, qty, value, postedAt,
    ]);
    posted.push({
      lineNo: l.lineNo,
      itemId: l.item.id,
      sku: l.item.sku,
      lotId,
      lot: l.lot?.lotNo ?? null,
      fromLocationId: l.from.id,
      from: l.from.code,
      toLocationId: l.to.id,
      to: l.to.code,
      qty: formatUnits(l.qty, l.item.qtyScale),
      baseUom: l.item.baseUom,
      qtyEntered: l.qtyEntered,
      unitEntered: l.unitEntered,
      unitCost: formatMoney(v.unitCostMinor),
      value: formatMoney(v.valueMinor),
    });
  }
  await applyLayers(run, movementId, seq, postedAt, lines, valued);
  // Item-locations: the set counting schedules from; last receipt and shipment for the count sheet.
  for (const l of lines) {
    for (const loc of [l.from, l.to]) if (loc.kind !== 'virtual') await run.exec(SQL.touchItemLocation, [l.item.id, loc.id, seq]);
    const qty = toSafeNumber(l.qty);
    if (head.type === 'receipt' && l.to.kind !== 'virtual') await run.exec(SQL.lastReceipt, [postedAt, qty, l.item.id, l.to.id]);
    if (head.type === 'shipment' && l.from.kind !== 'virtual') await run.exec(SQL.lastShipment, [postedAt, qty, l.item.id, l.from.id]);
  }
  return {
    id: movementId,
    seq,
    type: head.type,
    postedAt,
    actor: ctx.actor,
    sourceDoc: head.sourceDoc,
    reasonCode: head.reasonCode,
    note: head.note,
    reversesMovementId: head.reversesMovementId,
    reversedByMovementId: null,
    countLineId: head.countLineId,
    lines: posted,
  };
}

export interface PostOptions {
  /** recorded on the movement for traceability (HTTP idempotency is handled by the route adapter) */
  readonly idempotencyKey?: string;
  /** skip the audit event (bulk loads record one event for the whole batch) */
  readonly skipAudit?: boolean;
}

/** Posts one movement. Throws a DomainError naming the offending field; nothing is written then. */
export async function postMovement(db: Pick<Db, 'kind'>, tx: Tx, ctx: Ctx, input: MovementInput, opts: PostOptions = {}): Promise<PostedMovement> {
  if (input.type === 'reversal') throw ledgerErrors.unsupported_type('type: post a reversal through the reverse command', { field: 'type' });
  if (input.lines.length === 0) throw ledgerErrors.empty_movement('lines: a movement needs at least one line', { field: 'lines' });
  if (input.lines.length > MAX_LINES) throw ledgerErrors.too_many_lines(`lines: at most ${MAX_LINES} lines per movement`, { field: 'lines' });
  if ((input.type === 'adjustment' || input.type === 'count_correction') && !input.reasonCode) {
    throw ledgerErrors.reason_required(`reasonCode is required for a${input.type === 'adjustment' ? 'n adjustment' : ' count correction'}`, { field: 'reasonCode' });
  }
  if (input.type === 'count_correction' && input.countLineId === undefined) throw ledgerErrors.count_line_required(undefined, { field: 'countLineId' });
  const type = input.type;
  const run = runner(tx, db.kind);
  const r = new Resolver(tx);
  const lines: ResolvedLine[] = [];
  for (const [i, line] of input.lines.entries()) lines.push(await resolveLine(r, tx, ctx, type, line, i));
  // site scoping: a caller limited to some sites posts nothing that touches a bin of another
  for (const [i, l] of lines.entries()) {
    for (const [side, loc] of [['from', l.from], ['to', l.to]] as const) {
      if (loc.kind !== 'virtual') assertSiteAllowed(ctx, 'ledger.post', loc.siteId, `lines/${i}/${side}`, `bin "${loc.code}"`);
    }
  }
  const postedAt = ctx.now().toISOString();
  await applyBalances(run, r, lines, postedAt);
  const valued = await valueLines(run, lines);
  await applyValuation(run, lines, valued);
  const posted = await writeMovement(
    run,
    ctx,
    { type, sourceDoc: input.sourceDoc ?? null, reasonCode: input.reasonCode ?? null, note: input.note ?? null, reversesMovementId: null, countLineId: input.countLineId ?? null, idempotencyKey: opts.idempotencyKey ?? null },
    lines,
    valued,
    postedAt,
  );
  if (!opts.skipAudit) await recordAudit(tx, ctx, { action: 'movement.post', entity: 'movement', entityId: posted.id, after: summarize(posted) });
  return posted;
}

function summarize(m: PostedMovement) {
  return { seq: m.seq, type: m.type, sourceDoc: m.sourceDoc, reasonCode: m.reasonCode, reversesMovementId: m.reversesMovementId, lines: m.lines.map((l) => [l.sku, l.lot, l.from, l.to, l.qty, l.value]) };
}

/** Undoes a movement with a reversing movement that points at it; a movement is reversed at most once. */
export async function reverseMovement(db: Pick<Db, 'kind'>, tx: Tx, ctx: Ctx, input: { movementId: number; reasonCode?: string; note?: string }): Promise<PostedMovement> {
  const original = await tx.selectFrom('movement').selectAll().where('id', '=', input.movementId).executeTakeFirst();
  if (!original) throw ledgerErrors.movement_not_found(`movement ${input.movementId} does not exist`, { field: 'movementId' });
  if (original.movement_type === 'reversal') throw ledgerErrors.cannot_reverse_reversal(`movement ${input.movementId} is itself a reversal`, { field: 'movementId' });
  const already = await tx.selectFrom('movement').select('id').where('reverses_movement_id', '=', original.id).executeTakeFirst();
  if (already) throw ledgerErrors.already_reversed(`movement ${original.id} was already reversed by movement ${already.id}`, { field: 'movementId', extra: { reversedByMovementId: already.id } });
  const origLines = await tx.selectFrom('movement_line').selectAll().where('movement_id', '=', original.id).orderBy('line_no').execute();
  const run = runner(tx, db.kind);
  const r = new Resolver(tx);
  const lines: ResolvedLine[] = [];
  for (const ol of origLines) {
    const item = await r.item(ol.item_id, 'movementId');
    const from = await r.location(ol.to_location_id, 'movementId');
    const to = await r.location(ol.from_location_id, 'movementId');
    if (from.kind !== 'virtual' && from.blocked) throw catalogErrors.location_blocked(`bin "${from.code}" is blocked and takes no movements`, { field: 'movementId' });
    if (to.kind !== 'virtual' && to.blocked) throw catalogErrors.location_blocked(`bin "${to.code}" is blocked and takes no movements`, { field: 'movementId' });
    const lot = ol.lot_id ? await tx.selectFrom('lot').selectAll().where('id', '=', ol.lot_id).executeTakeFirstOrThrow() : null;
    lines.push({
      lineNo: ol.line_no,
      item,
      lot: lot ? { id: lot.id, itemId: lot.item_id, lotNo: lot.lot_no, kind: lot.kind, expiresOn: lot.expires_on } : null,
      from,
      to,
      qty: BigInt(intFromDb(ol.qty)),
      unitEntered: ol.uom_entered,
      qtyEntered: ol.qty_entered,
      unitCostGiven: null,
      reverseOf: { valueMinor: BigInt(intFromDb(ol.value_minor)), unitCostMinor: BigInt(intFromDb(ol.unit_cost_minor)), movementId: original.id },
    });
  }
  for (const l of lines) {
    for (const loc of [l.from, l.to]) if (loc.kind !== 'virtual') assertSiteAllowed(ctx, 'ledger.post', loc.siteId, 'movementId', `bin "${loc.code}"`);
  }
  const postedAt = ctx.now().toISOString();
  try {
    await applyBalances(run, r, lines, postedAt);
  } catch (e) {
    // name the request's field, not the original movement's line
    if (e instanceof Error && 'code' in e && (e as { code: string }).code === ledgerErrors.codes.insufficient_stock) {
      throw ledgerErrors.insufficient_stock(`cannot reverse movement ${original.id}: ${e.message}`, { field: 'movementId' });
    }
    throw e;
  }
  const valued = await valueLines(run, lines);
  await applyValuation(run, lines, valued);
  const posted = await writeMovement(
    run,
    ctx,
    { type: 'reversal', sourceDoc: original.source_doc, reasonCode: input.reasonCode ?? original.reason_code, note: input.note ?? null, reversesMovementId: original.id, countLineId: original.count_line_id, idempotencyKey: null },
    lines,
    valued,
    postedAt,
  );
  await recordAudit(tx, ctx, { action: 'movement.reverse', entity: 'movement', entityId: posted.id, before: { movementId: original.id }, after: summarize(posted) });
  return posted;
}
