// The composition list: every module's routes, CLI commands and start-up hooks, in one place.

import type { RouteModule } from '../http/app.js';
import type { CliModule } from '../cli/cli.types.js';
import type { Db } from '../db/db.js';
import type { Config } from './config.js';
import { systemCli } from '../cli/system.cli.js';
import { opsCli } from '../cli/ops.cli.js';
import { catalogRoutes, catalogCli } from '../modules/catalog/index.js';
import { ledgerRoutes, ledgerCli } from '../modules/ledger/index.js';
import { accessRoutes, accessCli, demoUsersHook, recipientsWithRole, usersWithRole } from '../modules/access/index.js';
import { auditRoutes, auditCli } from '../modules/audit/index.js';
import { countingCli, countingRoutes, setCountingNotifier, setRoleHolders } from '../modules/counting/index.js';
import { notifyRoutes, notifyCountingEvent, setRecipientResolver } from '../modules/notify/index.js';
import { demoCli, loadDemoOnNewDatabase } from '../modules/demo/index.js';
import { importRoutes, importCli } from '../modules/imports/index.js';
import { exportRoutes, exportCli } from '../modules/exports/index.js';
import { reportingRoutes } from '../modules/reporting/index.js';
import { staticRoutes } from '../http/static.js';

// staticRoutes stays last: its catch-all serves the web app for any path the API does not answer.
export const ROUTE_MODULES: RouteModule[] = [accessRoutes, auditRoutes, catalogRoutes, ledgerRoutes, countingRoutes, notifyRoutes, importRoutes, exportRoutes, reportingRoutes, staticRoutes];

// Counting reports task completions, flagged lines and corrections awaiting approval; notify tells people.
setCountingNotifier(notifyCountingEvent);
// The access module knows who holds a role at a site: investigators to assign, managers to tell
// (with their e-mail addresses, which notify uses when SMTP is configured).
setRoleHolders(usersWithRole);
setRecipientResolver(recipientsWithRole);

export const CLI_MODULES: CliModule[] = [systemCli, opsCli, accessCli, auditCli, catalogCli, ledgerCli, demoCli, importCli, exportCli, countingCli];

export interface NewDatabaseDeps {
  readonly db: Db;
  readonly config: Config;
  log(message: string): void;
}

/** Run once when `npm start` creates a new database (demo plant, first users). */
export const NEW_DATABASE_HOOKS: Array<(d: NewDatabaseDeps) => Promise<void>> = [
  // users first: the demo plant and others may refer to them
  demoUsersHook(),
  // the demo plant (config.demo; STOCKROOM_DEMO=0 starts empty)
  loadDemoOnNewDatabase,
];

export async function onNewDatabase(d: NewDatabaseDeps): Promise<void> {
  for (const hook of NEW_DATABASE_HOOKS) await hook(d);
}
