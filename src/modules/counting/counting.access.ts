// What the counting workflow needs to know about the caller: user id and roles at a site.
// The authentication layer puts the principal on the context; the CLI and jobs have none.

import type { Ctx } from '../../kernel/context.js';
import { assertSiteAllowed, siteScope, type Permission } from '../access/index.js';

/** Roles the caller holds at a site. A caller with no principal (CLI, system jobs) holds none. */
export function rolesAt(ctx: Ctx, siteId: number): Set<string> {
  const roles = ctx.principal?.roles ?? [];
  return new Set(roles.filter((g) => g.sites === null || g.sites.includes(siteId)).map((g) => g.role));
}

/** Trusted callers without a principal (CLI, jobs) act with full rights. */
export function isTrustedCaller(ctx: Ctx): boolean {
  return ctx.principal === undefined && !ctx.actor.startsWith('user:') && !ctx.actor.startsWith('token:') && ctx.actor !== 'anonymous';
}

/** A counter who is nothing more: sees only their tasks and never a blind system quantity. */
export function isCounterOnly(ctx: Ctx, siteId: number): boolean {
  if (isTrustedCaller(ctx)) return false;
  const roles = rolesAt(ctx, siteId);
  return !['admin', 'inventory_manager', 'supervisor', 'investigator', 'auditor'].some((r) => roles.has(r));
}

export function userIdOf(ctx: Ctx): number | null {
  return ctx.actorUserId ?? ctx.principal?.userId ?? null;
}

/** The sites the caller may see or act on for a permission; null = every site. */
export function scopeOf(ctx: Ctx, permission: Permission): number[] | null {
  return siteScope(ctx, permission);
}

/** A caller limited to other sites is refused (403), whatever the entity. */
export function checkSite(ctx: Ctx, permission: Permission, siteId: number, field: string, what = 'this count'): void {
  assertSiteAllowed(ctx, permission, siteId, field, what);
}
