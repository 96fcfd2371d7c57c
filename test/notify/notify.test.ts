// notify() inside the caller's transaction: in-app rows per recipient, outbox rows per e-mail
// address and per webhook endpoint, and nothing at all when the transaction rolls back.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testDb, type TestDb } from '../support/db.js';
import { inTx } from '../../src/db/db.js';
import { notify, setRecipientResolver, type RecipientResolver } from '../../src/modules/notify/index.js';
import { ctx, fastConfig, lineFlagged, SECRET, taskCompleted } from './notify-helpers.js';

let db: TestDb;
before(async () => {
  db = await testDb();
});
after(async () => {
  await db.drop();
});

async function counts(): Promise<{ notifications: number; outbox: number }> {
  const n = await sql<{ c: number | string }>`select count(*) as c from notification`.execute(db.k);
  const o = await sql<{ c: number | string }>`select count(*) as c from outbox`.execute(db.k);
  return { notifications: Number(n.rows[0]?.c), outbox: Number(o.rows[0]?.c) };
}

async function clear(): Promise<void> {
  await sql`delete from notification`.execute(db.k);
  await sql`delete from outbox`.execute(db.k);
}

test('a flagged line writes one in-app row per recipient, one e-mail per address and one webhook per endpoint', async () => {
  await clear();
  const config = fastConfig({
    smtp: { url: 'smtp://127.0.0.1:1', from: 'stockroom@example.test' },
    webhook: { urls: ['http://127.0.0.1:1/a', 'http://127.0.0.1:1/b'], secret: SECRET },
  });
  const event = lineFlagged(3, { recipients: [{ userId: 5, email: 'm5@example.test' }, { userId: 6, email: null }, 5, { userId: 7, email: 'm7@example.test' }] });
  const res = await inTx(db, (tx) => notify(tx, ctx, event, { config }));
  assert.equal(res.notificationIds.length, 3, 'users 5, 6, 7 (5 named twice counts once)');
  assert.equal(res.outboxIds.length, 4, 'two e-mails (user 6 has no address) and two webhooks');

  const notes = await sql<{ user_id: number; kind: string; title: string; body_json: string; read_at: string | null }>`select user_id, kind, title, body_json, read_at from notification order by user_id`.execute(db.k);
  assert.deepEqual(notes.rows.map((r) => Number(r.user_id)), [5, 6, 7]);
  const body = JSON.parse(notes.rows[0]!.body_json) as Record<string, unknown>;
  assert.equal(notes.rows[0]!.kind, 'count.line_flagged');
  assert.equal(notes.rows[0]!.read_at, null);
  assert.match(notes.rows[0]!.title, /Count 1003: BOLT-M3 at P1-A-03 flagged for investigation \(shortage of 10 EA\)/);
  assert.deepEqual(
    { countId: body.countId, sku: body.sku, locationCode: body.locationCode, varianceStatus: body.varianceStatus, direction: body.direction, shortageQty: body.shortageQty, shortageQtyMeaning: body.shortageQtyMeaning, shortagePct: body.shortagePct, shortageValue: body.shortageValue },
    { countId: 1003, sku: 'BOLT-M3', locationCode: 'P1-A-03', varianceStatus: 'investigate', direction: 'shortage', shortageQty: '10', shortageQtyMeaning: 'system − counted', shortagePct: '12.50', shortageValue: '25.00' },
  );

  const ob = await sql<{ channel: string; destination: string; status: string; attempts: number; payload_json: string }>`select channel, destination, status, attempts, payload_json from outbox order by id`.execute(db.k);
  assert.deepEqual(ob.rows.map((r) => [r.channel, r.destination, r.status, Number(r.attempts)]), [
    ['email', 'm5@example.test', 'pending', 0],
    ['email', 'm7@example.test', 'pending', 0],
    ['webhook', 'http://127.0.0.1:1/a', 'pending', 0],
    ['webhook', 'http://127.0.0.1:1/b', 'pending', 0],
  ]);
  const mail = JSON.parse(ob.rows[0]!.payload_json) as { subject: string; text: string };
  assert.match(mail.subject, /Count 1003 INVESTIGATE: BOLT-M3 at P1-A-03, shortage of 10 EA/);
  const hook = JSON.parse(ob.rows[2]!.payload_json) as { event: string; data: Record<string, unknown> };
  assert.equal(hook.event, 'count.line_flagged');
  assert.equal(hook.data.countId, 1003);
});

