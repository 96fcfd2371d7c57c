// Loads the demo plant through the real commands: master data through the catalog's create
// commands, a year of history through postMovement, each movement with a ctx whose clock says when
// it happened, so the ledger's sequence and posting times rise together. Many movements share one
// transaction (one audit event per batch, as postMovement's skipAudit is meant for); nothing is
// inserted into ledger tables directly, so the data keeps every ledger invariant.

import { sql } from 'kysely';
import { inTx, type Db } from '../../db/db.js';
import type { Ctx } from '../../kernel/context.js';
import { formatMoney } from '../../kernel/decimal.js';
import { recordAudit } from '../audit/index.js';
import { createBom, createItem, createLocation, createSupplier, updateItem } from '../catalog/index.js';
import { postMovement } from '../ledger/index.js';
import { demoErrors } from './demo.errors.js';
import { simulateHistory } from './demo.history.js';
import { buildPlan } from './demo.plan.js';
import { FULL_SCALE, SMALL_SCALE, type DemoPlan, type DemoScale, type SimMovement } from './demo.types.js';

export interface LoadDemoOptions {
  /** full scale (about 1,500 items, a year) unless told otherwise */
  readonly scale?: Partial<DemoScale>;
  /** the small plant for tests and quick looks (150 items, 45 days) */
  readonly small?: boolean;
  /** history ends at this time (default: now) */
  readonly now?: Date;
  /** load even though the database already has items (codes must not clash) */
  readonly force?: boolean;
  readonly movementsPerTx?: number;
  readonly log?: (line: string) => void;
}

export interface DemoLoadReport {
  readonly scale: DemoScale;
  readonly sites: number;
  readonly warehouses: number;
  readonly zones: number;
  readonly bins: number;
  readonly suppliers: number;
  readonly items: number;
  readonly boms: number;
  readonly movements: number;
  readonly lines: number;
  readonly byType: Readonly<Record<string, number>>;
  readonly firstPostedAt: string | null;
  readonly lastPostedAt: string | null;
  readonly ms: { readonly plan: number; readonly master: number; readonly history: number; readonly total: number };
}

export function resolveScale(opts: Pick<LoadDemoOptions, 'scale' | 'small'>): DemoScale {
  const base = opts.small ? SMALL_SCALE : FULL_SCALE;
  const s = { ...base, ...Object.fromEntries(Object.entries(opts.scale ?? {}).filter(([, v]) => v !== undefined)) } as DemoScale;
  const check = (v: number, field: string, min: number, max: number) => {
    if (!Number.isInteger(v) || v < min || v > max) throw demoErrors.bad_scale(`${field} must be a whole number from ${min} to ${max}`, { field });
  };
  check(s.items, 'items', 40, 20_000);
  check(s.days, 'days', 2, 3_650);
  check(s.seed, 'seed', 0, 2 ** 31 - 1);
  return s;
}

async function assertLoadable(db: Db, force: boolean): Promise<void> {
  const items = await db.k.selectFrom('item').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  if (Number(items.n) > 0 && !force) throw demoErrors.not_empty(`the database already has ${Number(items.n)} items; the demo plant goes into an empty database (use --force to load it anyway)`);
  const moves = await db.k.selectFrom('movement').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  if (Number(moves.n) > 0) throw demoErrors.ledger_not_empty(`the ledger already holds ${Number(moves.n)} movements; the demo's back-dated history would post out of time order`);
}

async function loadMasterData(db: Db, ctx: Ctx, plan: DemoPlan): Promise<void> {
  await inTx(db, async (tx) => {
    for (const s of plan.suppliers) await createSupplier(tx, ctx, { code: s.code, name: s.name, email: s.email, leadTimeDays: s.leadTimeDays });
    for (const l of plan.locations) {
      await createLocation(tx, ctx, {
        code: l.code, name: l.name, kind: l.kind, parent: l.parent,
        ...(l.kind === 'bin' ? { walkSeq: l.walkSeq, blocked: l.blocked } : {}),
      });
    }
  });
  await inTx(db, async (tx) => {
    for (const it of plan.items) {
      await createItem(tx, ctx, {
        sku: it.sku,
        description: it.description,
        inventoryType: it.type,
        category: it.category,
        baseUom: it.baseUom,
        qtyScale: it.qtyScale,
        costMethod: it.costMethod,
        standardCost: it.costMethod === 'standard' ? formatMoney(BigInt(it.unitCostMinor)) : null,
        criticality: it.criticality,
        lotTracked: it.lotTracked,
        serialTracked: it.serialTracked,
        shelfLifeDays: it.shelfLifeDays,
        gtin: it.gtin,
        internalBarcode: it.internalBarcode,
        countSkillLevel: it.countSkillLevel,
        defaultSupplier: it.supplier,
        units: it.units.map((u) => ({ uom: u.uom, factor: u.factor, ...(u.gtin ? { gtin: u.gtin } : {}) })),
      });
      if (it.status === 'discontinued') await updateItem(tx, ctx, { sku: it.sku, patch: { status: 'discontinued' } });
    }
    for (const b of plan.boms) {
      await createBom(tx, ctx, {
        code: b.code,
        parentSku: (plan.items[b.parent] as { sku: string }).sku,
        components: b.lines.map((l) => ({ sku: (plan.items[l.item] as { sku: string }).sku, qtyPer: l.qtyPer, scrapPct: l.scrapPct })),
      });
    }
  });
}

