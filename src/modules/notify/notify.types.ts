// Shapes of notification events, recipients and delivery settings. Pure data.
// Quantities and money arrive as decimal strings (the counting module formats them at the item's
// scale); a signed quantity always says its direction: qtyShortage is system − counted.

import type { Tx } from '../../db/db.js';

/** A user who receives a notification in the app, and by e-mail when an address is known. */
export interface Recipient {
  readonly userId: number;
  readonly email?: string | null;
}

export type RecipientRole = 'inventory_manager' | 'supervisor';

/** Supplied by the access module: the users holding `role` at `siteId`, read inside the caller's transaction. */
export type RecipientResolver = (tx: Tx, siteId: number, role: RecipientRole) => Promise<readonly Recipient[]>;

interface EventBase {
  /** the site whose managers are told */
  readonly siteId: number;
  /** site code for the message text ("P1"); optional */
  readonly siteCode?: string;
  /**
   * Explicit recipients (user ids, or users with an address). When given, the resolver is not asked;
   * until the access module provides a resolver this is how callers name the managers.
   */
  readonly recipients?: readonly (number | Recipient)[];
}

export interface TaskCompletedEvent extends EventBase {
  readonly kind: 'count.task_completed';
  readonly taskId: number;
  /** the counter's display name or actor ("user:12") */
  readonly counter: string;
  readonly linesCounted: number;
  readonly linesFlagged: number;
}

export interface LineFlaggedEvent extends EventBase {
  readonly kind: 'count.line_flagged';
  /** the count line id: the cycle count reference */
  readonly countLineId: number;
  readonly taskId?: number | null;
  readonly sku: string;
  readonly itemDescription?: string;
  readonly locationCode: string;
  /** what the tolerance engine decided: a blind recount, or an investigation */
  readonly varianceStatus: 'recount' | 'investigate';
  /** system − counted in the item's base unit, decimal string: positive = shortage, negative = overage */
  readonly qtyShortage: string;
  readonly uom?: string;
  /** qtyShortage as percent of the system quantity ("-12.50"); null when the system quantity was 0 */
  readonly pctShortage: string | null;
  /** value of qtyShortage at unit cost, money decimal string ("125.00"), same sign as qtyShortage */
  readonly valueShortage: string;
}

export interface CorrectionAwaitingApprovalEvent extends EventBase {
  readonly kind: 'count.correction_awaiting_approval';
  readonly correctionId: number;
  readonly countLineId: number;
  readonly sku: string;
  readonly locationCode: string;
  /** counted − system: the change the correction posts, decimal string */
  readonly qtyCorrection: string;
  readonly uom?: string;
  /** value of the correction, money decimal string */
  readonly valueCorrection: string;
  /** who must approve: routed upward to this role at the site */
  readonly approverRole: RecipientRole;
}

export type NotifyEvent = TaskCompletedEvent | LineFlaggedEvent | CorrectionAwaitingApprovalEvent;
export type NotifyEventKind = NotifyEvent['kind'];
export const NOTIFY_EVENT_KINDS: readonly NotifyEventKind[] = ['count.task_completed', 'count.line_flagged', 'count.correction_awaiting_approval'];

export interface SmtpConfig {
  /** smtp://user:pass@host:port or smtps://… */
  readonly url: string;
  readonly from: string;
}

export interface WebhookConfig {
  readonly urls: readonly string[];
  /** HMAC-SHA256 key of x-stockroom-signature */
  readonly secret: string;
}

export interface RetryConfig {
  /** first retry delay; doubles per attempt */
  readonly baseMs: number;
  /** the cap of the delay */
  readonly maxMs: number;
}

export interface NotifyConfig {
  /** absent: no e-mail is queued */
  readonly smtp?: SmtpConfig;
  /** absent: no webhook is queued */
  readonly webhook?: WebhookConfig;
  readonly retry: RetryConfig;
  /** per delivery attempt; kept well under the worker's lease */
  readonly deliveryTimeoutMs: number;
}

export const DEFAULT_RETRY: RetryConfig = { baseMs: 1000, maxMs: 5 * 60 * 1000 };
export const DEFAULT_DELIVERY_TIMEOUT_MS = 15_000;

/** What the e-mail outbox row carries: the message as rendered when the event happened. */
export interface EmailPayload {
  readonly event: NotifyEventKind;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** The webhook body, stored as sent: the signature covers these exact bytes. */
export interface WebhookBody {
  readonly event: NotifyEventKind;
  readonly occurredAt: string;
  readonly data: Record<string, unknown>;
}
