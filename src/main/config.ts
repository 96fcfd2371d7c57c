// Configuration from the environment, read once at start. Documented in README.md (Configuration).

import path from 'node:path';
import fs from 'node:fs';
import type { AppConfig } from '../http/app.js';
import type { DbConfig } from '../db/db.js';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly db: DbConfig;
  readonly app: AppConfig;
  /** load the demo plant when the database is new (default on; STOCKROOM_DEMO=0 starts empty) */
  readonly demo: boolean;
}

function readVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.STOCKROOM_DATA_DIR || './data');
  const databaseUrl = env.DATABASE_URL || undefined;
  return {
    port: Number(env.PORT || 3000),
    host: env.HOST || '0.0.0.0',
    dataDir,
    db: {
      ...(databaseUrl ? { databaseUrl } : {}),
      sqliteFile: path.join(dataDir, 'stockroom.db'),
      ...(env.STOCKROOM_PG_SCHEMA ? { pgSchema: env.STOCKROOM_PG_SCHEMA } : {}),
    },
    app: {
      bodyLimit: Number(env.STOCKROOM_BODY_LIMIT || 1024 * 1024),
      logLevel: env.LOG_LEVEL || 'info',
      corsOrigins: (env.STOCKROOM_CORS_ORIGINS || '').split(',').map((s) => s.trim()).filter(Boolean),
      version: readVersion(),
    },
    demo: !['0', 'false', 'no', 'off'].includes((env.STOCKROOM_DEMO || '1').toLowerCase()),
  };
}
