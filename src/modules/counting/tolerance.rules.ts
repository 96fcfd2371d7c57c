// One tolerance engine (spec §4.7). A rule's three bands are nested sets of limits; see
// ToleranceRule in counting.types.ts for the shape. All comparisons are exact: decimal limits
// are cross-multiplied against bigint quantities, so a "0.5" limit works at any item scale.

import { divRound, formatUnits, parseDecimal, pow10, type ParsedDecimal } from '../../kernel/decimal.js';
import { assert, type FieldError } from '../../kernel/errors.js';
import {
  TOLERANCE_SCOPES,
  type ExceededLimit,
  type ToleranceBand,
  type ToleranceEvalContext,
  type ToleranceLimits,
  type ToleranceLineContext,
  type ToleranceOutcome,
  type ToleranceResult,
  type ToleranceRule,
  type ToleranceScope,
  type ToleranceScopeKind,
  type Variance,
} from './counting.types.js';

/**
 * Used when no configured rule matches: with no rule we cannot tell a harmless variance from a
 * costly one, so any variance asks for a recount rather than slipping through.
 */
export const FALLBACK_TOLERANCE_RULE: ToleranceRule = Object.freeze<ToleranceRule>({
  id: 'builtin.fallback',
  scope: { kind: 'default' },
  recount: { qty: '0' },
});

const BAND_KEYS: readonly (readonly [ToleranceBand, 'autoAccept' | 'recount' | 'investigate'])[] = [
  ['investigate', 'investigate'],
  ['recount', 'recount'],
  ['auto_accept', 'autoAccept'],
];

function scopeValue(scope: ToleranceScope): string {
  switch (scope.kind) {
    case 'item': return scope.itemId;
    case 'category': return scope.categoryId;
    case 'abc_class': return scope.abcClass;
    case 'criticality': return scope.criticality;
    case 'zone': return scope.zoneId;
    case 'site': return scope.siteId;
    case 'default': return '';
  }
}

function contextValue(kind: ToleranceScopeKind, ctx: ToleranceLineContext): string | undefined {
  switch (kind) {
    case 'item': return ctx.itemId;
    case 'category': return ctx.categoryId;
    case 'abc_class': return ctx.abcClass;
    case 'criticality': return ctx.criticality;
    case 'zone': return ctx.zoneId;
    case 'site': return ctx.siteId;
    case 'default': return '';
  }
}

const lookupKey = (kind: ToleranceScopeKind, value: string, siteId: string | undefined): string =>
  `${kind}\u0000${value}\u0000${siteId ?? ''}`;

/**
 * Builds a selector over a rule set for many lines (O(1) per line). Specificity: item, category,
 * abc_class, criticality, zone, site, default; within one scope a rule restricted to the line's
 * site beats an unrestricted one. Duplicate rules for the same scope are a configuration
 * conflict; the lowest id wins so the answer never depends on input order.
 * Returns FALLBACK_TOLERANCE_RULE when nothing matches.
 */
export function createRuleSelector(rules: readonly ToleranceRule[]): (ctx: ToleranceLineContext) => ToleranceRule {
  const byKey = new Map<string, ToleranceRule>();
  for (const rule of rules) {
    if (rule.active === false) continue;
    const k = lookupKey(rule.scope.kind, scopeValue(rule.scope), rule.scope.kind === 'site' ? undefined : rule.siteId);
    const prev = byKey.get(k);
    if (!prev || rule.id < prev.id) byKey.set(k, rule);
  }
  return (ctx) => {
    for (const kind of TOLERANCE_SCOPES) {
      const value = contextValue(kind, ctx);
      if (value === undefined) continue;
      const restricted = kind === 'site' ? undefined : byKey.get(lookupKey(kind, value, ctx.siteId));
      const found = restricted ?? byKey.get(lookupKey(kind, value, undefined));
      if (found) return found;
    }
    return FALLBACK_TOLERANCE_RULE;
  };
}

/** Picks the most specific active rule for one line (see createRuleSelector). */
export function selectRule(rules: readonly ToleranceRule[], ctx: ToleranceLineContext): ToleranceRule {
  return createRuleSelector(rules)(ctx);
}

function parseLimit(text: string, what: string): ParsedDecimal {
  const d = parseDecimal(text);
  // validateToleranceRule refuses these before a rule is stored; reaching here is a bug.
  assert(d !== undefined && d.units >= 0n, `${what} is a non-negative decimal string`);
  return d;
}

const abs = (v: bigint): bigint => (v < 0n ? -v : v);

/** part / basis × 100 as a 2-decimal string; basis is never 0 here. */
function pctText(part: bigint, basis: bigint): string {
  return formatUnits(divRound(part * 10_000n, basis), 2, 2);
}

/**
 * part/basis×100 > limit, exactly. A percent of a zero basis is undefined, and the limit is not
 * applied: reading it as infinite would send every find-at-zero straight to investigation, while
 * the spec asks for at least a recount (foundAtZero) and leaves escalation to qty/value limits.
 */
function pctExceeds(part: bigint, basis: bigint, limit: ParsedDecimal): boolean {
  if (basis === 0n) return false;
  return part * 100n * pow10(limit.scale) > limit.units * basis;
}

/**
 * Evaluates a variance against a rule (spec §4.7). No variance is 'within' and never flagged.
 * Otherwise the most severe band exceeded decides; stock found where the system held none is
 * always flagged, at least as a recount. `exceeded` lists every limit passed, in every band.
 */
