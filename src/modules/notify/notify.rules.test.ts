import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffMs, directionOf, renderMessage, signBody, verifySignature } from './notify.rules.js';
import { notifyConfigFromEnv } from './notify.config.js';
import { fromCountingEvent } from './notify.counting.js';

test('direction of a "system − counted" quantity', () => {
  const cases: Array<[string, string]> = [['10', 'shortage'], ['0.5', 'shortage'], ['-3', 'overage'], ['-0.001', 'overage'], ['0', 'none'], ['0.000', 'none'], ['-0', 'none']];
  for (const [q, d] of cases) assert.equal(directionOf(q), d, q);
});

test('backoff doubles from the base, is capped, and jitters within the upper half', () => {
  const retry = { baseMs: 1000, maxMs: 300_000 };
  const table: Array<[number, number, number]> = [
    // attempts, random 0 → half, random 1 → full
    [1, 500, 1000],
    [2, 1000, 2000],
    [3, 2000, 4000],
    [9, 128_000, 256_000],
    [10, 150_000, 300_000],
    [50, 150_000, 300_000],
  ];
  for (const [n, lo, hi] of table) {
    assert.equal(backoffMs(n, retry, () => 0), lo, `attempt ${n}, no jitter`);
    assert.equal(backoffMs(n, retry, () => 1), hi, `attempt ${n}, full jitter`);
  }
  assert.equal(backoffMs(3, retry, () => 0.5), 3000);
});

test('the signature is sha256= and the hex HMAC-SHA256 of the raw body (RFC 4231 test case 2)', () => {
  assert.equal(signBody('Jefe', 'what do ya want for nothing?'), 'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  assert.ok(verifySignature('Jefe', 'what do ya want for nothing?', 'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'));
  assert.ok(!verifySignature('Jefe', 'what do ya want for nothing!', 'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'));
  assert.ok(!verifySignature('Jefe', 'x', undefined));
});

test('a flagged line names item, location, status, magnitude with its direction, and the count id', () => {
  const m = renderMessage({ kind: 'count.line_flagged', siteId: 1, siteCode: 'P1', countLineId: 88, taskId: 4, sku: 'BOLT-M8', locationCode: 'P1-A-01', varianceStatus: 'recount', qtyShortage: '-12', uom: 'EA', pctShortage: '-4.00', valueShortage: '-6.00' });
  assert.equal(m.subject, '[Stockroom] Count 88 RECOUNT: BOLT-M8 at P1-A-01, overage of 12 EA');
  assert.equal(m.title, 'Count 88: BOLT-M8 at P1-A-01 flagged for a blind recount (overage of 12 EA)');
  assert.match(m.text, /^Count id: 88 \(task 4\)$/m);
  assert.match(m.text, /^Variance: overage of 12 EA \(shortage qty, system − counted: -12 EA\)$/m);
  assert.match(m.text, /^Percent of system quantity: 4.00 % overage$/m);
  assert.equal(m.data.direction, 'overage');
  assert.equal(m.data.shortageQty, '-12');
});

test('a completed task reports counted and flagged lines', () => {
  const m = renderMessage({ kind: 'count.task_completed', siteId: 2, taskId: 31, counter: 'Ana', linesCounted: 40, linesFlagged: 0 });
  assert.equal(m.title, 'Count task 31 completed at site #2: 40 lines counted, none flagged');
  assert.match(m.text, /completed by Ana/);
});

test('notify settings from the environment: channels on only when complete, malformed ones refused', () => {
  const none = notifyConfigFromEnv({});
  assert.equal(none.smtp, undefined);
  assert.equal(none.webhook, undefined);
  const full = notifyConfigFromEnv({
    STOCKROOM_SMTP_URL: 'smtp://u:p@127.0.0.1:2525', STOCKROOM_MAIL_FROM: 'stockroom@plant.test',
    STOCKROOM_WEBHOOK_URLS: 'https://a.test/h, http://b.test/h,https://a.test/h', STOCKROOM_WEBHOOK_SECRET: '0123456789abcdef',
  });
  assert.deepEqual(full.smtp, { url: 'smtp://u:p@127.0.0.1:2525', from: 'stockroom@plant.test' });
  assert.deepEqual(full.webhook, { urls: ['https://a.test/h', 'http://b.test/h'], secret: '0123456789abcdef' });
  const code = (env: NodeJS.ProcessEnv) => {
    try {
      notifyConfigFromEnv(env);
      return 'accepted';
    } catch (e) {
      return `${(e as { code: string }).code} ${(e as { fields: Array<{ field: string }> }).fields[0]?.field}`;
    }
  };
  assert.equal(code({ STOCKROOM_SMTP_URL: 'smtp://127.0.0.1:25' }), 'notify.invalid_config STOCKROOM_MAIL_FROM');
  assert.equal(code({ STOCKROOM_SMTP_URL: 'http://127.0.0.1:25', STOCKROOM_MAIL_FROM: 'a@b.test' }), 'notify.invalid_config STOCKROOM_SMTP_URL');
  assert.equal(code({ STOCKROOM_WEBHOOK_URLS: 'https://a.test/h' }), 'notify.invalid_config STOCKROOM_WEBHOOK_SECRET');
  assert.equal(code({ STOCKROOM_WEBHOOK_URLS: 'not a url', STOCKROOM_WEBHOOK_SECRET: '0123456789abcdef' }), 'notify.invalid_config STOCKROOM_WEBHOOK_URLS');
});

test('counting events map onto notify events; a correction is routed to the role it needs', () => {
  const flagged = fromCountingEvent({ kind: 'count.line_flagged', siteId: 1, lineId: 9, sku: 'S', location: 'L', outcome: 'investigate', shortageQty: '2', direction: 'shortage', shortagePct: '1.00', shortageValue: '3.00', recount: false });
  assert.deepEqual(flagged, { kind: 'count.line_flagged', siteId: 1, countLineId: 9, sku: 'S', locationCode: 'L', varianceStatus: 'investigate', qtyShortage: '2', pctShortage: '1.00', valueShortage: '3.00' });
  const recount = fromCountingEvent({ kind: 'count.line_flagged', siteId: 1, lineId: 9, sku: 'S', location: 'L', outcome: 'recount', shortageQty: '2', direction: 'shortage', shortagePct: null, shortageValue: '3.00', recount: true });
  assert.equal(recount.kind === 'count.line_flagged' && recount.varianceStatus, 'recount');
  const sup = fromCountingEvent({ kind: 'count.correction_awaiting_approval', siteId: 1, lineId: 9, correctionId: 3, sku: 'S', location: 'L', correctionQty: '-2', value: '-3.00', requiredRole: 'supervisor' });
  const mgr = fromCountingEvent({ kind: 'count.correction_awaiting_approval', siteId: 1, lineId: 9, correctionId: 3, sku: 'S', location: 'L', correctionQty: '-2', value: '-3.00' });
  assert.equal(sup.kind === 'count.correction_awaiting_approval' && sup.approverRole, 'supervisor');
  assert.equal(mgr.kind === 'count.correction_awaiting_approval' && mgr.approverRole, 'inventory_manager');
});
