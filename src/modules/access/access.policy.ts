// Policies other modules ask before they act. Counting calls mayApproveCorrection before a
// correction is approved (SPEC §1: segregation of duties, configurable per site, on by default).

import type { Q } from '../../db/db.js';
import { sodDecision, type SodDecision } from './access.rules.js';

export interface ApprovalQuestion {
  /** the user who would approve */
  readonly userId: number;
  /** users who recorded counts of the line (first count, recounts, second counters) */
  readonly countedBy: readonly number[];
  /** users who worked its investigation */
  readonly investigatedBy: readonly number[];
  /** the site of the counted location; null (no site) keeps the rule on */
  readonly siteId: number | null;
}

export async function mayApproveCorrection(q: Q, a: ApprovalQuestion): Promise<SodDecision> {
  let enforced = true;
  if (a.siteId !== null) {
    const row = await q.selectFrom('location').select('segregation_of_duties').where('id', '=', a.siteId).executeTakeFirst();
    enforced = row ? row.segregation_of_duties !== 0 : true;
  }
  return sodDecision({ userId: a.userId, countedBy: a.countedBy, investigatedBy: a.investigatedBy, enforced });
}