test('without SMTP or webhooks configured only the in-app rows are written', async () => {
  await clear();
  const res = await inTx(db, (tx) => notify(tx, ctx, lineFlagged(1), { config: fastConfig() }));
  assert.equal(res.notificationIds.length, 1);
  assert.equal(res.outboxIds.length, 0);
  assert.deepEqual(await counts(), { notifications: 1, outbox: 0 });
});

test('an overage is labelled as one, never as a bare negative variance', async () => {
  await clear();
  await inTx(db, (tx) => notify(tx, ctx, lineFlagged(2, { qtyShortage: '-4', pctShortage: '-8.00', valueShortage: '-10.00', varianceStatus: 'recount' }), { config: fastConfig() }));
  const r = await sql<{ title: string; body_json: string }>`select title, body_json from notification`.execute(db.k);
  assert.match(r.rows[0]!.title, /flagged for a blind recount \(overage of 4 EA\)/);
  assert.equal((JSON.parse(r.rows[0]!.body_json) as { direction: string }).direction, 'overage');
});

test('a notification written in a transaction that rolls back is not there, in-app or in the outbox', async () => {
  await clear();
  const config = fastConfig({ webhook: { urls: ['http://127.0.0.1:1/x'], secret: SECRET }, smtp: { url: 'smtp://127.0.0.1:1', from: 'a@example.test' } });
  await assert.rejects(
    inTx(db, async (tx) => {
      const res = await notify(tx, ctx, lineFlagged(4), { config });
      assert.equal(res.outboxIds.length, 2);
      throw new Error('the counting command failed after notifying');
    }),
    /the counting command failed/,
  );
  assert.deepEqual(await counts(), { notifications: 0, outbox: 0 });
  await inTx(db, (tx) => notify(tx, ctx, lineFlagged(4), { config }));
  assert.deepEqual(await counts(), { notifications: 1, outbox: 2 }, 'the same event committed is there');
});

test('without explicit recipients the resolver is asked for the role at the site, in the same transaction; approvals go to the approver role', async () => {
  await clear();
  const asked: Array<[number, string, number]> = [];
  const resolver: RecipientResolver = async (tx, siteId, role) => {
    // Reads through the caller's transaction: sees the caller's uncommitted writes.
    const seen = await sql<{ c: number | string }>`select count(*) as c from notification`.execute(tx);
    asked.push([siteId, role, Number(seen.rows[0]?.c)]);
    return role === 'supervisor' ? [{ userId: 21, email: 'sup@example.test' }] : [{ userId: 11, email: 'im@example.test' }, { userId: 12 }];
  };
  const config = fastConfig({ smtp: { url: 'smtp://127.0.0.1:1', from: 'a@example.test' } });
  await inTx(db, async (tx) => {
    const { recipients: _r, ...noRecipients } = taskCompleted(9);
    await notify(tx, ctx, { ...noRecipients, siteId: 3 }, { config, resolver });
    await notify(tx, ctx, {
      kind: 'count.correction_awaiting_approval', siteId: 3, correctionId: 4, countLineId: 1200, sku: 'NUT-M8', locationCode: 'P3-B-02',
      qtyCorrection: '-2', uom: 'EA', valueCorrection: '-1.20', approverRole: 'supervisor',
    }, { config, resolver });
  });
  assert.deepEqual(asked, [[3, 'inventory_manager', 0], [3, 'supervisor', 2]], 'the second call sees the first call\'s uncommitted rows');
  const users = await sql<{ user_id: number; kind: string }>`select user_id, kind from notification order by id`.execute(db.k);
  assert.deepEqual(users.rows.map((r) => [Number(r.user_id), r.kind]), [[11, 'count.task_completed'], [12, 'count.task_completed'], [21, 'count.correction_awaiting_approval']]);
  const mails = await sql<{ destination: string }>`select destination from outbox order by id`.execute(db.k);
  assert.deepEqual(mails.rows.map((r) => r.destination), ['im@example.test', 'sup@example.test']);
});

