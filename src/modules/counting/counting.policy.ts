// Count policy per site, tolerance rules, counter profiles, and ABC classification from the ledger.

import { sql, type Selectable } from 'kysely';
import type { Q, Tx } from '../../db/db.js';
import type { Ctx } from '../../kernel/context.js';
import { formatMoney, intFromDb, parseDecimal } from '../../kernel/decimal.js';
import { recordAudit } from '../audit/audit.js';
import { findLocationRef } from '../catalog/index.js';
import { classifyAbc, validateAbcThresholds } from './abc.rules.js';
import { validateToleranceRule } from './tolerance.rules.js';
import { countingErrors } from './counting.errors.js';
import type { AbcBasis, AbcClass, ToleranceLimits, ToleranceRule, ToleranceScope } from './counting.types.js';
import type { CountPolicyTable, ToleranceRuleTable } from './counting.tables.js';
import { checkSite } from './counting.access.js';

export interface CountPolicyDto {
  readonly site: string;
  readonly countsPerYear: { readonly A: number; readonly B: number; readonly C: number };
  readonly criticalMinPerYear: number;
  readonly varianceBoost: { readonly factor: number; readonly max: number; readonly cleanCountsToReset: number };
  readonly dailyCapacity: number | null;
  readonly workingDays: readonly string[];
  readonly blindCounts: boolean;
  readonly autoCorrect: boolean;
  readonly blockBinsWhileCounting: boolean;
  readonly validationRecountDays: number;
  /** supervisors approve corrections up to this value; above it an inventory manager does */
  readonly supervisorLimit: string;
  readonly abc: { readonly basis: AbcBasis; readonly aPct: string; readonly bPct: string };
}

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export async function requireSite(q: Q, code: string | number, field = 'site'): Promise<{ id: number; code: string }> {
  const loc = await findLocationRef(q, code);
  if (!loc || loc.kind !== 'site') throw countingErrors.site_required(`${field}: "${code}" is not a site`, { field });
  return { id: loc.id, code: loc.code };
}

function defaults(siteId: number, now: string): CountPolicyTable {
  return {
    site_id: siteId, counts_a: 12, counts_b: 4, counts_c: 1, critical_min: 12, boost_factor: 2, boost_max: 4, clean_counts_to_reset: 3,
    daily_capacity: null, working_days: 'mon,tue,wed,thu,fri', blind_counts: 1, auto_correct: 1, block_bins_while_counting: 0,
    validation_recount_days: 14, supervisor_limit_minor: 5_000_000, abc_basis: 'value', abc_a_pct: '80', abc_b_pct: '15', updated_at: now,
  };
}

export async function loadPolicy(q: Q, siteId: number): Promise<CountPolicyTable> {
  const row = await q.selectFrom('count_policy').selectAll().where('site_id', '=', siteId).executeTakeFirst();
  return row ?? defaults(siteId, new Date(0).toISOString());
}

export function policyDto(site: string, p: CountPolicyTable): CountPolicyDto {
  return {
    site,
    countsPerYear: { A: p.counts_a, B: p.counts_b, C: p.counts_c },
    criticalMinPerYear: p.critical_min,
    varianceBoost: { factor: p.boost_factor, max: p.boost_max, cleanCountsToReset: p.clean_counts_to_reset },
    dailyCapacity: p.daily_capacity,
    workingDays: p.working_days.split(',').filter(Boolean),
    blindCounts: p.blind_counts === 1,
    autoCorrect: p.auto_correct === 1,
    blockBinsWhileCounting: p.block_bins_while_counting === 1,
    validationRecountDays: p.validation_recount_days,
    supervisorLimit: formatMoney(intFromDb(p.supervisor_limit_minor)),
    abc: { basis: p.abc_basis as AbcBasis, aPct: p.abc_a_pct, bPct: p.abc_b_pct },
  };
}

