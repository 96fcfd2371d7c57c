// HTTP adapter of the ledger: thin over ledger.commands and ledger.queries.

import { Type } from 'typebox';
import type { RouteModule } from '../../http/app.js';
import { runCommand } from '../../http/command.js';
import { postMovement, reverseMovement } from './ledger.commands.js';
import { BALANCE_SORTS, currentPosition, getMovement, getOnHand, listBalances, listMovements, valuationReport } from './ledger.queries.js';
import { checkLedger } from './ledger.check.js';
import { MAX_LINES, MOVEMENT_TYPES, POSTABLE_TYPES } from './ledger.types.js';
import { siteScope } from '../access/index.js';

// PostgreSQL text cannot hold U+0000: a NUL in any string would fail in the driver (a 500), so the
// schemas refuse it up front and the answer names the field.
const NO_NUL = '^[^\\u0000]*$';
const Str = (opts: { minLength?: number; maxLength?: number; description?: string; format?: string } = {}) => Type.String({ ...opts, pattern: NO_NUL });
const Ref = Type.Union([Str({ minLength: 1, maxLength: 100 }), Type.Integer({ minimum: 1 })]);
const Dec = (description: string) => Str({ minLength: 1, maxLength: 40, description });
const Text = (max: number) => Str({ maxLength: max });

const LineIn = Type.Object(
  {
    item: Ref,
    qty: Dec('quantity in `unit` (default: the item\'s base unit), a positive decimal string like "12" or "0.25"'),
    unit: Type.Optional(Str({ minLength: 1, maxLength: 20 })),
    lot: Type.Optional(Str({ minLength: 1, maxLength: 100 })),
    lotExpiry: Type.Optional(Type.String({ format: 'date' })),
    supplierLot: Type.Optional(Text(100)),
    from: Type.Optional(Ref),
    to: Type.Optional(Ref),
    unitCost: Type.Optional(Dec('unit cost per base unit, up to 4 decimals (inbound lines)')),
  },
  { additionalProperties: false },
);

const MovementIn = Type.Object(
  {
    type: Type.Union(POSTABLE_TYPES.map((t) => Type.Literal(t))),
    lines: Type.Array(LineIn, { minItems: 1, maxItems: MAX_LINES }),
    sourceDoc: Type.Optional(Text(200)),
    reasonCode: Type.Optional(Str({ minLength: 1, maxLength: 50 })),
    note: Type.Optional(Text(2000)),
  },
  { additionalProperties: false },
);

