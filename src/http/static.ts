// Serves the web app (web/dist, built by scripts/build-web.mjs) and answers any other GET outside the
// API with index.html, so that the app's own routes (/items/ABC) survive a reload. Paths under /api,
// /docs, /openapi.json and /health keep the API's problem-details 404. Registered last (main/modules.ts).
// The routes are declared here rather than by @fastify/static's own, so each one carries its
// permission ('public': the app's files hold no data) and stays out of the OpenAPI document.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import type { RouteModule } from './app.js';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const API_PREFIXES = ['/api/', '/api', '/docs', '/openapi.json', '/health'];

export function isApiPath(url: string): boolean {
  const p = url.split('?')[0] ?? '';
  return API_PREFIXES.some((a) => p === a || p.startsWith(a.endsWith('/') ? a : a + '/'));
}

export function webAppRoutes(distDir: string = WEB_DIST): RouteModule {
  return async (app) => {
    const index = path.join(distDir, 'index.html');
    if (!fs.existsSync(index)) {
      app.log.warn(`web app not built (${index} is missing): serving the API only; run npm run build:web`);
      return;
    }
    await app.register(fastifyStatic, { root: distDir, serve: false, decorateReply: true });
    const route = { schema: { hide: true }, config: { permission: 'public' } } as const;

    // content-hashed bundles never change under the same name
    app.get('/assets/*', route, async (req, reply) => {
      const rel = (req.params as { '*': string })['*'];
      return reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(path.posix.join('assets', rel), { cacheControl: false });
    });

    const sendIndex = (reply: FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
    app.get('/', route, async (_req, reply) => sendIndex(reply));
    app.get('/*', route, async (req, reply) => {
      if (isApiPath(req.url)) return reply.callNotFound();
      const rel = decodeURIComponent((req.params as { '*': string })['*']);
      // a file at the top of dist (favicon, robots.txt), else the app
      if (rel && !rel.includes('/') && !rel.startsWith('.') && rel !== 'index.html' && fs.existsSync(path.join(distDir, rel))) {
        return reply.header('cache-control', 'public, max-age=3600').sendFile(rel, { cacheControl: false });
      }
      return sendIndex(reply);
    });
  };
}

export const staticRoutes: RouteModule = webAppRoutes();