export interface PolicyPatch {
  countsPerYear?: { A?: number; B?: number; C?: number };
  criticalMinPerYear?: number;
  varianceBoost?: { factor?: number; max?: number; cleanCountsToReset?: number };
  dailyCapacity?: number | null;
  workingDays?: string[];
  blindCounts?: boolean;
  autoCorrect?: boolean;
  blockBinsWhileCounting?: boolean;
  validationRecountDays?: number;
  supervisorLimit?: string;
  abc?: { basis?: AbcBasis; aPct?: string; bPct?: string };
}

export async function setPolicy(tx: Tx, ctx: Ctx, siteCode: string, patch: PolicyPatch): Promise<CountPolicyDto> {
  const site = await requireSite(tx, siteCode);
  checkSite(ctx, 'counting.policy', site.id, 'site', `site ${site.code}`);
  const before = await loadPolicy(tx, site.id);
  const next: CountPolicyTable = { ...before, site_id: site.id, updated_at: ctx.now().toISOString() };
  const bad = (field: string, reason: string) => countingErrors.bad_policy(`${field} ${reason}`, { field });
  if (patch.countsPerYear) {
    for (const k of ['A', 'B', 'C'] as const) {
      const v = patch.countsPerYear[k];
      if (v === undefined) continue;
      if (!Number.isInteger(v) || v < 0 || v > 260) throw bad(`countsPerYear/${k}`, 'must be a whole number from 0 to 260');
      next[k === 'A' ? 'counts_a' : k === 'B' ? 'counts_b' : 'counts_c'] = v;
    }
  }
  if (patch.criticalMinPerYear !== undefined) {
    if (!Number.isInteger(patch.criticalMinPerYear) || patch.criticalMinPerYear < 0 || patch.criticalMinPerYear > 260) throw bad('criticalMinPerYear', 'must be a whole number from 0 to 260');
    next.critical_min = patch.criticalMinPerYear;
  }
  if (patch.varianceBoost) {
    const b = patch.varianceBoost;
    if (b.factor !== undefined) { if (!Number.isInteger(b.factor) || b.factor < 1 || b.factor > 10) throw bad('varianceBoost/factor', 'must be 1 to 10'); next.boost_factor = b.factor; }
    if (b.max !== undefined) { if (!Number.isInteger(b.max) || b.max < 1 || b.max > 52) throw bad('varianceBoost/max', 'must be 1 to 52'); next.boost_max = b.max; }
    if (b.cleanCountsToReset !== undefined) { if (!Number.isInteger(b.cleanCountsToReset) || b.cleanCountsToReset < 1 || b.cleanCountsToReset > 20) throw bad('varianceBoost/cleanCountsToReset', 'must be 1 to 20'); next.clean_counts_to_reset = b.cleanCountsToReset; }
  }
  if (patch.dailyCapacity !== undefined) {
    if (patch.dailyCapacity !== null && (!Number.isInteger(patch.dailyCapacity) || patch.dailyCapacity < 1)) throw bad('dailyCapacity', 'must be a positive whole number or null');
    next.daily_capacity = patch.dailyCapacity;
  }
  if (patch.workingDays) {
    const days = [...new Set(patch.workingDays.map((d) => d.toLowerCase().slice(0, 3)))];
    if (days.length === 0 || days.some((d) => !(WEEKDAYS as readonly string[]).includes(d))) throw bad('workingDays', 'must list weekdays like ["mon","tue"]');
    next.working_days = WEEKDAYS.filter((d) => days.includes(d)).join(',');
  }
  if (patch.blindCounts !== undefined) next.blind_counts = patch.blindCounts ? 1 : 0;
  if (patch.autoCorrect !== undefined) next.auto_correct = patch.autoCorrect ? 1 : 0;
  if (patch.blockBinsWhileCounting !== undefined) next.block_bins_while_counting = patch.blockBinsWhileCounting ? 1 : 0;
  if (patch.validationRecountDays !== undefined) {
    if (!Number.isInteger(patch.validationRecountDays) || patch.validationRecountDays < 1 || patch.validationRecountDays > 365) throw bad('validationRecountDays', 'must be 1 to 365');
    next.validation_recount_days = patch.validationRecountDays;
  }
  if (patch.supervisorLimit !== undefined) {
    const d = parseDecimal(patch.supervisorLimit);
    if (!d || d.units < 0n || d.scale > 4) throw bad('supervisorLimit', 'must be a non-negative amount like "500.00"');
    next.supervisor_limit_minor = intFromDb((d.units * 10n ** BigInt(4 - d.scale)).toString());
  }
  if (patch.abc) {
    if (patch.abc.basis !== undefined) next.abc_basis = patch.abc.basis;
    const t = { a: patch.abc.aPct ?? next.abc_a_pct, b: patch.abc.bPct ?? next.abc_b_pct };
    const errs = validateAbcThresholds(t);
    if (errs.length) throw countingErrors.bad_policy(`abc: ${errs.map((e) => `${e.field} ${e.reason}`).join('; ')}`, { fields: errs.map((e) => ({ field: `abc/${e.field}`, reason: e.reason })) });
    next.abc_a_pct = t.a;
    next.abc_b_pct = t.b;
  }
  await tx.insertInto('count_policy').values(next).onConflict((oc) => oc.column('site_id').doUpdateSet(next)).execute();
  await recordAudit(tx, ctx, { action: 'count_policy.update', entity: 'count_policy', entityId: site.id, before: policyDto(site.code, before), after: policyDto(site.code, next) });
  return policyDto(site.code, next);
}

