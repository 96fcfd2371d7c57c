// Public surface of the demo module: the demo plant, its CLI command and start-up hook.
export { demoErrors } from './demo.errors.js';
export { loadDemo, resolveScale, type LoadDemoOptions, type DemoLoadReport } from './demo.load.js';
export { buildPlan } from './demo.plan.js';
export { simulateHistory } from './demo.history.js';
export { FULL_SCALE, SMALL_SCALE, type DemoScale, type DemoPlan, type SimMovement } from './demo.types.js';
export { demoCli } from './demo.cli.js';
export { loadDemoOnNewDatabase } from './demo.hook.js';
