// Pure rules of the notify module: what a message says, how long to wait before a retry, how a
// webhook body is signed. No database, no network.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { notifyErrors } from './notify.errors.js';
import type { NotifyEvent, RetryConfig } from './notify.types.js';

export type Direction = 'shortage' | 'overage' | 'none';

/** Direction of a signed "system − counted" decimal string. */
export function directionOf(qtyShortage: string): Direction {
  const t = qtyShortage.trim();
  if (/^[+-]?0*(\.0*)?$/.test(t)) return 'none';
  return t.startsWith('-') ? 'overage' : 'shortage';
}

function abs(decimal: string): string {
  return decimal.trim().replace(/^[+-]/, '');
}

export interface RenderedMessage {
  /** one line for the in-app list */
  readonly title: string;
  readonly subject: string;
  readonly text: string;
  /** structured fields: the in-app body and the webhook `data` */
  readonly data: Record<string, unknown>;
}

function need(cond: unknown, what: string): void {
  if (!cond) throw notifyErrors.invalid_event(`the notification event needs ${what}`, { field: what });
}

// A missing code must not fail (and roll back) the counting command that reports it: it is shown as unknown.
function named(text: string | undefined, what: string): string {
  return text && text.trim() ? text.trim() : `(${what} unknown)`;
}