// ---------------------------------------------------------------- tolerance rules

export interface ToleranceRuleInput {
  name: string;
  scope: ToleranceScope['kind'];
  /** SKU, category, A/B/C, criticality, zone code or site code, by scope; none for default */
  scopeValue?: string;
  /** restricts the rule to one site */
  site?: string;
  autoAccept?: LimitsInput;
  recount?: LimitsInput;
  investigate?: LimitsInput;
  autoCorrect?: boolean;
  active?: boolean;
}

export interface LimitsInput {
  qty?: string;
  pct?: string;
  value?: string;
  valuePct?: string;
}

function limitsToJson(l: LimitsInput | undefined, field: string): string | null {
  if (!l) return null;
  const out: Record<string, string> = {};
  for (const k of ['qty', 'pct', 'value', 'valuePct'] as const) {
    const v = l[k];
    if (v === undefined) continue;
    const d = parseDecimal(v);
    if (!d || d.units < 0n || (k === 'value' && d.scale > 4)) throw countingErrors.bad_rule(`${field}/${k} must be a non-negative decimal string`, { field: `${field}/${k}` });
    out[k] = v.trim();
  }
  return JSON.stringify(out);
}

function jsonToLimits(j: string | null): ToleranceLimits | undefined {
  if (!j) return undefined;
  const o = JSON.parse(j) as LimitsInput;
  const lim: { qty?: string; pct?: string; valueMinor?: bigint; valuePct?: string } = {};
  if (o.qty !== undefined) lim.qty = o.qty;
  if (o.pct !== undefined) lim.pct = o.pct;
  if (o.valuePct !== undefined) lim.valuePct = o.valuePct;
  if (o.value !== undefined) {
    const d = parseDecimal(o.value);
    if (d) lim.valueMinor = d.units * 10n ** BigInt(4 - d.scale);
  }
  return lim;
}

