// HTTP adapter of the catalog: /api/v1/items, locations, lots, suppliers, boms, uoms. Thin: schemas
// in, a command (through runCommand: one transaction, Idempotency-Key) or a query, a DTO out.
// Natural keys (SKU, codes) are the path keys; `/by-id/:id` reads by database id. Codes may hold
// "/" (VIRTUAL/SUPPLIER): clients encode it as %2F.

import { Type } from 'typebox';
import type { App, Deps, RouteModule } from '../../http/app.js';
import { runCommand } from '../../http/command.js';
import * as S from './catalog.schemas.js';
import * as cmd from './catalog.commands.js';
import * as qry from './catalog.queries.js';
import { catalogErrors } from './catalog.errors.js';
import { inScope, siteScope } from '../access/index.js';
import type { FastifyRequest } from 'fastify';
import type { LocationDto } from './catalog.types.js';

/** Site scoping: a caller limited to some sites does not see the locations of the others. */
function visible<T extends Pick<LocationDto, 'siteId' | 'code'>>(req: FastifyRequest, loc: T): T {
  if (!inScope(siteScope(req.ctx, 'catalog.read'), loc.siteId)) throw catalogErrors.location_not_found(`no location "${loc.code}"`, { field: 'code' });
  return loc;
}

const READ = { permission: 'catalog.read' } as const;
const WRITE = { permission: 'catalog.write' } as const;

function itemRoutes(app: App, deps: Deps): void {
  const tags = ['items'];
  app.get('/api/v1/items', {
    schema: { tags, summary: 'List items (filter by text, type, category, criticality, status, lot tracking; cursor paging)', querystring: S.ItemListQuery, response: { 200: S.PageOf(S.Item) } },
    config: READ,
  }, async (req) => qry.listItems(deps.db.k, req.query));
  app.post('/api/v1/items', {
    schema: { tags, summary: 'Create an item with its alternative units', body: S.CreateItemBody, response: { 201: S.Item } },
    config: WRITE,
  }, async (req, reply) => runCommand(deps.db, req, reply, 201, (tx, ctx) => cmd.createItem(tx, ctx, req.body)));
  app.get('/api/v1/items/by-id/:id', {
    schema: { tags, summary: 'Read an item by id', params: S.IdParam, response: { 200: S.Item } },
    config: READ,
  }, async (req) => qry.getItem(deps.db.k, req.params.id, 'id'));
  app.get('/api/v1/items/:sku', {
    schema: { tags, summary: 'Read an item by SKU', params: S.SkuParam, response: { 200: S.Item } },
    config: READ,
  }, async (req) => qry.getItem(deps.db.k, req.params.sku));
  app.patch('/api/v1/items/:sku', {
    schema: { tags, summary: 'Change an item (partial; `units` replaces the list of alternative units)', params: S.SkuParam, body: S.UpdateItemBody, response: { 200: S.Item } },
    config: WRITE,
  }, async (req, reply) => runCommand(deps.db, req, reply, 200, (tx, ctx) => cmd.updateItem(tx, ctx, { sku: req.params.sku, patch: req.body })));
  app.post('/api/v1/items/:sku/deactivate', {
    schema: { tags, summary: 'Deactivate an item (refused while it holds stock)', params: S.SkuParam, response: { 200: S.Item } },
    config: WRITE,
  }, async (req, reply) => runCommand(deps.db, req, reply, 200, (tx, ctx) => cmd.deactivateItem(tx, ctx, { sku: req.params.sku })));
  app.get('/api/v1/items/:sku/convert', {
    schema: { tags, summary: 'Convert a quantity in one of the item\'s units to its base unit, exactly', params: S.SkuParam, querystring: S.ConvertQuery, response: { 200: S.Conversion } },
    config: READ,
  }, async (req) => qry.convertQty(deps.db.k, req.params.sku, req.query.qty, req.query.uom));
  app.get('/api/v1/items/:sku/lots/:lotNo', {
    schema: { tags: ['lots'], summary: 'Read a lot or serial by item SKU and lot number', params: S.LotParam, response: { 200: S.Lot } },
    config: READ,
  }, async (req) => qry.getLot(deps.db.k, req.params.sku, req.params.lotNo));
}

function uomRoutes(app: App, deps: Deps): void {
  const tags = ['uoms'];
  app.get('/api/v1/uoms', {
    schema: { tags, summary: 'List units of measure', querystring: S.UomListQuery, response: { 200: S.PageOf(S.Uom) } },
    config: READ,
  }, async (req) => qry.listUoms(deps.db.k, req.query));
  app.get('/api/v1/uoms/:code', {
    schema: { tags, summary: 'Read a unit of measure', params: S.CodeParam, response: { 200: S.Uom } },
    config: READ,
  }, async (req) => qry.getUom(deps.db.k, req.params.code));
}

