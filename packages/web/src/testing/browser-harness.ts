/// <reference types="node" />
import { loadConfig, startApp, type App } from '@ocore/server';
import { chromium, type Browser } from 'playwright-core';
import { chromiumPath, webDist } from './browser-env';

/* What the browser suites share: the built dashboard served by the real server, in headless Chromium. */

/** A server on a free port with an in-memory database, serving the built dashboard. */
export async function startDashboardServer(env: Record<string, string> = {}): Promise<App> {
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    OCORE_DATA_DIR: 'memory',
    LOG_LEVEL: 'silent',
    OCORE_JWT_SECRET: 'x'.repeat(40),
    OCORE_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    ...env,
  });
  return startApp({ ...config, webDir: webDist });
}

/** Headless Chromium; `extraArgs` add switches such as `--host-resolver-rules`. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

export interface ApiAnswer {
  status: number;
  body: unknown;
}

export interface ApiRequest {
  method?: string;
  body?: unknown;
  token?: string | null;
}

/** Calls the REST API the way another client (or another user) would. */
export async function callApi(baseUrl: string, path: string, init: ApiRequest = {}): Promise<ApiAnswer> {
  const response = await fetch(`${baseUrl}/api${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'Content-Type': 'application/json',
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}