/** Scope values are stored as the ids the rules engine matches on (item id, zone id, site id …). */
async function scopeToStored(q: Q, kind: ToleranceScope['kind'], value: string | undefined): Promise<string | null> {
  const need = (what: string) => countingErrors.bad_rule(`scopeValue: a ${kind} rule needs ${what}`, { field: 'scopeValue' });
  switch (kind) {
    case 'default':
      return null;
    case 'item': {
      if (!value) throw need('a SKU');
      const row = await q.selectFrom('item').select('id').where('sku', '=', value).executeTakeFirst();
      if (!row) throw countingErrors.bad_rule(`scopeValue: no item "${value}"`, { field: 'scopeValue' });
      return String(row.id);
    }
    case 'zone':
    case 'site': {
      if (!value) throw need(`a ${kind} code`);
      const loc = await findLocationRef(q, value);
      if (!loc || loc.kind !== kind) throw countingErrors.bad_rule(`scopeValue: "${value}" is not a ${kind}`, { field: 'scopeValue' });
      return String(loc.id);
    }
    case 'abc_class':
      if (!value || !['A', 'B', 'C'].includes(value)) throw need('A, B or C');
      return value;
    case 'criticality':
      if (!value || !['critical', 'normal', 'low'].includes(value)) throw need('critical, normal or low');
      return value;
    case 'category':
      if (!value) throw need('a category');
      return value;
  }
}

export function ruleFromRow(r: Pick<ToleranceRuleTable, 'scope_kind' | 'scope_value' | 'site_id' | 'auto_accept_json' | 'recount_json' | 'investigate_json' | 'auto_correct' | 'active'> & { id: number }): ToleranceRule {
  const v = r.scope_value ?? '';
  const scope: ToleranceScope =
    r.scope_kind === 'item' ? { kind: 'item', itemId: v }
    : r.scope_kind === 'category' ? { kind: 'category', categoryId: v }
    : r.scope_kind === 'abc_class' ? { kind: 'abc_class', abcClass: v as AbcClass }
    : r.scope_kind === 'criticality' ? { kind: 'criticality', criticality: v as 'critical' }
    : r.scope_kind === 'zone' ? { kind: 'zone', zoneId: v }
    : r.scope_kind === 'site' ? { kind: 'site', siteId: v }
    : { kind: 'default' };
  const rule: { -readonly [K in keyof ToleranceRule]: ToleranceRule[K] } = { id: String(r.id), scope, active: r.active === 1, autoCorrect: r.auto_correct === 1 };
  if (r.site_id !== null) rule.siteId = String(r.site_id);
  const aa = jsonToLimits(r.auto_accept_json);
  const rc = jsonToLimits(r.recount_json);
  const iv = jsonToLimits(r.investigate_json);
  if (aa) rule.autoAccept = aa;
  if (rc) rule.recount = rc;
  if (iv) rule.investigate = iv;
  return rule;
}

export async function loadRules(q: Q): Promise<ToleranceRule[]> {
  const rows = await q.selectFrom('tolerance_rule').selectAll().where('active', '=', 1).execute();
  return rows.map(ruleFromRow);
}

export interface ToleranceRuleDto {
  id: number;
  name: string;
  scope: string;
  scopeValue: string | null;
  site: string | null;
  autoAccept: LimitsInput | null;
  recount: LimitsInput | null;
  investigate: LimitsInput | null;
  autoCorrect: boolean;
  active: boolean;
}

async function ruleDto(q: Q, r: Selectable<ToleranceRuleTable>): Promise<ToleranceRuleDto> {
  let scopeValue = r.scope_value;
  if (r.scope_value && r.scope_kind === 'item') scopeValue = (await q.selectFrom('item').select('sku').where('id', '=', Number(r.scope_value)).executeTakeFirst())?.sku ?? r.scope_value;
  if (r.scope_value && (r.scope_kind === 'zone' || r.scope_kind === 'site')) scopeValue = (await findLocationRef(q, Number(r.scope_value)))?.code ?? r.scope_value;
  const site = r.site_id !== null ? ((await findLocationRef(q, r.site_id))?.code ?? null) : null;
  return {
    id: r.id, name: r.name, scope: r.scope_kind, scopeValue, site,
    autoAccept: r.auto_accept_json ? (JSON.parse(r.auto_accept_json) as LimitsInput) : null,
    recount: r.recount_json ? (JSON.parse(r.recount_json) as LimitsInput) : null,
    investigate: r.investigate_json ? (JSON.parse(r.investigate_json) as LimitsInput) : null,
    autoCorrect: r.auto_correct === 1, active: r.active === 1,
  };
}

