// The statements a command runs, logged once through Kysely's `log` hook on a Db of our own over the
// same database, then replayed straight through the driver: better-sqlite3 prepared statements, or
// named (prepared) statements on a plain pg client. The replay is the floor a command is compared with.

import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import type { Db } from '../../src/db/db.js';
import { openSqlite } from '../../src/db/db.js';
import type { Database } from '../../src/db/tables.js';
import type { DbSpec } from './engines.js';

export interface TracedStatement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

export interface TracedDb {
  readonly db: Db;
  /** statements logged since the last take() */
  take(): TracedStatement[];
  close(): Promise<void>;
}

/** A second Db on the same database whose every query is logged (text and parameters). */
export function tracedDb(spec: DbSpec): TracedDb {
  let log: TracedStatement[] = [];
  const onLog = (e: LogEvent) => {
    // begin/commit are the replay's own transaction (RawRunner.tx)
    if (e.level === 'query' && !/^\s*(begin|commit|rollback)\b/i.test(e.query.sql)) log.push({ sql: e.query.sql, params: [...e.query.parameters] });
  };
  let k: Kysely<Database>;
  let raw: BetterSqlite3.Database | undefined;
  let file: string | undefined;
  if (spec.kind === 'sqlite') {
    file = spec.file;
    raw = openSqlite(spec.file);
    k = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }), log: onLog });
  } else {
    const pool = new pg.Pool({ connectionString: spec.url, max: 2, options: `-c search_path=${spec.schema}` });
    k = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: onLog });
  }
  // write: a plain transaction; the traced Db is only ever used one command at a time
  const db: Db = { kind: spec.kind, k, ...(raw && file ? { sqlite: raw, file } : {}), write: (fn) => k.transaction().execute(fn), close: () => k.destroy() };
  return {
    db,
    take() {
      const out = log;
      log = [];
      return out;
    },
    close: () => k.destroy(),
  };
}

/** `$1` placeholders back to `?`, so that a PostgreSQL text can be matched with ledger.repo's SQL. */
export const normalize = (text: string): string => text.replace(/\$\d+/g, '?');

/** Runs statements directly on the driver: prepared once per text, one transaction per call of tx(). */
export interface RawRunner {
  rows(text: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
  tx<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function sqliteRunner(raw: BetterSqlite3.Database): RawRunner {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const stmt = (text: string) => {
    let s = cache.get(text);
    if (!s) cache.set(text, (s = raw.prepare(text)));
    return s;
  };
  const begin = raw.prepare('begin');
  const commit = raw.prepare('commit');
  const rollback = raw.prepare('rollback');
  return {
    async rows(text, params) {
      const s = stmt(text);
      if (s.reader) return s.all(...(params as unknown[])) as Record<string, unknown>[];
      s.run(...(params as unknown[]));
      return [];
    },
    async tx(fn) {
      begin.run();
      try {
        const r = await fn();
        commit.run();
        return r;
      } catch (e) {
        rollback.run();
        throw e;
      }
    },
    close: async () => undefined,
  };
}

export function pgRunner(client: pg.Client): RawRunner {
  const names = new Map<string, string>();
  return {
    async rows(text, params) {
      let name = names.get(text);
      if (!name) names.set(text, (name = `bench_${names.size + 1}`));
      const r = await client.query({ name, text, values: params as unknown[] });
      return r.rows as Record<string, unknown>[];
    },
    async tx(fn) {
      await client.query('begin');
      try {
        const r = await fn();
        await client.query('commit');
        return r;
      } catch (e) {
        await client.query('rollback');
        throw e;
      }
    },
    close: () => client.end(),
  };
}
