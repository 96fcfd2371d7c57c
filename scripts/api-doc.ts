// Renders docs/api.md: a hand-written introduction (docs/api.intro.md) followed by the table of every
// route of the OpenAPI document with its permission. `npm run docs:api` rewrites it;
// test/docs/api-doc.test.ts fails when a route changes and the document does not.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDb } from '../src/db/db.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { buildApp } from '../src/http/app.js';
import { ROUTE_MODULES } from '../src/main/modules.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

type Op = { summary?: string; 'x-permission'?: string; tags?: string[] };

export async function renderApiDoc(): Promise<string> {
  const db = createDb({ sqliteFile: ':memory:' });
  await migrateToLatest(db.k, db.kind);
  const app = await buildApp({ db, config: { bodyLimit: 1024 * 1024, logLevel: 'silent', corsOrigins: [], version: 'doc' } }, ROUTE_MODULES);
  const spec = app.swagger() as { paths: Record<string, Record<string, Op>> };
  await app.close();
  await db.close();
  const rows: { tag: string; method: string; path: string; permission: string; summary: string }[] = [];
  for (const [p, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      rows.push({ tag: op.tags?.[0] ?? 'other', method: method.toUpperCase(), path: p, permission: op['x-permission'] ?? '', summary: (op.summary ?? '').replace(/\|/g, '\\|') });
    }
  }
  rows.sort((a, b) => (a.tag === b.tag ? (a.path === b.path ? (a.method < b.method ? -1 : 1) : a.path < b.path ? -1 : 1) : a.tag < b.tag ? -1 : 1));
  const intro = fs.readFileSync(path.join(root, 'docs', 'api.intro.md'), 'utf8').trimEnd();
  const out = [intro, '', '## Routes', '', `${rows.length} operations, generated from \`/openapi.json\` by \`npm run docs:api\`.`, ''];
  let tag = '';
  for (const r of rows) {
    if (r.tag !== tag) {
      tag = r.tag;
      out.push('', `### ${tag}`, '', '| method | path | permission | what |', '| --- | --- | --- | --- |');
    }
    out.push(`| ${r.method} | \`${r.path}\` | ${r.permission} | ${r.summary} |`);
  }
  out.push('');
  return out.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  fs.writeFileSync(path.join(root, 'docs', 'api.md'), await renderApiDoc());
  console.log('docs/api.md written');
}
