// CLI adapter: `stockroom demo load [--small] [--force] [--items n] [--days n] [--seed n]`.

import type { CliModule } from '../../cli/cli.types.js';
import { demoErrors } from './demo.errors.js';
import { loadDemo } from './demo.load.js';

function whole(text: string | undefined, field: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text)) throw demoErrors.bad_scale(`--${field} must be a whole number`, { field });
  return Number(text);
}

export const demoCli: CliModule = (program, deps) => {
  const demo = program.command('demo').description('the demo plant: two sites, about 1,500 items and a year of movements');
  demo
    .command('load')
    .description('load the demo plant into an empty database')
    .option('--small', 'a small plant (150 items, 45 days) for a quick look')
    .option('--force', 'load even though the database already has items')
    .option('--items <n>', 'number of items')
    .option('--days <n>', 'days of history, ending today')
    .option('--seed <n>', 'random seed (the same seed gives the same plant)')
    .action(async (o: { small?: boolean; force?: boolean; items?: string; days?: string; seed?: string }) => {
      const db = await deps.openDb();
      const r = await loadDemo(db, deps.ctx(), {
        small: o.small ?? false,
        force: o.force ?? false,
        scale: { items: whole(o.items, 'items'), days: whole(o.days, 'days'), seed: whole(o.seed, 'seed') },
        log: deps.out,
      });
      deps.out(`demo plant loaded on ${db.kind}: ${r.sites} sites, ${r.warehouses} warehouses, ${r.zones} zones, ${r.bins} bins, ${r.suppliers} suppliers, ${r.items} items, ${r.boms} BOMs`);
      deps.out(`history: ${r.movements} movements, ${r.lines} lines, ${r.firstPostedAt} .. ${r.lastPostedAt}`);
      deps.out(`  ${Object.entries(r.byType).map(([t, n]) => `${t} ${n}`).join(', ')}`);
      deps.out(`took ${(r.ms.total / 1000).toFixed(1)} s (master data ${(r.ms.master / 1000).toFixed(1)} s, history ${(r.ms.history / 1000).toFixed(1)} s)`);
    });
};
