// Bench databases: SQLite in a file of a temp dir with the app's pragmas (createDb → openSqlite), or
// PostgreSQL in a schema of its own that is dropped afterwards.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, type Db } from '../../src/db/db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import '../../src/main/modules.js';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchDb extends Db {
  /** what a child process needs to open the same database */
  readonly spec: DbSpec;
  drop(): Promise<void>;
}

export type DbSpec = { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string; readonly schema: string };

let pgReachable: boolean | undefined;

/** PostgreSQL is used when TEST_DATABASE_URL is set or 127.0.0.1:5432 answers. */
export async function postgresAvailable(): Promise<boolean> {
  if (pgReachable !== undefined) return pgReachable;
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
    pgReachable = true;
  } catch {
    pgReachable = false;
  } finally {
    await c.end().catch(() => undefined);
  }
  return pgReachable;
}

export function openSpec(spec: DbSpec, poolMax = 10): Db {
  return spec.kind === 'sqlite' ? createDb({ sqliteFile: spec.file }) : createDb({ databaseUrl: spec.url, pgSchema: spec.schema, pgPoolMax: poolMax });
}

export async function benchDb(kind: 'sqlite' | 'postgres', label: string, poolMax = 10): Promise<BenchDb> {
  if (kind === 'postgres') {
    const schema = `bench_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const spec: DbSpec = { kind, url: PG_URL, schema };
    const db = openSpec(spec, poolMax);
    await migrateToLatest(db.k, db.kind);
    return Object.assign(db, {
      spec,
      async drop() {
        await db.close();
        await dropPgSchema(schema);
      },
    });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `stockroom-bench-${label}-`));
  const spec: DbSpec = { kind, file: path.join(dir, 'stockroom.db') };
  const db = openSpec(spec);
  await migrateToLatest(db.k, db.kind);
  return Object.assign(db, {
    spec,
    async drop() {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });
}

export async function dropPgSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await c.end();
  }
}

/** A plain pg client on the bench schema, for baselines and floors that talk to the driver directly. */
export async function pgClient(schema: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
  await c.connect();
  return c;
}

/** Removes a bench database by its spec (the temp dir of a SQLite file, or the PostgreSQL schema). */
export async function dropSpec(spec: DbSpec): Promise<void> {
  if (spec.kind === 'postgres') await dropPgSchema(spec.schema);
  else fs.rmSync(path.dirname(spec.file), { recursive: true, force: true });
}
