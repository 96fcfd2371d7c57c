// Composition root of the server: `npm start`. Opens the database, applies migrations, loads the
// demo plant into a new database (unless STOCKROOM_DEMO=0), and serves the API.

import { createDb } from '../db/db.js';
import { migrateToLatest } from '../db/migrate.js';
import { buildApp, REDACT } from '../http/app.js';
import { loadConfig } from './config.js';
import { ROUTE_MODULES, onNewDatabase } from './modules.js';
import { configureNotify, notifyConfigFromEnv, startOutboxWorker } from '../modules/notify/index.js';
import { jobsConfigFromEnv, startJobs } from '../jobs/jobs.js';

export async function startServer(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(env);
  // Notify settings (e-mail, webhooks) are checked before anything is opened: a bad one stops the start.
  const notifyConfig = notifyConfigFromEnv(env);
  const db = createDb(config.db);
  const { applied } = await migrateToLatest(db.k, db.kind);
  const isNew = applied.includes('2026-11-22-0001-core');
  const app = await buildApp({ db, config: config.app }, ROUTE_MODULES, {
    logger: { level: config.app.logLevel, redact: { paths: REDACT, censor: '[redacted]' } },
  });
  if (isNew) await onNewDatabase({ db, config, log: (m) => app.log.info(m) });
  configureNotify(notifyConfig);
  const outboxWorker = startOutboxWorker(db, notifyConfig, { intervalMs: Number(env.STOCKROOM_OUTBOX_INTERVAL_MS || 1000), onError: (e) => app.log.error({ err: e }, 'outbox worker') });
  const jobs = startJobs(db, jobsConfigFromEnv(env), (e) => app.log.error({ err: e }, 'scheduled job'));
  await app.listen({ port: config.port, host: config.host });
  const close = async () => {
    await app.close();
    await jobs.stop();
    await outboxWorker.stop();
    await db.close();
    process.exit(0);
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
  return app;
}

await startServer();
