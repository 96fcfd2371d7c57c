// GET /api/v1/notifications (src/modules/notify/notify.routes.ts): the signed-in user's notifications.

export interface AppNotification {
  id: number;
  kind: string;
  title: string;
  body: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

/** Where a notification leads: the flagged line, the approval queue, the task's lines. */
export function notificationLink(n: AppNotification): string | null {
  const b = n.body;
  if (n.kind === 'count.correction_awaiting_approval') return '/counting/approvals';
  if (typeof b.countLineId === 'number') return `/counting/lines/${b.countLineId}`;
  if (n.kind === 'count.task_completed') return '/counting/review';
  return null;
}

export const UNREAD_POLL_MS = 30_000;
