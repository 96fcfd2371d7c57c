// The report routes through the test app: JSON pages, CSV and PDF downloads, the history for
// charts, bad filters as problem details, and who may read them.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { testDb, type TestDb } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';
import { makeSite } from '../support/catalog-builders.js';
import { buildCountHistory, type CountHistoryFixture } from './reporting-fixture.js';
import { pdfPages } from './pdf-text.js';

let db: TestDb;
let fx: CountHistoryFixture;
let t: TestApp;
let otherSite: string;
const q = (extra = '') => `/api/v1/reports/counts?site=${fx.site}&from=2026-03-01&to=2026-04-30${extra}`;

before(async () => {
  db = await testDb();
  fx = await buildCountHistory(db);
  otherSite = (await makeSite(db, { code: 'R2' })).code;
  t = await testApp(db);
});
after(async () => {
  await t.close();
  await db.drop();
});

describe('GET /api/v1/reports/counts', () => {
  test('JSON: rows with the recount beside the first count, totals of the whole filter, cursor pages', async () => {
    const r = await t.inject(q('&limit=4'));
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.equal(body.items.length, 4);
    assert.ok(body.nextCursor);
    assert.deepEqual([body.totals.linesCounted, body.totals.linesFlagged, body.totals.accuracyByCountPct, body.totals.accuracyByValuePct, body.totals.shortageValue], [10, 4, '60.00', '94.30', '198.80']);
    const ids: number[] = body.items.map((i: { lineId: number }) => i.lineId);
    let cursor: string | null = body.nextCursor;
    while (cursor) {
      const next = (await t.inject(q(`&limit=4&cursor=${encodeURIComponent(cursor)}`))).json();
      ids.push(...next.items.map((i: { lineId: number }) => i.lineId));
      cursor = next.nextCursor;
    }
    assert.deepEqual(ids, Object.values(fx.line));
    const all = (await t.inject(q())).json();
    const r3 = all.items.find((i: { lineId: number }) => i.lineId === fx.line.R3);
    assert.deepEqual([r3.first.countedQty, r3.first.shortageQty, r3.recount.countedQty, r3.recount.shortageQty, r3.status], ['36', '4', '40', '0', 'accepted']);
  });

  test('per task', async () => {
    const r = await t.inject(`/api/v1/reports/counts?taskId=${fx.task.aprilB}`);
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.deepEqual(body.items.map((i: { lineId: number }) => i.lineId), [fx.line.R9, fx.line.R10]);
    assert.equal(body.filter.site, fx.site);
    assert.deepEqual([body.totals.linesCounted, body.totals.linesFlagged, body.totals.accuracyByCountPct], [2, 2, '0.00']);
  });

  test('CSV download parses back with direction-named headers', async () => {
    const r = await t.inject(q('&format=csv'));
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /^text\/csv/);
    assert.match(String(r.headers['content-disposition']), /attachment; filename="count-report-R1-2026-03-01-2026-04-30\.csv"/);
    const rows = parse(r.body, { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 10);
    const r4 = rows.find((x) => x['Line ID'] === String(fx.line.R4)) as Record<string, string>;
    assert.deepEqual([r4['Shortage qty (system − counted)'], r4['Shortage value (system − counted)'], r4['Variance status'], r4['Recount qty']], ['30', '60.00', 'flagged for investigation', '170']);
  });

  test('PDF download', async () => {
    const r = await t.inject({ method: 'GET', url: q('&format=pdf&zone=R1-B') });
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'application/pdf');
    const text = (await pdfPages(r.rawPayload)).join(' ');
    assert.ok(text.includes('R1-B-01') && text.includes(fx.sku.flour) && !text.includes('R1-A-01'), 'zone B only');
    assert.match(text, /Lines counted \(first counts\) 4/);
    assert.match(text, /Accuracy by count 25\.00%/);
  });

  test('bad filters answer 4xx problem details naming the field', async () => {
    const cases: [string, number, string, string][] = [
      ['/api/v1/reports/counts', 422, 'report.bad_filter', 'site'],
      [`/api/v1/reports/counts?site=${fx.site}&from=2026-03-01`, 422, 'report.bad_filter', 'to'],
      [`/api/v1/reports/counts?site=${fx.site}&from=2026-04-01&to=2026-03-01&format=csv`, 422, 'report.bad_filter', 'to'],
      [`/api/v1/reports/counts?site=${fx.site}&from=2026-03-01&to=2026-03-31&zone=${fx.binB}&format=pdf`, 422, 'report.bad_filter', 'zone'],
      ['/api/v1/reports/counts?taskId=999999', 404, 'report.task_not_found', 'taskId'],
      [`/api/v1/reports/counts?taskId=${fx.task.marchA}&site=${otherSite}`, 422, 'report.bad_filter', 'site'],
    ];
    for (const [url, status, code, field] of cases) {
      const r = await t.inject(url);
      assert.equal(r.statusCode, status, `${url}: ${r.body}`);
      assert.equal(r.json().code, code, url);
      assert.equal(r.json().errors[0].field, field, url);
    }
    const r = await t.inject(q('&format=xlsx'));
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().code, 'request.validation');
    const c = await t.inject(q('&cursor=garbage'));
    assert.equal(c.statusCode, 422);
    assert.equal(c.json().code, 'request.invalid_cursor');
  });

  test('who may read: supervisors and auditors yes, counters no, a site-limited user only their site', async () => {
    assert.equal((await t.injectAs('supervisor', q())).statusCode, 200);
    assert.equal((await t.injectAs('auditor', q('&format=csv'))).statusCode, 200);
    const counter = await t.injectAs('counter', q());
    assert.equal(counter.statusCode, 403);
    assert.equal((await t.injectAs('anonymous', q())).statusCode, 401);
    const limited = await t.injectAs({ roles: ['supervisor'], sites: [otherSite] }, q());
    assert.equal(limited.statusCode, 403, limited.body);
    assert.equal(limited.json().code, 'access.site_forbidden');
  });
});

