// The catalog's public surface: master data (items and units, locations, lots, suppliers, BOMs).
// Other modules import from here only; the repo stays private.

import { registerMigration } from '../../db/migrate.js';
import * as catalogMigration from '../../db/migrations/2026-11-22-0100-catalog.js';

registerMigration('2026-11-22-0100-catalog', catalogMigration);

export * from './catalog.lookups.js';
export * from './catalog.errors.js';
export * from './catalog.rules.js';
export * from './catalog.types.js';
export * from './catalog.commands.js';
export * from './catalog.queries.js';
export { catalogRoutes } from './catalog.routes.js';
export { catalogCli } from './catalog.cli.js';