const LineOut = Type.Object({
  lineNo: Type.Integer(), itemId: Type.Integer(), sku: Type.String(), lotId: Type.Integer(), lot: Type.Union([Type.String(), Type.Null()]),
  fromLocationId: Type.Integer(), from: Type.String(), toLocationId: Type.Integer(), to: Type.String(),
  qty: Type.String(), baseUom: Type.String(), qtyEntered: Type.String(), unitEntered: Type.String(), unitCost: Type.String(), value: Type.String(),
});
const MovementOut = Type.Object({
  id: Type.Integer(), seq: Type.Integer(), type: Type.String(), postedAt: Type.String(), actor: Type.String(),
  sourceDoc: Type.Union([Type.String(), Type.Null()]), reasonCode: Type.Union([Type.String(), Type.Null()]), note: Type.Union([Type.String(), Type.Null()]),
  reversesMovementId: Type.Union([Type.Integer(), Type.Null()]), reversedByMovementId: Type.Union([Type.Integer(), Type.Null()]), countLineId: Type.Union([Type.Integer(), Type.Null()]),
  lines: Type.Array(LineOut),
});
const Paging = { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), cursor: Type.Optional(Type.String({ maxLength: 500 })) };
const IdParam = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const ledgerRoutes: RouteModule = (app, deps) => {
  const db = deps.db;
  app.post('/api/v1/movements', {
    schema: { tags: ['ledger'], summary: 'Post a movement (receipt, issue, transfer, shipment, adjustment, …)', description: 'Accepts an Idempotency-Key header: a retry with the same key and body returns the first answer; another body under the same key is a 409.', body: MovementIn, response: { 201: MovementOut } },
    config: { permission: 'ledger.post' },
  }, async (req, reply) => runCommand(db, req, reply, 201, (tx, ctx) => postMovement(db, tx, ctx, req.body)));

  app.post('/api/v1/movements/:id/reverse', {
    schema: { tags: ['ledger'], summary: 'Reverse a movement with a reversing movement (at most once)', params: IdParam, body: Type.Object({ reasonCode: Type.Optional(Str({ minLength: 1, maxLength: 50 })), note: Type.Optional(Text(2000)) }, { additionalProperties: false }), response: { 201: MovementOut } },
    config: { permission: 'ledger.post' },
  }, async (req, reply) => runCommand(db, req, reply, 201, (tx, ctx) => reverseMovement(db, tx, ctx, { movementId: req.params.id, ...req.body })));

  app.get('/api/v1/movements', {
    schema: {
      tags: ['ledger'], summary: 'Movements, newest first',
      querystring: Type.Object({ item: Type.Optional(Str({ maxLength: 100 })), location: Type.Optional(Str({ maxLength: 100 })), type: Type.Optional(Type.Union(MOVEMENT_TYPES.map((t) => Type.Literal(t)))), sourceDoc: Type.Optional(Str({ maxLength: 200 })), since: Type.Optional(Type.String({ format: 'date-time' })), until: Type.Optional(Type.String({ format: 'date-time' })), ...Paging }, { additionalProperties: false }),
    },
    config: { permission: 'ledger.read' },
  }, async (req) => listMovements(db.k, { ...req.query, siteIds: siteScope(req.ctx, 'ledger.read') }));

  app.get('/api/v1/movements/:id', {
    schema: { tags: ['ledger'], summary: 'One movement with its lines', params: IdParam, response: { 200: MovementOut } },
    config: { permission: 'ledger.read' },
  }, async (req) => getMovement(db.k, req.params.id, siteScope(req.ctx, 'ledger.read')));

  app.get('/api/v1/stock', {
    schema: {
      tags: ['ledger'], summary: 'Stock on hand per item, bin and lot',
      querystring: Type.Object({ item: Type.Optional(Str({ maxLength: 100 })), location: Type.Optional(Str({ maxLength: 100 })), site: Type.Optional(Str({ maxLength: 100 })), warehouse: Type.Optional(Str({ maxLength: 100 })), zone: Type.Optional(Str({ maxLength: 100 })), lot: Type.Optional(Str({ maxLength: 100 })), q: Type.Optional(Str({ maxLength: 100 })), inventoryType: Type.Optional(Type.Union(['raw', 'wip', 'finished', 'mro'].map((t) => Type.Literal(t)))), includeZero: Type.Optional(Type.Boolean()), includeVirtual: Type.Optional(Type.Boolean()), sort: Type.Optional(Type.Union(BALANCE_SORTS.map((t) => Type.Literal(t)), { description: 'item (default), location, qty_desc, qty_asc' })), ...Paging }, { additionalProperties: false }),
    },
    config: { permission: 'ledger.read' },
  }, async (req) => listBalances(db.k, { ...req.query, siteIds: siteScope(req.ctx, 'ledger.read') }));

  app.get('/api/v1/stock/on-hand', {
    schema: {
      tags: ['ledger'], summary: 'On-hand of an item in a location, now or as of a ledger position or time',
      querystring: Type.Object({ item: Str({ minLength: 1, maxLength: 100 }), location: Str({ minLength: 1, maxLength: 100 }), lot: Type.Optional(Str({ maxLength: 100 })), position: Type.Optional(Type.Integer({ minimum: 0 })), at: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false }),
    },
    config: { permission: 'ledger.read' },
  }, async (req) => {
    const r = await getOnHand(db.k, { ...req.query, siteIds: siteScope(req.ctx, 'ledger.read') });
    return { sku: r.sku, location: r.location, lot: r.lot, qtyOnHand: r.qtyOnHand, uom: r.uom, position: r.position };
  });

  app.get('/api/v1/ledger/position', {
    schema: { tags: ['ledger'], summary: 'The current ledger position (sequence number of the last movement)' },
    config: { permission: 'ledger.read' },
  }, async () => ({ position: await currentPosition(db.k) }));

  app.get('/api/v1/reports/valuation', {
    schema: { tags: ['reports'], summary: 'Stock valuation by moving average, FIFO and LIFO', querystring: Type.Object({ item: Type.Optional(Str({ maxLength: 100 })), inventoryType: Type.Optional(Str({ maxLength: 20 })) }, { additionalProperties: false }) },
    config: { permission: 'reports.read' },
  }, async (req) => valuationReport(db.k, { ...req.query, siteIds: siteScope(req.ctx, 'reports.read') }));

  app.get('/api/v1/ledger/check', {
    schema: { tags: ['ledger'], summary: 'Rebuild balances from the ledger and report any difference' },
    config: { permission: 'ledger.check' },
  }, async () => checkLedger(db.k));
};
