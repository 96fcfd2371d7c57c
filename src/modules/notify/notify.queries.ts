// Read side of the in-app notifications and of the outbox (admin view).

import type { Q } from '../../db/db.js';
import { clampLimit, decodeCursor, toPage, type Page } from '../../kernel/paging.js';
import { countUnread, selectNotifications, selectOutbox, type NotificationRow, type OutboxRow } from './notify.repo.js';
import type { OutboxStatus } from './notify.tables.js';

export interface NotificationDto {
  readonly id: number;
  readonly kind: string;
  readonly title: string;
  readonly body: Record<string, unknown>;
  readonly createdAt: string;
  readonly readAt: string | null;
}

export function toNotificationDto(r: NotificationRow): NotificationDto {
  return { id: r.id, kind: r.kind, title: r.title, body: JSON.parse(r.body_json) as Record<string, unknown>, createdAt: r.created_at, readAt: r.read_at };
}

function cursorId(cursor: string | undefined): number | undefined {
  const k = decodeCursor(cursor, 1);
  return k === undefined ? undefined : Number(k[0]);
}

/** The user's own notifications, newest first. */
export async function listNotifications(q: Q, userId: number, opts: { unread?: boolean; limit?: number; cursor?: string }): Promise<Page<NotificationDto>> {
  const limit = clampLimit(opts.limit);
  const beforeId = cursorId(opts.cursor);
  const rows = await selectNotifications(q, userId, { unread: opts.unread === true, limit: limit + 1, ...(beforeId !== undefined ? { beforeId } : {}) });
  return toPage(rows, limit, (r) => [r.id], toNotificationDto);
}

export async function unreadCount(q: Q, userId: number): Promise<{ unread: number }> {
  return { unread: await countUnread(q, userId) };
}

export interface OutboxDto {
  readonly id: number;
  readonly channel: string;
  readonly destination: string;
  readonly event: string | null;
  readonly status: string;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
}

function redactUrl(destination: string): string {
  // Webhook URLs may carry credentials in userinfo; the admin list does not show them.
  return destination.replace(/^(https?:\/\/)[^@/]*@/, '$1…@');
}

export function toOutboxDto(r: OutboxRow): OutboxDto {
  let event: string | null = null;
  try {
    event = String((JSON.parse(r.payload_json) as { event?: unknown }).event ?? '') || null;
  } catch {
    event = null;
  }
  return {
    id: r.id, channel: r.channel, destination: r.channel === 'webhook' ? redactUrl(r.destination) : r.destination, event, status: r.status,
    attempts: r.attempts, nextAttemptAt: r.next_attempt_at, lastError: r.last_error, createdAt: r.created_at, deliveredAt: r.delivered_at,
  };
}

/** Outbox rows, newest first. */
export async function listOutbox(q: Q, opts: { status?: OutboxStatus; limit?: number; cursor?: string }): Promise<Page<OutboxDto>> {
  const limit = clampLimit(opts.limit);
  const beforeId = cursorId(opts.cursor);
  const rows = await selectOutbox(q, { limit: limit + 1, ...(opts.status ? { status: opts.status } : {}), ...(beforeId !== undefined ? { beforeId } : {}) });
  return toPage(rows, limit, (r) => [r.id], toOutboxDto);
}
