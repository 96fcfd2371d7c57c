#!/usr/bin/env node
// `npx stockroom <command>`: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../src/main/cli.ts');
