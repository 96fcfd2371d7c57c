// Profile aid for docs/performance.md: the statements one 1,000-line receipt runs, by text. `node --import tsx bench/profile/bulk-statements.ts`
import { inTx } from '../../src/db/db.js';
import { systemCtx } from '../../src/kernel/context.js';
import { postMovement } from '../../src/modules/ledger/index.js';
import { benchDb } from '../lib/engines.js';
import { buildBenchPlant } from '../lib/plant.js';
import { tracedDb, normalize } from '../lib/trace.js';
const db = await benchDb('sqlite', 'count');
const plant = await buildBenchPlant(db, { prefix: 'C', bins: 10, items: 100 });
const lines = plant.bins.flatMap((b) => plant.items.map((i) => ({ item: i.sku, qty: '3', to: b.code, unitCost: '1.25' })));
const t = tracedDb(db.spec);
t.take();
const t0 = performance.now();
await inTx(t.db, (tx) => postMovement(t.db, tx, systemCtx('x'), { type: 'receipt', lines }, { skipAudit: true }));
const ms = performance.now() - t0;
const st = t.take();
const by = new Map<string, number>();
for (const s of st) { const k = normalize(s.sql).slice(0, 60); by.set(k, (by.get(k) ?? 0) + 1); }
console.log(st.length, 'statements', ms.toFixed(0), 'ms');
console.log([...by.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${v}\t${k}`).join('\n'));
await t.close(); await db.drop();
