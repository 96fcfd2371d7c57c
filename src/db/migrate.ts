// Dated, forward-only migrations. Applied by `stockroom migrate` and at every start.
// A migration is never edited once committed: a change is a new file with a later date.

import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DbKind } from './db.js';
import * as core from './migrations/2026-11-22-0001-core.js';
import * as imports from './migrations/2026-11-22-0400-imports.js';
import * as counting from './migrations/2026-11-22-0300-counting.js';
import * as access from './migrations/2026-11-22-0500-access.js';
import * as userEmail from './migrations/2026-11-22-0600-user-email.js';

export interface MigrationContext {
  readonly dialect: DbKind;
}

type MigrationModule = { up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> };

/** The ordered list. New migrations are appended here. */
const MIGRATIONS: ReadonlyArray<readonly [string, MigrationModule]> = [
  ['2026-11-22-0001-core', core],
  ['2026-11-22-0400-imports', imports],
  ['2026-11-22-0300-counting', counting],
  ['2026-11-22-0500-access', access],
  ['2026-11-22-0600-user-email', userEmail],
];

const extraMigrations: Array<readonly [string, MigrationModule]> = [];

/** Modules register their own migrations (kept in src/db/migrations/ with dated names). */
export function registerMigration(name: string, mod: MigrationModule): void {
  if (!extraMigrations.some(([n]) => n === name)) extraMigrations.push([name, mod]);
}

export function allMigrationNames(): string[] {
  return [...MIGRATIONS, ...extraMigrations].map(([n]) => n).sort();
}

export async function migrateToLatest(db: Kysely<any>, dialect: DbKind): Promise<{ applied: string[]; version: string }> {
  const ctx: MigrationContext = { dialect };
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, mod] of [...MIGRATIONS, ...extraMigrations]) out[name] = { up: (k) => mod.up(k, ctx) };
      return out;
    },
  };
  // On PostgreSQL the migrator must look for its tables in our own schema only: with several schemas in
  // one database (tests, or other tenants) it would otherwise find another schema's table and skip ours.
  let migrationTableSchema: string | undefined;
  if (dialect === 'postgres') {
    const r = await sql<{ s: string }>`select current_schema() as s`.execute(db);
    migrationTableSchema = r.rows[0]?.s;
  }
  const migrator = new Migrator({ db, provider, migrationTableName: 'schema_migration', migrationLockTableName: 'schema_migration_lock', ...(migrationTableSchema ? { migrationTableSchema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  return { applied, version: allMigrationNames().at(-1) ?? '' };
}

export async function schemaVersion(db: Kysely<any>): Promise<string> {
  const rows = await db.selectFrom('schema_migration').select('name').orderBy('name', 'desc').limit(1).execute();
  return (rows[0]?.name as string | undefined) ?? '';
}
