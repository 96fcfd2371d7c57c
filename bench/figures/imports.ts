// imports.opening_balances: rows/s of a real opening-balance import (CSV → parse → validate → post
// opening_balance movements in batches with a checkpoint) against a raw insert of the same rows
// (csv-parse, then multi-row prepared inserts into a plain staging table). No target: the issue asks
// for the figure; memory flatness is asserted by test/imports (200,000 rows).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse';
import { sql } from 'kysely';
import { benchOpeningBalanceImport } from '../../src/modules/imports/index.js';
import { benchDb } from '../lib/engines.js';
import { buildBenchPlant } from '../lib/plant.js';
import { fmtRate, interleaved, log, type FigureResult, type Sizes } from '../lib/common.js';

function writeCsv(file: string, items: readonly string[], bins: readonly string[], rows: number): void {
  const lines = ['sku,location,qty_on_hand,unit_cost'];
  let n = 0;
  for (const bin of bins) {
    for (const sku of items) {
      if (n++ >= rows) break;
      lines.push(`${sku},${bin},${(n % 97) + 1},1.25`);
    }
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

export async function importFigure(engine: 'sqlite' | 'postgres', sz: Sizes): Promise<FigureResult> {
  // The full size is the 200,000 rows on SQLite; PostgreSQL posts about 1,000 rows/s here,
  // so it runs the quick size.
  const rows = sz.quick || engine === 'postgres' ? 2_000 : 200_000;
  const bins = rows >= 200_000 ? 400 : 40;
  const items = Math.ceil(rows / bins);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockroom-bench-import-'));
  const reps = sz.quick ? 3 : 1;
  let rssGrowthMb = 0;
  let figureRows = 0;
  try {
    // Plants are built ahead, one per repetition, so the timed import always meets an empty ledger.
    const dbs: { db: Awaited<ReturnType<typeof benchDb>>; plant: Awaited<ReturnType<typeof buildBenchPlant>> }[] = [];
    for (let i = 0; i < reps; i++) {
      const db = await benchDb(engine, `import${i}`);
      const plant = await buildBenchPlant(db, { prefix: 'IMP', bins, items });
      dbs.push({ db, plant });
    }
    const file = path.join(dir, 'opening.csv');
    writeCsv(file, dbs[0]!.plant.items.map((i) => i.sku), dbs[0]!.plant.bins.map((b) => b.code), rows);
    const staging = await benchDb(engine, 'import-raw');
    await sql`create table bench_opening (sku text not null, location text not null, qty text not null, unit_cost text not null)`.execute(staging.k);
    let rep = 0;
    const res = await interleaved(
      reps,
      1,
      async () => {
        await sql`delete from bench_opening`.execute(staging.k);
        const started = performance.now();
        const parser = fs.createReadStream(file).pipe(parse({ columns: true }));
        let batch: string[][] = [];
        const flush = async () => {
          if (!batch.length) return;
          const values = sql.join(batch.map((r) => sql`(${r[0]}, ${r[1]}, ${r[2]}, ${r[3]})`));
          await sql`insert into bench_opening (sku, location, qty, unit_cost) values ${values}`.execute(staging.k);
          batch = [];
        };
        for await (const r of parser as AsyncIterable<Record<string, string>>) {
          batch.push([r.sku ?? '', r.location ?? '', r.qty_on_hand ?? '', r.unit_cost ?? '']);
          if (batch.length >= 200) await flush();
        }
        await flush();
        return performance.now() - started;
      },
      async () => {
        const target = dbs[rep++]!;
        const before = process.memoryUsage().rss;
        const r = await benchOpeningBalanceImport(target.db, file, { batchSize: 5000 });
        rssGrowthMb = Math.max(rssGrowthMb, (process.memoryUsage().rss - before) / 1_048_576);
        figureRows = r.rows;
        if (r.report.counts.rejected > 0) throw new Error(`import rejected ${r.report.counts.rejected} rows`);
        return r.seconds * 1000;
      },
      'rate',
    );
    for (const d of dbs) await d.db.drop();
    await staging.drop();
    log(`imports.opening_balances ${engine}: ${figureRows} rows, ratio ${res.ratio.toFixed(3)}, RSS growth ${rssGrowthMb.toFixed(0)} MB`);
    return {
      id: 'imports.opening_balances',
      engine,
      value: res.ratio,
      target: null,
      rate: fmtRate((rows * 1000) / res.figMs, 'rows'),
      baseline: `${fmtRate((rows * 1000) / res.baseMs, 'rows')} (raw insert of the parsed rows)`,
      reps,
      samples: res.samples,
      note: `${rows.toLocaleString('en')} rows; RSS growth during the import ${rssGrowthMb.toFixed(0)} MB`,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
