// notify(): called by other modules INSIDE their transaction, so that a notification is committed
// with the change it reports or not at all. It writes the in-app rows and queues e-mail and webhook
// deliveries in the outbox; the outbox worker sends them after the commit.

import type { Tx } from '../../db/db.js';
import type { Ctx } from '../../kernel/context.js';
import { IN_APP_ONLY } from './notify.config.js';
import { notifyErrors } from './notify.errors.js';
import { insertNotifications, insertOutbox, setAllRead, setRead, findNotification } from './notify.repo.js';
import { renderMessage } from './notify.rules.js';
import type { EmailPayload, NotifyConfig, NotifyEvent, Recipient, RecipientResolver, RecipientRole, WebhookBody } from './notify.types.js';
import { toNotificationDto, type NotificationDto } from './notify.queries.js';

// Set once by the composition roots (main/server.ts, main/cli.ts) because other modules' commands run inside
// routes whose Deps do not carry notify settings. A process that set nothing queues in-app only;
// tests pass their own config and resolver per call.
let processConfig: NotifyConfig = IN_APP_ONLY;
const NOBODY: RecipientResolver = async () => [];
let processResolver: RecipientResolver = NOBODY;

/** Returns the config it replaces (runCli puts it back: tests run the CLI inside the test process). */
export function configureNotify(config: NotifyConfig): NotifyConfig {
  const previous = processConfig;
  processConfig = config;
  return previous;
}

/**
 * The access module provides who holds a role at a site (wired in main/modules.ts). Without one, an
 * event that names no recipients reaches no one in the app (webhooks still get it). Returns the
 * resolver it replaces.
 */
export function setRecipientResolver(resolver: RecipientResolver | undefined): RecipientResolver {
  const previous = processResolver;
  processResolver = resolver ?? NOBODY;
  return previous;
}

export interface NotifyOptions {
  readonly config?: NotifyConfig;
  readonly resolver?: RecipientResolver;
}

export interface NotifyResult {
  readonly notificationIds: number[];
  readonly outboxIds: number[];
  readonly recipients: Recipient[];
}

export function recipientRole(event: NotifyEvent): RecipientRole {
  return event.kind === 'count.correction_awaiting_approval' ? event.approverRole : 'inventory_manager';
}

async function resolveRecipients(tx: Tx, event: NotifyEvent, resolver: RecipientResolver): Promise<Recipient[]> {
  const given = event.recipients !== undefined
    ? event.recipients.map((r) => (typeof r === 'number' ? { userId: r } : r))
    : await resolver(tx, event.siteId, recipientRole(event));
  const byUser = new Map<number, Recipient>();
  for (const r of given) {
    if (!Number.isInteger(r.userId)) throw notifyErrors.invalid_event('a recipient has no integer user id', { field: 'recipients' });
    const prev = byUser.get(r.userId);
    if (!prev || (!prev.email && r.email)) byUser.set(r.userId, r);
  }
  return [...byUser.values()];
}

/** Records the event for every recipient and every configured channel, in the caller's transaction. */
export async function notify(tx: Tx, ctx: Ctx, event: NotifyEvent, opts: NotifyOptions = {}): Promise<NotifyResult> {
  const config = opts.config ?? processConfig;
  const msg = renderMessage(event);
  const at = ctx.now().toISOString();
  const recipients = await resolveRecipients(tx, event, opts.resolver ?? processResolver);
  const bodyJson = JSON.stringify({ event: event.kind, ...msg.data });
  const notificationIds = await insertNotifications(tx, recipients.map((r) => ({ user_id: r.userId, kind: event.kind, title: msg.title, body_json: bodyJson, created_at: at, read_at: null })));

  const outbox: Parameters<typeof insertOutbox>[1] = [];
  const pending = { status: 'pending' as const, next_attempt_at: at, created_at: at, last_error: null, delivered_at: null };
  if (config.smtp) {
    // Names under .invalid never resolve (RFC 6761 §6.4; the demo users' addresses): a message there
    // would be retried forever by the worker, so those recipients are told in the app only.
    const addresses = [...new Set(recipients.map((r) => r.email?.trim()).filter((e): e is string => !!e && !/\.invalid$/i.test(e)))];
    for (const to of addresses) {
      const payload: EmailPayload = { event: event.kind, to, subject: msg.subject, text: msg.text };
      outbox.push({ channel: 'email', destination: to, payload_json: JSON.stringify(payload), ...pending });
    }
  }
  if (config.webhook) {
    const body: WebhookBody = { event: event.kind, occurredAt: at, data: msg.data };
    const raw = JSON.stringify(body);
    for (const url of config.webhook.urls) outbox.push({ channel: 'webhook', destination: url, payload_json: raw, ...pending });
  }
  const outboxIds = await insertOutbox(tx, outbox);
  return { notificationIds, outboxIds, recipients };
}

export async function markNotificationRead(tx: Tx, ctx: Ctx, userId: number, id: number): Promise<NotificationDto> {
  const before = await findNotification(tx, userId, id);
  if (!before) throw notifyErrors.notification_not_found(`notification ${id} does not exist`, { field: 'id' });
  await setRead(tx, userId, id, ctx.now().toISOString());
  const after = await findNotification(tx, userId, id);
  return toNotificationDto(after ?? before);
}

export async function markAllNotificationsRead(tx: Tx, ctx: Ctx, userId: number): Promise<{ marked: number }> {
  return { marked: await setAllRead(tx, userId, ctx.now().toISOString()) };
}
