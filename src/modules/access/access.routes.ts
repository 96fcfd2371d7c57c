// HTTP adapter of access: login/logout/me/password, users (admin), API tokens, site settings.

import '@fastify/cookie';
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteModule } from '../../http/app.js';
import { runCommand } from '../../http/command.js';
import { SESSION_COOKIE } from '../../http/auth.js';
import { csrfTokenFor } from './access.crypto.js';
import { isDomainError } from '../../kernel/errors.js';
import { createToken, createUser, changePassword, login, logout, resetPassword, revokeToken, setRoles, setSiteSettings, updateUser, SESSION_HOURS } from './access.commands.js';
import { getSiteSettings, getToken, getUser, listTokens, listUsers } from './access.queries.js';
import { assertSiteAllowed } from './access.scope.js';
import { EMAIL_MAX, PASSWORD_MAX, PERMISSIONS, ROLES } from './access.rules.js';

const RoleName = Type.Union(ROLES.map((r) => Type.Literal(r)));
const SiteRef = Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Integer({ minimum: 1 })]);
const RoleIn = Type.Object({ role: RoleName, sites: Type.Optional(Type.Union([Type.Array(SiteRef, { minItems: 1, maxItems: 200 }), Type.Null()])) }, { additionalProperties: false });
const RoleOut = Type.Object({ role: Type.String(), sites: Type.Union([Type.Array(Type.String()), Type.Null()]) });
const User = Type.Object({
  id: Type.Integer(), username: Type.String(), displayName: Type.String(), email: Type.Union([Type.String(), Type.Null()]), active: Type.Boolean(), passwordSet: Type.Boolean(), locked: Type.Boolean(),
  roles: Type.Array(RoleOut), createdAt: Type.String(), updatedAt: Type.String(),
});
const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX });
// Checked by emailProblem (422 access.bad_email); the schema only bounds the size, a bit above EMAIL_MAX
// so that a long address gets the domain answer. Null or blank: no address.
const Email = Type.Union([Type.String({ maxLength: EMAIL_MAX + 66, description: 'e-mail address for notifications (name@domain.tld); null or "" for none' }), Type.Null()]);
const Token = Type.Object({
  id: Type.Integer(), name: Type.String(), prefix: Type.String(), userId: Type.Union([Type.Integer(), Type.Null()]), scopes: Type.Array(Type.String()),
  sites: Type.Union([Type.Array(Type.String()), Type.Null()]), expiresAt: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String(), createdBy: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]), active: Type.Boolean(),
});
const Scope = Type.Union([...PERMISSIONS.map((p) => Type.Literal(p)), Type.Literal('*')]);
const IdParam = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Me = Type.Object({
  kind: Type.Union([Type.Literal('user'), Type.Literal('token')]), id: Type.Integer(), userId: Type.Union([Type.Integer(), Type.Null()]),
  /** the user's display name, or the token's name */
  name: Type.String(),
  /** the user's username (a token's owner's); null for a token of no user */
  username: Type.Union([Type.String(), Type.Null()]),
  /** only when signed in by the session cookie: the x-csrf-token for writes */
  csrfToken: Type.Optional(Type.String()),
  roles: Type.Array(Type.Object({ role: Type.String(), sites: Type.Union([Type.Array(Type.Integer()), Type.Null()]) })),
  permissions: Type.Array(Type.String()),
  /** permission → site ids (null: every site) */
  sites: Type.Record(Type.String(), Type.Union([Type.Array(Type.Integer()), Type.Null()])),
});

function secure(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: secure(req) });
}

