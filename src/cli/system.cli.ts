// System commands: migrate, serve.

import type { CliModule } from './cli.types.js';
import { migrateToLatest } from '../db/migrate.js';
import { createDb } from '../db/db.js';

export const systemCli: CliModule = (program, deps) => {
  program
    .command('migrate')
    .description('apply pending database migrations (also done at every start)')
    .action(async () => {
      const db = createDb(deps.config.db);
      try {
        const { applied, version } = await migrateToLatest(db.k, db.kind);
        deps.out(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'database is up to date');
        deps.out(`schema version ${version} (${db.kind})`);
      } finally {
        await db.close();
      }
    });
  program
    .command('serve')
    .description('start the server (same as npm start)')
    .action(async () => {
      await import('../main/server.js');
      await new Promise(() => undefined);
    });
};
