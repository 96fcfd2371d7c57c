// The two delivery channels. Each throws on failure; the worker decides about retries.

import nodemailer from 'nodemailer';
import { signBody } from './notify.rules.js';
import type { EmailPayload, NotifyConfig } from './notify.types.js';
import type { OutboxRow } from './notify.repo.js';

export interface Channels {
  deliver(row: OutboxRow, now: Date): Promise<void>;
  close(): void;
}

export function createChannels(config: NotifyConfig): Channels {
  const timeout = config.deliveryTimeoutMs;
  const mailer = config.smtp
    ? nodemailer.createTransport({ url: config.smtp.url, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout } as never)
    : undefined;

  async function email(row: OutboxRow): Promise<void> {
    if (!mailer || !config.smtp) throw new Error('e-mail is not configured (STOCKROOM_SMTP_URL); the row stays pending');
    const p = JSON.parse(row.payload_json) as EmailPayload;
    await mailer.sendMail({
      from: config.smtp.from,
      to: p.to,
      subject: p.subject,
      text: p.text,
      headers: { 'X-Stockroom-Event': p.event, 'X-Stockroom-Delivery': String(row.id) },
    });
  }

  async function webhook(row: OutboxRow, now: Date): Promise<void> {
    if (!config.webhook) throw new Error('webhooks are not configured (STOCKROOM_WEBHOOK_URLS); the row stays pending');
    // The stored text is the body, byte for byte, so that a retry sends and signs the same bytes.
    const raw = row.payload_json;
    const event = (JSON.parse(raw) as { event: string }).event;
    const res = await fetch(row.destination, {
      method: 'POST',
      body: raw,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeout),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Stockroom-Webhook/1',
        'x-stockroom-event': event,
        'x-stockroom-delivery': String(row.id),
        'x-stockroom-timestamp': String(Math.floor(now.getTime() / 1000)),
        'x-stockroom-signature': signBody(config.webhook.secret, raw),
      },
    });
    // Drain the body so the connection is released; its content is only kept for the error.
    const text = await res.text().catch(() => '');
    if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
  }

  return {
    deliver: (row, now) => (row.channel === 'email' ? email(row) : webhook(row, now)),
    close: () => mailer?.close(),
  };
}
