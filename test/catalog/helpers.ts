// Shared set-up for the catalog tests: a fresh database with the catalog routes, a row counter to
// prove that refused requests wrote nothing, and the CLI runner.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { testDb, type TestDb } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';
import { catalogRoutes } from '../../src/modules/catalog/index.js';
import { runCli } from '../../src/main/cli.js';

export interface Harness {
  readonly db: TestDb;
  readonly t: TestApp;
  close(): Promise<void>;
}

export async function harness(opts: { file?: boolean } = {}): Promise<Harness> {
  const db = await testDb(opts);
  const t = await testApp(db, { routes: [catalogRoutes] });
  return { db, t, close: async () => { await t.close(); await db.drop(); } };
}

export const CATALOG_TABLES = ['item', 'item_unit', 'location', 'supplier', 'lot', 'bom', 'bom_component', 'audit_event', 'idempotency_key'] as const;

/** Row counts of the catalog tables and the audit trail. */
export async function counts(db: TestDb): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of CATALOG_TABLES) {
    const r = await db.k.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(r.n);
  }
  return out;
}

/** Asserts a problem-details answer: status, code and (when given) that errors[] names the field. */
export function assertProblem(r: LightMyRequestResponse, status: number, code: string | undefined, field?: string): void {
  assert.equal(r.statusCode, status, r.body);
  assert.match(String(r.headers['content-type']), /application\/problem\+json/);
  const body = r.json() as { code: string; errors: { field: string }[]; detail: string };
  if (code) assert.equal(body.code, code, r.body);
  if (field) assert.ok(body.errors.some((e) => e.field === field), `errors should name ${field}: ${r.body}`);
}

export async function auditEvents(db: TestDb, entity: string, entityId?: number) {
  let q = db.k.selectFrom('audit_event').selectAll().where('entity', '=', entity);
  if (entityId !== undefined) q = q.where('entity_id', '=', String(entityId));
  return q.orderBy('id').execute();
}

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the CLI in-process against the test database, capturing what it prints. */
export async function runCliWith(argv: string[], env: Record<string, string>): Promise<CliResult> {
  let out = '';
  let err = '';
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  // The CLI writes text; the test runner's child process reports to its parent in binary chunks on
  // the same stdout, which must pass through untouched.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof chunk !== 'string') return (stdout as (...a: unknown[]) => boolean)(chunk, ...rest);
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof chunk !== 'string') return (stderr as (...a: unknown[]) => boolean)(chunk, ...rest);
    err += chunk;
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await runCli(argv, env);
    return { code, out, err };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
}

/** The environment that points the CLI at a test database (a temp data dir on SQLite, the test schema on PostgreSQL). */
export function cliEnv(db: TestDb): Record<string, string> {
  const dataDir = db.env.STOCKROOM_DATA_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'stockroom-cli-'));
  return { ...db.env, STOCKROOM_DATA_DIR: dataDir, STOCKROOM_ACTOR: 'tester', STOCKROOM_DEMO: '0' };
}
