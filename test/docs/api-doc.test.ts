import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { renderApiDoc } from '../../scripts/api-doc.js';

test('docs/api.md lists every route of the OpenAPI document with its permission', async () => {
  const doc = fs.readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  assert.equal(doc, await renderApiDoc(), 'docs/api.md is out of step with the routes: run `npm run docs:api`');
});
