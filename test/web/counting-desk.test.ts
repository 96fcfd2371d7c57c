// The cycle counting desk in Chromium, against the real server (in-process, port 0) with real users per
// role: each role signs in and sees only its navigation; a count flagged, recounted and confirmed
// through the API becomes an investigation that the investigator completes in the browser; the
// supervisor's approval of the over-limit correction is answered "routed to an inventory manager";
// the inventory manager approves it and the stock list shows the corrected quantity; the count report
// downloads as CSV and PDF. Screenshots of each screen go to test-results/screens/desk-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { App } from '../../src/http/app.js';
import { inTx } from '../../src/db/db.js';
import { systemCtx } from '../../src/kernel/context.js';
import { createToken, createUser, ROLE_PERMISSIONS, type Role } from '../../src/modules/access/index.js';
import { testDb, type TestDb } from '../support/db.js';
import { buildPlant, type Plant } from '../support/catalog-builders.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing, ensureWebBuilt, SCREENS, serveWeb } from './web-support.js';

const PASSWORD = 'desk-test-Passw0rd!';
const skip = chromiumMissing();

const USERS: Record<string, Role> = {
  ada: 'admin', max: 'inventory_manager', sue: 'supervisor', ivy: 'investigator', aud: 'auditor', pat: 'planner', sam: 'storekeeper', ann: 'counter', bob: 'counter',
};

// Every navigation entry this test knows of; entries added later by other screens are not judged here.
const INVENTORY = ['Dashboard', 'Items', 'Locations', 'Lots', 'Stock on hand', 'Movements'];
const KNOWN = new Set([
  ...INVENTORY, 'Post a movement', 'Variance review', 'Approvals', 'Investigations', 'Count schedule', 'Assignment board', 'Count policy',
  'Valuation', 'Count report', 'Count history', 'Audit log', 'Users and roles', 'API tokens',
]);
const EXPECTED_NAV: Record<string, string[]> = {
  admin: [...INVENTORY, 'Post a movement', 'Variance review', 'Approvals', 'Investigations', 'Count schedule', 'Assignment board', 'Count policy', 'Valuation', 'Count report', 'Count history', 'Audit log', 'Users and roles', 'API tokens'],
  inventory_manager: [...INVENTORY, 'Variance review', 'Approvals', 'Count schedule', 'Assignment board', 'Count policy', 'Valuation', 'Count report', 'Count history', 'Audit log'],
  supervisor: [...INVENTORY, 'Variance review', 'Approvals', 'Count schedule', 'Assignment board', 'Valuation', 'Count report', 'Count history'],
  investigator: [...INVENTORY, 'Variance review', 'Investigations', 'Count schedule'],
  auditor: [...INVENTORY, 'Variance review', 'Count schedule', 'Valuation', 'Count report', 'Count history', 'Audit log'],
  planner: [...INVENTORY, 'Valuation', 'Count report', 'Count history'],
  storekeeper: [...INVENTORY, 'Post a movement'],
};

