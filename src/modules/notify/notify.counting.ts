// Adapter for the counting module's notifier hook (counting.notify.ts: setCountingNotifier). The
// counting module reports what happened in its own words; this maps them to notify events, so the
// composition root wires the two with one line: setCountingNotifier(notifyCountingEvent).
// The shape is restated here by structure (notify does not import counting); a change on either
// side shows up as a type error at that wiring line.

import type { Tx } from '../../db/db.js';
import type { Ctx } from '../../kernel/context.js';
import { notify, type NotifyOptions } from './notify.commands.js';
import type { NotifyEvent, RecipientRole } from './notify.types.js';

export type CountingEventIn =
  | { kind: 'count.task_completed'; siteId: number; taskId: number; counterUserId: number | null; linesCounted: number; linesFlagged: number }
  | { kind: 'count.line_flagged'; siteId: number; lineId: number; sku: string; location: string; outcome: string; shortageQty: string; direction: string; shortagePct: string | null; shortageValue: string; recount: boolean; taskId?: number | null; uom?: string }
  | { kind: 'count.correction_awaiting_approval'; siteId: number; lineId: number; correctionId: number; sku: string; location: string; correctionQty: string; value: string; requiredRole?: string; uom?: string };

export function fromCountingEvent(e: CountingEventIn): NotifyEvent {
  switch (e.kind) {
    case 'count.task_completed':
      return { kind: e.kind, siteId: e.siteId, taskId: e.taskId, counter: e.counterUserId === null ? 'an unassigned counter' : `user #${e.counterUserId}`, linesCounted: e.linesCounted, linesFlagged: e.linesFlagged };
    case 'count.line_flagged':
      return {
        kind: e.kind, siteId: e.siteId, countLineId: e.lineId, sku: e.sku, locationCode: e.location,
        varianceStatus: e.outcome === 'investigate' || (!e.recount && e.outcome !== 'recount') ? 'investigate' : 'recount',
        qtyShortage: e.shortageQty, pctShortage: e.shortagePct, valueShortage: e.shortageValue,
        ...(e.taskId !== undefined ? { taskId: e.taskId } : {}), ...(e.uom ? { uom: e.uom } : {}),
      };
    case 'count.correction_awaiting_approval': {
      // Routed upward: to the role the correction needs; without one, to the inventory manager (SPEC §4 step 12).
      const approverRole: RecipientRole = e.requiredRole === 'supervisor' ? 'supervisor' : 'inventory_manager';
      return {
        kind: e.kind, siteId: e.siteId, correctionId: e.correctionId, countLineId: e.lineId, sku: e.sku, locationCode: e.location,
        qtyCorrection: e.correctionQty, valueCorrection: e.value, approverRole, ...(e.uom ? { uom: e.uom } : {}),
      };
    }
  }
}

/** The counting notifier: (tx, ctx, event) → notify in the same transaction. */
export async function notifyCountingEvent(tx: Tx, ctx: Ctx, e: CountingEventIn, opts: NotifyOptions = {}): Promise<void> {
  await notify(tx, ctx, fromCountingEvent(e), opts);
}