async function postHistory(db: Db, ctx: Ctx, moves: readonly SimMovement[], perTx: number, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  let nextReport = 0.1;
  for (let i = 0; i < moves.length; i += perTx) {
    const batch = moves.slice(i, i + perTx);
    await inTx(db, async (tx) => {
      let first = 0;
      let last = 0;
      for (const m of batch) {
        const posted = await postMovement(db, tx, { actor: m.actor, now: () => m.at }, m.input, { skipAudit: true });
        if (first === 0) first = posted.seq;
        last = posted.seq;
      }
      const lastAt = (batch.at(-1) as SimMovement).at;
      await recordAudit(tx, { ...ctx, now: () => lastAt }, {
        action: 'demo.movements.post',
        entity: 'movement',
        entityId: null,
        after: { firstSeq: first, lastSeq: last, movements: batch.length, from: batch[0]?.at.toISOString(), to: lastAt.toISOString() },
      });
    });
    const done = Math.min(moves.length, i + perTx) / moves.length;
    if (done >= nextReport || done === 1) {
      log(`demo: ${Math.round(done * 100)}% of history posted (${Math.min(moves.length, i + perTx)} of ${moves.length} movements, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      while (nextReport <= done) nextReport += 0.1;
    }
  }
}

/** Builds the demo plant into the database. Refuses a database that has items (unless forced) or movements. */
export async function loadDemo(db: Db, ctx: Ctx, opts: LoadDemoOptions = {}): Promise<DemoLoadReport> {
  const log = opts.log ?? (() => {});
  const t0 = Date.now();
  const scale = resolveScale(opts);
  await assertLoadable(db, opts.force ?? false);
  const now = opts.now ?? new Date();
  const plan = buildPlan(scale);
  const moves = simulateHistory(plan, { now });
  const t1 = Date.now();
  log(`demo: plant planned (${plan.items.length} items, ${moves.length} movements over ${scale.days} days) in ${t1 - t0} ms`);
  // master data is dated the day before the history starts
  const masterAt = new Date((moves[0]?.at.getTime() ?? now.getTime()) - 86_400_000);
  await loadMasterData(db, { ...ctx, now: () => masterAt }, plan);
  const t2 = Date.now();
  log(`demo: master data loaded (${plan.locations.length} locations, ${plan.suppliers.length} suppliers, ${plan.items.length} items, ${plan.boms.length} BOMs) in ${((t2 - t1) / 1000).toFixed(1)} s`);
  await postHistory(db, ctx, moves, opts.movementsPerTx ?? 250, log);
  const t3 = Date.now();
  const byType: Record<string, number> = {};
  let lines = 0;
  for (const m of moves) {
    byType[m.input.type] = (byType[m.input.type] ?? 0) + 1;
    lines += m.input.lines.length;
  }
  const count = (kind: string) => plan.locations.filter((l) => l.kind === kind).length;
  return {
    scale,
    sites: count('site'),
    warehouses: count('warehouse'),
    zones: count('zone'),
    bins: count('bin'),
    suppliers: plan.suppliers.length,
    items: plan.items.length,
    boms: plan.boms.length,
    movements: moves.length,
    lines,
    byType,
    firstPostedAt: moves[0]?.at.toISOString() ?? null,
    lastPostedAt: moves.at(-1)?.at.toISOString() ?? null,
    ms: { plan: t1 - t0, master: t2 - t1, history: t3 - t2, total: t3 - t0 },
  };
}
