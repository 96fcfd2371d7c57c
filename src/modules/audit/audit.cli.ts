// CLI adapter of the audit trail: verify the chain, export as CSV.

import fs from 'node:fs';
import { once } from 'node:events';
import type { CliModule } from '../../cli/cli.types.js';
import { EXIT_DRIFT } from '../../cli/exit-codes.js';
import { verifyAuditChain } from './audit.js';
import { auditCsv } from './audit.queries.js';

export const auditCli: CliModule = (program, deps) => {
  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description('walk the hash chain; names the first broken record and exits 3 if the chain is broken')
    .option('--json')
    .action(async (o: { json?: boolean }) => {
      const db = await deps.openDb();
      const r = await verifyAuditChain(db.k);
      if (o.json) deps.out(JSON.stringify(r));
      else if (r.ok) deps.out(`audit chain intact: ${r.checked} record(s) checked`);
      else deps.out(`audit chain BROKEN at record ${r.firstBrokenId}: ${r.reason} (${r.checked} record(s) before it are intact)`);
      // same exit code as a ledger check that found a difference: the data does not hold
      if (!r.ok) process.exitCode = EXIT_DRIFT;
    });
  audit
    .command('export')
    .description('export the audit trail as CSV, oldest first')
    .requiredOption('--csv <file>', 'file to write ("-" for standard output)')
    .option('--since <iso>')
    .option('--until <iso>')
    .option('--actor <actor>')
    .option('--entity <entity>')
    .option('--action <action>')
    .action(async (o: { csv: string; since?: string; until?: string; actor?: string; entity?: string; action?: string }) => {
      const db = await deps.openDb();
      const filter = { ...(o.since ? { since: o.since } : {}), ...(o.until ? { until: o.until } : {}), ...(o.actor ? { actor: o.actor } : {}), ...(o.entity ? { entity: o.entity } : {}), ...(o.action ? { action: o.action } : {}) };
      const out = o.csv === '-' ? process.stdout : fs.createWriteStream(o.csv);
      let lines = -1;
      for await (const chunk of auditCsv(db.k, filter)) {
        lines += chunk.split('\r\n').length - 1;
        if (!out.write(chunk)) await once(out, 'drain');
      }
      if (out !== process.stdout) {
        (out as fs.WriteStream).end();
        await once(out, 'finish');
        deps.out(`exported ${lines} audit record(s) to ${o.csv}`);
      }
    });
};
