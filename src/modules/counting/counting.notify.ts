// Counting tells the notify module what happened; the notify module decides who hears of it and how.

import type { Tx } from '../../db/db.js';
import type { Ctx } from '../../kernel/context.js';

export type CountingEvent =
  | { kind: 'count.task_completed'; siteId: number; taskId: number; counterUserId: number | null; linesCounted: number; linesFlagged: number }
  | { kind: 'count.line_flagged'; siteId: number; lineId: number; sku: string; location: string; outcome: string; shortageQty: string; direction: string; shortagePct: string | null; shortageValue: string; recount: boolean }
  | { kind: 'count.correction_awaiting_approval'; siteId: number; lineId: number; correctionId: number; sku: string; location: string; correctionQty: string; value: string };

type Sink = (tx: Tx, ctx: Ctx, event: CountingEvent) => Promise<void>;
let sink: Sink = async () => undefined;

/** The composition root connects the notify module here. */
export function setCountingNotifier(fn: Sink): void {
  sink = fn;
}

export function notifyCounting(tx: Tx, ctx: Ctx, event: CountingEvent): Promise<void> {
  return sink(tx, ctx, event);
}
