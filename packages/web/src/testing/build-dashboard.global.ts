/// <reference types="node" />
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { runsInBrowser, webDist, webRoot } from './browser-env';

/** Builds the dashboard once before the browser suites, which run in parallel and share it. */
export async function setup(): Promise<void> {
  if (!runsInBrowser || existsSync(join(webDist, 'index.html'))) return;
  await build({ root: webRoot, configFile: join(webRoot, 'vite.config.ts'), logLevel: 'warn' });
}