describe('GET /api/v1/reports/count-history', () => {
  test('accuracy over time, trends, Pareto and counter performance, with notes', async () => {
    const r = await t.inject(`/api/v1/reports/count-history?site=${fx.site}&from=2026-03-01&to=2026-04-30&granularity=week&by=zone,counter`);
    assert.equal(r.statusCode, 200, r.body);
    const h = r.json();
    assert.equal(h.granularity, 'week');
    assert.deepEqual(h.accuracy.map((p: { period: string; accuracyByValuePct: string }) => [p.period, p.accuracyByValuePct]), [['2026-W10', '90.97'], ['2026-W15', '97.75']]);
    assert.deepEqual(Object.keys(h.trends).sort(), ['counter', 'zone']);
    assert.deepEqual(h.pareto.causes.map((c: { cause: string; cumulativePct: string }) => [c.cause, c.cumulativePct]), [['picking', '66.67'], ['data_entry', '100.00']]);
    assert.equal(h.counters[0].counter.name, 'Ann');
    assert.equal(h.counters[0].recountDisagreementRatePct, '66.67');
    assert.ok(h.notes.some((n: string) => /recount lines are excluded/.test(n)));
  });

  test('defaults to months and all four trend dimensions; bad input is refused', async () => {
    const h = (await t.inject(`/api/v1/reports/count-history?site=${fx.site}&from=2026-03-01&to=2026-04-30`)).json();
    assert.equal(h.granularity, 'month');
    assert.deepEqual(Object.keys(h.trends).sort(), ['counter', 'item', 'location', 'zone']);
    assert.equal((await t.inject(`/api/v1/reports/count-history?site=${fx.site}&from=2026-03-01&to=2026-04-30&by=shelf`)).statusCode, 400);
    assert.equal((await t.inject(`/api/v1/reports/count-history?site=${fx.site}&from=2026-03-01`)).statusCode, 400);
    const bad = await t.inject(`/api/v1/reports/count-history?site=${fx.site}&from=2026-05-01&to=2026-03-01`);
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().code, 'report.bad_filter');
    assert.equal((await t.injectAs('counter', `/api/v1/reports/count-history?site=${fx.site}&from=2026-03-01&to=2026-04-30`)).statusCode, 403);
  });
});
