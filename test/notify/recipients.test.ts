// Who gets e-mail: a flagged count line reaches the inventory managers of its site at the addresses
// their user records hold, through a real SMTP server on loopback, with the resolver the composition
// root wires (access's recipientsWithRole via src/main/modules.ts), not a test-only one. Managers of
// other sites, inactive ones and other roles hear nothing; one without an address, or with a demo
// address at stockroom.invalid, is told in the app only. The CLI queues the same e-mail when its
// environment configures SMTP, and refuses a bad notify setting with a message and exit code 65.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { sql } from 'kysely';
import { inTx } from '../../src/db/db.js';
import { systemCtx } from '../../src/kernel/context.js';
import { createUser, updateUser } from '../../src/modules/access/index.js';
import { createAdhocCount, getTaskSheet, recordObservation, submitTask, workflowDeps } from '../../src/modules/counting/index.js';
import { configureNotify, IN_APP_ONLY, startOutboxWorker, type NotifyConfig } from '../../src/modules/notify/index.js';
import { CLI_MODULES } from '../../src/main/modules.js';
import { testDb, ENGINE, type TestDb } from '../support/db.js';
import { builderCtx, makeSite } from '../support/catalog-builders.js';
import { runCliCaptured } from '../support/server-process.js';
import { asRoles, countingPlant, COUNTERS, type CountingPlant } from '../counting/counting-fixture.js';
import { fastConfig, waitFor } from './notify-helpers.js';

interface Mail {
  readonly to: string[];
  readonly headers: Record<string, string>;
}