describe('cycle counting desk in Chromium', { skip, timeout: 300_000 }, () => {
  let db: TestDb;
  let app: App;
  let base: string;
  let browser: Browser;
  let plant: Plant;
  const users: Record<string, { id: number; token: string }> = {};
  let correctionId = 0;
  let investigationId = 0;
  let lineId = 0;

  async function api(who: string, method: string, url: string, body?: unknown): Promise<{ status: number; json: any }> {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${users[who]!.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  }

  async function ok(who: string, method: string, url: string, body?: unknown): Promise<any> {
    const r = await api(who, method, url, body);
    assert.ok(r.status >= 200 && r.status < 300, `${who} ${method} ${url} → ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  }

  before(async () => {
    ensureWebBuilt();
    fs.mkdirSync(SCREENS, { recursive: true });
    db = await testDb();
    plant = await buildPlant(db, { prefix: 'DSK' });
    await inTx(db, async (tx) => {
      const ctx = systemCtx('test:web-desk');
      for (const [name, role] of Object.entries(USERS)) {
        const u = await createUser(tx, ctx, { username: name, displayName: `${name.toUpperCase()} ${role.replace(/_/g, ' ')}`, password: PASSWORD, roles: [{ role }] });
        users[name] = { id: u.id, token: (await createToken(tx, ctx, { name: `${name}-api`, scopes: [...ROLE_PERMISSIONS[role]], expires: null, userId: u.id })).token };
      }
    });
    ({ app, base } = await serveWeb(db));

    // A flagged count and a recount that confirms it, through the API, each step by its role.
    const bolt = plant.items.bolt.sku;
    const bin = plant.bins[0].code;
    await ok('ada', 'POST', '/api/v1/movements', { type: 'receipt', sourceDoc: 'PO-7919', lines: [{ item: bolt, qty: '7919', to: bin, unitCost: '2.00' }, { item: plant.items.flour.sku, qty: '40', to: plant.bins[1].code, unitCost: '1.10' }] });
    await ok('max', 'PUT', `/api/v1/counting/policy/${plant.site.code}`, { supervisorLimit: '500.00', blindCounts: true });
    await ok('max', 'POST', '/api/v1/counting/tolerance-rules', { name: 'Plant default', scope: 'default', autoAccept: { qty: '1' }, recount: { pct: '2' }, investigate: { pct: '10' } });
    for (const name of ['ann', 'bob']) {
      await ok('sue', 'PUT', `/api/v1/counting/counters/${users[name]!.id}`, { displayName: name === 'ann' ? 'Ann Counter' : 'Bob Counter', skillLevel: 3, homeZones: [plant.zone.code], dailyCapacityMinutes: 420 });
    }
    const task = await ok('sue', 'POST', '/api/v1/counting/adhoc', { site: plant.site.code, by: 'bin', target: bin, counterUserId: users.ann!.id });
    const sheet = await ok('ann', 'GET', `/api/v1/counting/tasks/${task.taskId}`);
    lineId = sheet.lines[0].lineId;
    await ok('ann', 'POST', `/api/v1/counting/tasks/${task.taskId}/observations`, { lineId, qty: '7000', device: 'tab-1' });
    await ok('ann', 'POST', `/api/v1/counting/tasks/${task.taskId}/submit`);
    const recountTask = (await ok('bob', 'GET', '/api/v1/counting/my-tasks')).items[0].taskId;
    const recountSheet = await ok('bob', 'GET', `/api/v1/counting/tasks/${recountTask}`);
    await ok('bob', 'POST', `/api/v1/counting/tasks/${recountTask}/observations`, { lineId: recountSheet.lines[0].lineId, qty: '7000', device: 'tab-2' });
    await ok('bob', 'POST', `/api/v1/counting/tasks/${recountTask}/submit`);
    const inv = (await ok('ivy', 'GET', '/api/v1/counting/investigations?mine=true')).items;
    assert.equal(inv.length, 1, 'the confirmed recount opened an investigation for the investigator');
    investigationId = inv[0].id;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB', timezoneId: 'UTC', acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    return page;
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SCREENS, `desk-${name}.png`), fullPage: true });
  }

  async function signIn(page: Page, username: string): Promise<void> {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('User name').fill(username);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  }

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Screens' });

  it('signs in each role and shows it only its navigation', async () => {
    for (const [name, role] of Object.entries(USERS)) {
      if (role === 'counter' || !EXPECTED_NAV[role]) continue;
      const page = await newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await signIn(page, name);
      const links = (await nav(page).getByRole('link').allInnerTexts()).map((s) => s.trim());
      const expected = EXPECTED_NAV[role]!;
      assert.deepEqual(links.filter((l) => KNOWN.has(l)), expected, `${role}'s navigation`);
      await page.getByRole('button', { name: `Account: ${name.toUpperCase()}` }).waitFor();
      await page.waitForLoadState('networkidle');
      await shot(page, `nav-${role}`);
      assert.deepEqual(errors, [], `${role}: no script errors`);
      await page.context().close();
    }
  });

  it('supervisor reviews the flagged line: labelled shortage, recount side by side', async () => {
    const page = await newPage();
    await signIn(page, 'sue');
    await nav(page).getByRole('link', { name: 'Variance review' }).click();
    const table = page.getByRole('table', { name: 'Count lines for review' });
    const row = table.getByRole('row').filter({ hasText: plant.items.bolt.sku }).filter({ hasText: 'recount ' }).first();
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /Shortage 919 each/, 'the variance names its direction');
    assert.match(text, /11\.6\d % short/);
    assert.match(text, /1,838\.00 short/);
    assert.doesNotMatch(text, /−919|-919/, 'no bare sign');
    await shot(page, 'variance-review');
    await row.getByRole('link', { name: new RegExp(`^Line ${lineId},`) }).click();
    await page.getByRole('heading', { name: `Count line ${lineId}` }).waitFor();
    const side = page.getByRole('table', { name: 'First count and recount' });
    await side.getByRole('columnheader', { name: /Recount \(line \d+\)/ }).waitFor();
    const countedRow = side.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Counted', exact: true }) });
    const counted = (await countedRow.getByRole('cell').allInnerTexts()).map((s) => s.trim());
    assert.deepEqual(counted, ['7,000 each', '7,000 each'], 'first count and recount agree');
    await page.getByRole('table', { name: 'Observations' }).getByRole('row', { name: /Ann Counter/ }).waitFor();
    await shot(page, 'line-detail');
    await page.context().close();
  });

  it('investigator completes the investigation form in the browser', async () => {
    const page = await newPage();
    await signIn(page, 'ivy');
    await nav(page).getByRole('link', { name: 'Investigations' }).click();
    await page.getByRole('link', { name: `Investigation ${investigationId}` }).click();
    await page.getByRole('heading', { name: `Investigation ${investigationId}` }).waitFor();
    // the evidence gathered: the recount, the movements since the last count
    await page.getByRole('table', { name: 'Recounts' }).getByRole('row').nth(1).waitFor();
    await page.getByRole('table', { name: 'Movements since the last count' }).getByRole('row', { name: /PO-7919/ }).waitFor();
    await page.getByText(/^Shortage 919$/).first().waitFor();

    await page.getByRole('checkbox', { name: 'Theft' }).check();
    await page.getByRole('checkbox', { name: 'Miscount' }).check();
    await page.getByRole('textbox', { name: 'Evidence', exact: true }).fill('Cage door found open; two cases missing from the pallet.');
    await page.getByRole('button', { name: 'Add corrective action' }).click();
    await page.getByLabel('Action 1: what').fill('Move bolts to the locked cage');
    await page.getByLabel('Action 1: owner').fill('sue');
    await page.getByLabel('Action 1: due').fill('2026-12-01');
    await page.locator('input[type="file"]').setInputFiles({ name: 'cage-door.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('jpeg bytes of the cage door') });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('link', { name: 'cage-door.jpg' }).waitFor();
    await page.getByRole('textbox', { name: /^Conclusion/ }).fill('Loss confirmed: 919 bolts missing.');
    await shot(page, 'investigation-form');
    await page.getByRole('button', { name: 'Complete investigation' }).click();
    const done = page.getByText(/Correction \d+ is proposed and waits for approval/);
    await done.waitFor();
    correctionId = Number(/Correction (\d+)/.exec(await done.innerText())![1]);
    await page.getByText('This investigation is completed.').waitFor();
    await shot(page, 'investigation-completed');

    const inv = await ok('ivy', 'GET', `/api/v1/counting/investigations/${investigationId}`);
    assert.equal(inv.status, 'completed');
    assert.deepEqual([...inv.causes].sort(), ['miscount', 'theft']);
    assert.deepEqual(inv.correctiveActions, [{ what: 'Move bolts to the locked cage', owner: 'sue', due: '2026-12-01' }]);
    assert.equal(inv.attachments.length, 1);
    await page.context().close();
  });

  it('supervisor: the over-limit correction is routed to an inventory manager', async () => {
    assert.ok(correctionId > 0);
    const page = await newPage();
    await signIn(page, 'sue');
    await nav(page).getByRole('link', { name: 'Approvals' }).click();
    const row = page.getByRole('table', { name: 'Count corrections' }).getByRole('row').filter({ hasText: plant.items.bolt.sku });
    await row.waitFor();
    assert.match(await row.innerText(), /Remove 919 \(shortage\)/);
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/counting/corrections/${correctionId}/approve`)),
      page.getByRole('button', { name: `Approve correction ${correctionId}` }).click(),
    ]);
    assert.equal(res.status(), 403);
    await row.getByText(/Routed to an inventory manager/).waitFor();
    await shot(page, 'approval-routed');
    await page.context().close();
  });

  it('inventory manager: notifications, approval in the browser, corrected quantity in the stock list', async () => {
    const page = await newPage();
    await signIn(page, 'max');
    const bell = page.getByRole('button', { name: /^Notifications: \d+ unread$/ });
    await bell.waitFor();
    await page.getByRole('link', { name: /Flagged variances waiting: / }).waitFor();
    await page.getByRole('list', { name: 'Recent notifications' }).getByRole('listitem').first().waitFor();
    await shot(page, 'dashboard-manager');
    await bell.click();
    const dialog = page.getByRole('dialog', { name: 'Notifications' });
    await dialog.getByRole('button', { name: /^Unread: / }).first().waitFor();
    await shot(page, 'notifications-bell');
    await dialog.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByRole('button', { name: 'Notifications: none unread' }).waitFor();
    await page.keyboard.press('Escape');

    await nav(page).getByRole('link', { name: 'Approvals' }).click();
    await page.getByRole('button', { name: `Approve correction ${correctionId}` }).click();
    await page.getByText(/Approved and posted as movement \d+/).waitFor();
    await shot(page, 'approval-posted');

    await nav(page).getByRole('link', { name: 'Stock on hand' }).click();
    await page.getByLabel('Search').fill('BOLT');
    const table = page.getByRole('table', { name: 'Stock on hand' });
    await table.getByRole('row').filter({ hasText: plant.items.flour.sku }).waitFor({ state: 'detached' });
    const cells = (await table.getByRole('row').filter({ hasText: plant.items.bolt.sku }).getByRole('cell').allInnerTexts()).map((s) => s.trim());
    assert.equal(cells[2], plant.bins[0].code);
    assert.equal(cells[5], '7,000 each', 'the correction removed the 919 missing bolts');
    await shot(page, 'stock-corrected');
    await page.context().close();
  });

  it('count report downloads as CSV and PDF; history charts; the other desk screens render', async () => {
    const page = await newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, 'max');
    await nav(page).getByRole('link', { name: 'Count report' }).click();
    await page.getByRole('table', { name: 'Count report' }).getByRole('row').filter({ hasText: plant.items.bolt.sku }).first().waitFor();
    for (const [label, type] of [['Download CSV', 'text/csv'], ['Download PDF', 'application/pdf']] as const) {
      const [res, download] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/api/v1/reports/counts?') && r.url().includes(`format=${label.endsWith('CSV') ? 'csv' : 'pdf'}`)),
        page.waitForEvent('download'),
        page.getByRole('button', { name: label }).click(),
      ]);
      assert.equal(res.status(), 200);
      assert.ok((res.headers()['content-type'] ?? '').startsWith(type), `${label}: ${res.headers()['content-type']}`);
      const file = await download.path();
      const bytes = fs.readFileSync(file!);
      if (type === 'application/pdf') assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
      else assert.match(bytes.toString('utf8'), new RegExp(plant.items.bolt.sku));
      assert.match(download.suggestedFilename(), label.endsWith('CSV') ? /\.csv$/ : /\.pdf$/);
    }
    await page.getByRole('status').filter({ hasText: /Downloaded .*\.pdf \(application\/pdf/ }).waitFor();
    await shot(page, 'count-report');

    await nav(page).getByRole('link', { name: 'Count history' }).click();
    await page.getByRole('table', { name: 'Counter performance' }).getByRole('row', { name: /Ann Counter/ }).waitFor();
    await page.getByRole('table', { name: 'Investigation causes' }).getByRole('row', { name: /Theft/ }).waitFor();
    await page.waitForTimeout(500); // chart animation
    await shot(page, 'count-history');

    await nav(page).getByRole('link', { name: 'Count policy' }).click();
    await page.getByRole('table', { name: 'Tolerance rules' }).getByRole('row', { name: /Plant default/ }).waitFor();
    assert.equal(await page.getByLabel('Supervisor approval limit (value)').inputValue(), '500.00');
    await page.getByRole('button', { name: 'Edit rule Plant default' }).click();
    await page.getByRole('dialog').getByLabel('Recount: Percent of system qty').waitFor();
    assert.equal(await page.getByRole('dialog').getByLabel('Recount: Percent of system qty').inputValue(), '2');
    await shot(page, 'policy-rule-editor');
    await page.keyboard.press('Escape');
    await shot(page, 'policy');

    await nav(page).getByRole('link', { name: 'Count schedule' }).click();
    await page.getByRole('button', { name: 'Generate schedule' }).click();
    await page.getByText(/^Schedule \d+: \d+ lines for \d+ item-locations/).waitFor();
    const periodEnd = await page.getByLabel('Period end', { exact: true }).inputValue();
    const dayCell = page.getByRole('grid').getByRole('button', { name: /: [1-9]\d* lines?/ }).first();
    await dayCell.click();
    await page.getByRole('table', { name: /^Lines planned for / }).getByRole('row').nth(1).waitFor();
    await shot(page, 'schedule');

    await nav(page).getByRole('link', { name: 'Assignment board' }).click();
    await page.getByLabel('Day', { exact: true }).fill(periodEnd);
    await page.getByRole('button', { name: 'Assign this day' }).click();
    await page.getByText(/^\d+ tasks? assigned$/).waitFor();
    await page.getByRole('region', { name: 'Tasks of Ann Counter' }).or(page.locator('section[aria-label="Tasks of Ann Counter"]')).first().waitFor();
    await shot(page, 'assignment-board');
    await page.getByRole('tab', { name: 'Counter profiles' }).click();
    await page.getByRole('table', { name: 'Counter profiles' }).getByRole('row', { name: /Bob Counter/ }).waitFor();
    await shot(page, 'counter-profiles');

    await page.goto(`${base}/notifications`);
    await page.getByRole('table', { name: 'Notifications' }).getByRole('row').nth(1).waitFor();
    await shot(page, 'notifications');
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
