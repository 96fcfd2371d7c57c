// Authentication and authorization for every route, and the security plugins (headers, CORS,
// cookies). Each route declares config.permission: 'public', 'authenticated' or a permission of
// src/modules/access/access.rules.ts. A route without a valid one refuses to start (fail closed).
//
// Callers authenticate by `Authorization: Bearer <token>` (API tokens) or the session cookie set at
// login. Cookie-authenticated writes must also send the session's CSRF token (login answer, or
// GET /api/v1/auth/me) in x-csrf-token:
// SameSite=Strict already keeps other sites' forms out; the header is the second lock.

import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyRequest, RouteOptions } from 'fastify';
import type { App, Deps } from './app.js';
import {
  accessErrors,
  AUTHENTICATED,
  csrfTokenFor,
  isRoutePermission,
  principalOfSession,
  principalOfToken,
  PUBLIC,
  safeEqualHex,
  sha256,
  type Permission,
} from '../modules/access/index.js';

export const SESSION_COOKIE = 'stockroom_session';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes that plugins register (API docs, CORS preflight): public by nature, so they get the marker. */
function pluginRoutePermission(r: RouteOptions): string | undefined {
  const methods = Array.isArray(r.method) ? r.method : [r.method];
  if (r.url === '/docs' || r.url.startsWith('/docs/')) return PUBLIC;
  if (methods.every((m) => m === 'OPTIONS') && r.url === '*') return PUBLIC;
  return undefined;
}

/** Collects every route as it is declared and refuses to start if any lacks a known permission. */
export function guardRoutes(app: App): void {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (r) => {
    const cfg = (r.config ?? {}) as { permission?: string };
    if (cfg.permission === undefined) {
      const p = pluginRoutePermission(r as RouteOptions);
      if (p) r.config = { ...(r.config ?? {}), permission: p } as never;
    }
    routes.push(r as RouteOptions);
  });
  app.addHook('onReady', async () => {
    const bad = routes.filter((r) => !isRoutePermission((r.config as { permission?: unknown } | undefined)?.permission));
    if (bad.length) {
      const list = bad.map((r) => `${String(r.method)} ${r.url} (${JSON.stringify((r.config as { permission?: unknown } | undefined)?.permission ?? null)})`).join(', ');
      throw new Error(`every route must declare config.permission ('public', 'authenticated' or a permission); refusing to start: ${list}`);
    }
  });
}

export async function installSecurity(app: App, deps: Deps): Promise<void> {
  await app.register(helmet, {
    // the API answers JSON; the web app is same-origin. Swagger UI sets its own CSP (staticCSP).
    crossOriginResourcePolicy: { policy: 'same-origin' },
    // plants often serve Stockroom over plain HTTP on their LAN: upgrading requests to https would break it
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  const origins = deps.config.corsOrigins;
  await app.register(cors, { origin: origins.length ? [...origins] : false, credentials: origins.length > 0, exposedHeaders: ['x-request-id', 'idempotent-replayed'] });
  await app.register(cookie);

  app.addHook('onRequest', async (req) => {
    const permission = req.routeOptions.config?.permission;
    if (permission === undefined || permission === PUBLIC) return; // no route (404) or public
    const now = req.ctx.now();
    const principal = await authenticate(deps, req, now);
    if (!principal) throw accessErrors.unauthenticated('sign in, or send an API token as "Authorization: Bearer <token>"', { field: 'authorization' });
    if (principal.via === 'cookie' && UNSAFE.has(req.method)) {
      const given = req.headers[CSRF_HEADER];
      const value = Array.isArray(given) ? given[0] : given;
      // The token is derived from the cookie (csrfTokenFor). A session opened before that change has a
      // random token, stored hashed, which its tab still sends: accepted until it expires (SESSION_HOURS).
      const ok = !!value && (safeEqualHex(sha256(value), sha256(csrfTokenFor(principal.sessionToken))) || safeEqualHex(sha256(value), principal.csrfHash));
      if (!ok) {
        throw accessErrors.csrf_required(`${CSRF_HEADER}: send the CSRF token you received at login (or from GET /api/v1/auth/me) with every write`, { field: CSRF_HEADER });
      }
    }
    const p = principal.principal;
    req.ctx = { ...req.ctx, actor: `${p.kind}:${p.id}`, ...(p.userId !== null ? { actorUserId: p.userId } : {}), principal: p };
    if (permission !== AUTHENTICATED && !(permission in p.grants)) {
      throw accessErrors.forbidden(`this needs the permission ${permission as Permission}, which your ${p.kind === 'token' ? 'token' : 'roles'} do not give`, { extra: { permission } });
    }
  });
}

type Authenticated =
  | { via: 'bearer'; principal: NonNullable<Awaited<ReturnType<typeof principalOfToken>>> }
  | { via: 'cookie'; principal: NonNullable<Awaited<ReturnType<typeof principalOfSession>>>['principal']; csrfHash: string; sessionToken: string };

async function authenticate(deps: Deps, req: FastifyRequest, now: Date): Promise<Authenticated | undefined> {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S{10,200})$/i.exec(auth.trim());
    if (!m) return undefined;
    const principal = await principalOfToken(deps.db.k, m[1] as string, now);
    return principal ? { via: 'bearer', principal } : undefined;
  }
  const value = req.cookies?.[SESSION_COOKIE];
  if (!value || value.length > 200) return undefined;
  const s = await principalOfSession(deps.db.k, value, now);
  return s ? { via: 'cookie', principal: s.principal, csrfHash: s.csrfHash, sessionToken: value } : undefined;
}
