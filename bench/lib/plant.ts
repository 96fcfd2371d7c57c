// A bench plant built through the real catalog commands (test/support/catalog-builders.ts), so it
// obeys the same rules as the API: one site > warehouse > zone > bins, and items in `each`.

import type { Db } from '../../src/db/db.js';
import { makeBin, makeItem, makeSite, makeWarehouse, makeZone } from '../../test/support/catalog-builders.js';

export interface BenchPlant {
  readonly site: string;
  readonly siteId: number;
  readonly zone: string;
  readonly bins: readonly { readonly id: number; readonly code: string }[];
  readonly items: readonly { readonly id: number; readonly sku: string }[];
}

export async function buildBenchPlant(db: Db, opts: { prefix: string; bins: number; items: number }): Promise<BenchPlant> {
  const p = opts.prefix;
  const site = await makeSite(db, { code: `${p}-SITE`, allowNegativeStock: false });
  const wh = await makeWarehouse(db, site, { code: `${p}-WH` });
  const zone = await makeZone(db, wh, { code: `${p}-Z` });
  const bins: { id: number; code: string }[] = [];
  for (let i = 1; i <= opts.bins; i++) {
    const b = await makeBin(db, zone, { code: `${p}-B${String(i).padStart(4, '0')}`, walkSeq: i * 10 });
    bins.push({ id: b.id, code: b.code });
  }
  const items: { id: number; sku: string }[] = [];
  for (let i = 1; i <= opts.items; i++) {
    const it = await makeItem(db, { sku: `${p}-I${String(i).padStart(5, '0')}`, description: `bench item ${i}` });
    items.push({ id: it.id, sku: it.sku });
  }
  return { site: site.code, siteId: site.id, zone: zone.code, bins, items };
}