/** Renders an event once, when it happens; every channel carries the same words. */
export function renderMessage(e: NotifyEvent): RenderedMessage {
  need(Number.isInteger(e.siteId), 'siteId');
  const site = e.siteCode ? `site ${e.siteCode}` : `site #${e.siteId}`;
  switch (e.kind) {
    case 'count.task_completed': {
      need(Number.isInteger(e.taskId), 'taskId');
      const flagged = e.linesFlagged > 0 ? `${e.linesFlagged} flagged for recount or investigation` : 'none flagged';
      const title = `Count task ${e.taskId} completed at ${site}: ${e.linesCounted} lines counted, ${flagged}`;
      return {
        title,
        subject: `[Stockroom] Count task ${e.taskId} completed (${site}): ${e.linesFlagged} flagged`,
        text: [
          `Count task ${e.taskId} at ${site} was completed by ${e.counter}.`,
          `Lines counted: ${e.linesCounted}`,
          `Lines flagged: ${e.linesFlagged}`,
          e.linesFlagged > 0 ? 'Flagged lines need a recount or an investigation; each was notified separately with its count id.' : 'No line is outside tolerance.',
        ].join('\n'),
        data: { taskId: e.taskId, siteId: e.siteId, siteCode: e.siteCode ?? null, counter: e.counter, linesCounted: e.linesCounted, linesFlagged: e.linesFlagged },
      };
    }
    case 'count.line_flagged': {
      need(Number.isInteger(e.countLineId), 'countLineId');
      need(e.varianceStatus === 'recount' || e.varianceStatus === 'investigate', 'varianceStatus');
      e = { ...e, sku: named(e.sku, 'item'), locationCode: named(e.locationCode, 'location') };
      const direction = directionOf(e.qtyShortage);
      const uom = e.uom ? ` ${e.uom}` : '';
      const magnitude = direction === 'none' ? `no quantity variance` : `${direction} of ${abs(e.qtyShortage)}${uom}`;
      const status = e.varianceStatus === 'investigate' ? 'INVESTIGATE' : 'RECOUNT';
      const statusWords = e.varianceStatus === 'investigate' ? 'flagged for investigation' : 'flagged for a blind recount';
      return {
        title: `Count ${e.countLineId}: ${e.sku} at ${e.locationCode} ${statusWords} (${magnitude})`,
        subject: `[Stockroom] Count ${e.countLineId} ${status}: ${e.sku} at ${e.locationCode}, ${magnitude}`,
        text: [
          `Count ${e.countLineId} was ${statusWords}.`,
          `Count id: ${e.countLineId}${e.taskId ? ` (task ${e.taskId})` : ''}`,
          `Item: ${e.sku}${e.itemDescription ? ` (${e.itemDescription})` : ''}`,
          `Location: ${e.locationCode} (${site})`,
          `Variance status: ${status}`,
          `Variance: ${magnitude} (shortage qty, system − counted: ${e.qtyShortage}${uom})`,
          `Percent of system quantity: ${e.pctShortage === null ? 'n/a (system quantity was 0)' : `${abs(e.pctShortage)} % ${direction}`}`,
          `Value at unit cost: ${abs(e.valueShortage)} ${direction}`,
        ].join('\n'),
        data: {
          countId: e.countLineId, countLineId: e.countLineId, taskId: e.taskId ?? null, siteId: e.siteId, siteCode: e.siteCode ?? null,
          sku: e.sku, itemDescription: e.itemDescription ?? null, locationCode: e.locationCode, varianceStatus: e.varianceStatus,
          direction, shortageQty: e.qtyShortage, shortageQtyMeaning: 'system − counted', uom: e.uom ?? null,
          shortagePct: e.pctShortage, shortageValue: e.valueShortage,
        },
      };
    }
    case 'count.correction_awaiting_approval': {
      need(Number.isInteger(e.correctionId), 'correctionId');
      need(Number.isInteger(e.countLineId), 'countLineId');
      e = { ...e, sku: named(e.sku, 'item'), locationCode: named(e.locationCode, 'location') };
      const uom = e.uom ? ` ${e.uom}` : '';
      const role = e.approverRole === 'supervisor' ? 'a supervisor' : 'an inventory manager';
      return {
        title: `Correction ${e.correctionId} for count ${e.countLineId} (${e.sku} at ${e.locationCode}) awaits approval by ${role}`,
        subject: `[Stockroom] Approval needed: correction ${e.correctionId}, count ${e.countLineId}, ${e.sku} at ${e.locationCode}`,
        text: [
          `A count correction awaits approval by ${role}.`,
          `Correction: ${e.correctionId}`,
          `Count id: ${e.countLineId}`,
          `Item: ${e.sku}`,
          `Location: ${e.locationCode} (${site})`,
          `Correction (counted − system): ${e.qtyCorrection}${uom}`,
          `Value: ${e.valueCorrection}`,
        ].join('\n'),
        data: {
          correctionId: e.correctionId, countId: e.countLineId, countLineId: e.countLineId, siteId: e.siteId, siteCode: e.siteCode ?? null,
          sku: e.sku, locationCode: e.locationCode, correctionQty: e.qtyCorrection, correctionQtyMeaning: 'counted − system', uom: e.uom ?? null,
          correctionValue: e.valueCorrection, approverRole: e.approverRole,
        },
      };
    }
  }
}

/**
 * Delay before attempt `attempts + 1`, after `attempts` failures: base·2^(attempts−1), capped, with
 * "equal jitter" (half fixed, half random) so that receivers coming back are not hit in lockstep.
 */
export function backoffMs(attempts: number, retry: RetryConfig, random: () => number = Math.random): number {
  const n = Math.max(1, attempts);
  const exp = Math.min(retry.maxMs, retry.baseMs * 2 ** Math.min(n - 1, 40));
  return Math.min(retry.maxMs, Math.round(exp / 2 + random() * (exp / 2)));
}

/** x-stockroom-signature: "sha256=" + hex HMAC-SHA256 of the raw body. */
export function signBody(secret: string, rawBody: string | Buffer): string {
  return 'sha256=' + createHmac('sha256', secret).update(rawBody).digest('hex');
}

/** For receivers (and tests): constant-time check of a signature header. */
export function verifySignature(secret: string, rawBody: string | Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const want = Buffer.from(signBody(secret, rawBody));
  const got = Buffer.from(header);
  return want.length === got.length && timingSafeEqual(want, got);
}
