// The CLI is a thin adapter over module commands, like the HTTP routes. Each module contributes
// subcommands; a failure maps to an exit code by its error kind (cli/exit-codes.ts).

import type { Command } from 'commander';
import type { Db } from '../db/db.js';
import type { Config } from '../main/config.js';
import type { Ctx } from '../kernel/context.js';

export interface CliDeps {
  readonly config: Config;
  /** opens (and migrates) the configured database; closed by the runner when the command ends */
  openDb(): Promise<Db>;
  ctx(): Ctx;
  out(line: string): void;
  err(line: string): void;
}

export type CliModule = (program: Command, deps: CliDeps) => void;
