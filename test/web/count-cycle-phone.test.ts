// A whole count cycle on a phone (390×844, touch), in Chromium against the real server (in-process,
// port 0), each step by the role that does it and through the screens:
//   the supervisor generates a one-day schedule and assigns the day on the desk screens; the first
//   counter counts the task on /count (one line short) and submits; the recount goes to a second
//   counter, who counts blind on /count and submits; the supervisor reviews the variance (labelled
//   shortage) and approves the correction; the stock list shows the corrected quantity.
// Set-up with no screen in this cycle goes through the API or the modules: the plant, the users, the
// receipt, the site's count policy, the tolerance rule and the counter profiles.
// Screenshots of each step go to test-results/screens/count-cycle-phone-NN-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { App } from '../../src/http/app.js';
import { inTx } from '../../src/db/db.js';
import { systemCtx } from '../../src/kernel/context.js';
import { createUser, type Role } from '../../src/modules/access/index.js';
import { testDb, type TestDb } from '../support/db.js';
import { tokenFor } from '../support/app.js';
import { buildPlant, type Plant } from '../support/catalog-builders.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing, ensureWebBuilt, SCREENS, serveWeb } from './web-support.js';

const PASSWORD = 'cycle-test-Passw0rd!';
const skip = chromiumMissing();
const USERS: Record<string, { role: Role; name: string }> = {
  sue: { role: 'supervisor', name: 'Sue Supervisor' },
  ann: { role: 'counter', name: 'Ann Counter' },
  bob: { role: 'counter', name: 'Bob Counter' },
};

