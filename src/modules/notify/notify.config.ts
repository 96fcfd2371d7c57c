// Notify settings from the environment. Read by the composition root and passed on explicitly.

import { notifyErrors } from './notify.errors.js';
import { DEFAULT_DELIVERY_TIMEOUT_MS, DEFAULT_RETRY, type NotifyConfig } from './notify.types.js';

function url(text: string, protocols: readonly string[], field: string): URL {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw notifyErrors.invalid_config(`${field} is not a URL: ${text.replace(/\/\/[^@/]*@/, '//…@')}`, { field });
  }
  if (!protocols.includes(u.protocol)) throw notifyErrors.invalid_config(`${field} must use ${protocols.join(' or ')}`, { field });
  return u;
}

/**
 * STOCKROOM_SMTP_URL (smtp://user:pass@host:port) with STOCKROOM_MAIL_FROM turns e-mail on;
 * STOCKROOM_WEBHOOK_URLS (comma-separated) with STOCKROOM_WEBHOOK_SECRET turns webhooks on.
 * A half-configured channel is refused rather than silently dropped.
 */
export function notifyConfigFromEnv(env: NodeJS.ProcessEnv): NotifyConfig {
  const smtpUrl = env.STOCKROOM_SMTP_URL?.trim();
  const from = env.STOCKROOM_MAIL_FROM?.trim();
  const hooks = (env.STOCKROOM_WEBHOOK_URLS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const secret = env.STOCKROOM_WEBHOOK_SECRET ?? '';
  let smtp: NotifyConfig['smtp'];
  if (smtpUrl) {
    url(smtpUrl, ['smtp:', 'smtps:'], 'STOCKROOM_SMTP_URL');
    if (!from) throw notifyErrors.invalid_config('STOCKROOM_MAIL_FROM is needed with STOCKROOM_SMTP_URL', { field: 'STOCKROOM_MAIL_FROM' });
    smtp = { url: smtpUrl, from };
  }
  let webhook: NotifyConfig['webhook'];
  if (hooks.length > 0) {
    for (const h of hooks) url(h, ['http:', 'https:'], 'STOCKROOM_WEBHOOK_URLS');
    if (secret.length < 16) throw notifyErrors.invalid_config('STOCKROOM_WEBHOOK_SECRET (at least 16 characters) is needed with STOCKROOM_WEBHOOK_URLS', { field: 'STOCKROOM_WEBHOOK_SECRET' });
    webhook = { urls: [...new Set(hooks)], secret };
  }
  return {
    ...(smtp ? { smtp } : {}),
    ...(webhook ? { webhook } : {}),
    retry: DEFAULT_RETRY,
    deliveryTimeoutMs: DEFAULT_DELIVERY_TIMEOUT_MS,
  };
}

/** In-app only: what a process that set nothing gets. */
export const IN_APP_ONLY: NotifyConfig = { retry: DEFAULT_RETRY, deliveryTimeoutMs: DEFAULT_DELIVERY_TIMEOUT_MS };
