// Dated, forward-only migrations. Applied by `stockroom migrate` and at every start.
// A migration is never edited once committed: a change is a new file with a later date.

import { sql, type Kysely } from 'kysely';
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

/**
 * Applies every migration not yet recorded in `schema_migration`, in name order, in one transaction.
 * On PostgreSQL an advisory lock keyed by the schema lets concurrent starters (several servers, the
 * CLI) take turns. A migrator of our own rather than Kysely's: Kysely's introspects every table of
 * every schema in the database to find its own, which is slow and races with other schemas' DDL.
 */
export async function migrateToLatest(db: Kysely<any>, dialect: DbKind): Promise<{ applied: string[]; version: string }> {
  const ctx: MigrationContext = { dialect };
  const byName = new Map<string, MigrationModule>();
  for (const [name, mod] of [...MIGRATIONS, ...extraMigrations]) if (!byName.has(name)) byName.set(name, mod);
  const names = [...byName.keys()].sort();
  const applied = await db.transaction().execute(async (tx) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(current_schema() || ':stockroom:migrate'))`.execute(tx);
    await sql`create table if not exists schema_migration (name varchar(255) primary key, timestamp varchar(255) not null)`.execute(tx);
    const done = new Set((await sql<{ name: string }>`select name from schema_migration`.execute(tx)).rows.map((r) => r.name));
    const last = [...done].sort().at(-1);
    const ran: string[] = [];
    for (const name of names) {
      if (done.has(name)) continue;
      // Forward-only and in order: a migration dated before the last applied one means a history mix-up.
      if (last !== undefined && name < last) throw new Error(`migration ${name} is older than the last applied (${last}); migrations are forward-only`);
      await (byName.get(name) as MigrationModule).up(tx as unknown as Kysely<unknown>, ctx);
      await sql`insert into schema_migration (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(tx);
      ran.push(name);
    }
    return ran;
  });
  return { applied, version: names.at(-1) ?? '' };
}

export async function schemaVersion(db: Kysely<any>): Promise<string> {
  const rows = await db.selectFrom('schema_migration').select('name').orderBy('name', 'desc').limit(1).execute();
  return (rows[0]?.name as string | undefined) ?? '';
}
