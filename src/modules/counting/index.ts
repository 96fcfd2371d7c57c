// Public surface of the counting module.
import './counting.tables.js';
export * from './counting.errors.js';
export * from './counting.types.js';
export * from './counting.policy.js';
export * from './counting.plan.js';
export * from './counting.workflow.js';
export * from './counting.queries.js';
export { setCountingNotifier, type CountingEvent } from './counting.notify.js';
export { countingRoutes } from './counting.routes.js';
export { countingCli } from './counting.cli.js';
