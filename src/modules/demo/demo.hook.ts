// Start-up hook: `npm start` on a new database loads the demo plant (config.demo; STOCKROOM_DEMO=0
// starts empty). Runs after the first-users hook, so the plant arrives in a database with people.

import type { Db } from '../../db/db.js';
import { systemCtx } from '../../kernel/context.js';
import { isDomainError } from '../../kernel/errors.js';
import { demoErrors } from './demo.errors.js';
import { loadDemo } from './demo.load.js';

export interface DemoHookDeps {
  readonly db: Db;
  readonly config: { readonly demo: boolean };
  log(message: string): void;
}

export async function loadDemoOnNewDatabase(d: DemoHookDeps): Promise<void> {
  if (!d.config.demo) {
    d.log('demo: not loaded (STOCKROOM_DEMO=0)');
    return;
  }
  try {
    const r = await loadDemo(d.db, systemCtx('system:demo'), { log: (m) => d.log(m) });
    d.log(`demo: plant loaded in ${(r.ms.total / 1000).toFixed(1)} s: ${r.items} items, ${r.bins} bins, ${r.movements} movements (${r.lines} lines)`);
  } catch (e) {
    // a database that already holds data is left alone; anything else is a real failure
    if (isDomainError(e) && (e.code === demoErrors.codes.not_empty || e.code === demoErrors.codes.ledger_not_empty)) d.log(`demo: not loaded: ${e.message}`);
    else throw e;
  }
}
