// Table-driven: every bad input is a 4xx problem that names the field, and writes nothing.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, assertProblem, counts, type Harness } from './helpers.js';
import { buildPlant } from '../support/catalog-builders.js';

const item = { sku: 'NEW-1', description: 'New item', inventoryType: 'raw', baseUom: 'each', qtyScale: 0 };

interface Case {
  readonly name: string;
  readonly method?: 'POST' | 'PATCH';
  readonly url: string;
  readonly body: unknown;
  readonly status: number;
  readonly code: string;
  readonly field: string;
}

const CASES: Case[] = [
  { name: 'duplicate SKU', url: '/api/v1/items', body: { ...item, sku: 'B-BOLT-M8' }, status: 409, code: 'catalog.duplicate_sku', field: 'sku' },
  { name: 'SKU with a space', url: '/api/v1/items', body: { ...item, sku: 'A B' }, status: 422, code: 'catalog.bad_code', field: 'sku' },
  { name: 'SKU too long', url: '/api/v1/items', body: { ...item, sku: 'X'.repeat(65) }, status: 400, code: 'request.validation', field: 'sku' },
  { name: 'missing description', url: '/api/v1/items', body: { sku: 'N', inventoryType: 'raw', baseUom: 'each', qtyScale: 0 }, status: 400, code: 'request.validation', field: 'description' },
  { name: 'unknown field', url: '/api/v1/items', body: { ...item, colour: 'red' }, status: 400, code: 'request.validation', field: 'colour' },
  { name: 'unknown inventory type', url: '/api/v1/items', body: { ...item, inventoryType: 'gold' }, status: 400, code: 'request.validation', field: 'inventoryType' },
  { name: 'unknown base uom', url: '/api/v1/items', body: { ...item, baseUom: 'furlong' }, status: 422, code: 'catalog.unknown_uom', field: 'baseUom' },
  { name: 'scale 7', url: '/api/v1/items', body: { ...item, qtyScale: 7 }, status: 400, code: 'request.validation', field: 'qtyScale' },
  { name: 'scale -1', url: '/api/v1/items', body: { ...item, qtyScale: -1 }, status: 400, code: 'request.validation', field: 'qtyScale' },
  { name: 'scale as a string', url: '/api/v1/items', body: { ...item, qtyScale: '2' }, status: 400, code: 'request.validation', field: 'qtyScale' },
  { name: 'serial-tracked at scale 2', url: '/api/v1/items', body: { ...item, serialTracked: true, qtyScale: 2 }, status: 422, code: 'catalog.bad_scale', field: 'qtyScale' },
  { name: 'factor zero', url: '/api/v1/items', body: { ...item, units: [{ uom: 'case', factor: '0' }] }, status: 422, code: 'catalog.bad_factor', field: 'units/0/factor' },
  { name: 'factor negative', url: '/api/v1/items', body: { ...item, units: [{ uom: 'case', factor: '-12' }] }, status: 422, code: 'catalog.bad_factor', field: 'units/0/factor' },
  { name: 'factor not a decimal', url: '/api/v1/items', body: { ...item, units: [{ uom: 'case', factor: 'twelve' }] }, status: 422, code: 'catalog.bad_factor', field: 'units/0/factor' },
  { name: 'factor as a number', url: '/api/v1/items', body: { ...item, units: [{ uom: 'case', factor: 12 }] }, status: 400, code: 'request.validation', field: 'units/0/factor' },
  { name: 'factor with 10 decimals', url: '/api/v1/items', body: { ...item, units: [{ uom: 'case', factor: '0.0000000001' }] }, status: 422, code: 'catalog.bad_factor', field: 'units/0/factor' },
  { name: 'unknown alternative uom', url: '/api/v1/items', body: { ...item, units: [{ uom: 'crate', factor: '6' }] }, status: 422, code: 'catalog.unknown_uom', field: 'units/0/uom' },
  { name: 'base unit listed as alternative', url: '/api/v1/items', body: { ...item, units: [{ uom: 'each', factor: '1' }] }, status: 422, code: 'catalog.duplicate_unit', field: 'units/0/uom' },
  { name: 'unit listed twice', url: '/api/v1/items', body: { ...item, units: [{ uom: 'case', factor: '12' }, { uom: 'case', factor: '24' }] }, status: 422, code: 'catalog.duplicate_unit', field: 'units/1/uom' },
  { name: 'GTIN with a bad check digit', url: '/api/v1/items', body: { ...item, gtin: '4006381333932' }, status: 422, code: 'catalog.bad_gtin', field: 'gtin' },
  { name: 'standard cost with 5 decimals', url: '/api/v1/items', body: { ...item, standardCost: '1.00001' }, status: 422, code: 'kernel.too_many_decimals', field: 'standardCost' },
  { name: 'standard cost negative', url: '/api/v1/items', body: { ...item, standardCost: '-1' }, status: 422, code: 'catalog.invalid_field', field: 'standardCost' },
  { name: 'standard cost as a number', url: '/api/v1/items', body: { ...item, standardCost: 1.5 }, status: 400, code: 'request.validation', field: 'standardCost' },
  { name: 'standard cost method without a cost', url: '/api/v1/items', body: { ...item, costMethod: 'standard' }, status: 422, code: 'catalog.invalid_field', field: 'standardCost' },
  { name: 'unknown default supplier', url: '/api/v1/items', body: { ...item, defaultSupplier: 'NOPE' }, status: 422, code: 'catalog.unknown_supplier', field: 'defaultSupplier' },
  { name: 'PATCH unknown field', method: 'PATCH', url: '/api/v1/items/B-BOLT-M8', body: { sku: 'RENAMED' }, status: 400, code: 'request.validation', field: 'sku' },
  { name: 'PATCH scale out of range', method: 'PATCH', url: '/api/v1/items/B-BOLT-M8', body: { qtyScale: 9 }, status: 400, code: 'request.validation', field: 'qtyScale' },
  { name: 'PATCH base uom that is an alternative unit', method: 'PATCH', url: '/api/v1/items/B-BOLT-M8', body: { baseUom: 'case' }, status: 422, code: 'catalog.duplicate_unit', field: 'baseUom' },
  { name: 'PATCH bad factor', method: 'PATCH', url: '/api/v1/items/B-BOLT-M8', body: { units: [{ uom: 'case', factor: '1.2.3' }] }, status: 422, code: 'catalog.bad_factor', field: 'units/0/factor' },
  { name: 'PATCH unknown item', method: 'PATCH', url: '/api/v1/items/NOPE', body: { description: 'x' }, status: 404, code: 'catalog.item_not_found', field: 'sku' },
  { name: 'PATCH status unknown', method: 'PATCH', url: '/api/v1/items/B-BOLT-M8', body: { status: 'deleted' }, status: 400, code: 'request.validation', field: 'status' },
  { name: 'body is not JSON', url: '/api/v1/items', body: '{"sku":', status: 400, code: 'request.malformed_json', field: 'body' },
  { name: 'location unknown parent', url: '/api/v1/locations', body: { code: 'N', name: 'n', kind: 'zone', parent: 'NOPE' }, status: 422, code: 'catalog.unknown_location', field: 'parent' },
  { name: 'location wrong parent kind', url: '/api/v1/locations', body: { code: 'N', name: 'n', kind: 'bin', parent: 'B' }, status: 422, code: 'catalog.bad_parent', field: 'parent' },
  { name: 'location under a virtual location', url: '/api/v1/locations', body: { code: 'N', name: 'n', kind: 'warehouse', parent: 'VIRTUAL/SCRAP' }, status: 422, code: 'catalog.bad_parent', field: 'parent' },
  { name: 'location walkSeq negative', url: '/api/v1/locations', body: { code: 'N', name: 'n', kind: 'bin', parent: 'B-A', walkSeq: -1 }, status: 400, code: 'request.validation', field: 'walkSeq' },
  { name: 'location duplicate code', url: '/api/v1/locations', body: { code: 'B-A-01', name: 'n', kind: 'bin', parent: 'B-A' }, status: 409, code: 'catalog.duplicate_code', field: 'code' },
  { name: 'block a site', url: '/api/v1/locations/B/block', body: undefined, status: 422, code: 'catalog.invalid_field', field: 'blocked' },
  { name: 'supplier missing name', url: '/api/v1/suppliers', body: { code: 'N' }, status: 400, code: 'request.validation', field: 'name' },
  { name: 'lot for unknown item', url: '/api/v1/lots', body: { sku: 'NOPE', lotNo: 'L1' }, status: 422, code: 'catalog.unknown_item', field: 'sku' },
  { name: 'BOM with a cycle', url: '/api/v1/boms', body: { code: 'N', parentSku: 'B-WIDGET', components: [{ sku: 'B-WIDGET', qtyPer: '1' }] }, status: 422, code: 'catalog.bom_cycle', field: 'components/0/sku' },
];

describe('bad input is a 4xx naming the field, and nothing is written', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await buildPlant(h.db, { prefix: 'B' });
  });
  after(async () => h.close());

  for (const c of CASES) {
    test(c.name, async () => {
      const before = await counts(h.db);
      const r = await h.t.inject({
        method: c.method ?? 'POST',
        url: c.url,
        ...(c.body === undefined ? {} : typeof c.body === 'string' ? { payload: c.body, headers: { 'content-type': 'application/json' } } : { payload: c.body as object }),
      });
      assert.ok(r.statusCode >= 400 && r.statusCode < 500, `a 4xx, never a 500: ${r.statusCode} ${r.body}`);
      assertProblem(r, c.status, c.code, c.field);
      assert.deepEqual(await counts(h.db), before);
    });
  }
});
