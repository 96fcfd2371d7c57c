// Public surface of the ledger module.
export * from './ledger.types.js';
export * from './ledger.errors.js';
export { postMovement, reverseMovement, type PostOptions } from './ledger.commands.js';
export * from './ledger.queries.js';
export * from './ledger.check.js';
export { ledgerRoutes } from './ledger.routes.js';
export { ledgerCli } from './ledger.cli.js';
