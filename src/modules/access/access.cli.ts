// CLI adapter of access: users (add, list, reset-password) and API tokens (create, list, revoke).
// The CLI is trusted (whoever runs it can read the database file), so it is not limited by roles.

import type { Command } from 'commander';
import type { CliModule } from '../../cli/cli.types.js';
import { inTx } from '../../db/db.js';
import { createToken, createUser, resetPassword, revokeToken } from './access.commands.js';
import { accessErrors } from './access.errors.js';
import { getUser, listTokens, listUsers } from './access.queries.js';
import { ROLES } from './access.rules.js';

function table(rows: Record<string, unknown>[], cols: string[]): string[] {
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => String(r[c] ?? ''))))];
}

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];
const list = (v?: string) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

export const accessCli: CliModule = (program, deps) => {
  const user: Command = program.command('user').description('users and their roles');
  user
    .command('add')
    .description(`add a user; roles: ${ROLES.join(', ')}`)
    .requiredOption('--username <name>')
    .option('--password <password>', 'password (without it the user signs in with API tokens only)')
    .option('--role <role>', 'role (repeatable, or comma-separated)', collect, [])
    .option('--sites <codes>', 'limit the roles to these site codes (comma-separated)')
    .option('--display-name <name>')
    .option('--email <address>', 'where notifications are e-mailed (when SMTP is configured)')
    .action(async (o: { username: string; password?: string; role: string[]; sites?: string; displayName?: string; email?: string }) => {
      const db = await deps.openDb();
      const sites = list(o.sites);
      const u = await inTx(db, (tx) =>
        createUser(tx, deps.ctx(), {
          username: o.username,
          ...(o.password !== undefined ? { password: o.password } : {}),
          ...(o.displayName ? { displayName: o.displayName } : {}),
          ...(o.email !== undefined ? { email: o.email } : {}),
          roles: o.role.map((role) => ({ role, sites: sites ?? null })),
        }),
      );
      deps.out(`added user ${u.username} (id ${u.id})${u.email ? ` <${u.email}>` : ''} with roles ${u.roles.map((r) => r.role + (r.sites ? `@${r.sites.join('+')}` : '')).join(', ') || '(none)'}`);
    });
  user
    .command('list')
    .description('list users')
    .option('--json')
    .action(async (o: { json?: boolean }) => {
      const db = await deps.openDb();
      const users = await listUsers(db.k, new Date());
      if (o.json) return deps.out(JSON.stringify(users, null, 2));
      const rows = users.map((u) => ({ id: u.id, username: u.username, email: u.email ?? '', active: u.active ? 'yes' : 'no', locked: u.locked ? 'yes' : '', roles: u.roles.map((r) => r.role + (r.sites ? `@${r.sites.join('+')}` : '')).join(', ') }));
      for (const l of table(rows, ['id', 'username', 'email', 'active', 'locked', 'roles'])) deps.out(l);
    });
  user
    .command('reset-password')
    .description('set a new password (generated and printed when --password is not given); unlocks the account and ends its sessions')
    .requiredOption('--username <name>')
    .option('--password <password>')
    .action(async (o: { username: string; password?: string }) => {
      const db = await deps.openDb();
      const u = await getUser(db.k, o.username, new Date());
      const r = await inTx(db, (tx) => resetPassword(tx, deps.ctx(), u.id, o.password));
      deps.out(r.generated ? `new password for ${u.username}: ${r.password}` : `password of ${u.username} reset`);
    });

  const token: Command = program.command('token').description('API tokens for integrations');
  token
    .command('create')
    .description('create an API token; it is printed once and stored only as a hash')
    .requiredOption('--scopes <permissions>', 'comma-separated permissions, or * for all')
    .option('--name <name>', 'what the token is for', 'integration')
    .option('--expires <when>', 'ISO date-time, days like 90d, or never', '90d')
    .option('--user <username>', 'the user the token acts for (its scopes must be within that user\'s roles)')
    .option('--sites <codes>', 'limit the token to these site codes (comma-separated)')
    .action(async (o: { scopes: string; name: string; expires: string; user?: string; sites?: string }) => {
      const db = await deps.openDb();
      const scopes = list(o.scopes) ?? [];
      if (scopes.length === 0) throw accessErrors.unknown_permission('--scopes: name at least one permission', { field: 'scopes' });
      const owner = o.user ? await getUser(db.k, o.user, new Date()) : undefined;
      const sites = list(o.sites);
      const r = await inTx(db, (tx) => createToken(tx, deps.ctx(), { name: o.name, scopes, expires: o.expires, userId: owner?.id ?? null, sites: sites ?? null }));
      deps.out(`token ${r.info.id} (${r.info.name}), scopes ${r.info.scopes.join(',')}, expires ${r.info.expiresAt ?? 'never'}`);
      deps.out(r.token);
      deps.err('store the token now: it is not shown again');
    });
  token
    .command('list')
    .description('list active API tokens (never the tokens themselves)')
    .option('--all', 'include revoked tokens')
    .action(async (o: { all?: boolean }) => {
      const db = await deps.openDb();
      const tokens = await listTokens(db.k, new Date(), { includeRevoked: !!o.all });
      const rows = tokens.map((t) => ({ id: t.id, name: t.name, prefix: t.prefix, user: t.userId ?? '', scopes: t.scopes.join(','), expires: t.expiresAt ?? 'never', state: t.revokedAt ? 'revoked' : t.active ? 'active' : 'expired' }));
      for (const l of table(rows, ['id', 'name', 'prefix', 'user', 'scopes', 'expires', 'state'])) deps.out(l);
    });
  token
    .command('revoke <id>')
    .description('revoke an API token')
    .action(async (id: string) => {
      const db = await deps.openDb();
      if (!/^\d+$/.test(id)) throw accessErrors.token_not_found(`id: "${id}" is not a token id`, { field: 'id' });
      const t = await inTx(db, (tx) => revokeToken(tx, deps.ctx(), Number(id)));
      deps.out(`token ${t.id} (${t.name}) revoked`);
    });
};
