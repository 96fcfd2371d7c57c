// The app under test. Every HTTP test builds its app here, so that cross-cutting concerns
// (authentication: a test acts as some role) are set up in one place.
//
// By default a test acts as an admin: an admin user and an API token with every permission are
// created once per database, and every inject carries `authorization: Bearer …` unless the caller
// passes its own authorization or cookie header. `as: 'anonymous'` sends no credentials; `as: '<role>'`
// or `as: { roles, sites }` acts as a user with those roles (sites: codes or ids limiting every role).

import type { FastifyServerOptions, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type App, type AppConfig, type RouteModule } from '../../src/http/app.js';
import { inTx, type Db } from '../../src/db/db.js';
import { systemCtx } from '../../src/kernel/context.js';
import { ROUTE_MODULES } from '../../src/main/modules.js';
import { createToken, createUser, ROLE_PERMISSIONS, type Role } from '../../src/modules/access/index.js';

export const TEST_CONFIG: AppConfig = { bodyLimit: 256 * 1024, logLevel: 'silent', corsOrigins: [], version: 'test' };

export type Identity = 'anonymous' | Role | { readonly roles: readonly Role[]; readonly sites?: readonly (string | number)[] };

export interface TestAppOptions {
  routes?: RouteModule[];
  now?: () => Date;
  config?: Partial<AppConfig>;
  /** who the test acts as (default: admin) */
  as?: Identity;
  logger?: FastifyServerOptions['logger'];
}

export interface TestApp {
  readonly app: App;
  /** app.inject with the test caller's credentials added */
  inject(opts: InjectOptions | string): Promise<LightMyRequestResponse>;
  /** app.inject as someone else */
  injectAs(who: Identity, opts: InjectOptions | string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

const tokens = new WeakMap<Db, Map<string, Promise<string>>>();
let serial = 0;

function identityKey(who: Exclude<Identity, 'anonymous'>): string {
  if (typeof who === 'string') return who;
  return JSON.stringify({ roles: [...who.roles].sort(), sites: who.sites ? [...who.sites].map(String).sort() : null });
}

/**
 * A bearer token acting as `who` on this database: a user with those roles (no password) and a
 * never-expiring token with every permission the roles give. Made once per database and identity.
 */
export function tokenFor(db: Db, who: Exclude<Identity, 'anonymous'>): Promise<string> {
  let perDb = tokens.get(db);
  if (!perDb) {
    perDb = new Map();
    tokens.set(db, perDb);
  }
  const key = identityKey(who);
  let t = perDb.get(key);
  if (!t) {
    const roles = typeof who === 'string' ? [who] : [...who.roles];
    const sites = typeof who === 'string' ? null : (who.sites ?? null);
    const username = `test-${typeof who === 'string' ? who.replace(/_/g, '-') : 'user'}-${++serial}`;
    const scopes = [...new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r]))];
    t = inTx(db, async (tx) => {
      const ctx = systemCtx('system:test');
      const u = await createUser(tx, ctx, { username, roles: roles.map((role) => ({ role, sites })) });
      return (await createToken(tx, ctx, { name: username, scopes, expires: null, userId: u.id })).token;
    });
    t.catch(() => perDb?.delete(key));
    perDb.set(key, t);
  }
  return t;
}

function hasOwnCredentials(o: InjectOptions): boolean {
  const h = (o.headers ?? {}) as Record<string, unknown>;
  return Object.keys(h).some((k) => k.toLowerCase() === 'authorization' || k.toLowerCase() === 'cookie') || o.cookies !== undefined;
}

export async function testApp(db: Db, opts: TestAppOptions = {}): Promise<TestApp> {
  const app = await buildApp(
    { db, config: { ...TEST_CONFIG, ...opts.config }, ...(opts.now ? { now: opts.now } : {}) },
    opts.routes ?? ROUTE_MODULES,
    opts.logger !== undefined ? { logger: opts.logger } : {},
  );
  const injectAs = async (who: Identity, o: InjectOptions | string) => {
    const req: InjectOptions = typeof o === 'string' ? { method: 'GET', url: o } : o;
    if (who === 'anonymous' || hasOwnCredentials(req)) return app.inject(req);
    const token = await tokenFor(db, who);
    return app.inject({ ...req, headers: { ...(req.headers ?? {}), authorization: `Bearer ${token}` } });
  };
  const who = opts.as ?? 'admin';
  // credentials are made now, so that their rows (users, tokens, audit) exist before the test looks
  if (who !== 'anonymous') await tokenFor(db, who);
  return {
    app,
    inject: (o) => injectAs(who, o),
    injectAs,
    close: () => app.close(),
  };
}