describe('a count cycle on a phone, schedule to approved correction', { skip, timeout: 300_000 }, () => {
  let db: TestDb;
  let app: App;
  let base: string;
  let browser: Browser;
  let plant: Plant;
  let adminToken: string;
  const ids: Record<string, number> = {};
  let step = 0;

  async function api(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<any> {
    const r = await app.inject({ method, url, headers: { authorization: `Bearer ${adminToken}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
    assert.ok(r.statusCode < 300, `${method} ${url}: ${r.statusCode} ${r.body}`);
    return r.body ? r.json() : null;
  }

  before(async () => {
    ensureWebBuilt();
    fs.mkdirSync(SCREENS, { recursive: true });
    for (const f of fs.readdirSync(SCREENS)) if (f.startsWith('count-cycle-phone-')) fs.rmSync(path.join(SCREENS, f));
    db = await testDb();
    plant = await buildPlant(db, { prefix: 'CYC' });
    await inTx(db, async (tx) => {
      const ctx = systemCtx('test:count-cycle-phone');
      for (const [username, u] of Object.entries(USERS)) ids[username] = (await createUser(tx, ctx, { username, displayName: u.name, password: PASSWORD, roles: [{ role: u.role }] })).id;
    });
    adminToken = await tokenFor(db, 'admin');
    ({ app, base } = await serveWeb(db));

    // One item-location: 100 bolts at 2.00 in the first bin.
    await api('POST', '/api/v1/movements', { type: 'receipt', sourceDoc: 'PO-CYCLE', lines: [{ item: plant.items.bolt.sku, qty: '100', to: plant.bins[0].code, unitCost: '2.00' }] });
    // Every day a working day (so that a one-day period today has one); blind counts; the supervisor may approve up to 500.00.
    await api('PUT', `/api/v1/counting/policy/${plant.site.code}`, { workingDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], blindCounts: true, supervisorLimit: '500.00' });
    // 2 % short asks for a recount; 50 % for an investigation: 10 % short is recounted, then corrected.
    await api('POST', '/api/v1/counting/tolerance-rules', { name: 'Cycle default', scope: 'default', autoAccept: { qty: '1' }, recount: { pct: '2' }, investigate: { pct: '50' } });
    for (const name of ['ann', 'bob']) await api('PUT', `/api/v1/counting/counters/${ids[name]}`, { displayName: USERS[name]!.name, skillLevel: 3, homeZones: [plant.zone.code], dailyCapacityMinutes: 420 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  async function phone(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-GB', timezoneId: 'UTC' });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    return { context, page };
  }

  /** A screenshot of the step: the whole page from the top, or (scrolled) what the phone shows now. */
  async function shot(page: Page, name: string, scrolled = false): Promise<void> {
    step += 1;
    // the toasts fade by themselves; wait for them so that they do not cover the header
    await page.locator('.mantine-Notification-root').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
    if (!scrolled) await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await page.screenshot({ path: path.join(SCREENS, `count-cycle-phone-${String(step).padStart(2, '0')}-${name}.png`), fullPage: !scrolled });
  }

  /** Nothing on the page is wider than the phone: no sideways scrolling of the whole page. */
  async function assertFitsWidth(page: Page, where: string): Promise<void> {
    const width = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    assert.ok(width <= 390, `${where}: the page is ${width} px wide on a 390 px phone`);
  }

  async function signIn(page: Page, username: string, start: string, heading: string): Promise<void> {
    await page.goto(`${base}${start}`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('User name').fill(username);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).tap();
    await page.getByRole('heading', { name: heading }).waitFor();
  }

  /** The desk's navigation on a phone: behind the burger. */
  async function navTo(page: Page, link: string, heading: string): Promise<void> {
    await page.getByRole('button', { name: 'Open navigation' }).tap();
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: link, exact: true }).tap();
    const close = page.getByRole('button', { name: 'Close navigation' });
    if (await close.isVisible()) await close.tap();
    await page.getByRole('heading', { name: heading, exact: true }).waitFor();
  }

  /** The counter's phone: open their one task, count the bolt, submit; the task's id is returned. */
  async function countTask(page: Page, qty: string, shotPrefix: string, blindCheck: boolean): Promise<number> {
    const link = page.getByRole('link', { name: /^Task \d+,/ });
    await link.first().waitFor();
    assert.equal(await link.count(), 1, 'one task for this counter');
    const taskId = Number(/^Task (\d+),/.exec((await link.getAttribute('aria-label')) ?? (await link.innerText()))?.[1]);
    await shot(page, `${shotPrefix}-my-tasks`);
    await link.tap();
    await page.getByTestId('bin-code').waitFor();
    assert.equal((await page.getByTestId('bin-code').innerText()).trim(), plant.bins[0].code);
    if (blindCheck) await page.getByText('Blind count: count what you find; the book quantity is not shown.').waitFor();
    await page.getByTestId(`line-${plant.items.bolt.sku}`).tap();
    const d = page.getByRole('dialog', { name: new RegExp(`${plant.items.bolt.sku} in`) });
    await d.getByLabel('Quantity counted').fill(qty);
    await shot(page, `${shotPrefix}-count`);
    await d.getByRole('button', { name: 'Save count' }).tap();
    await d.waitFor({ state: 'hidden' });
    await page.getByRole('status', { name: 'All counts sent' }).waitFor();
    await page.getByRole('button', { name: 'Submit task' }).tap();
    await page.getByRole('dialog', { name: `Submit task ${taskId}?` }).getByRole('button', { name: 'Submit task' }).tap();
    await page.getByText(`Task ${taskId} submitted`).waitFor();
    await shot(page, `${shotPrefix}-submitted`);
    return taskId;
  }

  it('supervisor schedules and assigns, two counters count, the supervisor approves, the stock is corrected', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const bolt = plant.items.bolt.sku;
    const errors: string[] = [];

    // 1. The supervisor generates a one-day schedule for today on the Count schedule screen.
    const sup = await phone();
    sup.page.on('pageerror', (e) => errors.push(`supervisor: ${e.message}`));
    await signIn(sup.page, 'sue', '/', 'Dashboard');
    await navTo(sup.page, 'Count schedule', 'Count schedule');
    await sup.page.getByLabel('Period start', { exact: true }).fill(today);
    await sup.page.getByLabel('Period end', { exact: true }).fill(today);
    await sup.page.getByRole('button', { name: 'Generate schedule' }).tap();
    await sup.page.getByText(/^Schedule \d+: 1 lines? for 1 item-locations? over 1 working days?/).waitFor();
    const dayCell = sup.page.getByRole('grid').getByRole('button', { name: /: 1 line\b/ });
    await dayCell.scrollIntoViewIfNeeded();
    await dayCell.tap();
    await sup.page.getByRole('table', { name: /^Lines planned for / }).getByRole('row').filter({ hasText: bolt }).waitFor();
    await assertFitsWidth(sup.page, 'count schedule');
    await shot(sup.page, 'schedule');

    // 2. … and assigns the day on the Assignment board: the task goes to one of the counters.
    await navTo(sup.page, 'Assignment board', 'Assignment board');
    await sup.page.getByLabel('Day', { exact: true }).fill(today);
    await sup.page.getByRole('button', { name: 'Assign this day' }).tap();
    await sup.page.getByText(/^1 task assigned$/).waitFor();
    const board = sup.page.locator('section[aria-label^="Tasks of "]').filter({ hasText: /Task|task/ });
    await board.first().waitFor();
    await assertFitsWidth(sup.page, 'assignment board');
    await shot(sup.page, 'assignment-board');

    // Which counter got it: the one whose phone lists a task.
    const first = (await api('GET', `/api/v1/counting/tasks?site=${plant.site.code}`)).items as { taskId: number; counterUserId: number | null }[];
    assert.equal(first.length, 1);
    const firstCounter = Object.keys(ids).find((n) => ids[n] === first[0]!.counterUserId);
    assert.ok(firstCounter === 'ann' || firstCounter === 'bob', `the task went to a counter (${first[0]!.counterUserId})`);
    const secondCounter = firstCounter === 'ann' ? 'bob' : 'ann';

    // 3. The first counter counts 90 where the books say 100, and submits.
    const c1 = await phone();
    c1.page.on('pageerror', (e) => errors.push(`${firstCounter}: ${e.message}`));
    await signIn(c1.page, firstCounter, '/count', 'My count tasks');
    const firstTask = await countTask(c1.page, '90', 'count', true);
    assert.equal(firstTask, first[0]!.taskId);
    // a reload keeps the session able to write: the CSRF token comes back from /auth/me, not from storage
    const stored = await c1.page.evaluate(() => JSON.stringify((globalThis as unknown as { localStorage: Record<string, string> }).localStorage));
    assert.doesNotMatch(stored, /csrf/i, 'no CSRF token in localStorage');
    await c1.context.close();

    // 4. The recount went to the other counter, who counts blind (no book figure, no first count) and submits.
    const c2 = await phone();
    c2.page.on('pageerror', (e) => errors.push(`${secondCounter}: ${e.message}`));
    await signIn(c2.page, secondCounter, '/count', 'My count tasks');
    // after a reload the session still writes: the CSRF token comes back from /auth/me
    await c2.page.reload();
    await c2.page.getByRole('heading', { name: 'My count tasks' }).waitFor();
    const recountTask = await countTask(c2.page, '90', 'recount', true);
    assert.notEqual(recountTask, firstTask);
    await c2.context.close();

    // 5. The supervisor reviews the variance: a shortage of 10, 10 % short, 20.00 short.
    await navTo(sup.page, 'Variance review', 'Variance review');
    const table = sup.page.getByRole('table', { name: 'Count lines for review' });
    const row = table.getByRole('row').filter({ hasText: bolt }).filter({ hasText: 'recount ' }).first();
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /Shortage 10 each/, 'the variance names its direction');
    assert.match(text, /10(\.0+)? % short/);
    assert.match(text, /20\.00 short/);
    assert.doesNotMatch(text, /−10|-10\b/, 'no bare sign');
    await assertFitsWidth(sup.page, 'variance review');
    // the table scrolls sideways on a phone: the variance columns come into view
    await row.getByText(/Shortage 10 each/).scrollIntoViewIfNeeded();
    await shot(sup.page, 'variance-review', true);

    // 6. … and approves the correction (20.00, under the supervisor's limit of 500.00).
    await navTo(sup.page, 'Approvals', 'Approvals');
    const approval = sup.page.getByRole('table', { name: 'Count corrections' }).getByRole('row').filter({ hasText: bolt });
    await approval.waitFor();
    assert.match(await approval.innerText(), /Remove 10 \(shortage\)/);
    await assertFitsWidth(sup.page, 'approvals');
    const approve = sup.page.getByRole('button', { name: /^Approve correction \d+$/ });
    await approve.scrollIntoViewIfNeeded();
    await shot(sup.page, 'approval', true);
    await approve.tap();
    await sup.page.getByText(/Approved and posted as movement \d+/).waitFor();
    await shot(sup.page, 'approved', true);

    // 7. The stock list shows 90.
    await navTo(sup.page, 'Stock on hand', 'Stock on hand');
    await sup.page.getByLabel('Search').fill(bolt);
    const stock = sup.page.getByRole('table', { name: 'Stock on hand' }).getByRole('row').filter({ hasText: bolt }).filter({ hasText: plant.bins[0].code });
    await stock.getByText('90 each').waitFor();
    await shot(sup.page, 'stock-corrected');
    await sup.context.close();

    const onHand = await api('GET', `/api/v1/stock/on-hand?item=${bolt}&location=${plant.bins[0].code}`);
    assert.equal(onHand.qtyOnHand, '90');
    assert.deepEqual(errors, [], 'no script errors');
  });
});
