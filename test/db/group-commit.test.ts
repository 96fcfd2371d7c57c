// Concurrent writes on SQLite share a commit: each command in its own savepoint, each caller
// answered after the one durable commit, a failing command rolled back alone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDb } from '../../src/db/db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { GroupCommitter } from '../../src/db/group-commit.js';
import { sql } from 'kysely';

test('concurrent commands share one commit; a failing one is rolled back on its own', async () => {
  const db = createDb({ sqliteFile: ':memory:' });
  await migrateToLatest(db.k, db.kind);
  await sql`create table t (n integer primary key)`.execute(db.k);
  let commits = 0;
  const g = new GroupCommitter(db.k);
  const orig = db.k.transaction.bind(db.k);
  (db.k as unknown as { transaction: () => unknown }).transaction = () => {
    commits++;
    return orig();
  };
  const results = await Promise.allSettled(
    Array.from({ length: 20 }, (_, i) =>
      g.run(async (tx) => {
        await sql`insert into t (n) values (${i})`.execute(tx);
        if (i === 7) throw new Error('command 7 fails');
        return i;
      }),
    ),
  );
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 19);
  const failed = results[7];
  assert.ok(failed?.status === 'rejected' && String(failed.reason).includes('command 7 fails'));
  const rows = await sql<{ n: number }>`select n from t order by n`.execute(db.k);
  assert.deepEqual(rows.rows.map((r) => r.n), Array.from({ length: 20 }, (_, i) => i).filter((i) => i !== 7));
  assert.ok(commits < 20, `20 commands in ${commits} commits`);
  await db.close();
});
