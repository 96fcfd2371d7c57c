// Who holds a role at a site: asked by counting (investigators to assign, approvers) and notify
// (inventory managers to tell, with their addresses). A role assignment without site limits holds at
// every site. Inactive users hold nothing.

import { sql } from 'kysely';
import type { Q } from '../../db/db.js';

function holdersOf(q: Q, siteId: number, role: string) {
  return sql<{ id: number | string; email: string | null }>`
    select distinct u.id, u.email
    from app_user u
    join user_role r on r.user_id = u.id
    where u.active = 1 and r.role = ${role}
      and (not exists (select 1 from user_role_site s where s.user_role_id = r.id)
           or exists (select 1 from user_role_site s where s.user_role_id = r.id and s.site_id = ${siteId}))
    order by u.id`.execute(q);
}

/** User ids, in id order (counting assigns and counts by id). */
export async function usersWithRole(q: Q, siteId: number, role: string): Promise<number[]> {
  return (await holdersOf(q, siteId, role)).rows.map((r) => Number(r.id));
}

/** The same users with their e-mail address (null: none, in-app only); notify's recipient resolver. */
export async function recipientsWithRole(q: Q, siteId: number, role: string): Promise<{ userId: number; email: string | null }[]> {
  return (await holdersOf(q, siteId, role)).rows.map((r) => ({ userId: Number(r.id), email: r.email }));
}
