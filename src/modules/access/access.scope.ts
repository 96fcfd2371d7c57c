// Site scoping: a caller limited to some sites sees and changes nothing of the others. Queries
// filter by siteScope(ctx, permission); commands check every site they touch with assertSiteAllowed.

import type { Ctx } from '../../kernel/context.js';
import { accessErrors } from './access.errors.js';
import type { Permission } from './access.rules.js';

/**
 * The site ids the caller may use `permission` in: null = every site (also for the CLI and the
 * system, which have no principal), [] = none. Without a permission: the sites of any of its grants.
 */
export function siteScope(ctx: Ctx, permission?: Permission): number[] | null {
  const p = ctx.principal;
  if (!p) return null;
  if (permission) {
    const s = p.grants[permission];
    return s === undefined ? [] : s === null ? null : [...s];
  }
  const acc = new Set<number>();
  for (const s of Object.values(p.grants)) {
    if (s === null) return null;
    for (const id of s) acc.add(id);
  }
  return [...acc];
}

/** True when the scope lets the caller at this site. Locations of no site (virtual ones) are outside every limited scope. */
export function inScope(scope: readonly number[] | null, siteId: number | null): boolean {
  if (scope === null) return true;
  return siteId !== null && scope.includes(siteId);
}

export function assertSiteAllowed(ctx: Ctx, permission: Permission, siteId: number | null, field: string, what: string): void {
  if (!inScope(siteScope(ctx, permission), siteId)) {
    throw accessErrors.site_forbidden(`${field}: ${what} belongs to a site you are not given for ${permission}`, { field });
  }
}
