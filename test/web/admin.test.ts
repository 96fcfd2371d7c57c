// The audit log and the administration screens in Chromium, against the real server: the auditor lists
// events, exports them as CSV and verifies that the hash chain is intact; the admin creates a user with
// a role limited to a site, and an API token that is shown once, works, and stops working when revoked.
// Screenshots go to test-results/screens/admin-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { App } from '../../src/http/app.js';
import { inTx } from '../../src/db/db.js';
import { systemCtx } from '../../src/kernel/context.js';
import { createUser, PERMISSIONS as SERVER_PERMISSIONS, ROLES as SERVER_ROLES } from '../../src/modules/access/index.js';
import { PERMISSIONS, ROLES } from '../../web/src/modules/admin/model.js';
import { testDb, type TestDb } from '../support/db.js';
import { buildPlant, type Plant } from '../support/catalog-builders.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing, ensureWebBuilt, SCREENS, serveWeb } from './web-support.js';

const PASSWORD = 'admin-test-Passw0rd!';
const skip = chromiumMissing();

describe('admin screens: lists of roles and permissions', () => {
  it('the forms offer exactly the server\'s roles and permissions', () => {
    assert.deepEqual([...ROLES], [...SERVER_ROLES]);
    assert.deepEqual([...PERMISSIONS], [...SERVER_PERMISSIONS]);
  });
});

describe('audit log and administration in Chromium', { skip, timeout: 240_000 }, () => {
  let db: TestDb;
  let app: App;
  let base: string;
  let browser: Browser;
  let plant: Plant;

  before(async () => {
    ensureWebBuilt();
    fs.mkdirSync(SCREENS, { recursive: true });
    db = await testDb();
    plant = await buildPlant(db, { prefix: 'ADM' });
    await inTx(db, async (tx) => {
      const ctx = systemCtx('test:web-admin');
      await createUser(tx, ctx, { username: 'root', displayName: 'Rita Admin', password: PASSWORD, roles: [{ role: 'admin' }] });
      await createUser(tx, ctx, { username: 'audra', displayName: 'Audra Auditor', password: PASSWORD, roles: [{ role: 'auditor' }] });
    });
    ({ app, base } = await serveWeb(db));
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
    await page.screenshot({ path: path.join(SCREENS, `admin-${name}.png`), fullPage: true });
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

  it('admin creates a user with a site-limited role, and a token shown once that works until revoked', async () => {
    const page = await newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, 'root');
    await nav(page).getByRole('link', { name: 'Users and roles' }).click();
    await page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /audra/ }).waitFor();
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('User name').fill('nina');
    await dialog.getByLabel('Display name').fill('Nina Supervisor');
    await dialog.getByLabel('Password', { exact: true }).fill('Floor-Passw0rd-2026!');
    await dialog.getByRole('button', { name: 'Add role' }).click();
    await dialog.getByRole('combobox', { name: 'Role 1', exact: true }).click();
    await page.getByRole('option', { name: 'Supervisor' }).click();
    await dialog.getByRole('combobox', { name: 'Role 1: sites' }).click();
    await page.getByRole('option', { name: new RegExp(`^${plant.site.code} · `) }).click();
    await dialog.getByText('Roles', { exact: true }).click(); // closes the dropdown (Escape would close the dialog)
    await shot(page, 'new-user');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    const row = page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /nina/ });
    await Promise.race([
      row.waitFor(),
      dialog.getByRole('alert').waitFor().then(async () => assert.fail(`user not created: ${await dialog.getByRole('alert').innerText()}`)),
    ]);
    assert.match(await row.innerText(), new RegExp(`Supervisor: ${plant.site.code}`, 'i'));
    await shot(page, 'users');
    await page.getByRole('tab', { name: 'Roles' }).click();
    await page.getByRole('table', { name: 'Roles' }).getByRole('row', { name: new RegExp(`Supervisor.*nina \\(${plant.site.code}\\)`) }).waitFor();
    await shot(page, 'roles');

    await nav(page).getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('button', { name: 'New token' }).click();
    const form = page.getByRole('dialog', { name: 'New API token' });
    await form.getByRole('textbox', { name: /^Name/ }).fill('ERP nightly sync');
    await form.getByRole('combobox', { name: 'Scopes' }).click();
    await page.getByRole('option', { name: 'ledger.read', exact: true }).click();
    await page.getByRole('option', { name: 'catalog.read', exact: true }).click();
    await form.getByRole('textbox', { name: /^Name/ }).click();
    await form.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('dialog', { name: /Token "ERP nightly sync" created/ });
    await shown.getByText('Shown this once').waitFor();
    const secret = (await shown.getByTestId('secret').innerText()).trim();
    assert.ok(secret.length > 20, 'the token itself is shown');
    await page.waitForTimeout(500); // the modals' transitions
    await shot(page, 'token-created');
    let r = await fetch(`${base}/api/v1/stock`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(r.status, 200, 'the token works');
    await shown.getByRole('button', { name: 'Close' }).click();
    await shown.waitFor({ state: 'detached' });
    const row2 = page.getByRole('table', { name: 'API tokens' }).getByRole('row', { name: /ERP nightly sync/ });
    await row2.waitFor();
    assert.ok(!(await page.content()).includes(secret), 'once closed, the token is nowhere on the page');
    await shot(page, 'tokens');
    page.once('dialog', (d) => void d.accept());
    await row2.getByRole('button', { name: 'Revoke token ERP nightly sync' }).click();
    await row2.waitFor({ state: 'detached' });
    r = await fetch(`${base}/api/v1/stock`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(r.status, 401, 'a revoked token stops working at once');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('auditor lists audit events, exports them as CSV and verifies the chain', async () => {
    const page = await newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, 'audra');
    const links = (await nav(page).getByRole('link').allInnerTexts()).map((s) => s.trim());
    assert.ok(links.includes('Audit log') && !links.includes('Users and roles') && !links.includes('API tokens') && !links.includes('Post a movement'), links.join(', '));
    await nav(page).getByRole('link', { name: 'Audit log' }).click();
    const table = page.getByRole('table', { name: 'Audit events' });
    await table.getByRole('row', { name: /user\.create/ }).first().waitFor();
    assert.ok((await table.getByRole('row').count()) > 3, 'events are listed');
    await page.getByLabel('Action').fill('auth.');
    await table.getByRole('row', { name: /user\.create/ }).first().waitFor({ state: 'detached' });
    await table.getByRole('row', { name: /auth\.login/ }).first().waitFor();
    await table.getByRole('row', { name: /auth\.login/ }).first().getByText('Before and after').click();
    const [res, download] = await Promise.all([
      page.waitForResponse((x) => x.url().includes('/api/v1/audit/export.csv')),
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    assert.equal(res.status(), 200);
    assert.ok((res.headers()['content-type'] ?? '').startsWith('text/csv'), res.headers()['content-type']);
    assert.ok(res.url().includes('action=auth.'), 'the export carries the filters');
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    assert.match(csv, /auth\.login/);
    assert.doesNotMatch(csv, /user\.create/);

    await page.getByRole('button', { name: 'Verify chain' }).click();
    const intact = page.getByRole('status').filter({ hasText: 'Chain intact' });
    await intact.waitFor();
    assert.match(await intact.innerText(), /All \d+ records check out/);
    await shot(page, 'audit-log');
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