export const accessRoutes: RouteModule = (app, deps) => {
  const db = deps.db;

  // ---- sessions
  app.post('/api/v1/auth/login', {
    schema: {
      tags: ['auth'], summary: 'Sign in with username and password: sets the session cookie and returns the CSRF token to send as x-csrf-token on writes',
      body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }), password: Password }, { additionalProperties: false }),
      response: { 200: Type.Object({ user: User, csrfToken: Type.String(), expiresAt: Type.String() }) },
    },
    config: { permission: 'public' },
  }, async (req, reply) => {
    try {
      const r = await login(db, req.ctx, req.body);
      void reply.setCookie(SESSION_COOKIE, r.sessionToken, { path: '/', httpOnly: true, sameSite: 'strict', secure: secure(req), maxAge: SESSION_HOURS * 3600 });
      void reply.header('cache-control', 'no-store');
      return { user: r.user, csrfToken: r.csrfToken, expiresAt: r.expiresAt };
    } catch (e) {
      if (isDomainError(e) && typeof e.extra.retryAfterSeconds === 'number') void reply.header('retry-after', String(e.extra.retryAfterSeconds));
      throw e;
    }
  });

  app.post('/api/v1/auth/logout', {
    schema: { tags: ['auth'], summary: 'End the session (cookie); a no-op for API tokens', response: { 204: Type.Null() } },
    config: { permission: 'authenticated' },
  }, async (req, reply) => {
    await runCommand(db, req, reply, 204, (tx, ctx) => logout(tx, ctx));
    clearSessionCookie(req, reply);
    return reply.code(204).send(null);
  });

  app.get('/api/v1/auth/me', {
    schema: {
      tags: ['auth'], summary: 'Who am I: user or token, display name and username, roles, permissions and the sites each holds in; with the session cookie also the CSRF token for writes',
      response: { 200: Me },
    },
    config: { permission: 'authenticated' },
  }, async (req, reply) => {
    const p = req.ctx.principal;
    if (!p) throw new Error('authenticated route without principal');
    const user = p.userId === null ? undefined : await getUser(db.k, p.userId, req.ctx.now());
    // sessionId is set only when the cookie authenticated this request (a bearer token wins over it)
    const cookie = p.sessionId !== undefined ? req.cookies[SESSION_COOKIE] : undefined;
    void reply.header('cache-control', 'no-store');
    return {
      kind: p.kind, id: p.id, userId: p.userId,
      name: p.kind === 'user' && user ? user.displayName : p.name,
      username: user?.username ?? null,
      ...(cookie ? { csrfToken: csrfTokenFor(cookie) } : {}),
      roles: p.roles.map((r) => ({ role: r.role, sites: r.sites === null ? null : [...r.sites] })),
      permissions: Object.keys(p.grants).sort(),
      sites: Object.fromEntries(Object.entries(p.grants).map(([k, v]) => [k, v === null ? null : [...v]])),
    };
  });

  app.post('/api/v1/auth/password', {
    schema: {
      tags: ['auth'], summary: 'Change your own password; your other sessions end',
      body: Type.Object({ currentPassword: Password, newPassword: Password }, { additionalProperties: false }), response: { 204: Type.Null() },
    },
    config: { permission: 'authenticated' },
  }, async (req, reply) => {
    await runCommand(db, req, reply, 204, (tx, ctx) => changePassword(tx, ctx, req.body));
    return reply.code(204).send(null);
  });

  // ---- users
  const tags = ['users'];
  app.get('/api/v1/users', {
    schema: { tags, summary: 'Users with their roles and site limits', querystring: Type.Object({ active: Type.Optional(Type.Boolean()), role: Type.Optional(RoleName) }, { additionalProperties: false }), response: { 200: Type.Object({ items: Type.Array(User) }) } },
    config: { permission: 'users.read' },
  }, async (req) => ({ items: await listUsers(db.k, req.ctx.now(), req.query) }));

  app.post('/api/v1/users', {
    schema: {
      tags, summary: 'Create a user with roles (each optionally limited to sites); without a password the user signs in with API tokens only',
      body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }), displayName: Type.Optional(Type.String({ maxLength: 200 })), email: Type.Optional(Email), password: Type.Optional(Password), roles: Type.Array(RoleIn, { maxItems: ROLES.length }) }, { additionalProperties: false }),
      response: { 201: User },
    },
    config: { permission: 'users.admin' },
  }, async (req, reply) => runCommand(db, req, reply, 201, (tx, ctx) => createUser(tx, ctx, req.body)));

  app.get('/api/v1/users/:id', {
    schema: { tags, summary: 'One user', params: IdParam, response: { 200: User } },
    config: { permission: 'users.read' },
  }, async (req) => getUser(db.k, req.params.id, req.ctx.now()));

  app.patch('/api/v1/users/:id', {
    schema: { tags, summary: 'Change display name or e-mail address (null removes it), or deactivate (deactivating ends the user\'s sessions)', params: IdParam, body: Type.Object({ displayName: Type.Optional(Type.String({ maxLength: 200 })), email: Type.Optional(Email), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), response: { 200: User } },
    config: { permission: 'users.admin' },
  }, async (req, reply) => runCommand(db, req, reply, 200, (tx, ctx) => updateUser(tx, ctx, req.params.id, req.body)));

  app.put('/api/v1/users/:id/roles', {
    schema: { tags, summary: 'Replace the user\'s roles and their site limits', params: IdParam, body: Type.Object({ roles: Type.Array(RoleIn, { maxItems: ROLES.length }) }, { additionalProperties: false }), response: { 200: User } },
    config: { permission: 'users.admin' },
  }, async (req, reply) => runCommand(db, req, reply, 200, (tx, ctx) => setRoles(tx, ctx, req.params.id, req.body.roles)));

  app.post('/api/v1/users/:id/reset-password', {
    schema: {
      tags, summary: 'Admin reset: set the given password or generate one (returned once), unlock the account, end its sessions',
      params: IdParam, body: Type.Object({ password: Type.Optional(Password) }, { additionalProperties: false }),
      response: { 200: Type.Object({ user: User, password: Type.Optional(Type.String()) }) },
    },
    config: { permission: 'users.admin' },
  }, async (req, reply) => {
    const r = await runCommand(db, req, reply, 200, (tx, ctx) => resetPassword(tx, ctx, req.params.id, req.body.password));
    void reply.header('cache-control', 'no-store');
    // a password the admin chose is not echoed; a generated one is shown this once
    return r.generated ? { user: r.user, password: r.password } : { user: r.user };
  });

  // ---- API tokens
  app.get('/api/v1/tokens', {
    schema: { tags: ['tokens'], summary: 'API tokens (never the token itself)', querystring: Type.Object({ userId: Type.Optional(Type.Integer({ minimum: 1 })), includeRevoked: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), response: { 200: Type.Object({ items: Type.Array(Token) }) } },
    config: { permission: 'users.read' },
  }, async (req) => ({ items: await listTokens(db.k, req.ctx.now(), req.query) }));

  app.post('/api/v1/tokens', {
    schema: {
      tags: ['tokens'], summary: 'Create an API token: scopes (permissions, "*" for all you hold), expiry, optional owner user and sites. The token is in this answer only.',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 100 }),
        scopes: Type.Array(Scope, { minItems: 1, maxItems: PERMISSIONS.length + 1 }),
        expires: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 40, description: 'ISO date-time, "90d", or "never"; default 90 days' }), Type.Null()])),
        userId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
        sites: Type.Optional(Type.Union([Type.Array(SiteRef, { minItems: 1, maxItems: 200 }), Type.Null()])),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ token: Type.String(), info: Token }) },
    },
    config: { permission: 'users.admin' },
  }, async (req, reply) => {
    const r = await runCommand(db, req, reply, 201, (tx, ctx) => createToken(tx, ctx, req.body));
    void reply.header('cache-control', 'no-store');
    return r;
  });

  app.get('/api/v1/tokens/:id', {
    schema: { tags: ['tokens'], summary: 'One API token (never the token itself)', params: IdParam, response: { 200: Token } },
    config: { permission: 'users.read' },
  }, async (req) => getToken(db.k, req.params.id, req.ctx.now()));

  app.delete('/api/v1/tokens/:id', {
    schema: { tags: ['tokens'], summary: 'Revoke an API token (at once, for every server)', params: IdParam, response: { 200: Token } },
    config: { permission: 'users.admin' },
  }, async (req, reply) => runCommand(db, req, reply, 200, (tx, ctx) => revokeToken(tx, ctx, req.params.id)));

  // ---- site settings
  const SiteSettings = Type.Object({ site: Type.String(), siteId: Type.Integer(), segregationOfDuties: Type.Boolean() });
  const SiteParam = Type.Object({ site: Type.String({ minLength: 1, maxLength: 100 }) });
  app.get('/api/v1/settings/sites/:site', {
    schema: { tags: ['settings'], summary: 'Access settings of a site (segregation of duties)', params: SiteParam, response: { 200: SiteSettings } },
    config: { permission: 'settings.read' },
  }, async (req) => {
    const s = await getSiteSettings(db.k, req.params.site);
    assertSiteAllowed(req.ctx, 'settings.read', s.siteId, 'site', `site "${s.site}"`);
    return s;
  });

  app.patch('/api/v1/settings/sites/:site', {
    schema: { tags: ['settings'], summary: 'Change access settings of a site', params: SiteParam, body: Type.Object({ segregationOfDuties: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), response: { 200: SiteSettings } },
    config: { permission: 'settings.admin' },
  }, async (req, reply) => runCommand(db, req, reply, 200, (tx, ctx) => setSiteSettings(tx, ctx, req.params.site, req.body)));
};
