// The web app in Debian's Chromium, against the real server (in-process, on a port of its own, with a
// small plant from the catalog builders): sign in, role-aware navigation, posting a receipt through the
// form and finding it in the stock list, a bad quantity's field error beside the field, and every
// inventory screen rendered. Screenshots go to test-results/screens/ to be looked at.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { App } from '../../src/http/app.js';
import { inTx } from '../../src/db/db.js';
import { systemCtx } from '../../src/kernel/context.js';
import { createUser } from '../../src/modules/access/index.js';
import { postMovement } from '../../src/modules/ledger/index.js';
import { testDb, type TestDb } from '../support/db.js';
import { buildPlant, makeLot, type Plant } from '../support/catalog-builders.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing, ensureWebBuilt, SCREENS, serveWeb } from './web-support.js';

const PASSWORD = 'web-test-Passw0rd!';
const skip = chromiumMissing();

describe('web app in Chromium', { skip, timeout: 180_000 }, () => {
  let db: TestDb;
  let app: App;
  let base: string;
  let browser: Browser;
  let plant: Plant;

  before(async () => {
    ensureWebBuilt();
    fs.mkdirSync(SCREENS, { recursive: true });
    db = await testDb();
    plant = await buildPlant(db, { prefix: 'WEB' });
    const lot = await makeLot(db, plant.items.resin, { lotNo: 'R-2026-001', expiresOn: '2027-03-31' });
    const ctx = systemCtx('test:web');
    await inTx(db, async (tx) => {
      await createUser(tx, ctx, { username: 'store', displayName: 'Sam Storekeeper', password: PASSWORD, roles: [{ role: 'storekeeper' }] });
      await createUser(tx, ctx, { username: 'boss', displayName: 'Alex Admin', password: PASSWORD, roles: [{ role: 'admin' }] });
    });
    await inTx(db, (tx) => postMovement(db, tx, ctx, { type: 'receipt', sourceDoc: 'PO-1001', lines: [
      { item: plant.items.flour.sku, qty: '25.5', to: plant.bins[0].code, unitCost: '1.20' },
      { item: plant.items.resin.sku, qty: '4', lot: lot.lotNo, to: plant.bins[1].code, unitCost: '18.00' },
      { item: plant.items.widget.sku, qty: '10', to: plant.bins[2].code },
    ] }));
    ({ app, base } = await serveWeb(db));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'en-GB', timezoneId: 'UTC' });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    return page;
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: true });
  }

  async function signIn(page: Page, username: string): Promise<void> {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('User name').fill(username);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  }

  /** Picks an option in a Mantine Select: type to search, then click the option. */
  async function choose(page: Page, label: string, search: string, option: RegExp): Promise<void> {
    const input = page.getByRole('combobox', { name: label, exact: true });
    await input.click();
    if (search) await input.fill(search);
    await page.getByRole('option', { name: option }).first().click();
  }

  it('signs in, refuses a wrong password, and shows a storekeeper only what a storekeeper may do', async () => {
    const page = await newPage();
    await page.goto(`${base}/stock`);
    await page.waitForURL(/\/login\?next=%2Fstock/);
    await page.getByLabel('User name').fill('store');
    await page.getByLabel(/^Password/).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await shot(page, 'login-refused');
    assert.match(page.url(), /\/login/);

    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Stock on hand' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Screens' });
    const links = await nav.getByRole('link').allInnerTexts();
    assert.deepEqual(links.map((s) => s.trim()), ['Dashboard', 'Items', 'Locations', 'Lots', 'Stock on hand', 'Movements', 'Post a movement']);
    await page.getByRole('button', { name: 'Account: Sam Storekeeper' }).waitFor();
    await shot(page, 'stock-storekeeper');
    await page.context().close();
  });

  it('posts a receipt in cases through the form and finds it in the stock list in the base unit', async () => {
    const page = await newPage();
    await signIn(page, 'store');
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Post a movement' }).click();
    await page.getByRole('heading', { name: 'Post a movement' }).waitFor();
    await choose(page, 'Item', 'BOLT', /WEB-BOLT-M8/);
    await page.getByLabel('Quantity').fill('2');
    await choose(page, 'Unit', '', /^case = 12 each/);
    await choose(page, 'Bin', 'A-02', /WEB-A-02/);
    await page.getByLabel('Source document').fill('PO-2002');
    await shot(page, 'receipt-form');
    await page.getByRole('button', { name: 'Post receipt' }).click();
    const posted = page.getByRole('status').filter({ hasText: 'Receipt posted as' });
    await posted.waitFor();
    await shot(page, 'receipt-posted');

    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Stock on hand' }).click();
    await page.getByLabel('Search').fill('BOLT');
    const table = page.getByRole('table', { name: 'Stock on hand' });
    // the search runs on the server: wait until the other items are gone
    await table.getByRole('row').filter({ hasText: 'WEB-FLOUR' }).waitFor({ state: 'detached' });
    assert.equal(await table.getByRole('row').count(), 2, 'the header and the one bolt row');
    const row = table.getByRole('row').filter({ hasText: 'WEB-BOLT-M8' });
    const cells = (await row.getByRole('cell').allInnerTexts()).map((s) => s.trim());
    assert.equal(cells[2], 'WEB-A-02');
    assert.equal(cells[5], '24 each', 'two cases of 12 are 24 in the base unit');
    await shot(page, 'stock-after-receipt');

    // Sorted on the server by quantity, most first.
    await page.getByLabel('Search').fill('');
    await table.getByRole('row').filter({ hasText: 'WEB-FLOUR' }).first().waitFor();
    const sorted = page.waitForResponse((r) => r.url().includes('/api/v1/stock?') && r.url().includes('sort=qty_desc'));
    await choose(page, 'Sort by', '', /^Quantity, most first/);
    await sorted;
    await page.waitForTimeout(100);
    const qtys = (await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => (tr.children[5] as { textContent: string | null } | undefined)?.textContent ?? '')))
      .map((t) => Number(t.replace(/[^\d.]/g, '')))
      .filter((n) => !Number.isNaN(n));
    assert.ok(qtys.length >= 2, `rows: ${qtys.join(',')}`);
    assert.deepEqual(qtys, [...qtys].sort((a, b) => b - a), `most first: ${qtys.join(', ')}`);
    await page.context().close();
  });

  it('shows the API\'s error for a bad quantity beside the quantity field and posts nothing', async () => {
    const page = await newPage();
    await signIn(page, 'store');
    await page.goto(`${base}/movements/new?type=issue_to_production`);
    await page.getByRole('heading', { name: 'Post a movement' }).waitFor();
    await choose(page, 'Item', 'FLOUR', /WEB-FLOUR/);
    await page.getByLabel('Quantity').fill('0');
    await choose(page, 'Bin', 'A-01', /WEB-A-01/);
    await page.getByRole('button', { name: 'Post issue to production' }).click();
    const qty = page.getByLabel('Quantity');
    await page.locator('input[aria-invalid="true"]').first().waitFor();
    assert.equal(await qty.getAttribute('aria-invalid'), 'true');
    const describedBy = (await qty.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(/\s+/).find((id) => id.endsWith('-error'));
    assert.ok(errorId, `the quantity field points at its error (aria-describedby="${describedBy}")`);
    assert.equal((await page.locator(`[id="${errorId}"]`).innerText()).trim(), 'Must be greater than zero');
    // the error sits beside the field: just below it, in the same column
    const boxInput = (await qty.boundingBox())!;
    const boxError = (await page.locator(`[id="${errorId}"]`).boundingBox())!;
    assert.ok(boxError.y >= boxInput.y + boxInput.height - 1 && boxError.y < boxInput.y + boxInput.height + 40, 'error right under the field');
    assert.ok(Math.abs(boxError.x - boxInput.x) < 20, 'error aligned with the field');
    assert.equal(await page.getByRole('status').filter({ hasText: 'posted as' }).count(), 0);
    await shot(page, 'issue-bad-quantity');

    const res = await fetch(`${base}/api/v1/movements?type=issue_to_production`, { headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { items: unknown[] }).items.length, 0, 'nothing was posted');
    await page.context().close();
  });

  it('renders every inventory screen for an admin', async () => {
    const page = await newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, 'boss');
    await page.getByRole('table', { name: 'Stock value by inventory type' }).waitFor();
    await page.getByRole('table', { name: 'Recent movements' }).getByRole('row').nth(1).waitFor();
    await page.mouse.move(0, 0);
    await shot(page, 'dashboard');

    const nav = page.getByRole('navigation', { name: 'Screens' });
    await nav.getByRole('link', { name: 'Items' }).click();
    await page.getByRole('table', { name: 'Items' }).getByRole('row', { name: /WEB-RESIN/ }).waitFor();
    await shot(page, 'items');
    await page.getByRole('link', { name: 'WEB-RESIN' }).click();
    await page.getByRole('heading', { name: 'WEB-RESIN' }).waitFor();
    await page.getByRole('table', { name: /Stock of WEB-RESIN by bin/ }).getByRole('row', { name: /R-2026-001/ }).waitFor();
    await shot(page, 'item-detail');
    await page.getByRole('tab', { name: 'Lots' }).click();
    await page.getByRole('table', { name: 'Lots' }).getByRole('row', { name: /R-2026-001/ }).waitFor();

    await nav.getByRole('link', { name: 'Locations' }).click();
    await page.getByRole('tree', { name: 'Locations of WEB' }).waitFor();
    await page.getByText('WEB-A', { exact: true }).click();
    await page.getByRole('link', { name: 'WEB-A-03' }).waitFor();
    await shot(page, 'locations');

    await nav.getByRole('link', { name: 'Lots' }).click();
    await page.getByRole('table', { name: 'Lots' }).getByRole('row', { name: /R-2026-001/ }).waitFor();
    await shot(page, 'lots');

    await nav.getByRole('link', { name: 'Movements' }).click();
    await page.getByRole('table', { name: 'Movements' }).getByRole('row').nth(1).waitFor();
    await shot(page, 'movements');
    await page.getByRole('link', { name: /Movement 1, Receipt/ }).click();
    await page.getByRole('table', { name: 'Movement lines' }).getByRole('row', { name: /WEB-FLOUR/ }).waitFor();
    await shot(page, 'movement-detail');

    await nav.getByRole('link', { name: 'Valuation' }).click();
    await page.getByRole('table', { name: 'Valuation by item' }).getByRole('row', { name: /WEB-RESIN/ }).waitFor();
    const resin = (await page.getByRole('table', { name: 'Valuation by item' }).getByRole('row', { name: /WEB-RESIN/ }).getByRole('cell').allInnerTexts()).map((s) => s.trim());
    assert.deepEqual(resin.slice(2), ['4 kg', '72.00', '72.00', '72.00']);
    await shot(page, 'valuation');

    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${base}/stock`);
    await page.getByRole('heading', { name: 'Stock on hand' }).waitFor();
    await shot(page, 'stock-phone');
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
