// CLI adapter of the ledger: post, reverse, stock, movements, on-hand, valuation, check.

import type { CliModule } from '../../cli/cli.types.js';
import { inTx } from '../../db/db.js';
import { EXIT_DRIFT } from '../../cli/exit-codes.js';
import { postMovement, reverseMovement } from './ledger.commands.js';
import { checkLedger } from './ledger.check.js';
import { getOnHand, listBalances, listMovements, valuationReport } from './ledger.queries.js';
import { POSTABLE_TYPES, type MovementType } from './ledger.types.js';
import { ledgerErrors } from './ledger.errors.js';

function table(rows: Record<string, unknown>[], cols: string[]): string[] {
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => String(r[c] ?? ''))))];
}

export const ledgerCli: CliModule = (program, deps) => {
  program
    .command('post <type>')
    .description(`post a one-line movement; type is one of: ${POSTABLE_TYPES.join(', ')}`)
    .requiredOption('--item <sku>', 'item SKU')
    .requiredOption('--qty <qty>', 'quantity (decimal) in --unit')
    .option('--unit <uom>', 'unit of entry (default: base unit)')
    .option('--from <bin>', 'from location code')
    .option('--to <bin>', 'to location code')
    .option('--lot <lot>', 'lot or serial number')
    .option('--unit-cost <cost>', 'unit cost per base unit (inbound)')
    .option('--reason <code>', 'reason code (adjustments)')
    .option('--doc <ref>', 'source document')
    .option('--json', 'print the movement as JSON')
    .action(async (type: string, o: { item: string; qty: string; unit?: string; from?: string; to?: string; lot?: string; unitCost?: string; reason?: string; doc?: string; json?: boolean }) => {
      if (!(POSTABLE_TYPES as readonly string[]).includes(type)) throw ledgerErrors.unsupported_type(`type must be one of ${POSTABLE_TYPES.join(', ')}`, { field: 'type' });
      const db = await deps.openDb();
      const m = await inTx(db, (tx) =>
        postMovement(db, tx, deps.ctx(), {
          type: type as MovementType,
          lines: [{ item: o.item, qty: o.qty, ...(o.unit ? { unit: o.unit } : {}), ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}), ...(o.lot ? { lot: o.lot } : {}), ...(o.unitCost ? { unitCost: o.unitCost } : {}) }],
          ...(o.reason ? { reasonCode: o.reason } : {}),
          ...(o.doc ? { sourceDoc: o.doc } : {}),
        }),
      );
      if (o.json) deps.out(JSON.stringify(m, null, 2));
      else for (const l of m.lines) deps.out(`posted movement ${m.id} (seq ${m.seq}) ${m.type}: ${l.qty} ${l.baseUom} ${l.sku}${l.lot ? ` lot ${l.lot}` : ''} ${l.from} -> ${l.to}, value ${l.value}`);
    });

  program
    .command('reverse <movementId>')
    .description('reverse a movement (at most once)')
    .option('--reason <code>', 'reason code')
    .action(async (id: string, o: { reason?: string }) => {
      const db = await deps.openDb();
      const m = await inTx(db, (tx) => reverseMovement(db, tx, deps.ctx(), { movementId: Number(id), ...(o.reason ? { reasonCode: o.reason } : {}) }));
      deps.out(`posted reversal ${m.id} (seq ${m.seq}) of movement ${id}`);
    });

  program
    .command('stock')
    .description('stock on hand per item, bin and lot')
    .option('--item <sku>')
    .option('--location <code>')
    .option('--site <code>')
    .option('--limit <n>', 'rows', '50')
    .option('--json')
    .action(async (o: { item?: string; location?: string; site?: string; limit: string; json?: boolean }) => {
      const db = await deps.openDb();
      const page = await listBalances(db.k, { ...(o.item ? { item: o.item } : {}), ...(o.location ? { location: o.location } : {}), ...(o.site ? { site: o.site } : {}), limit: Number(o.limit) });
      if (o.json) deps.out(JSON.stringify(page, null, 2));
      else for (const l of table(page.items as unknown as Record<string, unknown>[], ['sku', 'location', 'lot', 'qtyOnHand', 'uom', 'value'])) deps.out(l);
    });

  program
    .command('onhand')
    .description('on-hand of one item in one location, now or as of a ledger position or time')
    .requiredOption('--item <sku>')
    .requiredOption('--location <code>')
    .option('--lot <lot>')
    .option('--position <seq>')
    .option('--at <iso>')
    .action(async (o: { item: string; location: string; lot?: string; position?: string; at?: string }) => {
      const db = await deps.openDb();
      const r = await getOnHand(db.k, { item: o.item, location: o.location, ...(o.lot ? { lot: o.lot } : {}), ...(o.position ? { position: Number(o.position) } : {}), ...(o.at ? { at: o.at } : {}) });
      deps.out(`${r.qtyOnHand} ${r.uom} of ${r.sku} in ${r.location}${r.lot ? ` lot ${r.lot}` : ''} at position ${r.position}`);
    });

  program
    .command('movements')
    .description('movements, newest first')
    .option('--item <sku>')
    .option('--location <code>')
    .option('--limit <n>', 'rows', '20')
    .action(async (o: { item?: string; location?: string; limit: string }) => {
      const db = await deps.openDb();
      const page = await listMovements(db.k, { ...(o.item ? { item: o.item } : {}), ...(o.location ? { location: o.location } : {}), limit: Number(o.limit) });
      for (const l of table(page.items as unknown as Record<string, unknown>[], ['seq', 'id', 'type', 'postedAt', 'actor', 'sourceDoc', 'lineCount'])) deps.out(l);
    });

  program
    .command('valuation')
    .description('stock valuation by moving average, FIFO and LIFO')
    .option('--json')
    .action(async (o: { json?: boolean }) => {
      const db = await deps.openDb();
      const r = await valuationReport(db.k);
      if (o.json) deps.out(JSON.stringify(r, null, 2));
      else {
        for (const l of table(r.lines as unknown as Record<string, unknown>[], ['sku', 'qtyOnHand', 'uom', 'average', 'fifo', 'lifo'])) deps.out(l);
        deps.out(`total  average ${r.totals.average}  fifo ${r.totals.fifo}  lifo ${r.totals.lifo}`);
      }
    });

  program
    .command('check')
    .description('rebuild balances from the ledger and report any difference (exit 3 if any)')
    .option('--json')
    .action(async (o: { json?: boolean }) => {
      const db = await deps.openDb();
      const r = await checkLedger(db.k);
      if (o.json) deps.out(JSON.stringify(r, null, 2));
      else {
        deps.out(`ledger position ${r.position}, ${r.movements} movements, ${r.balancesChecked} balances checked`);
        for (const d of r.differences.slice(0, 100)) deps.out(`DIFF ${d.kind} item=${d.itemId ?? ''} location=${d.locationId ?? ''} lot=${d.lotId ?? ''} expected=${d.expected} actual=${d.actual}: ${d.detail}`);
        deps.out(r.ok ? 'check: clean' : `check: ${r.differences.length} difference(s)`);
      }
      if (!r.ok) process.exitCode = EXIT_DRIFT;
    });
};
