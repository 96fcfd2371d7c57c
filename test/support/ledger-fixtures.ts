// A small plant for ledger tests, built through the real catalog commands
// (test/support/catalog-builders.ts), so it obeys the same rules as the API.
//
// One site (negative stock configurable) > warehouse > zone > four bins, and four items:
//   each   – counted in each, scale 0, case = 12, pallet = 480
//   kg     – kilograms at scale 3, g = 0.001 kg
//   lot    – lot-tracked, each, scale 0
//   serial – serial-tracked, each, scale 0

import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Db } from '../../src/db/db.js';
import { intFromDb } from '../../src/kernel/decimal.js';
import { systemCtx, type Ctx } from '../../src/kernel/context.js';
import { checkLedger } from '../../src/modules/ledger/index.js';
import { makeBin, makeItem, makeSite, makeWarehouse, makeZone } from './catalog-builders.js';

export interface LedgerPlant {
  readonly site: string;
  readonly siteId: number;
  readonly warehouse: string;
  readonly zone: string;
  /** at least four bins (binCount, default 4); the fourth is free for tests that block a bin */
  readonly bins: readonly string[] & { readonly 0: string; readonly 1: string; readonly 2: string; readonly 3: string };
  readonly binIds: readonly number[] & { readonly 0: number; readonly 1: number; readonly 2: number; readonly 3: number };
  readonly items: { readonly each: string; readonly kg: string; readonly lot: string; readonly serial: string };
  readonly itemIds: { readonly each: number; readonly kg: number; readonly lot: number; readonly serial: number };
}

export interface PlantOptions {
  /** site setting: allow balances below zero (default false) */
  readonly allowNegative?: boolean;
  /** prefix for codes and SKUs, so that two plants can live in one database */
  readonly prefix?: string;
  readonly binCount?: number;
}

export async function buildLedgerPlant(db: Db, opts: PlantOptions = {}): Promise<LedgerPlant> {
  const p = opts.prefix ?? 'P1';
  const site = await makeSite(db, { code: `${p}-SITE`, allowNegativeStock: opts.allowNegative ?? false });
  const warehouse = await makeWarehouse(db, site, { code: `${p}-WH` });
  const zone = await makeZone(db, warehouse, { code: `${p}-Z1` });
  const bins: string[] = [];
  const binIds: number[] = [];
  for (let i = 1; i <= Math.max(4, opts.binCount ?? 4); i++) {
    const bin = await makeBin(db, zone, { code: `${p}-B${i}`, walkSeq: i * 10 });
    bins.push(bin.code);
    binIds.push(bin.id);
  }
  const each = await makeItem(db, { sku: `${p}-EA`, description: 'test item counted in each', units: [{ uom: 'case', factor: '12' }, { uom: 'pallet', factor: '480' }] });
  const kg = await makeItem(db, { sku: `${p}-KG`, description: 'test item in kg', baseUom: 'kg', qtyScale: 3, units: [{ uom: 'g', factor: '0.001' }] });
  const lot = await makeItem(db, { sku: `${p}-LOT`, description: 'lot-tracked test item', lotTracked: true });
  const serial = await makeItem(db, { sku: `${p}-SER`, description: 'serial-tracked test item', serialTracked: true });
  return {
    site: site.code,
    siteId: site.id,
    warehouse: warehouse.code,
    zone: zone.code,
    bins: bins as unknown as LedgerPlant['bins'],
    binIds: binIds as unknown as LedgerPlant['binIds'],
    items: { each: each.sku, kg: kg.sku, lot: lot.sku, serial: serial.sku },
    itemIds: { each: each.id, kg: kg.id, lot: lot.id, serial: serial.id },
  };
}

export const testCtx = (actor = 'test:ledger'): Ctx => systemCtx(actor);

/** Everything a failed request must leave untouched. */
export interface LedgerSnapshot {
  readonly position: number;
  readonly counts: Record<string, number>;
  readonly balances: Record<string, string>;
  readonly valuations: Record<string, string>;
}

