// Backup and restore. SQLite: `VACUUM INTO` writes a consistent snapshot from one read transaction
// while other connections keep writing (WAL), so a backup can be taken under load. PostgreSQL:
// use pg_dump / pg_restore (docs/operations.md).

import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { CliModule } from './cli.types.js';
import { defineErrors } from '../kernel/error-registry.js';

export const opsErrors = defineErrors('ops', {
  backup_target_exists: { kind: 'conflict', when: 'the backup file exists already; choose a new name' },
  not_a_backup: { kind: 'invalid', when: 'the file to restore is not a Stockroom SQLite database, or fails its integrity check' },
  postgres_backup: { kind: 'invalid', when: 'backup and restore of PostgreSQL use pg_dump and pg_restore (docs/operations.md)' },
});

export function backupSqlite(source: string, target: string): { bytes: number } {
  if (fs.existsSync(target)) throw opsErrors.backup_target_exists(`${target} exists`, { field: 'file' });
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const db = new BetterSqlite3(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    db.prepare('vacuum into ?').run(path.resolve(target));
  } finally {
    db.close();
  }
  return { bytes: fs.statSync(target).size };
}

export function restoreSqlite(backup: string, target: string): void {
  let check: BetterSqlite3.Database | undefined;
  try {
    check = new BetterSqlite3(backup, { readonly: true, fileMustExist: true });
    const ok = check.pragma('integrity_check', { simple: true });
    const hasLedger = check.prepare("select count(*) as n from sqlite_master where name = 'movement'").get() as { n: number };
    if (ok !== 'ok' || hasLedger.n !== 1) throw new Error('integrity');
  } catch {
    throw opsErrors.not_a_backup(`${backup} is not a Stockroom database backup`, { field: 'file' });
  } finally {
    check?.close();
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
  const tmp = `${target}.restoring`;
  fs.copyFileSync(backup, tmp);
  fs.renameSync(tmp, target);
}

export const opsCli: CliModule = (program, deps) => {
  program
    .command('backup <file>')
    .description('take an online backup of the SQLite database (the server may keep running)')
    .action(async (file: string) => {
      if (deps.config.db.databaseUrl) throw opsErrors.postgres_backup('on PostgreSQL use: pg_dump --format=custom -f <file> <database> (docs/operations.md)');
      const source = deps.config.db.sqliteFile as string;
      const { bytes } = backupSqlite(source, file);
      deps.out(`backup written to ${file} (${bytes} bytes)`);
    });
  program
    .command('restore <file>')
    .description('restore a backup over the SQLite database (stop the server first)')
    .action(async (file: string) => {
      if (deps.config.db.databaseUrl) throw opsErrors.postgres_backup('on PostgreSQL use: pg_restore --clean -d <database> <file> (docs/operations.md)');
      restoreSqlite(file, deps.config.db.sqliteFile as string);
      deps.out(`restored ${file} to ${deps.config.db.sqliteFile}`);
    });
};
