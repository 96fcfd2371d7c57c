// The counter's phone screen in Chromium on a 390×844 touch viewport, against the real server
// (in-process, port 0) with small plants from the catalog builders and real users per role:
//   1. a counter signs in, opens the task, counts a line by a keyboard-wedge scan of a GS1 string
//      (GTIN + lot + count), one by hand in cases, reports a bin empty, and submits;
//   2. offline: three bins counted with the network cut, the badge says 3, the network comes back,
//      the first answer is lost on the way (the server recorded, the phone did not hear), the queue
//      drains anyway, and the server holds each observation exactly once;
//   3. blind: the book quantity (7919) is in no answer the page receives, in no page HTML and not in
//      the phone's storage; the page calls no route that could carry it.
// Screenshots of each screen go to test-results/screens/counting-mobile-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { App } from '../../src/http/app.js';
import { inTx } from '../../src/db/db.js';
import { systemCtx } from '../../src/kernel/context.js';
import { createUser } from '../../src/modules/access/index.js';
import { postMovement } from '../../src/modules/ledger/index.js';
import { testDb, type TestDb } from '../support/db.js';
import { tokenFor } from '../support/app.js';
import { buildPlant, makeItem, makeLot, type Plant } from '../support/catalog-builders.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing, ensureWebBuilt, SCREENS, serveWeb } from './web-support.js';

const PASSWORD = 'count-test-Passw0rd!';
const GTIN = '09506000134352';
const CASE_GTIN = '19506000134359';
const BOOK = '7919';
/** the book quantity as a number on its own (not a run of hex digits inside a UUID) */
const BOOK_RE = /(?<![0-9A-Za-z])7919(?![0-9A-Za-z])/;
const skip = chromiumMissing();

/** The few browser globals the page.evaluate callbacks use (this file is typed for Node, without the DOM library). */
interface Browserish {
  document: {
    activeElement: { blur(): void } | null;
    querySelectorAll(sel: string): Iterable<{ getBoundingClientRect(): { width: number; height: number }; getAttribute(n: string): string | null; textContent: string | null; tagName: string }>;
  };
  getComputedStyle(el: unknown): { visibility: string; display: string };
  indexedDB: { open(name: string): any };
  localStorage: Record<string, string>;
  sessionStorage: Record<string, string>;
}

