// Composition root of the CLI: `npx stockroom <command>`.

import os from 'node:os';
import { Command } from 'commander';
import { loadConfig } from './config.js';
import { createDb, type Db } from '../db/db.js';
import { migrateToLatest } from '../db/migrate.js';
import { isDomainError } from '../kernel/errors.js';
import { EXIT_CODE } from '../cli/exit-codes.js';
import type { CliDeps } from '../cli/cli.types.js';
import { CLI_MODULES } from './modules.js';
import { configureNotify, notifyConfigFromEnv, type NotifyConfig } from '../modules/notify/index.js';

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const config = loadConfig(env);
  let db: Db | undefined;
  let exitCode = 0;
  const deps: CliDeps = {
    config,
    async openDb() {
      if (!db) {
        db = createDb(config.db);
        await migrateToLatest(db.k, db.kind);
      }
      return db;
    },
    ctx: () => ({ actor: `cli:${env.STOCKROOM_ACTOR || os.userInfo().username}`, now: () => new Date() }),
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
  };
  // A command reports drift through process.exitCode; start from a clean slate so that an earlier
  // run in the same process (tests) does not leak its code into this one.
  const outerExitCode = process.exitCode;
  process.exitCode = undefined;
  const program = new Command('stockroom').description('Stockroom: inventory control for manufacturers').exitOverride();
  program.configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });
  for (const mod of CLI_MODULES) mod(program, deps);
  let outerNotify: NotifyConfig | undefined;
  try {
    // Commands write notifications too (counting from scripts): e-mail and webhooks are queued as the
    // server would; its outbox worker delivers them. A bad setting is a DomainError: message, exit 65.
    outerNotify = configureNotify(notifyConfigFromEnv(env));
    await program.parseAsync(argv, { from: 'user' });
    exitCode = typeof process.exitCode === 'number' ? process.exitCode : 0;
    process.exitCode = outerExitCode;
  } catch (e) {
    if (isDomainError(e)) {
      deps.err(`error ${e.code}: ${e.message}`);
      for (const f of e.fields) deps.err(`  ${f.field}: ${f.reason}`);
      exitCode = EXIT_CODE[e.kind];
    } else if (e && typeof e === 'object' && 'exitCode' in e && typeof (e as { exitCode: unknown }).exitCode === 'number') {
      exitCode = (e as { exitCode: number }).exitCode; // commander: help, version, usage errors
    } else {
      deps.err(`error: ${e instanceof Error ? e.message : String(e)}`);
      exitCode = 70; // EX_SOFTWARE
    }
  } finally {
    process.exitCode = outerExitCode;
    if (outerNotify) configureNotify(outerNotify);
    if (db) await db.close();
  }
  return exitCode;
}

const isMain = process.argv[1] && (import.meta.url.endsWith(process.argv[1]) || process.argv[1].endsWith('stockroom.js') || process.argv[1].endsWith('cli.ts'));
if (isMain) {
  const code = await runCli(process.argv.slice(2));
  process.exitCode = code;
}