const COUNTED = ['movement', 'movement_line', 'stock_entry', 'stock_balance', 'cost_layer', 'lot', 'idempotency_key', 'audit_event', 'item_location', 'item_valuation'] as const;

export async function ledgerSnapshot(db: Db): Promise<LedgerSnapshot> {
  const pos = await db.k.selectFrom('ledger_counter').select('value').where('name', '=', 'movement_seq').executeTakeFirstOrThrow();
  const counts: Record<string, number> = {};
  for (const t of COUNTED) {
    const r = await db.k.selectFrom(t).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    counts[t] = intFromDb(r.n);
  }
  const balances: Record<string, string> = {};
  for (const b of await db.k.selectFrom('stock_balance').selectAll().execute()) balances[`${b.item_id}:${b.location_id}:${intFromDb(b.lot_id)}`] = String(intFromDb(b.qty_on_hand));
  const valuations: Record<string, string> = {};
  for (const v of await db.k.selectFrom('item_valuation').selectAll().execute()) valuations[String(v.item_id)] = `${intFromDb(v.qty_valued)}@${intFromDb(v.value_minor)}`;
  return { position: intFromDb(pos.value), counts, balances, valuations };
}

/** Balance of one item × location × lot (lot 0 = untracked), in units at the item's scale. */
export async function balanceUnits(db: Db, itemId: number, locationId: number, lotId = 0): Promise<bigint> {
  const r = await db.k.selectFrom('stock_balance').select('qty_on_hand').where('item_id', '=', itemId).where('location_id', '=', locationId).where('lot_id', '=', lotId).executeTakeFirst();
  return BigInt(r ? intFromDb(r.qty_on_hand) : 0);
}

export async function assertLedgerClean(db: Db): Promise<void> {
  const r = await checkLedger(db.k);
  assert.deepEqual(r.differences, [], 'checkLedger reports differences');
  assert.equal(r.ok, true);
}

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly headers: Record<string, unknown>;
  readonly body: any;
}

interface Injector {
  inject(opts: { method: 'POST' | 'GET'; url: string; payload?: string | object; headers?: Record<string, string> }): Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>;
}

function parse(r: { statusCode: number; headers: Record<string, unknown>; body: string }): HttpAnswer {
  let body: unknown = r.body;
  try {
    body = JSON.parse(r.body);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: r.statusCode, contentType: String(r.headers['content-type'] ?? ''), headers: r.headers, body };
}

/** POST /api/v1/movements through the test app; `key` sets the Idempotency-Key header. */
export async function httpPost(t: Injector, body: unknown, key?: string): Promise<HttpAnswer> {
  return parse(await t.inject({ method: 'POST', url: '/api/v1/movements', payload: body as object, headers: key ? { 'idempotency-key': key } : {} }));
}

export async function httpReverse(t: Injector, id: number | string, body: object = {}, key?: string): Promise<HttpAnswer> {
  return parse(await t.inject({ method: 'POST', url: `/api/v1/movements/${id}/reverse`, payload: body, headers: key ? { 'idempotency-key': key } : {} }));
}

export async function httpGet(t: Injector, url: string): Promise<HttpAnswer> {
  return parse(await t.inject({ method: 'GET', url }));
}

/** Posts and insists on 201; returns the movement. */
export async function httpPostOk(t: Injector, body: unknown, key?: string): Promise<any> {
  const r = await httpPost(t, body, key);
  assert.equal(r.status, 201, `expected 201, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** On-hand through the API, as the decimal string it answers. */
export async function httpOnHand(t: Injector, item: string, location: string, extra = ''): Promise<string> {
  const r = await httpGet(t, `/api/v1/stock/on-hand?item=${encodeURIComponent(item)}&location=${encodeURIComponent(location)}${extra}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.qtyOnHand as string;
}