describe('counter\'s phone screen in Chromium (390×844, touch)', { skip, timeout: 300_000 }, () => {
  let db: TestDb;
  let app: App;
  let base: string;
  let browser: Browser;
  let supervisorToken: string;
  const users: Record<string, number> = {};
  const plants: Record<'a' | 'b' | 'c', Plant> = {} as never;
  const tasks: Record<'a' | 'b' | 'c', number> = {} as never;

  async function api(method: 'GET' | 'POST', url: string, payload?: unknown) {
    const r = await app.inject({ method, url, headers: { authorization: `Bearer ${supervisorToken}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
    assert.ok(r.statusCode < 300, `${method} ${url}: ${r.statusCode} ${r.body}`);
    return r.json();
  }

  before(async () => {
    ensureWebBuilt();
    fs.mkdirSync(SCREENS, { recursive: true });
    db = await testDb();
    const ctx = systemCtx('test:counting-mobile');
    await inTx(db, async (tx) => {
      for (const name of ['ann', 'bob', 'cat']) users[name] = (await createUser(tx, ctx, { username: name, displayName: `${name[0]?.toUpperCase()}${name.slice(1)} Counter`, password: PASSWORD, roles: [{ role: 'counter' }] })).id;
    });
    supervisorToken = await tokenFor(db, 'supervisor');

    // Plant A: a lot-tracked item with a GTIN (and a case GTIN), a bolt in cases, flour.
    plants.a = await buildPlant(db, { prefix: 'CMA' });
    const a = plants.a;
    const gizmo = await makeItem(db, { sku: 'CMA-GIZMO', description: 'Gizmo pressure sensor', lotTracked: true, gtin: GTIN, units: [{ uom: 'case', factor: '10', gtin: CASE_GTIN }] });
    const lot = await makeLot(db, gizmo, { lotNo: 'LOT-A1', expiresOn: '2027-06-30' });
    await inTx(db, (tx) => postMovement(db, tx, ctx, { type: 'receipt', sourceDoc: 'PO-CMA', lines: [
      { item: gizmo.sku, qty: '40', lot: lot.lotNo, to: a.bins[0].code, unitCost: '12.00' },
      { item: a.items.bolt.sku, qty: '30', to: a.bins[1].code, unitCost: '0.10' },
      { item: a.items.flour.sku, qty: '5', to: a.bins[2].code, unitCost: '1.00' },
    ] }));
    // Plant B: three bins with one item each.
    plants.b = await buildPlant(db, { prefix: 'CMB' });
    const b = plants.b;
    await inTx(db, (tx) => postMovement(db, tx, ctx, { type: 'receipt', sourceDoc: 'PO-CMB', lines: [
      { item: b.items.bolt.sku, qty: '10', to: b.bins[0].code, unitCost: '0.10' },
      { item: b.items.flour.sku, qty: '3', to: b.bins[1].code, unitCost: '1.00' },
      { item: b.items.widget.sku, qty: '7', to: b.bins[2].code },
    ] }));
    // Plant C: a blind count of a bin whose book quantity is 7919.
    plants.c = await buildPlant(db, { prefix: 'CMC' });
    await inTx(db, (tx) => postMovement(db, tx, ctx, { type: 'receipt', sourceDoc: 'PO-CMC', lines: [{ item: plants.c.items.bolt.sku, qty: BOOK, to: plants.c.bins[0].code, unitCost: '0.10' }] }));

    ({ app, base } = await serveWeb(db));

    tasks.a = (await api('POST', '/api/v1/counting/adhoc', { site: a.site.code, by: 'zone', target: a.zone.code, counterUserId: users.ann, blind: true })).taskId;
    tasks.b = (await api('POST', '/api/v1/counting/adhoc', { site: b.site.code, by: 'zone', target: b.zone.code, counterUserId: users.bob, blind: true })).taskId;
    tasks.c = (await api('POST', '/api/v1/counting/adhoc', { site: plants.c.site.code, by: 'bin', target: plants.c.bins[0].code, counterUserId: users.cat, blind: true })).taskId;
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

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(SCREENS, `counting-mobile-${name}.png`), fullPage: false });
  }

  async function signIn(page: Page, username: string, start = '/count'): Promise<void> {
    await page.goto(`${base}${start}`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('User name').fill(username);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My count tasks' }).waitFor();
  }

  async function openTask(page: Page, taskId: number): Promise<void> {
    await page.getByRole('link', { name: new RegExp(`^Task ${taskId},`) }).tap();
    await page.getByTestId('bin-code').waitFor();
  }

  /** A keyboard-wedge scanner: a fast burst of keys, GS sent as Ctrl+], ending in Enter. */
  async function wedgeScan(page: Page, parts: readonly string[]): Promise<void> {
    await page.evaluate(() => (globalThis as unknown as Browserish).document.activeElement?.blur());
    for (const [i, part] of parts.entries()) {
      if (i > 0) await page.keyboard.press('Control+BracketRight');
      await page.keyboard.type(part, { delay: 4 });
    }
    await page.keyboard.press('Enter');
  }

  /** Every visible control of the screen is at least 48 px high (touch targets). */
  async function assertTouchTargets(page: Page, where: string): Promise<void> {
    const small = await page.evaluate(() => {
      const out: string[] = [];
      const w = globalThis as unknown as Browserish;
      for (const el of w.document.querySelectorAll('main button, main a, main input:not([type=radio]):not([type=hidden]), main textarea, header button, header a, nav button, [role=dialog] button, [role=dialog] input:not([type=radio]), .mantine-SegmentedControl-label')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const style = w.getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none') continue;
        if (r.height < 47.5) out.push(`${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}" ${Math.round(r.height)}px`);
      }
      return out;
    });
    assert.deepEqual(small, [], `touch targets under 48 px on ${where}`);
  }

  /** The bin on screen, once it has settled on `expected` (a tap on "Next bin" re-renders a moment later). */
  async function currentBin(page: Page, expected?: string): Promise<string> {
    const read = async () => (await page.getByTestId('bin-code').innerText()).trim();
    if (expected === undefined) return read();
    const until = Date.now() + 5000;
    let shown = await read();
    while (shown !== expected && Date.now() < until) {
      await page.waitForTimeout(50);
      shown = await read();
    }
    return shown;
  }

  it('counts a task: a GS1 scan (GTIN + lot + count) by keyboard wedge, a line by hand in cases, a bin reported empty, submitted', async () => {
    const a = plants.a;
    const { context, page } = await phone();
    await context.grantPermissions(['camera']);
    await signIn(page, 'ann');
    await page.getByRole('link', { name: new RegExp(`^Task ${tasks.a},`) }).waitFor();
    await shot(page, '1-my-tasks');
    await assertTouchTargets(page, 'my tasks');

    await openTask(page, tasks.a);
    assert.equal(await currentBin(page, a.bins[0].code), a.bins[0].code, 'walk order: the first bin first');
    await shot(page, '2-bin');
    await assertTouchTargets(page, 'the bin');

    // bin 1: the wedge scanner reads the GS1-128 label of the gizmo: (01) GTIN (10) lot, GS, (30) count
    await wedgeScan(page, [`]C101${GTIN}10LOT-A1`, '3038']);
    const dialog = page.getByRole('dialog', { name: /CMA-GIZMO in CMA-A-01/ });
    await dialog.waitFor();
    assert.equal(await dialog.getByLabel('Quantity counted').inputValue(), '38');
    assert.equal(await dialog.getByLabel('Lot', { exact: true }).inputValue(), 'LOT-A1');
    await shot(page, '3-count-from-scan');
    await assertTouchTargets(page, 'the count form');
    await dialog.getByRole('button', { name: 'Save count' }).tap();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('scan-message').getByText('Saved: 38 each of CMA-GIZMO.').waitFor();
    await page.getByTestId('line-CMA-GIZMO').getByTestId('my-counts').waitFor();

    // bin 2: the bolt by hand, 2 cases of 12
    await page.getByRole('button', { name: 'Next bin' }).tap();
    assert.equal(await currentBin(page, a.bins[1].code), a.bins[1].code);
    await page.getByTestId(`line-${a.items.bolt.sku}`).tap();
    const bolt = page.getByRole('dialog', { name: new RegExp(`${a.items.bolt.sku} in`) });
    await bolt.getByLabel('Quantity counted').fill('2');
    await bolt.getByText('case (12 each)').tap();
    await shot(page, '4-count-by-hand');
    await bolt.getByRole('button', { name: 'Save count' }).tap();
    await bolt.waitFor({ state: 'hidden' });
    await page.getByTestId(`line-${a.items.bolt.sku}`).getByText('Counted here: 2 case').waitFor();

    // bin 3: empty
    await page.getByRole('button', { name: 'Next bin' }).tap();
    assert.equal(await currentBin(page, a.bins[2].code), a.bins[2].code);
    await page.getByRole('button', { name: 'Bin empty' }).tap();
    await shot(page, '5-bin-empty');
    await page.getByRole('button', { name: 'Yes, the bin is empty' }).tap();
    await page.getByTestId(`line-${a.items.flour.sku}`).getByText('Counted here: bin empty').waitFor();

    // the camera: ZXing loads on demand; this headless browser has no camera, which the screen says
    await page.getByRole('button', { name: 'Scan with the camera' }).tap();
    const cam = page.getByRole('dialog', { name: 'Scan with the camera' });
    await cam.getByRole('alert').waitFor();
    await shot(page, '6-camera-unavailable');
    await cam.getByRole('button', { name: 'Close', exact: true }).tap();
    await cam.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Submit task' }).tap();
    const submit = page.getByRole('dialog', { name: `Submit task ${tasks.a}?` });
    await submit.waitFor();
    await shot(page, '7-submit');
    await submit.getByRole('button', { name: 'Submit task' }).tap();
    await page.getByRole('heading', { name: 'My count tasks' }).waitFor();
    await page.getByText(`Task ${tasks.a} submitted`).waitFor();
    await shot(page, '8-submitted');
    await context.close();

    // what the server holds
    const lines = (await api('GET', `/api/v1/counting/lines?taskId=${tasks.a}`)).items as { sku: string; countedQty: string; status: string }[];
    const by = Object.fromEntries(lines.map((l) => [l.sku, l]));
    assert.equal(by['CMA-GIZMO']?.countedQty, '38');
    assert.equal(by[a.items.bolt.sku]?.countedQty, '24', '2 cases of 12');
    assert.equal(by[a.items.flour.sku]?.countedQty, '0');
    const list = (await api('GET', `/api/v1/counting/tasks?site=${a.site.code}`)).items as { taskId: number; status: string }[];
    assert.equal(list.find((t) => t.taskId === tasks.a)?.status, 'completed');
  });

  it('counts three bins offline: the badge says 3, and back online the queue drains with each observation posted exactly once', async () => {
    const b = plants.b;
    const { context, page } = await phone();
    await signIn(page, 'bob');
    await openTask(page, tasks.b);
    await page.getByTestId(`line-${b.items.bolt.sku}`).waitFor();

    await context.setOffline(true);
    await page.getByText(/Offline: counts are kept on this phone/).waitFor();
    const counts: [string, string][] = [[b.items.bolt.sku, '11'], [b.items.flour.sku, '2.5'], [b.items.widget.sku, '7']];
    for (const [i, [sku, q]] of counts.entries()) {
      assert.equal(await currentBin(page, b.bins[i]?.code), b.bins[i]?.code);
      await page.getByTestId(`line-${sku}`).tap();
      const d = page.getByRole('dialog', { name: new RegExp(`${sku} in`) });
      await d.getByLabel('Quantity counted').fill(q);
      await d.getByRole('button', { name: 'Save count' }).tap();
      await d.waitFor({ state: 'hidden' });
      if (i < counts.length - 1) await page.getByRole('button', { name: 'Next bin' }).tap();
    }
    await page.getByTestId('queue-badge').getByText('3', { exact: true }).waitFor();
    assert.match((await page.getByTestId('sync-status').getAttribute('aria-label')) ?? '', /^3 counts wait to be sent \(offline\)/);
    await shot(page, '9-offline-queue');
    // the queue is on the device (IndexedDB), not only in memory
    const stored = await page.evaluate(() => new Promise<number>((resolve, reject) => {
      const w = globalThis as unknown as Browserish;
      const req = w.indexedDB.open('stockroom-offline');
      req.onsuccess = () => {
        const c = req.result.transaction('outbox').objectStore('outbox').count();
        c.onsuccess = () => resolve(c.result);
        c.onerror = () => reject(c.error);
      };
      req.onerror = () => reject(req.error);
    }));
    assert.equal(stored, 3);

    // Back online; the first batch reaches the server but its answer is lost on the way back.
    let batches = 0;
    await page.route('**/api/v1/counting/observations/batch', async (route) => {
      batches += 1;
      if (batches === 1) {
        const res = await route.fetch();
        assert.equal(res.status(), 200);
        await route.abort('connectionreset');
      } else await route.continue();
    });
    await context.setOffline(false);
    await page.getByTestId('queue-badge').waitFor({ state: 'detached', timeout: 20_000 });
    assert.ok(batches >= 2, `the queue was sent again after the lost answer (${batches} batches)`);
    await page.getByRole('status', { name: 'All counts sent' }).waitFor();
    await shot(page, '10-queue-drained');
    await context.close();

    const lines = (await api('GET', `/api/v1/counting/lines?taskId=${tasks.b}`)).items as { lineId: number; sku: string }[];
    assert.equal(lines.length, 3);
    for (const [sku, q] of counts) {
      const line = lines.find((l) => l.sku === sku);
      assert.ok(line, sku);
      const detail = await api('GET', `/api/v1/counting/lines/${line.lineId}`);
      assert.equal(detail.observations.length, 1, `${sku}: one observation, not ${detail.observations.length}`);
      assert.equal(detail.observations[0].qtyEntered, q, JSON.stringify(detail));
      assert.match(detail.observations[0].device ?? '', /^phone-/);
      assert.equal(detail.observations[0].qty, q, 'in the base unit');
    }
  });

  it('keeps a count the server refuses, shows its reason, and lets the counter discard it', async () => {
    const b = plants.b;
    const { context, page } = await phone();
    await signIn(page, 'bob');
    await openTask(page, tasks.b);
    await context.setOffline(true);
    // offline, an item not on the list can only be named by its SKU: the server judges it later
    await page.getByRole('button', { name: 'Not on list' }).tap();
    const d = page.getByRole('dialog', { name: `Item not on the list · ${b.bins[0].code}` });
    await d.getByLabel(/^SKU of the item/).fill('NO-SUCH-SKU');
    await d.getByRole('button', { name: 'Count NO-SUCH-SKU' }).tap();
    await d.getByLabel('Quantity counted').fill('4');
    await d.getByRole('button', { name: 'Save found item' }).tap();
    await d.waitFor({ state: 'hidden' });
    await page.getByText('Found here, not on the list: 4').waitFor();
    await page.getByTestId('queue-badge').getByText('1', { exact: true }).waitFor();
    await context.setOffline(false);
    const refused = page.getByTestId('rejected-count');
    await refused.waitFor();
    assert.match(await refused.innerText(), /NO-SUCH-SKU in CMB-A-01: 4/);
    assert.match(await refused.innerText(), /NO-SUCH-SKU/i);
    await page.getByTestId('rejected-badge').getByText('1', { exact: true }).waitFor();
    await page.getByTestId('queue-badge').waitFor({ state: 'detached' });
    await shot(page, '16-refused-count');
    await refused.getByRole('button', { name: 'Discard' }).tap();
    await refused.waitFor({ state: 'detached' });
    await page.getByTestId('rejected-badge').waitFor({ state: 'detached' });
    await context.close();
    const lines = (await api('GET', `/api/v1/counting/lines?taskId=${tasks.b}`)).items as unknown[];
    assert.equal(lines.length, 3, 'no line was added for the refused item');
  });

  it('blind: the book quantity is in no answer the page receives, in no page and not on the device', async () => {
    const c = plants.c;
    const book = (await api('GET', `/api/v1/stock/on-hand?item=${c.items.bolt.sku}&location=${c.bins[0].code}`)).qtyOnHand;
    assert.equal(book, BOOK, 'the bin really holds 7919 on the books');

    const { context, page } = await phone();
    const bodies: { url: string; body: string }[] = [];
    const urls: string[] = [];
    page.on('request', (r) => urls.push(`${r.method()} ${new URL(r.url()).pathname}`));
    page.on('response', async (r) => {
      try {
        bodies.push({ url: r.url(), body: await r.text() });
      } catch {
        /* redirects and aborted requests have no body */
      }
    });
    const htmls: string[] = [];
    const snapshot = async (name: string) => {
      htmls.push(await page.content());
      await shot(page, name);
    };

    // A counter going to the app's home lands on their tasks.
    await signIn(page, 'cat', '/');
    await page.waitForURL(/\/count$/);
    await snapshot('11-blind-tasks');
    await openTask(page, tasks.c);
    await page.getByText('Blind count: count what you find; the book quantity is not shown.').waitFor();
    await snapshot('12-blind-bin');
    await page.getByTestId(`line-${c.items.bolt.sku}`).tap();
    const d = page.getByRole('dialog', { name: new RegExp(`${c.items.bolt.sku} in`) });
    await d.getByLabel('Quantity counted').fill('7000');
    await snapshot('13-blind-count');
    await d.getByRole('button', { name: 'Save count' }).tap();
    await d.waitFor({ state: 'hidden' });
    await page.getByRole('status', { name: 'All counts sent' }).waitFor();
    await snapshot('14-blind-counted');
    await page.getByRole('button', { name: 'Submit task' }).tap();
    await page.getByRole('dialog', { name: `Submit task ${tasks.c}?` }).getByRole('button', { name: 'Submit task' }).tap();
    await page.getByText(`Task ${tasks.c} submitted`).waitFor();
    await snapshot('15-blind-submitted');
    const stored = await page.evaluate(() => new Promise<string>((resolve, reject) => {
      const w = globalThis as unknown as Browserish;
      const req = w.indexedDB.open('stockroom-offline');
      req.onsuccess = () => {
        const tx = req.result.transaction(['outbox', 'cache']);
        const a = tx.objectStore('cache').getAll();
        const b = tx.objectStore('outbox').getAll();
        tx.oncomplete = () => resolve(JSON.stringify([a.result, b.result]) + JSON.stringify({ ...w.localStorage }) + JSON.stringify({ ...w.sessionStorage }));
        tx.onerror = () => reject(tx.error);
      };
      req.onerror = () => reject(req.error);
    }));
    await context.close();

    const apiBodies = bodies.filter((b) => new URL(b.url).pathname.startsWith('/api/'));
    assert.ok(apiBodies.some((b) => /\/counting\/tasks\/\d+$/.test(new URL(b.url).pathname)), 'the task sheet was read');
    assert.ok(stored.includes(c.items.bolt.sku), 'the sheet is saved on the device');
    for (const b of bodies) assert.doesNotMatch(b.body, BOOK_RE, `the answer of ${b.url} carries the book quantity`);
    for (const h of htmls) assert.doesNotMatch(h, BOOK_RE, 'a page shows the book quantity');
    assert.doesNotMatch(stored, BOOK_RE, 'the device keeps the book quantity');
    const apiCalls = [...new Set(urls.filter((u) => u.includes(' /api/')))];
    const allowed = [/^GET \/api\/v1\/auth\/me$/, /^POST \/api\/v1\/auth\/login$/, /^GET \/api\/v1\/counting\/my-tasks$/, /^GET \/api\/v1\/counting\/tasks\/\d+$/, /^GET \/api\/v1\/items\/[^/]+$/, /^POST \/api\/v1\/counting\/observations\/batch$/, /^POST \/api\/v1\/counting\/tasks\/\d+\/submit$/];
    for (const u of apiCalls) assert.ok(allowed.some((re) => re.test(u)), `the counter's page called ${u}`);
    assert.ok(!apiCalls.some((u) => /\/(stock|movements|reports|counting\/lines)/.test(u)));
  });
});
