// The offline outbox behind the counting screen (web/src/shared/offline/outbox.ts), under Node with a
// memory store, a fake server and a hand-driven clock.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { memoryStore, Outbox, SendError, type OutboxEntry, type SendResult } from '../../web/src/shared/offline/outbox.js';

interface Body { qty: string }

/** A server that records each key once (like POST /counting/observations/batch) and can misbehave. */
function fakeServer() {
  const recorded: string[] = [];
  const calls: string[][] = [];
  let mode: 'ok' | 'down' | 'lose-answer' | 'invalid-if-bad' | 'signed-out' = 'ok';
  const send = async (entries: readonly OutboxEntry<Body>[]): Promise<SendResult[]> => {
    calls.push(entries.map((e) => e.key));
    if (mode === 'down') throw new SendError('retry', { code: 'network', detail: 'The server could not be reached.' });
    if (mode === 'signed-out') throw new SendError('fatal', { code: 'auth.unauthenticated', detail: 'sign in again' });
    if (mode === 'invalid-if-bad' && entries.some((e) => e.body.qty === 'bad')) throw new SendError('invalid', { code: 'request.validation', detail: 'qty must match pattern' });
    const results: SendResult[] = entries.map((e) => {
      if (e.body.qty === '-1') return { key: e.key, status: 'rejected', code: 'count.bad_quantity', detail: 'qty cannot be negative' };
      if (!recorded.includes(e.key)) recorded.push(e.key);
      return { key: e.key, status: 'done' };
    });
    if (mode === 'lose-answer') {
      mode = 'ok';
      throw new SendError('retry', { code: 'network', detail: 'connection reset' });
    }
    return results;
  };
  return { recorded, calls, send, setMode: (m: typeof mode) => { mode = m; } };
}

function clock() {
  let t = 1_000_000;
  const timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => t,
    setTimer: (fn: () => void, ms: number) => {
      const timer = { at: t + ms, fn };
      timers.push(timer);
      return timer;
    },
    clearTimer: (x: unknown) => {
      const i = timers.indexOf(x as { at: number; fn: () => void });
      if (i >= 0) timers.splice(i, 1);
    },
    delays: () => timers.map((x) => x.at - t),
    /** moves time to the next timer and runs it */
    async fire(): Promise<void> {
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      assert.ok(next, 'a retry is planned');
      t = next.at;
      next.fn();
      await settle();
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 5));

function outbox(server: ReturnType<typeof fakeServer>, opts: { online?: () => boolean; store?: ReturnType<typeof memoryStore<Body>>; owner?: string; batchSize?: number } = {}) {
  const c = clock();
  const store = opts.store ?? memoryStore<Body>();
  const box = new Outbox<Body>({ store, send: server.send, owner: opts.owner ?? 'u1', batchSize: opts.batchSize ?? 100, baseDelayMs: 1000, maxDelayMs: 8000, random: () => 1, isOnline: opts.online ?? (() => true), now: c.now, setTimer: c.setTimer, clearTimer: c.clearTimer });
  return { box, store, clock: c };
}

