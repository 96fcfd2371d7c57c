// Public surface of the notify module: other modules import from here only.
// Its tables (notification, outbox) come with migration 2026-11-22-0300-counting.

export * from './notify.types.js';
export * from './notify.errors.js';
export { notifyConfigFromEnv, IN_APP_ONLY } from './notify.config.js';
export { notify, configureNotify, setRecipientResolver, recipientRole, markNotificationRead, markAllNotificationsRead, type NotifyOptions, type NotifyResult } from './notify.commands.js';
export { listNotifications, unreadCount, listOutbox, type NotificationDto, type OutboxDto } from './notify.queries.js';
export { renderMessage, backoffMs, signBody, verifySignature, directionOf } from './notify.rules.js';
export { startOutboxWorker, deliverDueOutbox, type OutboxWorker, type OutboxWorkerOptions } from './notify.worker.js';
export { notifyRoutes } from './notify.routes.js';
export { notifyCountingEvent, fromCountingEvent, type CountingEventIn } from './notify.counting.js';
