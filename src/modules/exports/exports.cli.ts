// CLI adapter of exports: `stockroom export <kind> --format csv|xlsx --out <file>`.

import { extname } from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliModule } from '../../cli/cli.types.js';
import { checkExportFormat, checkExportKind, exportTo, exportToFile } from './exports.commands.js';
import { exportErrors } from './exports.errors.js';
import { EXPORT_KINDS } from './exports.sources.js';

export const exportCli: CliModule = (program, deps) => {
  program
    .command('export <kind>')
    .description(`export as CSV or XLSX, streamed; kind is one of: ${EXPORT_KINDS.join(', ')}`)
    .option('--format <format>', 'csv or xlsx (default: from --out, else csv)')
    .option('--out <file>', 'file to write (default: standard output, CSV only)')
    .action(async (kindText: string, o: { format?: string; out?: string }) => {
      const kind = checkExportKind(kindText);
      const fromName = o.out ? extname(o.out).slice(1).toLowerCase() : '';
      const format = checkExportFormat(o.format ?? (fromName === 'xlsx' ? 'xlsx' : 'csv'));
      const db = await deps.openDb();
      if (!o.out || o.out === '-') {
        if (format === 'xlsx') throw exportErrors.unknown_format('an XLSX export needs --out <file>', { field: 'out' });
        // standard output stays open after the export (and in tests belongs to the runner)
        const pass = new PassThrough();
        pass.pipe(process.stdout, { end: false });
        await exportTo(db, kind, format, pass);
        return;
      }
      const rows = await exportToFile(db, kind, format, o.out);
      deps.out(`exported ${rows} ${kind} rows to ${o.out}`);
    });
};
