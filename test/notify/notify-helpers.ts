// Shared helpers of the notify tests: events, a short-retry config, waiting, and a test-only route
// module that lets a request act as a given user.

import type { RouteModule } from '../../src/http/app.js';
import { systemCtx, type Ctx } from '../../src/kernel/context.js';
import type { LineFlaggedEvent, NotifyConfig, TaskCompletedEvent } from '../../src/modules/notify/index.js';

export const SECRET = 'test-webhook-secret-0123456789';

export function fastConfig(over: Partial<NotifyConfig> = {}): NotifyConfig {
  return { retry: { baseMs: 20, maxMs: 120 }, deliveryTimeoutMs: 2000, ...over };
}

export const ctx: Ctx = systemCtx('user:1');

export function lineFlagged(n: number, over: Partial<LineFlaggedEvent> = {}): LineFlaggedEvent {
  return {
    kind: 'count.line_flagged', siteId: 1, siteCode: 'P1', countLineId: 1000 + n, taskId: 7,
    sku: `BOLT-M${n}`, itemDescription: 'Hex bolt', locationCode: `P1-A-0${n % 10}`, varianceStatus: 'investigate',
    qtyShortage: '10', uom: 'EA', pctShortage: '12.50', valueShortage: '25.00', recipients: [{ userId: 5, email: 'manager@example.test' }],
    ...over,
  };
}

export function taskCompleted(taskId: number, over: Partial<TaskCompletedEvent> = {}): TaskCompletedEvent {
  return { kind: 'count.task_completed', siteId: 1, siteCode: 'P1', taskId, counter: 'Ana', linesCounted: 12, linesFlagged: 2, recipients: [5], ...over };
}

export async function waitFor(what: string, cond: () => Promise<boolean> | boolean, timeoutMs = 6000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * x-test-user: <id> makes the request act as that user; "none" takes the user away. A preHandler,
 * so it runs after whatever authentication the app does and overrides only the user id.
 */
export const actAsHeaderUser: RouteModule = (app) => {
  app.addHook('preHandler', async (req) => {
    const h = req.headers['x-test-user'];
    if (typeof h !== 'string') return;
    if (h === 'none') {
      const { actorUserId: _drop, ...rest } = req.ctx;
      req.ctx = rest;
    } else {
      req.ctx = { ...req.ctx, actorUserId: Number(h), actor: `user:${h}` };
    }
  });
};
