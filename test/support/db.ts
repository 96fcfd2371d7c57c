// Test databases: SQLite in memory, or PostgreSQL in a schema of its own (dropped at the end),
// chosen by STOCKROOM_TEST_ENGINE (sqlite | postgres) and TEST_DATABASE_URL. `npm test` runs the
// whole suite once per engine (scripts/test.mjs).

import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import pg from 'pg';
import { createDb, type Db, type DbKind } from '../../src/db/db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import '../../src/main/modules.js';

export const ENGINE: DbKind = process.env.STOCKROOM_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDb extends Db {
  /** for tests that start other processes on the same database */
  readonly env: Record<string, string>;
  drop(): Promise<void>;
}

/** A fresh, migrated database. `file: true` puts SQLite in a temp file (for multi-process tests). */
export async function testDb(opts: { file?: boolean; poolMax?: number } = {}): Promise<TestDb> {
  if (ENGINE === 'postgres') {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const db = createDb({ databaseUrl: PG_URL, pgSchema: schema, pgPoolMax: opts.poolMax ?? 5 });
    await migrateToLatest(db.k, db.kind);
    const env = { DATABASE_URL: PG_URL, STOCKROOM_PG_SCHEMA: schema };
    return Object.assign(db, {
      env,
      async drop() {
        await db.close();
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      },
    });
  }
  const dir = opts.file ? fs.mkdtempSync(path.join(os.tmpdir(), 'stockroom-test-')) : undefined;
  const file = dir ? path.join(dir, 'stockroom.db') : ':memory:';
  const db = createDb({ sqliteFile: file });
  await migrateToLatest(db.k, db.kind);
  return Object.assign(db, {
    env: { STOCKROOM_DATA_DIR: dir ?? '' } as Record<string, string>,
    async drop() {
      await db.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  });
}
