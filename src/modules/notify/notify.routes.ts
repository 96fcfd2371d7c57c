// HTTP adapter of notify: the caller's in-app notifications, and the outbox for administrators.

import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { RouteModule } from '../../http/app.js';
import { runCommand } from '../../http/command.js';
import { notifyErrors } from './notify.errors.js';
import { markAllNotificationsRead, markNotificationRead } from './notify.commands.js';
import { listNotifications, listOutbox, unreadCount } from './notify.queries.js';

// The brief names 'notifications.read' (every role) and 'notify.admin'; the access module's closed
// permission list has neither yet, and the app refuses to start on an unknown permission. Until it
// does: the in-app routes need any signed-in caller (they are personal: a user id is required), the
// outbox view needs settings.admin (held by admin only).
export const NOTIFY_PERMISSIONS = { read: 'authenticated', admin: 'settings.admin' } as const;

const Paging = { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), cursor: Type.Optional(Type.String({ maxLength: 500 })) };
const IdParam = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const NotificationOut = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'count.task_completed | count.line_flagged | count.correction_awaiting_approval' }),
  title: Type.String(),
  body: Type.Object({}, { additionalProperties: true, description: 'the event fields: count id, item, location, variance status and magnitude (shortageQty is system − counted, with its direction)' }),
  createdAt: Type.String(),
  readAt: Nullable(Type.String()),
});
const OutboxOut = Type.Object({
  id: Type.Integer(), channel: Type.String(), destination: Type.String(), event: Nullable(Type.String()), status: Type.String(),
  attempts: Type.Integer(), nextAttemptAt: Type.String(), lastError: Nullable(Type.String()), createdAt: Type.String(), deliveredAt: Nullable(Type.String()),
});
const PageOf = <T extends typeof NotificationOut | typeof OutboxOut>(t: T) => Type.Object({ items: Type.Array(t), nextCursor: Nullable(Type.String()) });

/** The signed-in user; the in-app list is personal, so a caller without a user id is refused. */
function userId(req: FastifyRequest): number {
  const id = req.ctx.actorUserId;
  if (id === undefined) throw notifyErrors.no_user('sign in as a user to read notifications');
  return id;
}

export const notifyRoutes: RouteModule = (app, deps) => {
  const db = deps.db;

  app.get('/api/v1/notifications', {
    schema: {
      tags: ['notify'], summary: 'My notifications, newest first',
      querystring: Type.Object({ unread: Type.Optional(Type.Boolean()), ...Paging }, { additionalProperties: false }),
      response: { 200: PageOf(NotificationOut) },
    },
    config: { permission: NOTIFY_PERMISSIONS.read },
  }, async (req) => listNotifications(db.k, userId(req), req.query));

  app.get('/api/v1/notifications/unread-count', {
    schema: { tags: ['notify'], summary: 'How many of my notifications are unread', response: { 200: Type.Object({ unread: Type.Integer() }) } },
    config: { permission: NOTIFY_PERMISSIONS.read },
  }, async (req) => unreadCount(db.k, userId(req)));

  app.post('/api/v1/notifications/:id/read', {
    schema: { tags: ['notify'], summary: 'Mark one of my notifications read (the first read time is kept)', params: IdParam, response: { 200: NotificationOut } },
    config: { permission: NOTIFY_PERMISSIONS.read },
  }, async (req, reply) => {
    const uid = userId(req);
    return runCommand(db, req, reply, 200, (tx, ctx) => markNotificationRead(tx, ctx, uid, req.params.id));
  });

  app.post('/api/v1/notifications/read-all', {
    schema: { tags: ['notify'], summary: 'Mark all my notifications read', response: { 200: Type.Object({ marked: Type.Integer() }) } },
    config: { permission: NOTIFY_PERMISSIONS.read },
  }, async (req, reply) => {
    const uid = userId(req);
    return runCommand(db, req, reply, 200, (tx, ctx) => markAllNotificationsRead(tx, ctx, uid));
  });

  app.get('/api/v1/outbox', {
    schema: {
      tags: ['notify'], summary: 'E-mail and webhook deliveries, newest first',
      querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('sending'), Type.Literal('delivered')])), ...Paging }, { additionalProperties: false }),
      response: { 200: PageOf(OutboxOut) },
    },
    config: { permission: NOTIFY_PERMISSIONS.admin },
  }, async (req) => listOutbox(db.k, req.query));
};
