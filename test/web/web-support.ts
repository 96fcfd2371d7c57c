// Shared by the web tests: a built web/dist (built here when missing or stale, as postinstall does),
// the route list with the static module once, and Chromium when Debian's package is installed.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { buildApp, type App, type RouteModule } from '../../src/http/app.js';
import type { Db } from '../../src/db/db.js';
import { TEST_CONFIG } from '../support/app.js';
import { ROUTE_MODULES } from '../../src/main/modules.js';
import { staticRoutes } from '../../src/http/static.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENS = path.join(ROOT, 'test-results', 'screens');

export function ensureWebBuilt(): void {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-web.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`web build failed:\n${r.stdout}\n${r.stderr}`);
  if (!fs.existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) throw new Error('web/dist/index.html is missing after the build');
}

/** The server's routes with the web app: main/modules.ts lists staticRoutes last; add it if it does not yet. */
export function routesWithWeb(): RouteModule[] {
  return ROUTE_MODULES.includes(staticRoutes) ? [...ROUTE_MODULES] : [...ROUTE_MODULES, staticRoutes];
}

export function chromiumMissing(): string | false {
  return fs.existsSync(CHROMIUM) ? false : `Chromium is not installed at ${CHROMIUM} (apt-get install chromium); browser tests skipped`;
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The real server with the web app, listening on a free loopback port. */
export async function serveWeb(db: Db): Promise<{ app: App; base: string }> {
  const app = await buildApp({ db, config: TEST_CONFIG }, routesWithWeb());
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}
