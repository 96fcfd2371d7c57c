// A plant ready for counting: bins with stock, counter profiles, tolerance rules, and a caller per role.

import { ROLE_PERMISSIONS, type Role } from '../../src/modules/access/index.js';
import type { Ctx } from '../../src/kernel/context.js';
import { inTx, type Db } from '../../src/db/db.js';
import { postMovement, getOnHand } from '../../src/modules/ledger/index.js';
import { createRule, setPolicy, upsertCounterProfile, setRoleHolders } from '../../src/modules/counting/index.js';
import { buildPlant, builderCtx, type Plant } from '../support/catalog-builders.js';

export const COUNTERS = { ann: 11, bob: 12, cid: 13 } as const;
export const SUPERVISOR = 21;
export const MANAGER = 31;
export const INVESTIGATOR = 41;

/** A user holding several roles (a shift lead who counts and supervises). */
export function asRoles(userId: number, roles: Role[], now: () => Date = () => new Date()): Ctx {
  const grants = Object.fromEntries(roles.flatMap((r) => ROLE_PERMISSIONS[r]).map((perm) => [perm, null]));
  return { actor: `user:${userId}`, actorUserId: userId, principal: { kind: 'user', id: userId, userId, name: `user${userId}`, roles: roles.map((role) => ({ role, sites: null })), grants }, now };
}

export function as(userId: number, role: string, now: () => Date = () => new Date()): Ctx {
  return { actor: `user:${userId}`, actorUserId: userId, principal: { kind: 'user', id: userId, userId, name: `user${userId}`, roles: [{ role, sites: null }], grants: Object.fromEntries((ROLE_PERMISSIONS[role as Role] ?? []).map((perm) => [perm, null])) }, now };
}

export interface CountingPlant extends Plant {
  readonly db: Db;
  stock(sku: string, bin: string, qty: string, opts?: { lot?: string; unitCost?: string }): Promise<void>;
  onHand(sku: string, bin: string): Promise<string>;
}

/**
 * Default tolerance: up to 1 unit is auto-accepted (and corrected at once); above 2 % is recounted;
 * above 10 % is investigated after the recount confirms it.
 */
export async function countingPlant(db: Db, opts: { supervisorLimit?: string; blockBins?: boolean } = {}): Promise<CountingPlant> {
  const plant = await buildPlant(db);
  setRoleHolders(async (_q, _site, role) => (role === 'investigator' ? [INVESTIGATOR] : role === 'inventory_manager' ? [MANAGER] : []));
  await inTx(db, async (tx) => {
    await setPolicy(tx, builderCtx, plant.site.code, { supervisorLimit: opts.supervisorLimit ?? '500.00', blockBinsWhileCounting: opts.blockBins ?? false, autoCorrect: true });
    await createRule(tx, builderCtx, { name: 'default', scope: 'default', autoAccept: { qty: '1' }, recount: { pct: '2' }, investigate: { pct: '10' } });
    for (const [name, id] of Object.entries(COUNTERS)) await upsertCounterProfile(tx, builderCtx, { userId: id, displayName: name, skillLevel: 3, homeZones: [plant.zone.code], dailyCapacityMinutes: 420 });
  });
  return {
    ...plant,
    db,
    async stock(sku, bin, qty, o = {}) {
      await inTx(db, (tx) => postMovement(db, tx, builderCtx, { type: 'receipt', lines: [{ item: sku, qty, to: bin, unitCost: o.unitCost ?? '2.00', ...(o.lot ? { lot: o.lot } : {}) }] }));
    },
    async onHand(sku, bin) {
      return (await getOnHand(db.k, { item: sku, location: bin })).qtyOnHand;
    },
  };
}
