// E-mail delivery through the outbox to a real SMTP server on loopback (smtp-server, port 0):
// the message that arrives names the item, the location, the variance status and magnitude and
// the count id; a server that refuses the message first gets it on a later attempt.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { sql } from 'kysely';
import { testDb, type TestDb } from '../support/db.js';
import { inTx } from '../../src/db/db.js';
import { notify, startOutboxWorker } from '../../src/modules/notify/index.js';
import { ctx, fastConfig, lineFlagged, waitFor } from './notify-helpers.js';

interface Mail {
  from: string;
  to: string[];
  user: string | undefined;
  headers: Record<string, string>;
  text: string;
}

/** Minimal parse of a single-part message: unfolded headers, body decoded from QP or base64. */
function parse(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = raw.slice(split + 4);
  const cte = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  if (cte === 'quoted-printable') {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    body = Buffer.from(bytes, 'latin1').toString('utf8');
  } else if (cte === 'base64') {
    body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return { headers, text: body.replace(/\r\n/g, '\n') };
}

function smtp(rejectFirst: number) {
  const mails: Mail[] = [];
  let attempts = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'stock' && auth.password === 'room') cb(null, { user: auth.username });
      else cb(new Error('invalid credentials'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        attempts++;
        if (attempts <= rejectFirst) {
          const err = new Error('mailbox busy, try later') as Error & { responseCode: number };
          err.responseCode = 451;
          cb(err);
          return;
        }
        const { headers, text } = parse(Buffer.concat(chunks).toString('latin1'));
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          headers,
          text,
        });
        cb();
      });
    },
  });
  return {
    mails,
    attempts: () => attempts,
    listen: () => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let db: TestDb;
before(async () => {
  db = await testDb();
});
after(async () => {
  await db.drop();
});

test('a flagged line is e-mailed through SMTP to the manager, naming item, location, status, magnitude and count id', async () => {
  const server = smtp(1);
  const port = await server.listen();
  const config = fastConfig({ smtp: { url: `smtp://stock:room@127.0.0.1:${port}`, from: 'stockroom@plant.test' } });
  await inTx(db, (tx) => notify(tx, ctx, lineFlagged(8, { countLineId: 4711, sku: 'BRG-6204', locationCode: 'P1-C-07', qtyShortage: '3.5', uom: 'KG', pctShortage: '7.00', valueShortage: '42.10', recipients: [{ userId: 5, email: 'manager@plant.test' }] }), { config }));
  await inTx(db, (tx) => notify(tx, ctx, lineFlagged(9, { countLineId: 4712, sku: 'SEAL-22', locationCode: 'P1-C-08', qtyShortage: '-2', uom: 'EA', pctShortage: null, valueShortage: '-3.00', varianceStatus: 'recount', recipients: [{ userId: 5, email: 'manager@plant.test' }] }), { config }));

  const worker = startOutboxWorker(db, config, { intervalMs: 10 });
  try {
    await waitFor('two e-mails', () => server.mails.length >= 2);
    await waitFor('rows marked delivered', async () => {
      const r = await sql<{ status: string }>`select status from outbox`.execute(db.k);
      return r.rows.every((x) => x.status === 'delivered');
    });
  } finally {
    await worker.stop();
    await server.close();
  }
  assert.equal(server.attempts(), 3, 'the first message was refused with 451 once, then retried');
  assert.equal(server.mails.length, 2, 'each message once');
  const [first, second] = server.mails as [Mail, Mail];
  assert.deepEqual(first.to, ['manager@plant.test']);
  assert.equal(first.from, 'stockroom@plant.test');
  assert.equal(first.user, 'stock', 'authenticated with the credentials of STOCKROOM_SMTP_URL');
  assert.equal(first.headers['subject'], '[Stockroom] Count 4711 INVESTIGATE: BRG-6204 at P1-C-07, shortage of 3.5 KG');
  assert.match(first.text, /Count id: 4711/);
  assert.match(first.text, /Item: BRG-6204/);
  assert.match(first.text, /Location: P1-C-07/);
  assert.match(first.text, /Variance status: INVESTIGATE/);
  assert.match(first.text, /Variance: shortage of 3.5 KG \(shortage qty, system − counted: 3.5 KG\)/);
  assert.match(first.text, /Percent of system quantity: 7.00 % shortage/);
  assert.match(first.text, /Value at unit cost: 42.10 shortage/);
  assert.equal(first.headers['x-stockroom-event'], 'count.line_flagged');

  assert.equal(second.headers['subject'], '[Stockroom] Count 4712 RECOUNT: SEAL-22 at P1-C-08, overage of 2 EA');
  assert.match(second.text, /Percent of system quantity: n\/a \(system quantity was 0\)/);
  const rows = await sql<{ attempts: number; last_error: string | null }>`select attempts, last_error from outbox order by id`.execute(db.k);
  assert.deepEqual(rows.rows.map((r) => Number(r.attempts)), [2, 1]);
});
