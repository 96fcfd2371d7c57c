import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDb } from '../support/db.js';
import { testApp } from '../support/app.js';
import { makeSite } from '../support/catalog-builders.js';

test('the audit trail is read whole or not at all: an auditor limited to a site is refused', async () => {
  const db = await testDb();
  const t = await testApp(db);
  const site = await makeSite(db, { code: 'AUD-SITE', name: 'Audited plant' });
  for (const url of ['/api/v1/audit', '/api/v1/audit/export.csv', '/api/v1/audit/verify']) {
    const limited = await t.injectAs({ roles: ['auditor'], sites: [site.code] }, url);
    assert.equal(limited.statusCode, 403, url);
    assert.equal(limited.json().code, 'access.site_forbidden');
    const whole = await t.injectAs('auditor', url);
    assert.equal(whole.statusCode, 200, `${url}: ${whole.body.slice(0, 200)}`);
  }
  await t.close();
  await db.drop();
});
