// HTTP adapter of the audit trail: list with filters and cursor paging, CSV export, chain check.

import { Readable } from 'node:stream';
import { Type } from 'typebox';
import type { RouteModule } from '../../http/app.js';
import { verifyAuditChain } from './audit.js';
import { auditCsv, listAuditEvents } from './audit.queries.js';
import type { Ctx } from '../../kernel/context.js';
import { accessErrors, siteScope } from '../access/index.js';

const Filters = {
  actor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'actor as recorded: user:12, token:3, cli:root, system' })),
  user: Type.Optional(Type.Integer({ minimum: 1, description: 'user id: events recorded as user:<id>' })),
  entity: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  entityId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'exact action, or a prefix ending in "." (user.)' })),
  since: Type.Optional(Type.String({ format: 'date-time' })),
  until: Type.Optional(Type.String({ format: 'date-time' })),
};

const Event = Type.Object({
  id: Type.Integer(), at: Type.String(), actor: Type.String(), action: Type.String(), entity: Type.String(), entityId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(), after: Type.Unknown(), requestId: Type.Union([Type.String(), Type.Null()]), clientAddr: Type.Union([Type.String(), Type.Null()]), hash: Type.String(),
});

/**
 * The audit trail spans every site (users, tokens and settings belong to none), so it cannot be cut
 * by site: a caller whose audit.read is limited to some sites may not read it at all.
 */
function requireAllSites(ctx: Ctx): void {
  if (siteScope(ctx, 'audit.read') !== null) {
    throw accessErrors.site_forbidden('the audit trail covers every site; reading it needs audit.read for all sites', { field: 'audit.read' });
  }
}

export const auditRoutes: RouteModule = (app, deps) => {
  const db = deps.db;
  const tags = ['audit'];
  app.addHook('preHandler', async (req) => {
    if (req.routeOptions.url?.startsWith('/api/v1/audit')) requireAllSites(req.ctx);
  });
  app.get('/api/v1/audit', {
    schema: {
      tags, summary: 'The audit trail, newest first: who, when, what, before and after',
      querystring: Type.Object({ ...Filters, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), cursor: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Event), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
    },
    config: { permission: 'audit.read' },
  }, async (req) => listAuditEvents(db.k, req.query));

  app.get('/api/v1/audit/export.csv', {
    schema: { tags, summary: 'The audit trail as CSV, oldest first (same filters)', querystring: Type.Object(Filters, { additionalProperties: false }) },
    config: { permission: 'audit.read' },
  }, async (req, reply) => {
    // the first batch runs before the answer starts, so a bad filter still gets a problem answer
    const gen = auditCsv(db.k, req.query);
    const first = await gen.next();
    const stream = Readable.from((async function* () {
      if (!first.done) yield first.value;
      yield* gen;
    })());
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="audit.csv"').send(stream);
  });

  app.get('/api/v1/audit/verify', {
    schema: {
      tags, summary: 'Walk the hash chain; names the first record that was changed or removed',
      response: { 200: Type.Object({ ok: Type.Boolean(), checked: Type.Integer(), firstBrokenId: Type.Optional(Type.Integer()), reason: Type.Optional(Type.String()) }) },
    },
    config: { permission: 'audit.read' },
  }, async () => verifyAuditChain(db.k));
};
