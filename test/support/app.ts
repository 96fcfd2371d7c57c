// The app under test. Every HTTP test builds its app here, so that cross-cutting concerns
// (authentication: a test acts as some role) are set up in one place.

import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type App, type AppConfig, type RouteModule } from '../../src/http/app.js';
import type { Db } from '../../src/db/db.js';
import { ROUTE_MODULES } from '../../src/main/modules.js';

export const TEST_CONFIG: AppConfig = { bodyLimit: 256 * 1024, logLevel: 'silent', corsOrigins: [], version: 'test' };

export interface TestApp {
  readonly app: App;
  /** app.inject with the test caller's credentials added */
  inject(opts: InjectOptions | string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function testApp(db: Db, opts: { routes?: RouteModule[]; now?: () => Date; config?: Partial<AppConfig> } = {}): Promise<TestApp> {
  const app = await buildApp({ db, config: { ...TEST_CONFIG, ...opts.config }, ...(opts.now ? { now: opts.now } : {}) }, opts.routes ?? ROUTE_MODULES);
  return {
    app,
    inject: (o) => app.inject(typeof o === 'string' ? { method: 'GET', url: o } : o),
    close: () => app.close(),
  };
}
