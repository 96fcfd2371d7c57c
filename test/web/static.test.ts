// The server serves the built web app: the app at / and at any app path (reloads of /items/X work),
// hashed bundles cached for good, and the API's own 404s untouched. The bundles stay small.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { testDb, type TestDb } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';
import { ensureWebBuilt, ROOT, routesWithWeb } from './web-support.js';

const ASSETS = path.join(ROOT, 'web', 'dist', 'assets');

describe('web app served by the API server', () => {
  let db: TestDb;
  let t: TestApp;

  before(async () => {
    ensureWebBuilt();
    db = await testDb();
    t = await testApp(db, { routes: routesWithWeb(), as: 'anonymous' });
  });
  after(async () => {
    await t?.close();
    await db?.drop();
  });

  it('serves index.html at / and at app paths, never cached', async () => {
    for (const url of ['/', '/items/BOLT-M8', '/movements/12?x=1', '/reports/valuation']) {
      const res = await t.inject(url);
      assert.equal(res.statusCode, 200, url);
      assert.match(String(res.headers['content-type']), /text\/html/, url);
      assert.match(res.body, /<div id="root"><\/div>/, url);
      assert.equal(res.headers['cache-control'], 'no-cache', url);
    }
  });

  it('serves the hashed bundles with a long cache', async () => {
    const js = fs.readdirSync(ASSETS).find((f) => f.endsWith('.js'));
    assert.ok(js);
    const res = await t.inject(`/assets/${js}`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /javascript/);
    assert.match(String(res.headers['cache-control']), /immutable/);
    const missing = await t.inject('/assets/nope-123.js');
    assert.equal(missing.statusCode, 404);
  });

  it('leaves the API its problem-details 404 and its OpenAPI document', async () => {
    const res = await t.inject('/api/v1/no-such-thing');
    assert.equal(res.statusCode, 404);
    assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    assert.equal(res.json().code, 'request.route_not_found');
    const doc = await t.inject('/openapi.json');
    assert.equal(doc.statusCode, 200);
    assert.ok(doc.json().paths['/api/v1/movements']);
    assert.equal(doc.json().paths['/*'], undefined, 'the app routes stay out of the API document');
  });

  it('keeps every JavaScript chunk under 500 kB gzipped', (ctx) => {
    const sizes = fs
      .readdirSync(ASSETS)
      .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
      .map((f) => {
        const b = fs.readFileSync(path.join(ASSETS, f));
        return { f, raw: b.length, gz: zlib.gzipSync(b).length };
      })
      .sort((a, b) => b.gz - a.gz);
    for (const s of sizes.slice(0, 6)) ctx.diagnostic(`${s.f}: ${(s.raw / 1024).toFixed(1)} kB, ${(s.gz / 1024).toFixed(1)} kB gzipped`);
    const largestJs = sizes.find((s) => s.f.endsWith('.js'));
    assert.ok(largestJs);
    assert.ok(largestJs.gz < 500 * 1024, `${largestJs.f} is ${(largestJs.gz / 1024).toFixed(1)} kB gzipped`);
  });
});