test('an event without its count id is refused with notify.invalid_event; a missing code is shown as unknown instead', async () => {
  await clear();
  await assert.rejects(inTx(db, (tx) => notify(tx, ctx, lineFlagged(5, { countLineId: Number.NaN }), { config: fastConfig() })), (e: unknown) => (e as { code?: string }).code === 'notify.invalid_event');
  assert.deepEqual(await counts(), { notifications: 0, outbox: 0 });
  await inTx(db, (tx) => notify(tx, ctx, lineFlagged(5, { locationCode: '' }), { config: fastConfig() }));
  const r = await sql<{ title: string }>`select title from notification`.execute(db.k);
  assert.equal(r.rows[0]!.title, 'Count 1005: BOLT-M5 at (location unknown) flagged for investigation (shortage of 10 EA)');
});

test('as composed, the managers of the site are those the access module knows; setRecipientResolver replaces the lookup', async () => {
  await clear();
  // Users and roles as the access module stores them (migration 2026-11-22-0500-access).
  const now = new Date().toISOString();
  for (const code of ['NS1', 'NS2']) await sql`insert into location (code, name, kind, created_at, updated_at) values (${code}, ${code}, 'site', ${now}, ${now})`.execute(db.k);
  const sites = (await sql<{ id: number }>`select id from location where code in ('NS1', 'NS2') order by code`.execute(db.k)).rows.map((r) => Number(r.id));
  const [s1, s2] = sites as [number, number];
  const user = async (name: string, active: number, role: string, roleSites: number[]) => {
    await sql`insert into app_user (username, display_name, active, created_at, updated_at) values (${name}, ${name}, ${active}, ${now}, ${now})`.execute(db.k);
    const uid = Number((await sql<{ id: number }>`select id from app_user where username = ${name}`.execute(db.k)).rows[0]!.id);
    await sql`insert into user_role (user_id, role) values (${uid}, ${role})`.execute(db.k);
    const rid = Number((await sql<{ id: number }>`select id from user_role where user_id = ${uid} and role = ${role}`.execute(db.k)).rows[0]!.id);
    for (const site of roleSites) await sql`insert into user_role_site (user_role_id, site_id) values (${rid}, ${site})`.execute(db.k);
    return uid;
  };
  const everywhere = await user('im-all', 1, 'inventory_manager', []);
  const site1 = await user('im-s1', 1, 'inventory_manager', [s1]);
  await user('im-s2', 1, 'inventory_manager', [s2]);
  await user('im-gone', 0, 'inventory_manager', []);
  await user('sup-s1', 1, 'supervisor', [s1]);

  const { recipients: _r, ...event } = taskCompleted(2);
  const res = await inTx(db, (tx) => notify(tx, ctx, { ...event, siteId: s1 }, { config: fastConfig() }));
  assert.deepEqual(res.recipients.map((r) => r.userId).sort((a, b) => a - b), [everywhere, site1].sort((a, b) => a - b), 'active inventory managers of site 1 or of every site');

  const previous = setRecipientResolver(async (_tx, siteId, role) => [{ userId: 900 + siteId, email: role }]);
  try {
    const replaced = await inTx(db, (tx) => notify(tx, ctx, { ...event, siteId: 7 }, { config: fastConfig() }));
    assert.deepEqual(replaced.recipients, [{ userId: 907, email: 'inventory_manager' }]);
  } finally {
    setRecipientResolver(previous);
  }
  const restored = await inTx(db, (tx) => notify(tx, ctx, { ...event, siteId: s2 }, { config: fastConfig() }));
  assert.equal(restored.recipients.length, 2, 'im-all and im-s2');
});
