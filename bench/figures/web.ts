// web.stock_list: time from navigation to the first rendered page of the stock list (the first data
// row of the "Stock on hand" table) in Chromium, against navigating to an empty page served by the
// same server (a bench-only route). Signed in through the real login form once; the session cookie
// and the browser cache carry over, as for someone who comes back to the list. Skipped with a note
// when web/dist or Chromium is missing.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { buildApp, type RouteModule } from '../../src/http/app.js';
import { inTx } from '../../src/db/db.js';
import { systemCtx } from '../../src/kernel/context.js';
import { ROUTE_MODULES } from '../../src/main/modules.js';
import { postMovement } from '../../src/modules/ledger/index.js';
import { createUser } from '../../src/modules/access/index.js';
import { TEST_CONFIG } from '../../test/support/app.js';
import { benchDb } from '../lib/engines.js';
import { buildBenchPlant } from '../lib/plant.js';
import { fmtMs, interleaved, log, timeMs, type FigureResult, type Sizes } from '../lib/common.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PASSWORD = 'Stock-R00m-speed!';

const emptyPage: RouteModule = (app) => {
  app.get('/bench/empty', { schema: { hide: true }, config: { permission: 'public' } }, async (_req, reply) => reply.type('text/html').send('<!doctype html><html><head><title>empty</title></head><body></body></html>'));
};

export async function webFigure(sz: Sizes): Promise<FigureResult> {
  const id = 'web.stock_list';
  const skipped = (why: string): FigureResult => ({ id, engine: 'chromium', value: null, target: null, rate: '', baseline: '', reps: 0, skipped: why });
  if (!fs.existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) return skipped('skipped: web/dist is not built (npm run build:web)');
  if (!fs.existsSync(CHROMIUM)) return skipped(`skipped: Chromium is not installed at ${CHROMIUM}`);
  const db = await benchDb('sqlite', 'web');
  try {
    const plant = await buildBenchPlant(db, { prefix: 'W', bins: 10, items: 10 });
    const ctx = systemCtx('bench:web');
    await inTx(db, (tx) => createUser(tx, ctx, { username: 'perf', displayName: 'Perf', password: PASSWORD, roles: [{ role: 'admin' }] }));
    const lines = plant.bins.flatMap((b) => plant.items.map((i) => ({ item: i.sku, qty: '5', to: b.code, unitCost: '1.00' })));
    await inTx(db, (tx) => postMovement(db, tx, ctx, { type: 'receipt', lines }, { skipAudit: true }));
    const app = await buildApp({ db, config: TEST_CONFIG }, [emptyPage, ...ROUTE_MODULES]);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'en-GB', timezoneId: 'UTC' });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      await page.goto(`${base}/`);
      await page.waitForURL(/\/login\?next=/);
      await page.getByLabel('User name').fill('perf');
      await page.getByLabel(/^Password/).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      const stock = async () => {
        await page.goto(`${base}/stock`);
        await page.getByRole('table', { name: 'Stock on hand' }).getByRole('row').nth(1).waitFor();
      };
      const empty = async () => {
        await page.goto(`${base}/bench/empty`, { waitUntil: 'load' });
      };
      await stock();
      await empty();
      const reps = sz.quick ? 3 : 5;
      const r = await interleaved(reps, sz.quick ? 2 : 3, () => timeMs(empty), () => timeMs(stock), 'time');
      log(`${id}: ${r.ratio.toFixed(2)} (${fmtMs(r.figMs)} vs ${fmtMs(r.baseMs)})`);
      return {
        id, engine: 'chromium', value: r.ratio, target: null, rate: `${fmtMs(r.figMs)} to the first stock row`, baseline: `${fmtMs(r.baseMs)} (empty page)`, reps, samples: r.samples,
        note: `signed in through the login form; ${lines.length} balances, first page of the list; warm browser cache`,
      };
    } finally {
      await browser.close();
      await app.close();
    }
  } finally {
    await db.drop();
  }
}
