// SQL of import runs, rejections, saved mappings and opening-balance keys, and nothing else.

import type { Generated, Kysely, Selectable } from 'kysely';
import type { Q } from '../../db/db.js';
import type { Database } from '../../db/tables.js';

export interface ImportRunTable {
  id: Generated<number>;
  kind: string;
  mode: 'all' | 'batches';
  status: 'running' | 'completed' | 'failed' | 'rejected';
  file_name: string | null;
  file_hash: string;
  options_json: string;
  batch_size: number;
  last_row: number;
  rows_created: number;
  rows_updated: number;
  rows_unchanged: number;
  rows_rejected: number;
  rows_skipped: number;
  actor: string;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
  error: string | null;
}

export interface ImportRejectionTable {
  run_id: number;
  row_number: number;
  column_name: string;
  code: string;
  reason: string;
}

export interface ImportMappingTable {
  id: Generated<number>;
  kind: string;
  name: string;
  mapping_json: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface ImportOpeningKeyTable {
  item_id: number;
  location_id: number;
  lot_no: string;
  qty: number;
  run_id: number;
  row_number: number;
  movement_id: number;
}

export type ImportDatabase = Database & {
  import_run: ImportRunTable;
  import_rejection: ImportRejectionTable;
  import_mapping: ImportMappingTable;
  import_opening_key: ImportOpeningKeyTable;
};
const k = (q: Q) => q as unknown as Kysely<ImportDatabase>;

export type RunRow = Selectable<ImportRunTable>;
export type MappingRow = Selectable<ImportMappingTable>;

export async function insertRun(q: Q, row: Omit<RunRow, 'id'>): Promise<number> {
  const r = await k(q).insertInto('import_run').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateRun(q: Q, id: number, set: Partial<Omit<RunRow, 'id'>>): Promise<void> {
  await k(q).updateTable('import_run').set(set).where('id', '=', id).execute();
}

export function selectRun(q: Q, id: number): Promise<RunRow | undefined> {
  return k(q).selectFrom('import_run').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRejections(q: Q, rows: readonly ImportRejectionTable[]): Promise<void> {
  // 5 parameters a row: 100 rows stay far below every engine's parameter limit
  for (let i = 0; i < rows.length; i += 100) {
    await k(q).insertInto('import_rejection').values(rows.slice(i, i + 100)).onConflict((oc) => oc.columns(['run_id', 'row_number']).doNothing()).execute();
  }
}

export function selectRejections(q: Q, runId: number, afterRow: number, limit: number): Promise<ImportRejectionTable[]> {
  return k(q).selectFrom('import_rejection').selectAll().where('run_id', '=', runId).where('row_number', '>', afterRow).orderBy('row_number').limit(limit).execute();
}

export function selectMapping(q: Q, kind: string, name: string): Promise<MappingRow | undefined> {
  return k(q).selectFrom('import_mapping').selectAll().where('kind', '=', kind).where('name', '=', name).executeTakeFirst();
}

export function selectMappings(q: Q, kind: string | undefined): Promise<MappingRow[]> {
  let qb = k(q).selectFrom('import_mapping').selectAll();
  if (kind !== undefined) qb = qb.where('kind', '=', kind);
  return qb.orderBy('kind').orderBy('name').limit(1000).execute();
}

export async function insertMapping(q: Q, row: Omit<MappingRow, 'id'>): Promise<number> {
  const r = await k(q).insertInto('import_mapping').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateMapping(q: Q, id: number, set: { mapping_json: string; updated_at: string }): Promise<void> {
  await k(q).updateTable('import_mapping').set(set).where('id', '=', id).execute();
}

/** Opening-balance keys already loaded for these items in these locations (the caller matches the pairs and lots). */
export async function selectOpeningKeys(q: Q, itemIds: readonly number[], locationIds: readonly number[]): Promise<ImportOpeningKeyTable[]> {
  const out: ImportOpeningKeyTable[] = [];
  const ids = [...new Set(itemIds)];
  const locs = [...new Set(locationIds)];
  for (let i = 0; i < ids.length; i += 400) {
    for (let j = 0; j < locs.length; j += 400) {
      out.push(...(await k(q).selectFrom('import_opening_key').selectAll().where('item_id', 'in', ids.slice(i, i + 400)).where('location_id', 'in', locs.slice(j, j + 400)).execute()));
    }
  }
  return out;
}

export async function insertOpeningKeys(q: Q, rows: readonly ImportOpeningKeyTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) await k(q).insertInto('import_opening_key').values(rows.slice(i, i + 100)).execute();
}
