// First users of a new database (`npm start` creating a data directory): the admin, and with the
// demo plant one user per role. Generated passwords are printed once to the console, never logged.
// Demo users' e-mail addresses are at the reserved domain stockroom.invalid (RFC 6761), so that
// nothing real is ever mailed (notify leaves such addresses out); a real admin sets their own.

import type { Db } from '../../db/db.js';
import { inTx } from '../../db/db.js';
import { systemCtx } from '../../kernel/context.js';
import { createToken, createUser } from './access.commands.js';
import { generatePassword } from './access.crypto.js';
import { ROLE_PERMISSIONS, ROLES } from './access.rules.js';

export const DEMO_MAIL_DOMAIN = 'stockroom.invalid';

export interface DemoUser {
  readonly username: string;
  readonly role: string;
  /** a password, or for the integration user an API token */
  readonly secret: string;
  readonly kind: 'password' | 'token';
}

/** Creates the admin (and, when demo is on, one user per role); returns what was created. */
export async function createFirstUsers(db: Db, opts: { demo: boolean }): Promise<DemoUser[]> {
  const ctx = systemCtx('system:first-users');
  const roles = opts.demo ? ROLES : (['admin'] as const);
  return inTx(db, async (tx) => {
    const out: DemoUser[] = [];
    for (const role of roles) {
      const username = role === 'admin' ? 'admin' : role.replace(/_/g, '-');
      if (role === 'integration') {
        const u = await createUser(tx, ctx, { username, displayName: 'Demo integration', roles: [{ role }] });
        const t = await createToken(tx, ctx, { name: 'demo integration', scopes: [...ROLE_PERMISSIONS.integration], expires: '90d', userId: u.id });
        out.push({ username, role, secret: t.token, kind: 'token' });
        continue;
      }
      const password = generatePassword();
      await createUser(tx, ctx, { username, displayName: role === 'admin' ? 'Administrator' : `Demo ${role.replace(/_/g, ' ')}`, ...(opts.demo ? { email: `${username}@${DEMO_MAIL_DOMAIN}` } : {}), password, roles: [{ role }] });
      out.push({ username, role, secret: password, kind: 'password' });
    }
    return out;
  });
}

export function formatFirstUsers(users: readonly DemoUser[]): string {
  const w1 = Math.max(8, ...users.map((u) => u.username.length));
  const w2 = Math.max(4, ...users.map((u) => u.role.length));
  const lines = [
    '',
    'Stockroom: first users of this new database. Passwords are shown only now; change them after signing in.',
    `${'username'.padEnd(w1)}  ${'role'.padEnd(w2)}  password / API token`,
    `${'-'.repeat(w1)}  ${'-'.repeat(w2)}  ${'-'.repeat(20)}`,
    ...users.map((u) => `${u.username.padEnd(w1)}  ${u.role.padEnd(w2)}  ${u.kind === 'token' ? `token ${u.secret}` : u.secret}`),
    '',
  ];
  return lines.join('\n') + '\n';
}

/** NEW_DATABASE_HOOKS entry; `print` defaults to the console (not the logger: these are secrets). */
export function demoUsersHook(print: (text: string) => void = (t) => void process.stdout.write(t)) {
  return async function demoUsers(d: { db: Db; config: { demo: boolean }; log(message: string): void }): Promise<void> {
    const existing = await d.db.k.selectFrom('app_user').select('id').limit(1).execute();
    if (existing.length) return;
    const users = await createFirstUsers(d.db, { demo: d.config.demo });
    print(formatFirstUsers(users));
    d.log(`created ${users.length} first user(s): ${users.map((u) => u.username).join(', ')} (passwords printed on the console)`);
  };
}