export async function listRules(q: Q): Promise<ToleranceRuleDto[]> {
  const rows = await q.selectFrom('tolerance_rule').selectAll().orderBy('id').execute();
  return Promise.all(rows.map((r) => ruleDto(q, r)));
}

async function buildRuleRow(tx: Tx, ctx: Ctx, input: ToleranceRuleInput, now: string) {
  const scopeValue = await scopeToStored(tx, input.scope, input.scopeValue);
  const site = input.site ? await requireSite(tx, input.site) : null;
  if (site) checkSite(ctx, 'counting.policy', site.id, 'site', `site ${site.code}`);
  const row = {
    name: input.name,
    scope_kind: input.scope,
    scope_value: scopeValue,
    site_id: site?.id ?? null,
    auto_accept_json: limitsToJson(input.autoAccept, 'autoAccept'),
    recount_json: limitsToJson(input.recount, 'recount'),
    investigate_json: limitsToJson(input.investigate, 'investigate'),
    auto_correct: input.autoCorrect === false ? 0 : 1,
    active: input.active === false ? 0 : 1,
    updated_at: now,
  };
  const errs = validateToleranceRule(ruleFromRow({ ...row, id: 0 }));
  if (errs.length) throw countingErrors.bad_rule(errs.map((e) => `${e.field} ${e.reason}`).join('; '), { fields: errs.map((e) => ({ field: e.field, reason: e.reason })) });
  return row;
}

export async function createRule(tx: Tx, ctx: Ctx, input: ToleranceRuleInput): Promise<ToleranceRuleDto> {
  const now = ctx.now().toISOString();
  const row = await buildRuleRow(tx, ctx, input, now);
  const ins = await tx.insertInto('tolerance_rule').values({ ...row, created_at: now }).returning('id').executeTakeFirstOrThrow();
  const saved = await tx.selectFrom('tolerance_rule').selectAll().where('id', '=', ins.id).executeTakeFirstOrThrow();
  const dto = await ruleDto(tx, saved);
  await recordAudit(tx, ctx, { action: 'tolerance_rule.create', entity: 'tolerance_rule', entityId: ins.id, after: dto });
  return dto;
}