function locationRoutes(app: App, deps: Deps): void {
  const tags = ['locations'];
  app.get('/api/v1/locations', {
    schema: { tags, summary: 'List locations (filter by kind, site, parent, active; cursor paging)', querystring: S.LocationListQuery, response: { 200: S.PageOf(S.Location) } },
    config: READ,
  }, async (req) => qry.listLocations(deps.db.k, req.query, siteScope(req.ctx, 'catalog.read')));
  app.post('/api/v1/locations', {
    schema: { tags, summary: 'Create a site, warehouse, zone or bin', body: S.CreateLocationBody, response: { 201: S.Location } },
    config: WRITE,
  }, async (req, reply) => runCommand(deps.db, req, reply, 201, (tx, ctx) => cmd.createLocation(tx, ctx, req.body)));
  app.get('/api/v1/locations/by-id/:id', {
    schema: { tags, summary: 'Read a location by id', params: S.IdParam, response: { 200: S.Location } },
    config: READ,
  }, async (req) => visible(req, await qry.getLocation(deps.db.k, req.params.id, 'id')));
  app.get('/api/v1/locations/:code', {
    schema: { tags, summary: 'Read a location by code', params: S.CodeParam, response: { 200: S.Location } },
    config: READ,
  }, async (req) => visible(req, await qry.getLocation(deps.db.k, req.params.code)));
  app.patch('/api/v1/locations/:code', {
    schema: { tags, summary: 'Change a location (partial); virtual locations are read-only', params: S.CodeParam, body: S.UpdateLocationBody, response: { 200: S.Location } },
    config: WRITE,
  }, async (req, reply) => runCommand(deps.db, req, reply, 200, (tx, ctx) => cmd.updateLocation(tx, ctx, { code: req.params.code, patch: req.body })));
  for (const [action, summary, fn] of [
    ['deactivate', 'Deactivate a location (refused while it holds stock or has active children)', cmd.deactivateLocation],
    ['block', 'Block a bin: it takes no movements until unblocked', cmd.blockLocation],
    ['unblock', 'Unblock a bin', cmd.unblockLocation],
  ] as const) {
    app.post(`/api/v1/locations/:code/${action}`, {
      schema: { tags, summary, params: S.CodeParam, response: { 200: S.Location } },
      config: WRITE,
    }, async (req, reply) => runCommand(deps.db, req, reply, 200, (tx, ctx) => fn(tx, ctx, { code: req.params.code })));
  }
  app.get('/api/v1/locations/:code/children', {
    schema: { tags, summary: 'Direct children of a location, bins in walk sequence', params: S.CodeParam, response: { 200: Type.Object({ items: Type.Array(S.Location) }) } },
    config: READ,
  }, async (req) => {
    visible(req, await qry.getLocation(deps.db.k, req.params.code));
    return { items: await qry.listChildren(deps.db.k, req.params.code) };
  });
  app.get('/api/v1/locations/:code/tree', {
    schema: { tags, summary: 'The tree under a location (a whole site when given a site): nested { code, name, kind, walkSeq, blocked, active, children }', params: S.CodeParam },
    config: READ,
  }, async (req) => {
    visible(req, await qry.getLocation(deps.db.k, req.params.code));
    return qry.getLocationTree(deps.db.k, req.params.code);
  });
}

function supplierRoutes(app: App, deps: Deps): void {
  const tags = ['suppliers'];
  app.get('/api/v1/suppliers', {
    schema: { tags, summary: 'List suppliers (filter by text, active; cursor paging)', querystring: S.SupplierListQuery, response: { 200: S.PageOf(S.Supplier) } },
    config: READ,
  }, async (req) => qry.listSuppliers(deps.db.k, req.query));
  app.post('/api/v1/suppliers', {
    schema: { tags, summary: 'Create a supplier', body: S.CreateSupplierBody, response: { 201: S.Supplier } },
    config: WRITE,
  }, async (req, reply) => runCommand(deps.db, req, reply, 201, (tx, ctx) => cmd.createSupplier(tx, ctx, req.body)));
  app.get('/api/v1/suppliers/by-id/:id', {
    schema: { tags, summary: 'Read a supplier by id', params: S.IdParam, response: { 200: S.Supplier } },
    config: READ,
  }, async (req) => qry.getSupplier(deps.db.k, req.params.id, 'id'));
  app.get('/api/v1/suppliers/:code', {
    schema: { tags, summary: 'Read a supplier by code', params: S.CodeParam, response: { 200: S.Supplier } },
    config: READ,
  }, async (req) => qry.getSupplier(deps.db.k, req.params.code));
  app.patch('/api/v1/suppliers/:code', {
    schema: { tags, summary: 'Change a supplier (partial)', params: S.CodeParam, body: S.UpdateSupplierBody, response: { 200: S.Supplier } },
    config: WRITE,
  }, async (req, reply) => runCommand(deps.db, req, reply, 200, (tx, ctx) => cmd.updateSupplier(tx, ctx, { code: req.params.code, patch: req.body })));
  app.post('/api/v1/suppliers/:code/deactivate', {
    schema: { tags, summary: 'Deactivate a supplier', params: S.CodeParam, response: { 200: S.Supplier } },
    config: WRITE,
  }, async (req, reply) => runCommand(deps.db, req, reply, 200, (tx, ctx) => cmd.deactivateSupplier(tx, ctx, { code: req.params.code })));
}