describe('offline outbox', () => {
  it('stores every write before sending; offline nothing goes; back online the queue drains in batches and each key is recorded once', async () => {
    const server = fakeServer();
    let online = false;
    const { box, store } = outbox(server, { online: () => online, batchSize: 2 });
    for (let i = 1; i <= 5; i++) await box.add('task-1', { qty: String(i) }, `k${i}`);
    await settle();
    assert.equal(store.map.size, 5, 'all five are in the store');
    assert.equal(box.getSnapshot().pending.length, 5);
    assert.equal(server.calls.length, 0, 'nothing is sent offline');
    online = true;
    box.kick();
    await box.run();
    assert.deepEqual(server.calls, [['k1', 'k2'], ['k3', 'k4'], ['k5']], 'oldest first, in batches');
    assert.deepEqual(server.recorded, ['k1', 'k2', 'k3', 'k4', 'k5']);
    assert.equal(store.map.size, 0);
    assert.equal(box.getSnapshot().pending.length, 0);
  });

  it('retries with a capped exponential backoff while the server is down; kick() sends at once', async () => {
    const server = fakeServer();
    server.setMode('down');
    const { box, clock: c } = outbox(server);
    await box.add('t', { qty: '1' }, 'a');
    await settle();
    assert.deepEqual(c.delays(), [1000]);
    assert.match(box.getSnapshot().lastError ?? '', /could not be reached/);
    await c.fire();
    assert.deepEqual(c.delays(), [2000]);
    await c.fire();
    await c.fire();
    assert.deepEqual(c.delays(), [8000]);
    await c.fire();
    assert.deepEqual(c.delays(), [8000], 'capped');
    assert.equal(server.calls.length, 5);
    server.setMode('ok');
    box.kick(); // the 'online' event
    await box.run();
    assert.deepEqual(c.delays(), [], 'the planned retry is dropped');
    assert.deepEqual(server.recorded, ['a']);
    assert.equal(box.getSnapshot().lastError, null);
  });

  it('an answer lost on the way back: the batch is sent again and the server records it once', async () => {
    const server = fakeServer();
    server.setMode('lose-answer');
    let online = false;
    const { box, clock: c } = outbox(server, { online: () => online });
    await box.add('t', { qty: '1' }, 'a');
    await box.add('t', { qty: '2' }, 'b');
    online = true;
    box.kick();
    await settle();
    assert.deepEqual(server.recorded, ['a', 'b'], 'the server recorded both');
    assert.equal(box.getSnapshot().pending.length, 2, 'not removed without an answer');
    await c.fire();
    assert.deepEqual(server.calls, [['a', 'b'], ['a', 'b']]);
    assert.deepEqual(server.recorded, ['a', 'b']);
    assert.equal(box.getSnapshot().pending.length, 0);
  });

  it('keeps what the server rejects, with its reason, until discarded; a batch refused as a whole is split to find the bad one', async () => {
    const server = fakeServer();
    server.setMode('invalid-if-bad');
    const { box, store } = outbox(server);
    await box.add('t', { qty: '1' }, 'a');
    await box.add('t', { qty: 'bad' }, 'b');
    await box.add('t', { qty: '-1' }, 'c');
    await box.add('t', { qty: '4' }, 'd');
    await box.run();
    await settle();
    const s = box.getSnapshot();
    assert.deepEqual(server.recorded.sort(), ['a', 'd']);
    assert.deepEqual(s.rejected.map((e) => [e.key, e.rejection?.code]), [['b', 'request.validation'], ['c', 'count.bad_quantity']]);
    assert.equal(s.pending.length, 0);
    assert.equal(store.map.get('c')?.state, 'rejected', 'the rejection is stored too');
    await box.discard('b');
    assert.deepEqual(box.getSnapshot().rejected.map((e) => e.key), ['c']);
  });

  it('stops when signed out until kicked; only the owner\'s entries are loaded and sent', async () => {
    const server = fakeServer();
    const store = memoryStore<Body>();
    await store.put({ key: 'other', owner: 'u2', group: 't', body: { qty: '9' }, createdAt: '2026-01-01T00:00:00.000Z', state: 'pending', attempts: 0 });
    await store.put({ key: 'mine', owner: 'u1', group: 't', body: { qty: '3' }, createdAt: '2026-01-01T00:00:00.000Z', state: 'pending', attempts: 0 });
    server.setMode('signed-out');
    const { box, clock: c } = outbox(server, { store });
    await box.whenLoaded();
    await settle();
    assert.equal(box.getSnapshot().blocked, true);
    assert.deepEqual(c.delays(), [], 'no retry loop against a 401');
    server.setMode('ok');
    box.kick();
    await box.run();
    assert.deepEqual(server.recorded, ['mine']);
    assert.ok(store.map.has('other'), 'another user\'s queue stays on the device for them');
  });

  it('drain(group) sends what waits and says whether it could', async () => {
    const server = fakeServer();
    let online = false;
    const { box } = outbox(server, { online: () => online });
    await box.add('task-7', { qty: '1' }, 'x');
    assert.equal(await box.drain('task-8'), 'drained', 'nothing of that task waits');
    assert.equal(await box.drain('task-7'), 'stuck', 'offline');
    online = true;
    assert.equal(await box.drain('task-7'), 'drained');
    assert.deepEqual(server.recorded, ['x']);
  });
});
