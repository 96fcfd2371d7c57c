// Who holds a role at a site: asked by counting (investigators to assign, approvers) and notify
// (inventory managers to tell). A role assignment without site limits holds at every site.

import { sql } from 'kysely';
import type { Q } from '../../db/db.js';

export async function usersWithRole(q: Q, siteId: number, role: string): Promise<number[]> {
  const rows = await sql<{ id: number | string }>`
    select distinct u.id
    from app_user u
    join user_role r on r.user_id = u.id
    where u.active = 1 and r.role = ${role}
      and (not exists (select 1 from user_role_site s where s.user_role_id = r.id)
           or exists (select 1 from user_role_site s where s.user_role_id = r.id and s.site_id = ${siteId}))
    order by u.id`.execute(q);
  return rows.rows.map((r) => Number(r.id));
}
