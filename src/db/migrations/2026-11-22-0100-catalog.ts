// Catalog additions: lots can be deactivated (a recalled or used-up lot stays for the ledger's sake
// but leaves pick lists), and indexes for BOM cycle checks and expiry lists.
// Frozen once committed, like every migration.

import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from '../migrate.js';

export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  await sql`alter table lot add column active integer not null default 1`.execute(db);
  await sql`create index lot_expires_on on lot(expires_on)`.execute(db);
  await sql`create index bom_parent_item on bom(parent_item_id)`.execute(db);
  await sql`create index bom_component_item on bom_component(item_id)`.execute(db);
}
