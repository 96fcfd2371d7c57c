// Users get an optional e-mail address, so that notify can reach inventory managers and approvers
// by mail (STOCKROOM_SMTP_URL). Null: the user is told in the app only. Frozen once committed.

import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from '../migrate.js';

export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  await sql`alter table app_user add column email text`.execute(db);
}
