// Child process of the scale figures: `node --import tsx bench/scale-child.ts gen|run '<json>'`.
// gen: generates the dataset and prints its manifest; run: runs the scale.* figures and prints them.
// The last line of stdout is the JSON answer; the parent samples this process's RSS.

import { openSpec, type DbSpec } from './lib/engines.js';
import type { ScaleSize } from './lib/common.js';
import { generateScale, type ScaleManifest } from './figures/scale-gen.js';
import { runScaleFigures } from './figures/scale-run.js';

const [mode, json] = process.argv.slice(2);
const input = JSON.parse(json ?? '{}') as { spec: DbSpec; size: ScaleSize; check?: boolean; manifest?: ScaleManifest; engine: 'sqlite' | 'postgres' };
const db = openSpec(input.spec, 4);
try {
  if (mode === 'gen') {
    const man = await generateScale(db, input.spec, input.size, { check: input.check ?? false });
    process.stdout.write(`${JSON.stringify(man)}\n`);
  } else {
    if (!input.manifest) throw new Error('run needs the manifest');
    const results = await runScaleFigures(db, input.spec, input.manifest, input.size, input.engine);
    process.stdout.write(`${JSON.stringify({ results, maxRssKb: process.resourceUsage().maxRSS })}\n`);
  }
} finally {
  await db.close();
}
