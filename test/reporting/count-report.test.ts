// The count report (seed 000 step 11) and the count history (step 13) over a two-month history built
// through the real counting commands (see reporting-fixture.ts for the hand-checked figures).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse/sync';
import { testDb, type TestDb } from '../support/db.js';
import {
  countHistory, countReportCsv, countReportPdf, countReportRows, countReportTotals, getCountReport, resolveCountFilter, type CountReportRow,
} from '../../src/modules/reporting/index.js';
import { ANN, BOB, CID, buildCountHistory, type CountHistoryFixture } from './reporting-fixture.js';
import { pdfPages } from './pdf-text.js';

let db: TestDb;
let fx: CountHistoryFixture;
const period = () => ({ site: fx.site, from: '2026-03-01', to: '2026-04-30' });

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function bytesOf(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pipeline(stream, new Writable({ write(c, _e, cb) { chunks.push(Buffer.from(c)); cb(); } }));
  return Buffer.concat(chunks);
}

before(async () => {
  db = await testDb();
  fx = await buildCountHistory(db);
});
after(async () => db.drop());

describe('count report rows', () => {
  test('one row per first count with every field of step 11, shortage = system − counted', async () => {
    const rows = await collect(countReportRows(db.k, period()));
    assert.deepEqual(rows.map((r) => r.lineId), Object.values(fx.line));
    const fig = (r: CountReportRow) => [r.sku, r.location, r.first.systemQty, r.first.countedQty, r.first.shortageQty, r.first.shortagePct, r.first.shortageValue, r.first.varianceStatus];
    assert.deepEqual(rows.map(fig), [
      [fx.sku.bolt, 'R1-A-01', '100', '101', '-1', '-1.00', '-2.00', 'auto-accepted'],
      [fx.sku.flour, 'R1-A-02', '50', '49.5', '0.5', '1.00', '1.50', 'auto-accepted'],
      [fx.sku.widget, 'R1-A-03', '40', '36', '4', '10.00', '100.00', 'flagged for recount'],
      [fx.sku.bolt, 'R1-B-01', '200', '170', '30', '15.00', '60.00', 'flagged for investigation'],
      [fx.sku.flour, 'R1-B-01', '20', '20', '0', '0.00', '0.00', 'no variance'],
      [fx.sku.bolt, 'R1-A-01', '101', '99', '2', '1.98', '4.00', 'within tolerance'],
      [fx.sku.flour, 'R1-A-02', '49.5', '49.4', '0.1', '0.20', '0.30', 'auto-accepted'],
      [fx.sku.widget, 'R1-A-03', '40', '40', '0', '0.00', '0.00', 'no variance'],
      [fx.sku.bolt, 'R1-B-01', '170', '160', '10', '5.88', '20.00', 'flagged for recount'],
      [fx.sku.flour, 'R1-B-01', '20', '15', '5', '25.00', '15.00', 'flagged for investigation'],
    ]);
    const r1 = rows[0] as CountReportRow;
    assert.equal(r1.description, 'Hex bolt M8x20');
    assert.equal(r1.uom, 'each');
    assert.equal(r1.zone, 'R1-A');
    assert.equal(r1.lot, null);
    assert.equal(r1.first.countedAt, '2026-03-03T09:10:00.000Z');
    assert.equal(r1.status, 'corrected');
    assert.equal(r1.resolution.decidedBy, 'system');
    assert.equal(r1.resolution.correctionQty, '1', 'an overage of 1 is corrected by adding 1');
    assert.ok(r1.resolution.correctionMovementId, 'the correction movement is named');
    assert.match(r1.resolutionNotes, /correction movement #\d+/);
    assert.deepEqual(r1.team.firstCounters, [{ userId: ANN, name: 'Ann' }]);
  });

  test('a flagged line shows its first count and its recount side by side', async () => {
    const rows = await collect(countReportRows(db.k, period()));
    const byId = new Map(rows.map((r) => [r.lineId, r]));
    const r3 = byId.get(fx.line.R3) as CountReportRow;
    assert.equal(r3.recounts, 1);
    assert.deepEqual([r3.first.countedQty, r3.first.shortageQty, r3.recount?.countedQty, r3.recount?.shortageQty, r3.recount?.varianceStatus], ['36', '4', '40', '0', 'no variance']);
    assert.equal(r3.status, 'accepted');
    assert.equal(r3.resolution.code, 'recount_agrees_with_system');
    assert.equal(r3.finalShortageQty, '0');
    assert.equal(r3.resolution.correctionMovementId, null);
    assert.deepEqual(r3.team.recountCounters, [{ userId: CID, name: 'Cid' }]);

    const r9 = byId.get(fx.line.R9) as CountReportRow;
    assert.deepEqual([r9.first.countedQty, r9.first.shortageQty, r9.first.shortageValue, r9.recount?.systemQty, r9.recount?.countedQty, r9.recount?.shortageQty, r9.recount?.shortagePct, r9.recount?.shortageValue],
      ['160', '10', '20.00', '170', '161', '9', '5.29', '18.00']);
    assert.equal(r9.finalShortageValue, '18.00');
    assert.equal(r9.resolution.correctionQty, '-9', 'the correction follows the recount: physical − system');
    assert.equal(r9.resolution.decidedBy, 'user:21');
    assert.equal(r9.investigatorResolver, 'approved by user:21');

    const r4 = byId.get(fx.line.R4) as CountReportRow;
    assert.deepEqual(r4.investigation?.causes, ['picking', 'data_entry']);
    assert.equal(r4.investigation?.conclusion, 'Picks for order 4711 were never posted');
    assert.equal(r4.investigation?.investigator?.userId, 41);
    assert.equal(r4.investigatorResolver, 'investigated by user:41; approved by user:21');
    assert.match(r4.resolutionNotes, /investigation: Picks for order 4711 were never posted/);
    assert.equal(r4.statusText, 'flagged for investigation; recount: flagged for investigation; corrected');

    const r5 = byId.get(fx.line.R5) as CountReportRow;
    assert.deepEqual(r5.team, { firstCounters: [{ userId: BOB, name: 'Bob' }], secondCounters: [{ userId: CID, name: 'Cid' }], recountCounters: [] });
  });

  test('totals: lines counted, flagged, accuracy by count and by value, shortage values', async () => {
    assert.deepEqual(await countReportTotals(db.k, period()), {
      linesCounted: 10, linesEvaluated: 10, linesWithinTolerance: 6, linesFlagged: 4, linesRecounted: 4, linesWithVariance: 8,
      accuracyByCountPct: '60.00',
      // 1 − 202.80 / 3560.50
      accuracyByValuePct: '94.30',
      shortageValue: '198.80', absShortageValue: '202.80', systemValue: '3560.50',
      // −2 + 1.5 + 0 (recount) + 60 + 0 + 4 + 0.3 + 0 + 18 (recount) + 15
      finalShortageValue: '96.80',
    });
  });

  test('per task, per zone and per month', async () => {
    const ids = async (f: Parameters<typeof countReportRows>[1]) => (await collect(countReportRows(db.k, f))).map((r) => r.lineId);
    assert.deepEqual(await ids({ taskId: fx.task.marchA }), [fx.line.R1, fx.line.R2, fx.line.R3]);
    // a recount task reports the first count it recounted, with the recount beside it
    assert.deepEqual(await ids({ taskId: fx.task.recountR9 }), [fx.line.R9]);
    assert.deepEqual(await ids({ ...period(), zone: fx.zoneB }), [fx.line.R4, fx.line.R5, fx.line.R9, fx.line.R10]);
    assert.deepEqual(await ids({ site: fx.site, from: '2026-04-01', to: '2026-04-07' }), [fx.line.R6, fx.line.R7, fx.line.R8, fx.line.R9, fx.line.R10]);
    assert.deepEqual(await ids({ site: fx.site, from: '2026-03-04', to: '2026-04-06' }), [], 'recounts on March 4 are not first counts of their own');
    const april = await countReportTotals(db.k, { site: fx.site, from: '2026-04-01', to: '2026-04-30' });
    assert.deepEqual([april.linesCounted, april.accuracyByCountPct, april.accuracyByValuePct, april.absShortageValue, april.systemValue], [5, '60.00', '97.75', '39.30', '1750.50']);
  });

  test('keyset pages: small batches give the same rows; JSON pages carry a cursor and the totals of the whole filter', async () => {
    const all = (await collect(countReportRows(db.k, period()))).map((r) => r.lineId);
    assert.deepEqual((await collect(countReportRows(db.k, period(), { batchSize: 3 }))).map((r) => r.lineId), all);
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await getCountReport(db.k, period(), { limit: 4, ...(cursor ? { cursor } : {}) });
      assert.equal(page.totals.linesCounted, 10);
      seen.push(...page.items.map((r) => r.lineId));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    assert.deepEqual(seen, all);
    const first = await getCountReport(db.k, period(), { limit: 4 });
    assert.ok(first.notes.some((n) => /system − counted/.test(n)));
    assert.ok(first.notes.some((n) => /recount lines are excluded/.test(n)));
  });

  test('bad filters are refused with the field named', async () => {
    const code = async (f: Parameters<typeof resolveCountFilter>[1]) => {
      try {
        await resolveCountFilter(db.k, f);
        return 'ok';
      } catch (e) {
        return `${(e as { code: string }).code} ${(e as { fields: { field: string }[] }).fields[0]?.field}`;
      }
    };
    assert.equal(await code({}), 'report.bad_filter site');
    assert.equal(await code({ site: fx.site, from: '2026-03-01' }), 'report.bad_filter to');
    assert.equal(await code({ site: fx.site, from: '2026-04-01', to: '2026-03-01' }), 'report.bad_filter to');
    assert.equal(await code({ site: fx.site, from: '2026-02-30', to: '2026-03-01' }), 'report.bad_filter from');
    assert.equal(await code({ site: fx.site, from: '2026-03-01', to: '2026-03-31', zone: fx.binB }), 'report.bad_filter zone');
    assert.equal(await code({ taskId: 999_999 }), 'report.task_not_found taskId');
    assert.equal(await code({ site: 'NOPE', from: '2026-03-01', to: '2026-03-31' }), 'count.site_required site');
  });
});

describe('count report exports', () => {
  test('CSV parses back: direction-named headers, one row per first count, recount beside it', async () => {
    const text = (await bytesOf(countReportCsv(countReportRows(db.k, period())))).toString('utf8');
    const records = parse(text, { columns: true }) as Record<string, string>[];
    assert.equal(records.length, 10);
    const header = Object.keys(records[0] as object);
    for (const h of ['Item number (SKU)', 'Location', 'System qty (at count)', 'Physical count', 'Shortage qty (system − counted)', 'Shortage value (system − counted)', 'Variance status',
      'Investigator / resolver', 'Resolution notes', 'Date & time of count (UTC)', 'First counters', 'Recount qty', 'Recount shortage qty (system − counted)']) {
      assert.ok(header.includes(h), `header has "${h}"`);
    }
    assert.ok(header.filter((h) => /shortage/i.test(h)).every((h) => /system − counted/.test(h)), 'every shortage column names its direction');
    const r9 = records.find((r) => r['Line ID'] === String(fx.line.R9)) as Record<string, string>;
    assert.deepEqual([r9['Item number (SKU)'], r9['Location'], r9['System qty (at count)'], r9['Physical count'], r9['Shortage qty (system − counted)'], r9['Shortage value (system − counted)'],
      r9['Recount qty'], r9['Recount shortage qty (system − counted)'], r9['Recount shortage value (system − counted)'], r9['First counters'], r9['Recount counters']],
    [fx.sku.bolt, 'R1-B-01', '170', '160', '10', '20.00', '161', '9', '18.00', 'Ann', 'Cid']);
    const r1 = records.find((r) => r['Line ID'] === String(fx.line.R1)) as Record<string, string>;
    assert.equal(r1['Shortage qty (system − counted)'], '-1');
    assert.equal(r1['Recount qty'], '');
    const r4 = records.find((r) => r['Line ID'] === String(fx.line.R4)) as Record<string, string>;
    assert.equal(r4['Investigation causes'], 'picking, data_entry');
    assert.match(r4['Resolution notes'] as string, /Picks for order 4711 were never posted/);
  });

  test('PDF reads back: SKUs, locations, direction-named headers and the totals', async () => {
    const f = await resolveCountFilter(db.k, period());
    const totals = await countReportTotals(db.k, f);
    const { doc } = countReportPdf(countReportRows(db.k, f), { filter: f, totals, generatedAt: new Date('2026-05-01T08:00:00Z') });
    const bytes = await bytesOf(doc);
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    const text = (await pdfPages(bytes)).join(' ');
    for (const s of [fx.sku.bolt, fx.sku.flour, fx.sku.widget, 'R1-A-01', 'R1-A-02', 'R1-A-03', 'R1-B-01', 'Cycle count report', 'Shortage (system − counted)', 'flagged for investigation', 'Ann', 'Cid']) {
      assert.ok(text.includes(s), `the PDF shows "${s}"`);
    }
    assert.match(text, /Lines counted \(first counts\) 10/);
    assert.match(text, /Flagged \(recount or investigation\) 4/);
    assert.match(text, /Accuracy by count 60\.00%/);
    assert.match(text, /Accuracy by value 94\.30%/);
    assert.match(text, /Total shortage value \(system − counted\), net 198\.80/);
  });

  test('PDF: a long report breaks pages and repeats the table header on each', async () => {
    const f = await resolveCountFilter(db.k, period());
    const base = await collect(countReportRows(db.k, f));
    async function* many() {
      for (let i = 0; i < 12; i++) for (const r of base) yield r;
    }
    const totals = await countReportTotals(db.k, f);
    const pages = await pdfPages(await bytesOf(countReportPdf(many(), { filter: f, totals, generatedAt: new Date('2026-05-01T08:00:00Z') }).doc));
    assert.ok(pages.length >= 3, `120 rows take several pages (${pages.length})`);
    pages.forEach((p, i) => {
      assert.ok(p.includes('Item (SKU)') && p.includes('Shortage (system − counted)'), `page ${i + 1} repeats the header`);
      assert.ok(p.includes(`page ${i + 1}`), `page ${i + 1} is numbered`);
    });
    assert.ok((pages.at(-1) as string).includes('Totals'));
  });
});

describe('count history', () => {
  test('accuracy over time by count and by value, frequency and magnitude, recounts excluded', async () => {
    const h = await countHistory(db.k, { ...period(), granularity: 'month' });
    assert.ok(h.notes.some((n) => /recount lines are excluded/.test(n)));
    assert.deepEqual(h.overall, {
      lines: 10, linesWithinTolerance: 6, linesFlagged: 4, linesWithVariance: 8, accuracyByCountPct: '60.00', systemValue: '3560.50', absShortageValue: '202.80', shortageValue: '198.80',
      accuracyByValuePct: '94.30', varianceFrequencyPct: '80.00',
      // (1 + 1 + 10 + 15 + 0 + 1.98 + 0.20 + 0 + 5.88 + 25) / 10 = 6.006
      meanAbsShortagePct: '6.01',
    });
    assert.deepEqual(h.accuracy.map((p) => [p.period, p.lines, p.accuracyByCountPct, p.accuracyByValuePct, p.varianceFrequencyPct, p.meanAbsShortagePct, p.absShortageValue]), [
      ['2026-03', 5, '60.00', '90.97', '80.00', '5.40', '163.50'],
      ['2026-04', 5, '60.00', '97.75', '80.00', '6.61', '39.30'],
    ]);
    const weekly = await countHistory(db.k, { ...period(), granularity: 'week', by: ['zone'] });
    assert.deepEqual(weekly.accuracy.map((p) => [p.period, p.periodStart, p.lines]), [['2026-W10', '2026-03-02', 5], ['2026-W15', '2026-04-06', 5]]);
    assert.deepEqual(Object.keys(weekly.trends), ['zone']);
  });

  test('trends by location, zone, item and counter, largest absolute shortage value first', async () => {
    const h = await countHistory(db.k, period());
    const brief = (d: keyof typeof h.trends) => (h.trends[d] ?? []).map((g) => [g.key, g.total.lines, g.total.accuracyByCountPct, g.total.absShortageValue]);
    assert.deepEqual(brief('zone'), [['R1-A', 6, '83.33', '107.80'], ['R1-B', 4, '25.00', '95.00']]);
    assert.deepEqual(brief('item'), [[fx.sku.widget, 2, '50.00', '100.00'], [fx.sku.bolt, 4, '50.00', '86.00'], [fx.sku.flour, 4, '75.00', '16.80']]);
    assert.deepEqual(brief('location'), [['R1-A-03', 2, '50.00', '100.00'], ['R1-B-01', 4, '25.00', '95.00'], ['R1-A-01', 2, '100.00', '6.00'], ['R1-A-02', 2, '100.00', '1.80']]);
    assert.deepEqual(brief('counter'), [[String(ANN), 5, '40.00', '138.50'], [String(BOB), 5, '80.00', '64.30'], [String(CID), 1, '100.00', '0.00']]);
    const zoneA = (h.trends.zone ?? [])[0];
    assert.deepEqual(zoneA?.series.map((p) => [p.period, p.accuracyByCountPct, p.accuracyByValuePct]), [['2026-03', '66.67', '92.33'], ['2026-04', '100.00', '99.68']]);
    assert.equal((await countHistory(db.k, { ...period(), by: ['item'], top: 1 })).trends.item?.length, 1);
  });

  test('investigation causes as a Pareto', async () => {
    const h = await countHistory(db.k, period());
    assert.deepEqual(h.pareto, {
      investigations: 2,
      causes: [
        { cause: 'picking', count: 2, sharePct: '66.67', cumulativePct: '66.67' },
        { cause: 'data_entry', count: 1, sharePct: '33.33', cumulativePct: '100.00' },
      ],
    });
  });

  test('counter performance: lines counted and recount disagreement rate', async () => {
    const h = await countHistory(db.k, period());
    assert.deepEqual(h.counters, [
      // Ann: R1 R2 R3 R9 R10; recounted R3 (36 vs 40), R9 (160 vs 161), R10 (15 vs 15): 2 of 3 disagree
      { counter: { userId: ANN, name: 'Ann' }, linesCounted: 5, accuracyByCountPct: '40.00', linesRecounted: 3, recountDisagreements: 2, recountDisagreementRatePct: '66.67', disagreementsPerLinesCountedPct: '40.00', recountsPerformed: 0 },
      // Bob: R4 R5 R6 R7 R8; R4 recounted by Cid at 170, as Bob counted; Bob recounted R10
      { counter: { userId: BOB, name: 'Bob' }, linesCounted: 5, accuracyByCountPct: '80.00', linesRecounted: 1, recountDisagreements: 0, recountDisagreementRatePct: '0.00', disagreementsPerLinesCountedPct: '0.00', recountsPerformed: 1 },
      // Cid: second counter on R5; recounted R3, R4 and R9
      { counter: { userId: CID, name: 'Cid' }, linesCounted: 1, accuracyByCountPct: '100.00', linesRecounted: 0, recountDisagreements: 0, recountDisagreementRatePct: null, disagreementsPerLinesCountedPct: '0.00', recountsPerformed: 3 },
    ]);
  });

  test('a zone narrows the history', async () => {
    const h = await countHistory(db.k, { ...period(), zone: fx.zoneB, by: ['counter'] });
    assert.deepEqual([h.zone, h.overall.lines, h.overall.accuracyByCountPct, h.overall.absShortageValue], [fx.zoneB, 4, '25.00', '95.00']);
  });
});
