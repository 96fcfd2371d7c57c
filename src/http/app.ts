// buildApp(deps): the Fastify factory. Routes are thin adapters over module commands and queries;
// every failure leaves through one error handler that speaks RFC 9457 problem details.

import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Db } from '../db/db.js';
import { isDomainError } from '../kernel/errors.js';
import { requestErrors } from '../kernel/error-registry.js';
import { problem, HTTP_STATUS } from './problem.js';
import { schemaVersion } from '../db/migrate.js';
import type { Ctx } from '../kernel/context.js';
import { guardRoutes, installSecurity } from './auth.js';

export interface AppConfig {
  readonly bodyLimit: number;
  readonly logLevel: string;
  readonly corsOrigins: readonly string[];
  readonly version: string;
}

export interface Deps {
  readonly db: Db;
  readonly config: AppConfig;
  readonly now?: () => Date;
}

export type App = FastifyInstance<any, any, any, any, TypeBoxTypeProvider>;

export type RouteModule = (app: App, deps: Deps) => void | Promise<void>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** the permission a caller needs; checked by the auth layer and published in the OpenAPI document */
    permission?: import('../modules/access/access.rules.js').RoutePermission;
  }
  interface FastifyRequest {
    ctx: Ctx;
  }
}

/** ajv per request part: bodies are strict (no coercion: a quantity sent as a number is refused, so no float sneaks in); query strings are coerced. */
function makeAjv(coerce: boolean) {
  const ajv = new Ajv({ coerceTypes: coerce ? 'array' : false, useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
  addFormats.default(ajv);
  return ajv;
}

export const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password', '*.token', '*.secret'];

export async function buildApp(deps: Deps, routeModules: readonly RouteModule[], opts: { logger?: FastifyServerOptions['logger'] } = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: deps.config.bodyLimit,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { coerceTypes: false } },
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>();
  guardRoutes(app);

  const bodyAjv = makeAjv(false);
  const queryAjv = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : queryAjv).compile(schema));

  const now = deps.now ?? (() => new Date());
  app.decorateRequest('ctx', null as unknown as Ctx);
  app.addHook('onRequest', async (req) => {
    req.ctx = { actor: 'anonymous', requestId: String(req.id), clientAddr: req.ip, now };
  });
  await installSecurity(app, deps);
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-request-id', req.id);
    return payload;
  });

  app.setErrorHandler((err: any, req, reply) => sendError(err, req, reply));
  app.setNotFoundHandler((req, reply) => {
    const e = requestErrors.route_not_found(`no route for ${req.method} ${req.url.split('?')[0]}`);
    void reply.code(404).type('application/problem+json').send(problem(e.kind, e.code, e.message, [], 404, { instance: String(req.id) }));
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Stockroom API', version: deps.config.version, description: 'Inventory control for manufacturers: perpetual stock ledger, cycle counting, planning. Errors are RFC 9457 problem details; see docs/errors.md.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'stockroom_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: ({ schema, url, route }) => {
      const permission = (route as { config?: { permission?: string } }).config?.permission;
      const out = { ...(schema as Record<string, unknown>) };
      if (permission) out['x-permission'] = permission;
      if (permission && permission !== 'public') out.security = [{ session: [] }, { bearer: [] }];
      return { schema: out as never, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  app.get('/openapi.json', { schema: { hide: true }, config: { permission: 'public' } }, async () => app.swagger());

  app.get('/health', {
    schema: { tags: ['system'], summary: 'Liveness and database kind', response: { 200: { type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' }, schemaVersion: { type: 'string' }, version: { type: 'string' } } } } },
    config: { permission: 'public' },
  }, async () => ({ status: 'ok', database: deps.db.kind, schemaVersion: await schemaVersion(deps.db.k), version: deps.config.version }));

  for (const mod of routeModules) await mod(app, deps);
  await app.ready();
  return app;
}

function sendError(err: any, req: FastifyRequest, reply: FastifyReply) {
  const instance = String(req.id);
  const send = (status: number, body: object) => reply.code(status).type('application/problem+json').send(body);
  if (isDomainError(err)) {
    return send(HTTP_STATUS[err.kind], problem(err.kind, err.code, err.message, err.fields, HTTP_STATUS[err.kind], { instance, ...err.extra }));
  }
  if (err.validation) {
    const fields = (err.validation as Array<{ instancePath: string; message?: string; params?: Record<string, unknown>; keyword: string }>).map((v) => {
      let field = v.instancePath.replace(/^\//, '');
      if (v.keyword === 'required' && v.params?.missingProperty) field = [field, String(v.params.missingProperty)].filter(Boolean).join('/');
      if (v.keyword === 'additionalProperties' && v.params?.additionalProperty) field = [field, String(v.params.additionalProperty)].filter(Boolean).join('/');
      const reason = v.keyword === 'additionalProperties' ? 'is not a known field' : v.keyword === 'required' ? 'is required' : (v.message ?? 'is invalid');
      return { field: field || String(err.validationContext ?? 'body'), reason };
    });
    const detail = `${err.validationContext ?? 'request'}: ${fields.map((f) => `${f.field} ${f.reason}`).join('; ')}`;
    return send(400, problem('invalid', requestErrors.codes.validation, detail, fields, 400, { instance }));
  }
  const code = err.code as string | undefined;
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err instanceof SyntaxError) {
    return send(400, problem('invalid', requestErrors.codes.malformed_json, 'the body is not valid JSON', [{ field: 'body', reason: 'is not valid JSON' }], 400, { instance }));
  }
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return send(413, problem('too_large', requestErrors.codes.body_too_large, 'the body is larger than the server accepts', [{ field: 'body', reason: 'is too large' }], 413, { instance }));
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return send(415, problem('invalid', requestErrors.codes.unsupported_media_type, 'send the body as application/json', [{ field: 'content-type', reason: 'is not supported' }], 415, { instance }));
  }
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return send(err.statusCode, problem('invalid', requestErrors.codes.validation, String(err.message), [], err.statusCode, { instance }));
  }
  req.log.error({ err }, 'unhandled error');
  return send(500, problem('unavailable', requestErrors.codes.internal, 'an unexpected error occurred; nothing was changed', [], 500, { instance }));
}
