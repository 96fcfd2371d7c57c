// Model test of the ledger (STYLE.md "Tests"): random receipts, issues, transfers, reversals and
// retried or conflicting Idempotency-Keys go through the HTTP app and, in parallel, through a small
// in-memory model of bin balances (bigint). After every step all balances must equal the model and
// `checkLedger` must be clean.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { testDb, ENGINE } from '../support/db.js';
import { testApp } from '../support/app.js';
import { formatUnits, intFromDb } from '../../src/kernel/decimal.js';
import { checkLedger } from '../../src/modules/ledger/index.js';
import { buildLedgerPlant, httpPost, httpReverse, type HttpAnswer, type LedgerPlant } from '../support/ledger-fixtures.js';

const ITEMS = ['each', 'kg'] as const;
type ItemKey = (typeof ITEMS)[number];
const SCALE: Record<ItemKey, number> = { each: 0, kg: 3 };
const BINS = 3;

type Cmd =
  | { readonly k: 'receipt'; readonly item: ItemKey; readonly bin: number; readonly units: bigint; readonly alt: boolean; readonly cost: number }
  | { readonly k: 'issue'; readonly item: ItemKey; readonly bin: number; readonly units: bigint; readonly alt: boolean }
  | { readonly k: 'transfer'; readonly item: ItemKey; readonly from: number; readonly hop: number; readonly units: bigint }
  | { readonly k: 'reverse'; readonly pick: number }
  | { readonly k: 'retry' }
  | { readonly k: 'conflict' };

const item = fc.constantFrom(...ITEMS);
// most traffic on the first bin, so that issues and transfers meet the stock that receipts bring
const bin = fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: BINS - 1 }) });
// receipts: each 1..40, kg 0.001..6 kg; outbound quantities smaller, so that some fit and some run out
const units = (it: ItemKey) => (it === 'each' ? fc.bigInt({ min: 1n, max: 40n }) : fc.bigInt({ min: 1n, max: 6000n }));
const unitsOut = (it: ItemKey) => (it === 'each' ? fc.bigInt({ min: 1n, max: 15n }) : fc.bigInt({ min: 1n, max: 2500n }));
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 4, arbitrary: item.chain((it) => fc.record({ k: fc.constant('receipt' as const), item: fc.constant(it), bin, units: units(it), alt: fc.boolean(), cost: fc.integer({ min: 0, max: 99999 }) })) },
  { weight: 3, arbitrary: item.chain((it) => fc.record({ k: fc.constant('issue' as const), item: fc.constant(it), bin, units: unitsOut(it), alt: fc.boolean() })) },
  { weight: 3, arbitrary: item.chain((it) => fc.record({ k: fc.constant('transfer' as const), item: fc.constant(it), from: bin, hop: fc.integer({ min: 1, max: BINS - 1 }), units: unitsOut(it) })) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('reverse' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ k: 'retry' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'conflict' as const }) },
);

/** the quantity as a client would send it: in the base unit, or (alt) in case / g when that is exact */
function qtyText(it: ItemKey, u: bigint, alt: boolean): { qty: string; unit?: string } {
  if (alt && it === 'each' && u % 12n === 0n) return { qty: String(u / 12n), unit: 'case' };
  if (alt && it === 'kg') return { qty: String(u), unit: 'g' };
  return { qty: formatUnits(u, SCALE[it]) };
}

interface ModelMovement {
  readonly id: number;
  readonly reversal: boolean;
  reversed: boolean;
  readonly deltas: ReadonlyArray<readonly [string, bigint]>;
}

interface Expect {
  readonly status: number;
  readonly code?: string;
}

class Model {
  readonly bal = new Map<string, bigint>();
  readonly movements: ModelMovement[] = [];
  get(key: string): bigint {
    return this.bal.get(key) ?? 0n;
  }
  /** whether applying the deltas keeps every bin at or above zero */
  fits(deltas: ReadonlyArray<readonly [string, bigint]>): boolean {
    const next = new Map<string, bigint>();
    for (const [k, d] of deltas) next.set(k, (next.get(k) ?? this.get(k)) + d);
    return [...next.values()].every((v) => v >= 0n);
  }
  apply(deltas: ReadonlyArray<readonly [string, bigint]>): void {
    for (const [k, d] of deltas) this.bal.set(k, this.get(k) + d);
  }
}