function lotRoutes(app: App, deps: Deps): void {
  const tags = ['lots'];
  app.get('/api/v1/lots', {
    schema: { tags, summary: 'List lots and serials (filter by item, active; expiringBefore lists in expiry order; cursor paging)', querystring: S.LotListQuery, response: { 200: S.PageOf(S.Lot) } },
    config: READ,
  }, async (req) => qry.listLots(deps.db.k, req.query));
  app.post('/api/v1/lots', {
    schema: { tags, summary: 'Register a lot or serial of a lot- or serial-tracked item', body: S.CreateLotBody, response: { 201: S.Lot } },
    config: WRITE,
  }, async (req, reply) => runCommand(deps.db, req, reply, 201, (tx, ctx) => cmd.createLot(tx, ctx, req.body)));
  app.get('/api/v1/lots/:id', {
    schema: { tags, summary: 'Read a lot by id', params: S.IdParam, response: { 200: S.Lot } },
    config: READ,
  }, async (req) => qry.getLotById(deps.db.k, req.params.id));
  app.patch('/api/v1/lots/:id', {
    schema: { tags, summary: 'Change a lot\'s expiry, supplier lot or active flag', params: S.IdParam, body: S.UpdateLotBody, response: { 200: S.Lot } },
    config: WRITE,
  }, async (req, reply) => runCommand(deps.db, req, reply, 200, (tx, ctx) => cmd.updateLot(tx, ctx, { id: req.params.id, patch: req.body })));
  app.post('/api/v1/lots/:id/deactivate', {
    schema: { tags, summary: 'Deactivate a lot', params: S.IdParam, response: { 200: S.Lot } },
    config: WRITE,
  }, async (req, reply) => runCommand(deps.db, req, reply, 200, (tx, ctx) => cmd.deactivateLot(tx, ctx, { id: req.params.id })));
}

function bomRoutes(app: App, deps: Deps): void {
  const tags = ['boms'];
  app.get('/api/v1/boms', {
    schema: { tags, summary: 'List BOMs (filter by parent or component SKU, active; cursor paging)', querystring: S.BomListQuery, response: { 200: S.PageOf(S.Bom) } },
    config: READ,
  }, async (req) => qry.listBoms(deps.db.k, req.query));
  app.post('/api/v1/boms', {
    schema: { tags, summary: 'Create a BOM; refused when it would close a cycle across BOM levels', body: S.CreateBomBody, response: { 201: S.Bom } },
    config: WRITE,
  }, async (req, reply) => runCommand(deps.db, req, reply, 201, (tx, ctx) => cmd.createBom(tx, ctx, req.body)));
  app.get('/api/v1/boms/by-id/:id', {
    schema: { tags, summary: 'Read a BOM by id', params: S.IdParam, response: { 200: S.Bom } },
    config: READ,
  }, async (req) => qry.getBom(deps.db.k, req.params.id, 'id'));
  app.get('/api/v1/boms/:code', {
    schema: { tags, summary: 'Read a BOM by code', params: S.CodeParam, response: { 200: S.Bom } },
    config: READ,
  }, async (req) => qry.getBom(deps.db.k, req.params.code));
  app.patch('/api/v1/boms/:code', {
    schema: { tags, summary: 'Change a BOM (partial; `components` replaces all lines)', params: S.CodeParam, body: S.UpdateBomBody, response: { 200: S.Bom } },
    config: WRITE,
  }, async (req, reply) => runCommand(deps.db, req, reply, 200, (tx, ctx) => cmd.updateBom(tx, ctx, { code: req.params.code, patch: req.body })));
  app.post('/api/v1/boms/:code/deactivate', {
    schema: { tags, summary: 'Deactivate a BOM', params: S.CodeParam, response: { 200: S.Bom } },
    config: WRITE,
  }, async (req, reply) => runCommand(deps.db, req, reply, 200, (tx, ctx) => cmd.deactivateBom(tx, ctx, { code: req.params.code })));
}

export const catalogRoutes: RouteModule = (app, deps) => {
  itemRoutes(app, deps);
  uomRoutes(app, deps);
  locationRoutes(app, deps);
  supplierRoutes(app, deps);
  lotRoutes(app, deps);
  bomRoutes(app, deps);
};