export async function updateRule(tx: Tx, ctx: Ctx, id: number, input: ToleranceRuleInput): Promise<ToleranceRuleDto> {
  const existing = await tx.selectFrom('tolerance_rule').selectAll().where('id', '=', id).executeTakeFirst();
  if (!existing) throw countingErrors.rule_not_found(`tolerance rule ${id} does not exist`, { field: 'id' });
  const before = await ruleDto(tx, existing);
  const row = await buildRuleRow(tx, ctx, input, ctx.now().toISOString());
  await tx.updateTable('tolerance_rule').set(row).where('id', '=', id).execute();
  const after = await ruleDto(tx, await tx.selectFrom('tolerance_rule').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  await recordAudit(tx, ctx, { action: 'tolerance_rule.update', entity: 'tolerance_rule', entityId: id, before, after });
  return after;
}

// ---------------------------------------------------------------- counter profiles

export interface CounterProfileInput {
  userId: number;
  displayName: string;
  skillLevel: number;
  homeZones: string[];
  dailyCapacityMinutes: number;
  active?: boolean;
}

export interface CounterProfileDto extends CounterProfileInput {
  active: boolean;
}

export async function upsertCounterProfile(tx: Tx, ctx: Ctx, input: CounterProfileInput): Promise<CounterProfileDto> {
  if (!Number.isInteger(input.skillLevel) || input.skillLevel < 1 || input.skillLevel > 5) throw countingErrors.bad_policy('skillLevel must be 1 to 5', { field: 'skillLevel' });
  if (!Number.isInteger(input.dailyCapacityMinutes) || input.dailyCapacityMinutes < 1 || input.dailyCapacityMinutes > 1440) throw countingErrors.bad_policy('dailyCapacityMinutes must be 1 to 1440', { field: 'dailyCapacityMinutes' });
  const zoneIds: number[] = [];
  for (const [i, code] of input.homeZones.entries()) {
    const loc = await findLocationRef(tx, code);
    if (!loc || loc.kind !== 'zone') throw countingErrors.bad_policy(`homeZones/${i}: "${code}" is not a zone`, { field: `homeZones/${i}` });
    zoneIds.push(loc.id);
  }
  const before = await tx.selectFrom('counter_profile').selectAll().where('user_id', '=', input.userId).executeTakeFirst();
  const row = { user_id: input.userId, display_name: input.displayName, skill_level: input.skillLevel, home_zones_json: JSON.stringify(zoneIds), daily_capacity_minutes: input.dailyCapacityMinutes, active: input.active === false ? 0 : 1, updated_at: ctx.now().toISOString() };
  await tx.insertInto('counter_profile').values(row).onConflict((oc) => oc.column('user_id').doUpdateSet(row)).execute();
  const dto = { ...input, active: row.active === 1 };
  await recordAudit(tx, ctx, { action: before ? 'counter_profile.update' : 'counter_profile.create', entity: 'counter_profile', entityId: input.userId, before, after: dto });
  return dto;
}

export async function listCounterProfiles(q: Q): Promise<CounterProfileDto[]> {
  const rows = await q.selectFrom('counter_profile').selectAll().orderBy('user_id').execute();
  const out: CounterProfileDto[] = [];
  for (const r of rows) {
    const zones: string[] = [];
    for (const id of JSON.parse(r.home_zones_json) as number[]) zones.push((await findLocationRef(q, id))?.code ?? String(id));
    out.push({ userId: r.user_id, displayName: r.display_name, skillLevel: r.skill_level, homeZones: zones, dailyCapacityMinutes: r.daily_capacity_minutes, active: r.active === 1 });
  }
  return out;
}

// ---------------------------------------------------------------- ABC

export interface AbcRunDto {
  runId: number;
  basis: AbcBasis;
  windowStart: string;
  windowEnd: string;
  counts: Record<AbcClass, number>;
  changed: number;
}

/** Consumption that drives ABC: stock leaving for production, customers and scrap. */
const CONSUMPTION_TYPES = ['issue_to_production', 'shipment', 'production_scrap'];

/**
 * Classifies every active item by its trailing-12-month consumption (value by default, or velocity),
 * records the run and each item's class (history kept), and updates the current class.
 */
export async function classifyItems(tx: Tx, ctx: Ctx, opts: { site?: string; basis?: AbcBasis; aPct?: string; bPct?: string } = {}): Promise<AbcRunDto> {
  const now = ctx.now();
  const site = opts.site ? await requireSite(tx, opts.site) : null;
  if (site) checkSite(ctx, 'counting.schedule', site.id, 'site', `site ${site.code}`);
  const policy = site ? await loadPolicy(tx, site.id) : null;
  const basis: AbcBasis = opts.basis ?? (policy?.abc_basis as AbcBasis | undefined) ?? 'value';
  const thresholds = { a: opts.aPct ?? policy?.abc_a_pct ?? '80', b: opts.bPct ?? policy?.abc_b_pct ?? '15' };
  const errs = validateAbcThresholds(thresholds);
  if (errs.length) throw countingErrors.bad_policy(errs.map((e) => `${e.field} ${e.reason}`).join('; '), { fields: errs });
  const windowEnd = now.toISOString();
  const windowStart = new Date(now.getTime() - 365 * 86_400_000).toISOString();
  let cons = tx
    .selectFrom('movement_line as ml')
    .innerJoin('movement as m', 'm.id', 'ml.movement_id')
    .innerJoin('location as f', 'f.id', 'ml.from_location_id')
    .select(['ml.item_id', sql<number>`sum(ml.value_minor)`.as('value'), sql<number>`sum(ml.qty)`.as('qty'), sql<number>`count(*)`.as('n')])
    .where('m.movement_type', 'in', CONSUMPTION_TYPES)
    .where('m.posted_at', '>=', windowStart)
    .where('m.posted_at', '<=', windowEnd)
    .groupBy('ml.item_id');
  if (site) cons = cons.where('f.site_id', '=', site.id);
  const usage = new Map((await cons.execute()).map((r) => [r.item_id, r]));
  const items = await tx.selectFrom('item').select(['id', 'qty_scale']).where('status', '<>', 'inactive').execute();
  const results = classifyAbc(
    items.map((i) => {
      const u = usage.get(i.id);
      return { key: String(i.id), consumptionValueMinor: BigInt(intFromDb(u?.value ?? 0)), issueCount: intFromDb(u?.n ?? 0), qtyIssued: BigInt(intFromDb(u?.qty ?? 0)), qtyScale: i.qty_scale };
    }),
    { basis, thresholds },
  );
  const run = await tx.insertInto('abc_run').values({ site_id: site?.id ?? null, basis, a_pct: thresholds.a, b_pct: thresholds.b, window_start: windowStart, window_end: windowEnd, computed_at: windowEnd, actor: ctx.actor }).returning('id').executeTakeFirstOrThrow();
  const current = new Map((await tx.selectFrom('item_abc').select(['item_id', 'abc_class']).execute()).map((r) => [r.item_id, r.abc_class]));
  const counts: Record<AbcClass, number> = { A: 0, B: 0, C: 0 };
  let changed = 0;
  const rows = results.map((r) => ({ run_id: run.id, item_id: Number(r.key), abc_class: r.abcClass, metric: r.metric, share_pct: r.sharePct, cumulative_pct: r.cumulativeSharePct }));
  for (let i = 0; i < rows.length; i += 500) await tx.insertInto('abc_class').values(rows.slice(i, i + 500)).execute();
  for (const r of results) {
    counts[r.abcClass]++;
    const itemId = Number(r.key);
    const prev = current.get(itemId);
    if (prev === r.abcClass) {
      await tx.updateTable('item_abc').set({ run_id: run.id }).where('item_id', '=', itemId).execute();
      continue;
    }
    changed++;
    await tx.insertInto('item_abc').values({ item_id: itemId, abc_class: r.abcClass, run_id: run.id, since: windowEnd }).onConflict((oc) => oc.column('item_id').doUpdateSet({ abc_class: r.abcClass, run_id: run.id, since: windowEnd })).execute();
  }
  const dto: AbcRunDto = { runId: run.id, basis, windowStart, windowEnd, counts, changed };
  await recordAudit(tx, ctx, { action: 'abc.classify', entity: 'abc_run', entityId: run.id, after: dto });
  return dto;
}

export async function itemClassHistory(q: Q, sku: string): Promise<{ runId: number; computedAt: string; abcClass: AbcClass; metric: string; sharePct: string; cumulativePct: string }[]> {
  const rows = await q
    .selectFrom('abc_class as c')
    .innerJoin('abc_run as r', 'r.id', 'c.run_id')
    .innerJoin('item as i', 'i.id', 'c.item_id')
    .select(['r.id', 'r.computed_at', 'c.abc_class', 'c.metric', 'c.share_pct', 'c.cumulative_pct'])
    .where('i.sku', '=', sku)
    .orderBy('r.id', 'desc')
    .execute();
  return rows.map((r) => ({ runId: r.id, computedAt: r.computed_at, abcClass: r.abc_class, metric: r.metric, sharePct: r.share_pct, cumulativePct: r.cumulative_pct }));
}
