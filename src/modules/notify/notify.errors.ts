import { defineErrors } from '../../kernel/error-registry.js';

export const notifyErrors = defineErrors('notify', {
  no_user: { kind: 'unauthorized', when: 'the in-app notification routes need a signed-in user; the caller has no user id' },
  notification_not_found: { kind: 'not_found', when: 'the notification does not exist or belongs to another user' },
  invalid_config: { kind: 'invalid', when: 'a notify setting (STOCKROOM_SMTP_URL, STOCKROOM_MAIL_FROM, STOCKROOM_WEBHOOK_URLS, STOCKROOM_WEBHOOK_SECRET) is malformed or incomplete' },
  invalid_event: { kind: 'invalid', when: 'a notification event lacks an id its message must name (site, task, count line, correction) or has an unknown variance status' },
});
