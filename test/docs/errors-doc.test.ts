import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { loadAllErrors, renderErrorsDoc } from '../../scripts/errors-doc.js';
import { registeredErrors } from '../../src/kernel/error-registry.js';

test('docs/errors.md lists every registered error code, and nothing else', async () => {
  await loadAllErrors();
  const doc = fs.readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const listed = new Set([...doc.matchAll(/^\| `([a-z_]+\.[a-z_]+)` \|/gm)].map((m) => m[1]));
  const registered = new Set(registeredErrors().keys());
  const missing = [...registered].filter((c) => !listed.has(c));
  const stale = [...listed].filter((c) => !registered.has(c as string));
  assert.deepEqual({ missing, stale }, { missing: [], stale: [] }, 'run `npm run docs:errors` to regenerate docs/errors.md');
  assert.equal(doc, renderErrorsDoc(), 'docs/errors.md is out of step: run `npm run docs:errors`');
});

test('every error code is module-prefixed snake case', async () => {
  await loadAllErrors();
  for (const code of registeredErrors().keys()) assert.match(code, /^[a-z]+\.[a-z_]+$/, code);
});
