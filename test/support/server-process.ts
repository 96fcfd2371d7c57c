// Real server processes for crash and multi-server tests: `node --import tsx src/main/server.ts`
// on a database the test prepared (testDb(...).env), on a port the OS picks. start() resolves once
// /health answers; kill() sends a signal and waits for the process to end.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inTx, type Db } from '../../src/db/db.js';
import { systemCtx } from '../../src/kernel/context.js';
import { createToken } from '../../src/modules/access/index.js';
import { runCli } from '../../src/main/cli.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** everything the process wrote, for failure messages */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface StartOptions {
  /** extra environment (database selection from testDb(...).env) */
  readonly env: Record<string, string>;
  readonly timeoutMs?: number;
}

export async function startServer(opts: StartOptions): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', STOCKROOM_DEMO: '0', LOG_LEVEL: 'info', ...opts.env };
  // the test's own engine switch must not leak into the server's configuration
  delete env.STOCKROOM_TEST_ENGINE;
  if (!opts.env.DATABASE_URL) delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${opts.timeoutMs ?? 30000} ms:\n${out}`)), opts.timeoutMs ?? 30_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      // Fastify logs "Server listening at http://127.0.0.1:PORT"
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited before it listened (code ${String(child.exitCode)}):\n${out}`));
    });
  });
  // keep draining the pipes so that a chatty server never blocks on a full pipe
  for (;;) {
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok) break;
    } catch {
      /* not yet */
    }
    if (exited) throw new Error(`server exited:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    pid: child.pid as number,
    child,
    output: () => out,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (!exited) child.kill(signal);
      await exit;
    },
  };
}

export interface Answer {
  readonly status: number;
  readonly body: any;
}

/** A JSON request to a server process; network failures (a killed server) reject. */
export async function request(base: string, method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const r = await fetch(base + url, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep text */
  }
  return { status: r.status, body: parsed };
}

/**
 * Credentials for a server process: an API token holding every permission, minted directly in the
 * database the server will open (the server authenticates every non-public route).
 */
export async function apiTokenHeaders(db: Db): Promise<Record<string, string>> {
  const { token } = await inTx(db, (tx) => createToken(tx, systemCtx('test:setup'), { name: `process-test-${Date.now()}`, scopes: ['*'], expires: null }));
  return { authorization: `Bearer ${token}` };
}

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * runCli in this process with stdout/stderr captured. runCli reads process.exitCode (commands such as
 * `check` set it), so it is cleared before the run and restored after.
 */
export async function runCliCaptured(env: NodeJS.ProcessEnv, ...argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const w1 = process.stdout.write.bind(process.stdout);
  const w2 = process.stderr.write.bind(process.stderr);
  const saved = process.exitCode;
  process.exitCode = undefined;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await runCli(argv, env);
    return { code, out, err };
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
    process.exitCode = saved;
  }
}
