// HTTP adapter of exports: GET /api/v1/exports/<kind>.csv|.xlsx streams the file as it is read.
// One route per kind and format, so that each declares the permission its data needs.

import { PassThrough } from 'node:stream';
import type { RoutePermission } from '../access/index.js';
import type { RouteModule } from '../../http/app.js';
import { assertExportAvailable } from './exports.commands.js';
import { EXPORT_KINDS, exportSheet, type ExportKind } from './exports.sources.js';
import { CONTENT_TYPE, writeSheet, type ExportFormat } from './exports.writers.js';

export const EXPORT_PERMISSION: Record<ExportKind, RoutePermission> = {
  items: 'catalog.read',
  units: 'catalog.read',
  locations: 'catalog.read',
  lots: 'catalog.read',
  suppliers: 'catalog.read',
  boms: 'catalog.read',
  on_hand: 'ledger.read',
  movements: 'ledger.read',
  // system quantities: counters (blind counts) do not hold counting.read
  counts: 'counting.read',
};

const SUMMARY: Record<ExportKind, string> = {
  items: 'Items (columns of the items import)',
  units: 'Alternative units and their factors (columns of the units import)',
  locations: 'Locations, sites first, then warehouses, zones and bins (columns of the locations import)',
  lots: 'Lots and serials (columns of the lots import)',
  suppliers: 'Suppliers (columns of the suppliers import)',
  boms: 'Active BOM lines, quantities per one parent unit (columns of the BOMs import)',
  on_hand: 'Stock on hand per item, bin and lot (columns of the opening-balances import)',
  movements: 'Movement lines in ledger order: seq, time, type, item, lot, from, to, qty, unit, value',
  counts: 'Count results: item, location, system quantity, counted, shortage (system − counted), status',
};

export const exportRoutes: RouteModule = (app, deps) => {
  const db = deps.db;
  for (const kind of EXPORT_KINDS) {
    for (const format of ['csv', 'xlsx'] as const satisfies readonly ExportFormat[]) {
      app.get(`/api/v1/exports/${kind}.${format}`, {
        schema: { tags: ['exports'], summary: `${SUMMARY[kind]}, as ${format.toUpperCase()} (streamed)` },
        config: { permission: EXPORT_PERMISSION[kind] },
      }, async (req, reply) => {
        await assertExportAvailable(db, kind);
        const out = new PassThrough();
        writeSheet(exportSheet(db, kind), format, out).catch((err: unknown) => {
          req.log.error({ err }, 'export failed while streaming');
          out.destroy(err instanceof Error ? err : new Error(String(err)));
        });
        const day = req.ctx.now().toISOString().slice(0, 10);
        void reply.type(CONTENT_TYPE[format]).header('content-disposition', `attachment; filename="${kind}-${day}.${format}"`);
        return reply.send(out);
      });
    }
  }
};
