// Renders docs/errors.md from the error registry: every code, its kind, HTTP status and CLI exit code.
// `npm run docs:errors` rewrites the file; test/docs/errors-doc.test.ts fails when it is out of step.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { registeredErrors } from '../src/kernel/error-registry.js';
import { ERROR_KINDS } from '../src/kernel/errors.js';
import { HTTP_STATUS } from '../src/http/problem.js';
import { EXIT_CODE } from '../src/cli/exit-codes.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** Imports the composition root and every *.errors.ts so that all codes are registered. */
export async function loadAllErrors(): Promise<void> {
  await import('../src/main/modules.js');
  const files = fs.readdirSync(path.join(root, 'src'), { recursive: true }).map(String).filter((f) => /\.errors\.ts$/.test(f) || /(^|\/)ops\.cli\.ts$/.test(f));
  for (const f of files) await import(pathToFileURL(path.join(root, 'src', f)).href);
}

export function renderErrorsDoc(): string {
  const codes = [...registeredErrors().entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const out: string[] = [];
  out.push('# Error codes', '');
  out.push('Every failure Stockroom reports has a stable code (`module.reason`), one of a few kinds, and a');
  out.push('human `detail`. Over HTTP it is an RFC 9457 problem details answer:', '');
  out.push('```json');
  out.push('{ "type": "urn:stockroom:problem:ledger.insufficient_stock", "title": "Conflict", "status": 409,');
  out.push('  "code": "ledger.insufficient_stock", "detail": "lines/0/qty: only 4 each of BOLT-M8 on hand in P1-A-01, 10 needed",');
  out.push('  "errors": [{ "field": "lines/0/qty", "reason": "…" }], "instance": "<request id>" }');
  out.push('```', '');
  out.push('`errors[].field` names the offending input as a path (`lines/0/qty`, `Idempotency-Key`). The CLI prints');
  out.push('`error <code>: <detail>` and exits with the code of the kind.', '');
  out.push('## Kinds', '', '| kind | HTTP status | CLI exit code |', '| --- | --- | --- |');
  for (const k of ERROR_KINDS) out.push(`| ${k} | ${HTTP_STATUS[k]} | ${EXIT_CODE[k]} |`);
  out.push('');
  out.push('Request-level validation (`request.validation`, `request.malformed_json`) answers 400 rather than 422: the');
  out.push('body did not match the route schema at all. An unexpected failure answers 500 `request.internal` and is logged with');
  out.push('the request id; no input is meant to reach it.', '');
  out.push('## Codes', '', '| code | kind | when |', '| --- | --- | --- |');
  for (const [code, spec] of codes) out.push(`| \`${code}\` | ${spec.kind} | ${spec.when.replace(/\|/g, '\\|')} |`);
  out.push('');
  return out.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await loadAllErrors();
  fs.writeFileSync(path.join(root, 'docs', 'errors.md'), renderErrorsDoc());
  console.log(`docs/errors.md: ${registeredErrors().size} codes`);
}
