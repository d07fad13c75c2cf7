/// <reference types="node" />
import type { App } from '@ocore/server';
import type { Browser, Page } from 'playwright-core';
import {
  callApi,
  launchChromium,
  openSignedIn,
  signUp,
  startDashboardServer,
  type ApiRequest,
} from './browser-harness';
import { startSshLikeListener, type TcpListener } from './tcp-listener';

/** What the servers, templates and topologies suites start with. */
export interface InfrastructureSuite {
  app: App;
  /** Where registered servers point: it greets like SSH and hangs up, so a check finds them unreachable. */
  sshd: TcpListener;
  browser: Browser;
  /** Signed in as the suite's user, the Owner of a fresh organization. */
  page: Page;
  token: string;
  pageErrors: string[];
  /** The REST API as the suite's user; the parsed body. */
  api(path: string, init?: ApiRequest): Promise<any>;
  /** Registers a server on the listener, without SSH key or password; resolves with its id. */
  addServer(name: string, capacity?: { cpuCores: number; memoryMb: number; maxInstances: number }): Promise<string>;
  close(): Promise<void>;
}

/** A server (with `env` on top of the test defaults), a signed-up user and Chromium on a page signed in as them. */
export async function startInfrastructureSuite(
  user: { name: string; email: string },
  env: Record<string, string> = {},
): Promise<InfrastructureSuite> {
  const app = await startDashboardServer(env);
  const sshd = await startSshLikeListener();
  const token = await signUp(app.url, user);
  const browser = await launchChromium();
  const pageErrors: string[] = [];
  const page = await openSignedIn(browser, app.url, token, pageErrors);
  const api = async (path: string, init?: ApiRequest) => (await callApi(app.url, path, { token, ...init })).body as any;
  return {
    app,
    sshd,
    browser,
    page,
    token,
    pageErrors,
    api,
    addServer: async (name, capacity = { cpuCores: 4, memoryMb: 8192, maxInstances: 5 }) =>
      (await api('/servers', { method: 'POST', body: { name, host: '127.0.0.1', port: sshd.port, capacity } }))
        .id as string,
    close: async () => {
      await browser.close();
      await app.close();
      await sshd.close();
    },
  };
}