function loopbackSmtp() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
        const headers: Record<string, string> = {};
        for (const line of head.split('\r\n')) headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), headers });
        cb();
      });
    },
  });
  return {
    mails,
    listen: () => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const cli = async (env: NodeJS.ProcessEnv, ...argv: string[]) => {
  await new Promise((r) => setTimeout(r, 30)); // let the runner's pending reports out (see audit-cli.test.ts)
  return runCliCaptured(env, ...argv);
};

describe(`flagged count lines e-mail the site's inventory managers (${ENGINE})`, () => {
  let db: TestDb;
  let p: CountingPlant;
  let smtp: ReturnType<typeof loopbackSmtp>;
  let config: NotifyConfig;
  let smtpUrl: string;
  let outer: NotifyConfig;
  const ids: Record<string, number> = {};

  before(async () => {
    db = await testDb({ file: true });
    smtp = loopbackSmtp();
    smtpUrl = `smtp://127.0.0.1:${await smtp.listen()}`;
    config = fastConfig({ smtp: { url: smtpUrl, from: 'stockroom@plant.test' } });
    p = await countingPlant(db);
    const elsewhere = await makeSite(db);
    const ctx = systemCtx('system:test');
    await inTx(db, async (tx) => {
      const add = async (username: string, role: string, email: string | null, sites: string[] | null = null) => {
        ids[username] = (await createUser(tx, ctx, { username, email, roles: [{ role, sites }] })).id;
      };
      await add('root', 'admin', null);
      await add('mgr-here', 'inventory_manager', 'manager@plant.test', [p.site.code]);
      await add('mgr-all', 'inventory_manager', 'all-sites@plant.test');
      await add('mgr-nomail', 'inventory_manager', null, [p.site.code]);
      await add('mgr-demo', 'inventory_manager', 'inventory-manager@stockroom.invalid');
      await add('mgr-there', 'inventory_manager', 'elsewhere@plant.test', [elsewhere.code]);
      await add('mgr-gone', 'inventory_manager', 'gone@plant.test');
      await add('sup', 'supervisor', 'supervisor@plant.test');
      await updateUser(tx, ctx, ids['mgr-gone'] as number, { active: false });
    });
  });
  after(async () => {
    if (outer) configureNotify(outer);
    await smtp?.close();
    await db?.drop();
  });

  /** An ad-hoc count of the bolt in a bin with 100 on hand, counted as `qty` by Ann: the task and its line. */
  async function countTask(binIndex: 0 | 1 | 2): Promise<{ taskId: number; lineId: number }> {
    const bin = p.bins[binIndex].code;
    await p.stock(p.items.bolt.sku, bin, '100');
    const { taskId } = await inTx(db, (tx) => createAdhocCount(tx, builderCtx, { site: p.site.code, by: 'bin', target: bin, counterUserId: COUNTERS.ann }));
    const sheet = await getTaskSheet(db.k, builderCtx, taskId);
    const line = sheet.lines.find((l) => l.sku === p.items.bolt.sku);
    assert.ok(line);
    return { taskId, lineId: line.lineId };
  }

  async function flaggedMails(lineId: number): Promise<Mail[]> {
    const worker = startOutboxWorker(db, config, { intervalMs: 10 });
    try {
      await waitFor('the e-mails of the flagged line', async () => {
        const pending = await sql<{ id: number }>`select id from outbox where status <> 'delivered'`.execute(db.k);
        return pending.rows.length === 0 && smtp.mails.some((m) => m.headers['subject']?.includes(`Count ${lineId} `));
      });
    } finally {
      await worker.stop();
    }
    return smtp.mails.filter((m) => m.headers['x-stockroom-event'] === 'count.line_flagged' && m.headers['subject']?.includes(`Count ${lineId} `));
  }

  async function flaggedOutbox(lineId: number): Promise<string[]> {
    const rows = (await sql<{ destination: string; payload_json: string }>`select destination, payload_json from outbox where channel = 'email'`.execute(db.k)).rows;
    return rows.filter((r) => (JSON.parse(r.payload_json) as { event: string; subject: string }).event === 'count.line_flagged' && r.payload_json.includes(`Count ${lineId} `)).map((r) => r.destination).sort();
  }

  test('server path: a count out of tolerance is flagged and mailed to each manager of the site with an address, once', async () => {
    outer = configureNotify(config); // what main/server.ts does with STOCKROOM_SMTP_URL and STOCKROOM_MAIL_FROM
    const { taskId, lineId } = await countTask(0);
    await inTx(db, (tx) => recordObservation(workflowDeps(db), tx, asRoles(COUNTERS.ann, ['counter']), { taskId, lineId, qty: '70' }));
    const r = await inTx(db, (tx) => submitTask(workflowDeps(db), tx, asRoles(COUNTERS.ann, ['counter', 'supervisor']), taskId));
    assert.equal(r.lines[0]?.flagged, true, JSON.stringify(r.lines[0]));

    const told = (await sql<{ user_id: number | string }>`select user_id from notification where kind = 'count.line_flagged'`.execute(db.k)).rows;
    const byName = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    assert.deepEqual(told.map((n) => byName[Number(n.user_id)]).sort(), ['mgr-all', 'mgr-demo', 'mgr-here', 'mgr-nomail'], 'in-app: every active manager of the site');
    assert.deepEqual(await flaggedOutbox(lineId), ['all-sites@plant.test', 'manager@plant.test'], 'e-mail: only real addresses');

    const mails = await flaggedMails(lineId);
    assert.deepEqual(mails.map((m) => m.to.join(',')).sort(), ['all-sites@plant.test', 'manager@plant.test']);
    for (const m of mails) {
      assert.match(m.headers['subject'] ?? '', new RegExp(`^\\[Stockroom\\] Count ${lineId} INVESTIGATE: ${p.items.bolt.sku} at ${p.bins[0].code}, shortage of 30`));
      assert.match(m.headers['from'] ?? '', /stockroom@plant\.test/);
    }
  });

  test('CLI path: a counting command run from a script queues the same e-mail from its environment; a bad setting exits 65 with a message', async () => {
    // A counting command as a script would run it (the shipped CLI has none that submits counts yet).
    CLI_MODULES.push((program, deps) => {
      program.command('test-submit-count <taskId> <lineId> <qty>').action(async (taskId: string, lineId: string, qty: string) => {
        const d = await deps.openDb();
        await inTx(d, (tx) => recordObservation(workflowDeps(d), tx, deps.ctx(), { taskId: Number(taskId), lineId: Number(lineId), qty, counterUserId: COUNTERS.ann }));
        const res = await inTx(d, (tx) => submitTask(workflowDeps(d), tx, deps.ctx(), Number(taskId)));
        deps.out(res.lines.map((l) => `${l.lineId} ${l.outcome}`).join('\n'));
      });
    });
    const { taskId, lineId } = await countTask(1);
    configureNotify(IN_APP_ONLY); // the test process itself has no SMTP now: what gets queued comes from the CLI's env
    const base = { ...db.env, STOCKROOM_DEMO: '0', STOCKROOM_ACTOR: 'script', PATH: process.env.PATH ?? '' };
    const r = await cli({ ...base, STOCKROOM_SMTP_URL: smtpUrl, STOCKROOM_MAIL_FROM: 'stockroom@plant.test' }, 'test-submit-count', String(taskId), String(lineId), '60');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`^${lineId} investigate$`, 'm'));
    assert.equal(configureNotify(IN_APP_ONLY), IN_APP_ONLY, 'runCli put back the process\'s own notify settings');
    assert.deepEqual(await flaggedOutbox(lineId), ['all-sites@plant.test', 'manager@plant.test']);
    const mails = await flaggedMails(lineId);
    assert.deepEqual(mails.map((m) => m.to.join(',')).sort(), ['all-sites@plant.test', 'manager@plant.test']);

    // a bad notify setting: a clear message naming the variable, exit 65, no stack trace, no password echoed
    const bad = [
      [{ STOCKROOM_SMTP_URL: 'smtp//stock:hunter2@mail.plant.test' }, /error notify\.invalid_config: STOCKROOM_SMTP_URL is not a URL/, 'STOCKROOM_SMTP_URL'],
      [{ STOCKROOM_SMTP_URL: smtpUrl }, /error notify\.invalid_config: STOCKROOM_MAIL_FROM is needed with STOCKROOM_SMTP_URL/, 'STOCKROOM_MAIL_FROM'],
      [{ STOCKROOM_WEBHOOK_URLS: 'https://erp.plant.test/hook', STOCKROOM_WEBHOOK_SECRET: 'short' }, /error notify\.invalid_config: STOCKROOM_WEBHOOK_SECRET/, 'STOCKROOM_WEBHOOK_SECRET'],
    ] as const;
    for (const [extra, message, field] of bad) {
      const b = await cli({ ...base, ...extra }, 'user', 'list');
      assert.equal(b.code, 65, b.err);
      assert.match(b.err, message);
      assert.match(b.err, new RegExp(`^ {2}${field}: `, 'm'));
      assert.doesNotMatch(b.err, /\n\s+at /, 'no stack trace');
      assert.ok(!b.err.includes('hunter2'), 'the SMTP password is not echoed');
      assert.equal(b.out, '', 'the command did not run');
    }
  });
});
