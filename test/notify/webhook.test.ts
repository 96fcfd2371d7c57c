// Webhook delivery through the outbox against a real HTTP receiver on loopback: it is not listening
// at first, then answers 503, then comes up. Every notification must arrive exactly once, in order,
// signed with HMAC-SHA256 of the raw body; a worker restart must lose nothing.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { testDb, type TestDb } from '../support/db.js';
import { inTx } from '../../src/db/db.js';
import { notify, startOutboxWorker, type NotifyConfig } from '../../src/modules/notify/index.js';
import { ctx, fastConfig, SECRET, taskCompleted, waitFor } from './notify-helpers.js';

interface Received {
  path: string;
  delivery: number;
  event: string;
  timestamp: number;
  signatureOk: boolean;
  taskId: number;
}

/** A receiver that answers 503 to its first `failFirst` requests, then 204; it records what it accepted. */
function receiver(failFirst: number) {
  const accepted: Received[] = [];
  let requests = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests++;
      if (requests <= failFirst) {
        res.writeHead(503).end('down for maintenance');
        return;
      }
      const raw = Buffer.concat(chunks);
      // Recompute the signature over the raw bytes, as a receiver must.
      const expected = 'sha256=' + createHmac('sha256', SECRET).update(raw).digest('hex');
      const body = JSON.parse(raw.toString('utf8')) as { event: string; data: { taskId: number } };
      accepted.push({
        path: req.url ?? '',
        delivery: Number(req.headers['x-stockroom-delivery']),
        event: String(req.headers['x-stockroom-event']),
        timestamp: Number(req.headers['x-stockroom-timestamp']),
        signatureOk: req.headers['x-stockroom-signature'] === expected && body.event === req.headers['x-stockroom-event'],
        taskId: body.data.taskId,
      });
      res.writeHead(204).end();
    });
  });
  return {
    accepted,
    requests: () => requests,
    listen: (port = 0) => new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    }),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A loopback port with nothing listening on it (taken and given back). */
async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function outbox(): Promise<Array<{ id: number; destination: string; status: string; attempts: number; last_error: string | null }>> {
  const r = await sql<{ id: number; destination: string; status: string; attempts: number; last_error: string | null }>`select id, destination, status, attempts, last_error from outbox order by id`.execute(db.k);
  return r.rows.map((x) => ({ ...x, id: Number(x.id), attempts: Number(x.attempts) }));
}

async function enqueue(config: NotifyConfig, taskIds: number[]): Promise<void> {
  // One transaction per event, as the counting module would do per command.
  for (const t of taskIds) await inTx(db, (tx) => notify(tx, ctx, taskCompleted(t), { config }));
}

let db: TestDb;
before(async () => {
  db = await testDb();
});
after(async () => {
  await db.drop();
});