export function evaluateTolerance(rule: ToleranceRule, variance: Variance, ctx: ToleranceEvalContext = {}): ToleranceResult {
  const q = abs(variance.qtyShortage);
  if (q === 0n) {
    return { ruleId: rule.id, flagged: false, outcome: 'within', exceeded: [], foundAtZero: false, autoCorrect: false };
  }
  const system = abs(variance.qtySystem);
  const value = abs(variance.valueShortageMinor);
  const basis = abs(ctx.valueBasisMinor ?? variance.valueSystemMinor);
  const qtyActual = formatUnits(q, variance.qtyScale);

  const exceeded: ExceededLimit[] = [];
  const hit = new Set<ToleranceBand>();
  for (const [band, key] of BAND_KEYS) {
    const limits: ToleranceLimits | undefined = rule[key];
    if (!limits) continue;
    const before = exceeded.length;
    if (limits.qty !== undefined) {
      const l = parseLimit(limits.qty, `${rule.id}.${key}.qty`);
      if (q * pow10(l.scale) > l.units * pow10(variance.qtyScale)) {
        exceeded.push({ limit: 'qty', band, limitValue: limits.qty, actual: qtyActual });
      }
    }
    if (limits.pct !== undefined) {
      const l = parseLimit(limits.pct, `${rule.id}.${key}.pct`);
      if (pctExceeds(q, system, l)) exceeded.push({ limit: 'pct', band, limitValue: limits.pct, actual: pctText(q, system) });
    }
    if (limits.valueMinor !== undefined) {
      assert(limits.valueMinor >= 0n, `${rule.id}.${key}.valueMinor is not negative`);
      if (value > limits.valueMinor) {
        exceeded.push({ limit: 'value', band, limitValue: limits.valueMinor.toString(), actual: value.toString() });
      }
    }
    if (limits.valuePct !== undefined) {
      const l = parseLimit(limits.valuePct, `${rule.id}.${key}.valuePct`);
      if (pctExceeds(value, basis, l)) {
        exceeded.push({ limit: 'value_pct', band, limitValue: limits.valuePct, actual: pctText(value, basis) });
      }
    }
    if (exceeded.length > before) hit.add(band);
  }

  const foundAtZero = variance.qtySystem === 0n && variance.qtyCounted > 0n;
  let outcome: ToleranceOutcome;
  if (hit.has('investigate')) outcome = 'investigate';
  else if (hit.has('recount') || foundAtZero) outcome = 'recount';
  else if (rule.autoAccept && !hit.has('auto_accept')) outcome = 'auto_accept';
  else outcome = 'within';
  const flagged = outcome === 'recount' || outcome === 'investigate';
  return { ruleId: rule.id, flagged, outcome, exceeded, foundAtZero, autoCorrect: outcome === 'auto_accept' && rule.autoCorrect === true };
}

function cmpDecimal(a: ParsedDecimal, b: ParsedDecimal): number {
  const l = a.units * pow10(b.scale);
  const r = b.units * pow10(a.scale);
  return l < r ? -1 : l > r ? 1 : 0;
}

/**
 * Checks a rule before it is stored: ids present, limits non-negative decimal strings (qty in the
 * item's base unit, pct and valuePct in percent), and bands ordered autoAccept ≤ recount ≤
 * investigate for every limit set in two bands. Returns field errors (empty = valid) so the
 * caller can raise its own error code.
 */
export function validateToleranceRule(rule: ToleranceRule): FieldError[] {
  const errors: FieldError[] = [];
  if (!rule.id) errors.push({ field: 'id', reason: 'is required' });
  if (!(TOLERANCE_SCOPES as readonly string[]).includes(rule.scope.kind)) {
    errors.push({ field: 'scope/kind', reason: `must be one of ${TOLERANCE_SCOPES.join(', ')}` });
  } else if (rule.scope.kind !== 'default' && !scopeValue(rule.scope)) {
    errors.push({ field: 'scope', reason: `a ${rule.scope.kind} rule names its ${rule.scope.kind}` });
  }
  const parsed: Record<string, Partial<Record<'qty' | 'pct' | 'valueMinor' | 'valuePct', ParsedDecimal>>> = {};
  for (const [, key] of [...BAND_KEYS].reverse()) {
    const limits = rule[key];
    parsed[key] = {};
    if (!limits) continue;
    for (const f of ['qty', 'pct', 'valuePct'] as const) {
      const text = limits[f];
      if (text === undefined) continue;
      const d = parseDecimal(text);
      if (!d || d.units < 0n) errors.push({ field: `${key}/${f}`, reason: 'must be a non-negative decimal string, like "5" or "0.5"' });
      else parsed[key]![f] = d;
    }
    if (limits.valueMinor !== undefined) {
      if (limits.valueMinor < 0n) errors.push({ field: `${key}/valueMinor`, reason: 'must not be negative' });
      else parsed[key]!.valueMinor = { units: limits.valueMinor, scale: 0 };
    }
  }
  const order = ['autoAccept', 'recount', 'investigate'] as const;
  for (const f of ['qty', 'pct', 'valueMinor', 'valuePct'] as const) {
    for (let i = 0; i < order.length; i++) {
      for (let j = i + 1; j < order.length; j++) {
        const lo = parsed[order[i]!]![f];
        const hi = parsed[order[j]!]![f];
        if (lo && hi && cmpDecimal(lo, hi) > 0) {
          errors.push({ field: `${order[j]}/${f}`, reason: `must not be below ${order[i]}/${f}` });
        }
      }
    }
  }
  return errors;
}
