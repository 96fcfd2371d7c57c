// Reading the audit trail: filtered, cursor-paged lists (newest first) and a CSV export.

import type { Q } from '../../db/db.js';
import { intFromDb } from '../../kernel/decimal.js';
import { clampLimit, decodeCursor, toPage, type Page } from '../../kernel/paging.js';
import { auditErrors } from './audit.errors.js';

export interface AuditFilter {
  /** actor as recorded: "user:12", "token:3", "cli:root", "system" */
  readonly actor?: string;
  /** user id: events by that user or by their tokens are not included, only "user:<id>" */
  readonly user?: number;
  readonly entity?: string;
  readonly entityId?: string;
  /** exact action, or a prefix ending in "." ("user." for every user action) */
  readonly action?: string;
  readonly since?: string;
  readonly until?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface AuditEventDto {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly requestId: string | null;
  readonly clientAddr: string | null;
  readonly hash: string;
}

function iso(v: string, field: string): string {
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw auditErrors.bad_filter(`${field} must be an ISO date-time`, { field });
  return new Date(t).toISOString();
}

function filtered(q: Q, f: AuditFilter) {
  let query = q.selectFrom('audit_event').selectAll();
  if (f.actor) query = query.where('actor', '=', f.actor);
  if (f.user !== undefined) query = query.where('actor', '=', `user:${f.user}`);
  if (f.entity) query = query.where('entity', '=', f.entity);
  if (f.entityId) query = query.where('entity_id', '=', f.entityId);
  if (f.action) {
    if (f.action.endsWith('.')) query = query.where('action', 'like', `${f.action.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
    else query = query.where('action', '=', f.action);
  }
  if (f.since) query = query.where('at', '>=', iso(f.since, 'since'));
  if (f.until) query = query.where('at', '<', iso(f.until, 'until'));
  return query;
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

type Row = { id: number; at: string; actor: string; action: string; entity: string; entity_id: string | null; before_json: string | null; after_json: string | null; request_id: string | null; client_addr: string | null; hash: string };

function toDto(r: Row): AuditEventDto {
  return {
    id: intFromDb(r.id), at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id,
    before: parse(r.before_json), after: parse(r.after_json), requestId: r.request_id, clientAddr: r.client_addr, hash: r.hash,
  };
}

export async function listAuditEvents(q: Q, f: AuditFilter): Promise<Page<AuditEventDto>> {
  const limit = clampLimit(f.limit);
  const cur = decodeCursor(f.cursor, 1);
  let query = filtered(q, f);
  if (cur) query = query.where('id', '<', Number(cur[0]));
  const rows = await query.orderBy('id', 'desc').limit(limit + 1).execute();
  return toPage(rows, limit, (r) => [intFromDb(r.id)], toDto);
}

export const AUDIT_CSV_COLUMNS = ['id', 'at', 'actor', 'action', 'entity', 'entity_id', 'before_json', 'after_json', 'request_id', 'client_addr', 'prev_hash', 'hash'] as const;

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF; a leading =+-@ is prefixed with ' so spreadsheets do not run it. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The filtered trail as CSV lines, oldest first, streamed in batches. */
export async function* auditCsv(q: Q, f: Omit<AuditFilter, 'limit' | 'cursor'>): AsyncGenerator<string> {
  yield AUDIT_CSV_COLUMNS.join(',') + '\r\n';
  let after = 0;
  for (;;) {
    const rows = await filtered(q, f).where('id', '>', after).orderBy('id').limit(1000).execute();
    if (rows.length === 0) return;
    let chunk = '';
    for (const r of rows) chunk += AUDIT_CSV_COLUMNS.map((c) => csvField((r as Record<string, unknown>)[c])).join(',') + '\r\n';
    yield chunk;
    after = intFromDb((rows.at(-1) as Row).id);
  }
}