test('a receiver that is down, then failing, then up gets every notification exactly once, in order, correctly signed', async () => {
  await sql`delete from outbox`.execute(db.k);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/hooks/stockroom`;
  const config = fastConfig({ webhook: { urls: [url], secret: SECRET } });
  await enqueue(config, [1, 2, 3, 4, 5]);
  const ids = (await outbox()).map((r) => r.id);
  assert.equal(ids.length, 5);

  const worker = startOutboxWorker(db, config, { intervalMs: 10 });
  const rx = receiver(3);
  try {
    // Phase 1: nothing listens. The first row is retried with backoff; the later rows wait behind it.
    await waitFor('two refused attempts', async () => ((await outbox())[0]?.attempts ?? 0) >= 2);
    const during = await outbox();
    assert.equal(during[0]!.status === 'pending' || during[0]!.status === 'sending', true);
    assert.ok(during[0]!.last_error, 'the error is kept');
    assert.deepEqual(during.slice(1).map((r) => [r.status, r.attempts]), [['pending', 0], ['pending', 0], ['pending', 0], ['pending', 0]], 'later rows are not sent while the first is pending');

    // Phase 2: it listens but answers 503 three times, then accepts.
    await rx.listen(port);
    await waitFor('all delivered', async () => (await outbox()).every((r) => r.status === 'delivered'));
  } finally {
    await worker.stop();
    await rx.close();
  }
  assert.ok(rx.requests() >= 3 + 5);
  assert.deepEqual(rx.accepted.map((a) => a.delivery), ids, 'each outbox row once, in id order');
  assert.deepEqual(rx.accepted.map((a) => a.taskId), [1, 2, 3, 4, 5]);
  assert.ok(rx.accepted.every((a) => a.signatureOk), 'x-stockroom-signature is the HMAC-SHA256 of the raw body');
  assert.ok(rx.accepted.every((a) => a.event === 'count.task_completed' && a.path === '/hooks/stockroom'));
  assert.ok(rx.accepted.every((a) => Math.abs(a.timestamp - Date.now() / 1000) < 60), 'x-stockroom-timestamp is unix seconds');
  const rows = await outbox();
  assert.ok(rows[0]!.attempts >= 2 + 3 + 1, `first row: refused twice or more, 503 three times, then delivered (attempts ${rows[0]!.attempts})`);
  assert.deepEqual(rows.slice(1).map((r) => [r.attempts, r.last_error]), [[1, null], [1, null], [1, null], [1, null]]);
});

test('stopping the worker while the receiver is down and starting it again loses nothing and sends nothing twice', async () => {
  await sql`delete from outbox`.execute(db.k);
  const rx = receiver(1_000_000); // 503 until told otherwise
  const port = await rx.listen();
  const config = fastConfig({ webhook: { urls: [`http://127.0.0.1:${port}/in`], secret: SECRET } });
  await enqueue(config, [11, 12, 13]);

  const first = startOutboxWorker(db, config, { intervalMs: 10 });
  await waitFor('a failed attempt', async () => ((await outbox())[0]?.attempts ?? 0) >= 1);
  await first.stop();
  const stopped = await outbox();
  assert.deepEqual(stopped.map((r) => r.status), ['pending', 'pending', 'pending'], 'rows stay pending in the database');
  const requestsAtStop = rx.requests();
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(rx.requests(), requestsAtStop, 'a stopped worker sends nothing');

  await rx.close();
  const up = receiver(0);
  await up.listen(port);
  const second = startOutboxWorker(db, config, { intervalMs: 10 });
  try {
    await waitFor('all delivered after restart', async () => (await outbox()).every((r) => r.status === 'delivered'));
  } finally {
    await second.stop();
    await up.close();
  }
  assert.deepEqual(up.accepted.map((a) => a.taskId), [11, 12, 13]);
  assert.deepEqual(up.accepted.map((a) => a.delivery), stopped.map((r) => r.id));
  assert.ok(up.accepted.every((a) => a.signatureOk));
});

test('two workers sharing the database deliver each row once, in order per destination, while another destination is down', async () => {
  await sql`delete from outbox`.execute(db.k);
  const a = receiver(2);
  const b = receiver(0);
  const pa = await a.listen();
  const pb = await b.listen();
  const deadPort = await freePort();
  const config = fastConfig({ webhook: { urls: [`http://127.0.0.1:${pa}/a`, `http://127.0.0.1:${pb}/b`, `http://127.0.0.1:${deadPort}/dead`], secret: SECRET } });
  const tasks = Array.from({ length: 8 }, (_, i) => 100 + i);
  await enqueue(config, tasks);

  const w1 = startOutboxWorker(db, config, { intervalMs: 5, batchSize: 2 });
  const w2 = startOutboxWorker(db, config, { intervalMs: 5, batchSize: 2 });
  try {
    await waitFor('a and b delivered', async () => (await outbox()).filter((r) => !r.destination.endsWith('/dead')).every((r) => r.status === 'delivered'));
  } finally {
    await Promise.all([w1.stop(), w2.stop()]);
    await Promise.all([a.close(), b.close()]);
  }
  assert.deepEqual(a.accepted.map((x) => x.taskId), tasks, 'receiver a: each once, in order, after two 503s');
  assert.deepEqual(b.accepted.map((x) => x.taskId), tasks, 'receiver b: each once, in order');
  const dead = (await outbox()).filter((r) => r.destination.endsWith('/dead'));
  assert.equal(dead.length, 8);
  assert.ok(dead[0]!.attempts >= 1 && dead[0]!.status !== 'delivered');
  assert.deepEqual(dead.slice(1).map((r) => r.attempts), [0, 0, 0, 0, 0, 0, 0], 'the dead destination holds back only its own rows');
});