test(`ledger against an in-memory model (${ENGINE})`, async () => {
  const db = await testDb();
  const t = await testApp(db);
  let run = 0;
  let steps = 0;
  // outcomes seen over all runs: the property is only worth something if it exercised them
  const seen = new Set<string>();
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 8, maxLength: 24 }), async (cmds) => {
        run++;
        const p: LedgerPlant = await buildLedgerPlant(db, { prefix: `M${run}` });
        const m = new Model();
        const key = (it: ItemKey, b: number) => `${p.itemIds[it]}:${p.binIds[b]}`;
        let last: { key: string; url: string; body: object; answer: HttpAnswer; expect: Expect; applied?: ModelMovement } | undefined;

        const send = async (url: string, body: object, k: string): Promise<HttpAnswer> =>
          url === '/api/v1/movements' ? httpPost(t, body, k) : httpReverse(t, url.split('/')[4] as string, body, k);

        for (const [i, c] of cmds.entries()) {
          steps++;
          const k = `m${run}-${i}`;
          let url = '/api/v1/movements';
          let body: object = {};
          let deltas: Array<readonly [string, bigint]> = [];
          let expect: Expect = { status: 201 };
          let target: ModelMovement | undefined;
          if (c.k === 'retry' || c.k === 'conflict') {
            if (!last) continue;
            if (c.k === 'retry') {
              const again = await send(last.url, last.body, last.key);
              if (last.answer.status === 201) {
                // posted once: the same answer again, nothing changes
                assert.equal(again.status, 201);
                assert.equal(again.headers['idempotent-replayed'], 'true');
                assert.deepEqual(again.body, last.answer.body);
                seen.add('retry:replayed');
              } else {
                // the refused request kept no key; the state has not moved, so the answer is the same
                assert.equal(again.status, last.answer.status, JSON.stringify(again.body));
                assert.equal(again.body.code, last.answer.body.code);
                seen.add('retry:refused-again');
              }
            } else {
              if (last.answer.status !== 201) continue;
              const other = last.url === '/api/v1/movements' ? { ...last.body, note: 'another payload' } : { note: 'another payload' };
              const r = await send(last.url, other, last.key);
              assert.equal(r.status, 409, JSON.stringify(r.body));
              assert.equal(r.body.code, 'request.idempotency_conflict');
              seen.add('conflict');
            }
          } else {
            if (c.k === 'receipt') {
              body = { type: 'receipt', lines: [{ item: p.items[c.item], to: p.bins[c.bin], unitCost: formatUnits(BigInt(c.cost), 2), ...qtyText(c.item, c.units, c.alt) }] };
              deltas = [[key(c.item, c.bin), c.units]];
            } else if (c.k === 'issue') {
              body = { type: 'issue_to_production', lines: [{ item: p.items[c.item], from: p.bins[c.bin], ...qtyText(c.item, c.units, c.alt) }] };
              deltas = [[key(c.item, c.bin), -c.units]];
            } else if (c.k === 'transfer') {
              const to = (c.from + c.hop) % BINS;
              body = { type: 'transfer', lines: [{ item: p.items[c.item], from: p.bins[c.from], to: p.bins[to], ...qtyText(c.item, c.units, false) }] };
              deltas = [[key(c.item, c.from), -c.units], [key(c.item, to), c.units]];
            } else {
              if (m.movements.length === 0) continue;
              // half the picks among the last three movements, so that reversing twice and reversing a
              // reversal come up often; the other half anywhere in the history
              const n = m.movements.length;
              const at = c.pick % 2 === 0 ? n - 1 - (Math.floor(c.pick / 2) % Math.min(n, 3)) : Math.floor(c.pick / 2) % n;
              target = m.movements[at] as ModelMovement;
              url = `/api/v1/movements/${target.id}/reverse`;
              deltas = target.deltas.map(([kk, d]) => [kk, -d] as const);
              if (target.reversal) expect = { status: 409, code: 'ledger.cannot_reverse_reversal' };
              else if (target.reversed) expect = { status: 409, code: 'ledger.already_reversed' };
            }
            if (expect.status === 201 && !m.fits(deltas)) expect = { status: 409, code: 'ledger.insufficient_stock' };
            const answer = await send(url, body, k);
            assert.equal(answer.status, expect.status, `step ${i} ${JSON.stringify(c, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}: ${JSON.stringify(answer.body)}`);
            if (expect.code) assert.equal(answer.body.code, expect.code);
            seen.add(`${c.k}:${answer.status}${expect.code ? `:${expect.code}` : ''}`);
            let applied: ModelMovement | undefined;
            if (answer.status === 201) {
              m.apply(deltas);
              applied = { id: answer.body.id as number, reversal: target !== undefined, reversed: false, deltas };
              m.movements.push(applied);
              if (target) target.reversed = true;
            }
            last = { key: k, url, body, answer, expect, ...(applied ? { applied } : {}) };
          }

          // every balance of this plant equals the model, and the ledger checks clean
          const rows = await db.k
            .selectFrom('stock_balance')
            .select(['item_id', 'location_id', 'qty_on_hand'])
            .where('location_id', 'in', [...p.binIds])
            .execute();
          const actual = new Map<string, bigint>();
          for (const r of rows) if (intFromDb(r.qty_on_hand) !== 0) actual.set(`${r.item_id}:${r.location_id}`, BigInt(intFromDb(r.qty_on_hand)));
          const modelled = new Map([...m.bal].filter(([, v]) => v !== 0n));
          assert.deepEqual(actual, modelled, `balances after step ${i}`);
          const report = await checkLedger(db.k);
          assert.deepEqual(report.differences, [], `check after step ${i}`);
        }
      }),
      { numRuns: ENGINE === 'postgres' ? 10 : 14 },
    );
    assert.ok(steps > 50, `the model ran ${steps} steps`);
    for (const o of ['receipt:201', 'issue:201', 'issue:409:ledger.insufficient_stock', 'transfer:201', 'transfer:409:ledger.insufficient_stock', 'reverse:201', 'reverse:409:ledger.already_reversed', 'retry:replayed', 'conflict']) {
      assert.ok(seen.has(o), `the random runs never produced ${o} (seen: ${[...seen].join(', ')})`);
    }
  } finally {
    await t.close();
    await db.drop();
  }
});
