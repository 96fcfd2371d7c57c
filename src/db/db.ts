// One place that knows about the two engines. SQLite (better-sqlite3) is the embedded default;
// PostgreSQL (pg) serves several application servers sharing one database.

import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, CompiledQuery, type Transaction } from 'kysely';
import type { Database } from './tables.js';
import { intFromDb } from '../kernel/decimal.js';
import { GroupCommitter } from './group-commit.js';

export type DbKind = 'sqlite' | 'postgres';
export type Tx = Transaction<Database>;
export type Q = Kysely<Database> | Tx;

export interface Db {
  readonly kind: DbKind;
  readonly k: Kysely<Database>;
  /** the raw better-sqlite3 handle (SQLite only): backups, benchmarks */
  readonly sqlite?: BetterSqlite3.Database;
  /** SQLite file path, when on SQLite */
  readonly file?: string;
  /**
   * Runs a command in a transaction of its own (PostgreSQL) or in a group commit with the commands
   * that arrive meanwhile (SQLite: group-commit.ts). Answers after the durable commit either way.
   */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DbConfig {
  /** postgres://… selects PostgreSQL; otherwise SQLite at sqliteFile */
  readonly databaseUrl?: string;
  readonly sqliteFile?: string;
  /** PostgreSQL schema to use (tests isolate themselves in a schema of their own) */
  readonly pgSchema?: string;
  readonly pgPoolMax?: number;
}

let pgTypesSet = false;
function setPgTypes(): void {
  if (pgTypesSet) return;
  pgTypesSet = true;
  // int8 and numeric sums come back as strings; our integers fit in 53 bits (asserted).
  pg.types.setTypeParser(20, (v) => intFromDb(v));
}

/**
 * better-sqlite3 prepares a statement on every call that Kysely makes; preparing costs far more than
 * running. Caching statements by SQL text gives the hot path the driver's own speed.
 */
function cachingSqlite(raw: BetterSqlite3.Database) {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => raw.close(),
    prepare(sqlText: string) {
      let stmt = cache.get(sqlText);
      if (!stmt || stmt.busy) {
        stmt = raw.prepare(sqlText);
        if (cache.size > 2000) cache.clear();
        cache.set(sqlText, stmt);
      }
      return stmt;
    },
  };
}

export function openSqlite(file: string): BetterSqlite3.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before it is acknowledged, so an acknowledged write survives a crash.
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 10000');
  return raw;
}

export function createDb(config: DbConfig): Db {
  if (config.databaseUrl && /^postgres(ql)?:/.test(config.databaseUrl)) {
    setPgTypes();
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: config.pgPoolMax ?? 10,
      ...(config.pgSchema ? { options: `-c search_path=${config.pgSchema}` } : {}),
    });
    const k = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kind: 'postgres', k, write: (fn) => k.transaction().execute(fn), close: () => k.destroy() };
  }
  const file = config.sqliteFile ?? ':memory:';
  const raw = openSqlite(file);
  const k = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingSqlite(raw) as never }) });
  const group = new GroupCommitter(k);
  return { kind: 'sqlite', k, sqlite: raw, file, write: (fn) => group.run(fn), close: () => k.destroy() };
}

/** One database transaction per command; cross-module work passes the same transaction on. */
export function inTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.k.transaction().execute(fn);
}

export async function execRaw(q: Q, sqlText: string): Promise<void> {
  await q.executeQuery(CompiledQuery.raw(sqlText));
}
