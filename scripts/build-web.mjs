#!/usr/bin/env node
// Builds the web app (web/ → web/dist) when dist is missing or older than any source file, so that
// `npm install` (postinstall) and `npm start` (prestart) leave a current app to serve, without a
// rebuild when nothing changed. `--force` builds anyway. Skips quietly when Vite is not installed
// (an install without the web app's dependencies): the server then serves the API only.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const dist = path.join(web, 'dist', 'index.html');
const force = process.argv.includes('--force');

function newest(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of fs.readdirSync(p)) {
    if (e === 'dist' || e === 'node_modules') continue;
    t = Math.max(t, newest(path.join(p, e)));
  }
  return t;
}

if (!fs.existsSync(path.join(web, 'index.html'))) process.exit(0);
const viteBin = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
if (!fs.existsSync(viteBin)) {
  console.log('build-web: vite is not installed; the web app is not built');
  process.exit(0);
}
const pkgLock = path.join(root, 'package-lock.json');
const fresh = () => fs.existsSync(dist) && fs.statSync(dist).mtimeMs >= Math.max(newest(web), fs.existsSync(pkgLock) ? fs.statSync(pkgLock).mtimeMs : 0);
if (!force && fresh()) process.exit(0);

// One build at a time (test files run in parallel, and an install may be building): the others wait
// for it and then find dist fresh. A lock older than 10 minutes is left over from a killed build.
const lockDir = path.join(web, '.build-lock');
for (;;) {
  try {
    fs.mkdirSync(lockDir);
    break;
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
    if (Date.now() - fs.statSync(lockDir).mtimeMs > 10 * 60_000) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
process.on('exit', () => fs.rmSync(lockDir, { recursive: true, force: true }));
if (!force && fresh()) process.exit(0);
console.log('build-web: building web/dist …');
const r = spawnSync(process.execPath, [viteBin, 'build', '--config', path.join(web, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
if (r.status !== 0) {
  console.error('build-web: vite build failed');
  process.exit(r.status ?? 1);
}
// mark the build time on index.html, the file compared above
const now = new Date();
fs.utimesSync(dist, now, now);
console.log('build-web: done');
