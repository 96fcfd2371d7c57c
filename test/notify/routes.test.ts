// In-app notification API: the caller's own list with unread filter and cursor paging, the unread
// count, marking read, and the outbox admin view.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { testDb, type TestDb } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';
import { inTx } from '../../src/db/db.js';
import { notify, notifyRoutes } from '../../src/modules/notify/index.js';
import { actAsHeaderUser, ctx, fastConfig, lineFlagged, SECRET, taskCompleted } from './notify-helpers.js';

let db: TestDb;
let t: TestApp;
before(async () => {
  db = await testDb();
  t = await testApp(db, { routes: [actAsHeaderUser, notifyRoutes] });
  const config = fastConfig({ webhook: { urls: ['http://127.0.0.1:9/x'], secret: SECRET } });
  // User 5 gets five notifications; user 6 gets one.
  for (let i = 1; i <= 4; i++) await inTx(db, (tx) => notify(tx, ctx, lineFlagged(i, { recipients: [5] }), { config }));
  await inTx(db, (tx) => notify(tx, ctx, taskCompleted(7, { recipients: [5, 6] }), { config }));
});
after(async () => {
  await t.close();
  await db.drop();
});

const as = (user: number | 'none') => ({ 'x-test-user': String(user) });

test('a caller without a user id gets 401 notify.no_user', async () => {
  for (const [method, url] of [['GET', '/api/v1/notifications'], ['GET', '/api/v1/notifications/unread-count'], ['POST', '/api/v1/notifications/1/read'], ['POST', '/api/v1/notifications/read-all']] as const) {
    const res = await t.inject({ method, url, headers: as('none') });
    assert.equal(res.statusCode, 401, `${method} ${url}`);
    assert.equal(res.json().code, 'notify.no_user');
  }
});

test('the list shows only the caller\'s notifications, newest first, paged by cursor', async () => {
  const p1 = await t.inject({ url: '/api/v1/notifications?limit=2', headers: as(5) });
  assert.equal(p1.statusCode, 200);
  const b1 = p1.json() as { items: Array<{ id: number; kind: string; title: string; body: Record<string, unknown>; readAt: string | null }>; nextCursor: string | null };
  assert.deepEqual(b1.items.map((n) => n.kind), ['count.task_completed', 'count.line_flagged']);
  assert.equal(b1.items[1]!.body.sku, 'BOLT-M4');
  assert.equal(b1.items[1]!.body.countId, 1004);
  assert.ok(b1.nextCursor);
  const p2 = (await t.inject({ url: `/api/v1/notifications?limit=2&cursor=${b1.nextCursor}`, headers: as(5) })).json() as typeof b1;
  const p3 = (await t.inject({ url: `/api/v1/notifications?limit=2&cursor=${p2.nextCursor}`, headers: as(5) })).json() as typeof b1;
  assert.deepEqual([...b1.items, ...p2.items, ...p3.items].map((n) => n.body.sku ?? n.body.taskId), [7, 'BOLT-M4', 'BOLT-M3', 'BOLT-M2', 'BOLT-M1']);
  assert.equal(p3.nextCursor, null);

  const other = (await t.inject({ url: '/api/v1/notifications', headers: as(6) })).json() as typeof b1;
  assert.deepEqual(other.items.map((n) => n.kind), ['count.task_completed']);

  const bad = await t.inject({ url: '/api/v1/notifications?cursor=nonsense', headers: as(5) });
  assert.equal(bad.json().code, 'request.invalid_cursor');
});

test('unread count, marking one read (only one\'s own), the unread filter and read-all', async () => {
  const count = async (u: number) => ((await t.inject({ url: '/api/v1/notifications/unread-count', headers: as(u) })).json() as { unread: number }).unread;
  assert.equal(await count(5), 5);
  assert.equal(await count(6), 1);

  const list = (await t.inject({ url: '/api/v1/notifications', headers: as(5) })).json() as { items: Array<{ id: number; readAt: string | null }> };
  const target = list.items[2]!;
  const read = await t.inject({ method: 'POST', url: `/api/v1/notifications/${target.id}/read`, headers: as(5) });
  assert.equal(read.statusCode, 200);
  const readAt = (read.json() as { readAt: string | null }).readAt;
  assert.ok(readAt);
  const again = await t.inject({ method: 'POST', url: `/api/v1/notifications/${target.id}/read`, headers: as(5) });
  assert.equal((again.json() as { readAt: string }).readAt, readAt, 'the first read time is kept');
  assert.equal(await count(5), 4);

  const unread = (await t.inject({ url: '/api/v1/notifications?unread=true', headers: as(5) })).json() as { items: Array<{ id: number }> };
  assert.equal(unread.items.length, 4);
  assert.ok(!unread.items.some((n) => n.id === target.id));

  // User 6 cannot read (or learn of) user 5's notification.
  const foreign = await t.inject({ method: 'POST', url: `/api/v1/notifications/${list.items[0]!.id}/read`, headers: as(6) });
  assert.equal(foreign.statusCode, 404);
  assert.equal(foreign.json().code, 'notify.notification_not_found');
  assert.equal(await count(5), 4);

  const all = await t.inject({ method: 'POST', url: '/api/v1/notifications/read-all', headers: as(5) });
  assert.deepEqual(all.json(), { marked: 4 });
  assert.equal(await count(5), 0);
  assert.equal(await count(6), 1, 'read-all touches only the caller\'s notifications');
});

test('the outbox admin view lists deliveries, filtered by status', async () => {
  const res = await t.inject({ url: '/api/v1/outbox?status=pending&limit=3', headers: as(1) });
  assert.equal(res.statusCode, 200);
  const body = res.json() as { items: Array<{ channel: string; destination: string; status: string; event: string; attempts: number }>; nextCursor: string | null };
  assert.equal(body.items.length, 3);
  assert.ok(body.nextCursor);
  assert.ok(body.items.every((o) => o.channel === 'webhook' && o.status === 'pending' && o.attempts === 0 && o.destination === 'http://127.0.0.1:9/x'));
  assert.equal(body.items[0]!.event, 'count.task_completed');
  const delivered = (await t.inject({ url: '/api/v1/outbox?status=delivered', headers: as(1) })).json() as { items: unknown[] };
  assert.equal(delivered.items.length, 0);
  const wrong = await t.inject({ url: '/api/v1/outbox?status=lost', headers: as(1) });
  assert.equal(wrong.statusCode, 400);
});

test('the routes declare their permissions', async () => {
  const doc = (await t.inject({ url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { 'x-permission'?: string }>> };
  assert.equal(doc.paths['/api/v1/notifications']?.get?.['x-permission'], 'authenticated');
  assert.equal(doc.paths['/api/v1/notifications/{id}/read']?.post?.['x-permission'], 'authenticated');
  assert.equal(doc.paths['/api/v1/notifications/read-all']?.post?.['x-permission'], 'authenticated');
  assert.equal(doc.paths['/api/v1/notifications/unread-count']?.get?.['x-permission'], 'authenticated');
  assert.equal(doc.paths['/api/v1/outbox']?.get?.['x-permission'], 'settings.admin');
});
