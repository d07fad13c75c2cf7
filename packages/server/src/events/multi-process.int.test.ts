import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startApp, type App } from '../app.js';
import { loadConfig } from '../config/config.js';
import type { AppRouter } from '../trpc/app.router.js';
import { startTestApp, testJwtSecret, testMasterKey, type TestApp } from '../testing/test-app.js';
import { testDbKind } from '../testing/test-database.js';

describe.runIf(testDbKind() === 'postgres')('several server processes on one PostgreSQL', () => {
  let first: TestApp;
  let second: App;
  const sockets: ReturnType<typeof createWSClient>[] = [];

  beforeAll(async () => {
    first = await startTestApp();
    second = await startApp(
      loadConfig({
        PORT: '0',
        OCORE_DATA_DIR: 'memory',
        LOG_LEVEL: 'silent',
        OCORE_JOBS: '0',
        OCORE_JWT_SECRET: testJwtSecret,
        OCORE_MASTER_KEY: testMasterKey,
        DATABASE_URL: first.config.databaseUrl!,
      }),
    );
  });
  afterAll(async () => {
    for (const ws of sockets) await ws.close();
    await second.close();
    await first.close();
  });

  function follow(
    url: string,
    token: string,
    sink: { type: string; payload: Record<string, unknown> }[],
    which: 'org' | 'domains',
  ) {
    const ws = createWSClient({
      url: `${url.replace('http', 'ws')}/trpc`,
      WebSocket: WebSocket as never,
      connectionParams: { token },
    });
    sockets.push(ws);
    const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
    const procedure = which === 'org' ? client.events.onOrgEvent : client.portalDomains.onStatus;
    return new Promise<void>((resolve) => {
      procedure.subscribe(undefined, { onStarted: () => resolve(), onData: (e) => sink.push(e.data) });
    });
  }

  it('delivers events made on one process to subscribers on the other, and only to their organization', async () => {
    const agency = await first.agency();
    const stranger = await first.agency();
    const onSecond: { type: string; payload: Record<string, unknown> }[] = [];
    const domainsOnSecond: typeof onSecond = [];
    const strangerOnSecond: typeof onSecond = [];
    await follow(second.url, agency.token, onSecond, 'org');
    await follow(second.url, agency.token, domainsOnSecond, 'domains');
    await follow(second.url, stranger.token, strangerOnSecond, 'domains');

    await first.api('PUT', '/api/agency/branding', { token: agency.token, body: { primaryColor: '#1d4ed8' } });
    const created = await first.api('POST', '/api/agency/portal-domains', {
      token: agency.token,
      body: { subdomain: `multi-${Date.now()}` },
    });
    expect(created.status).toBe(201);

    await expect
      .poll(() => onSecond.map((e) => e.type), { timeout: 10_000 })
      .toEqual(['agency.branding_updated', 'portal_domain.created']);
    await expect.poll(() => domainsOnSecond.map((e) => e.type), { timeout: 10_000 }).toEqual(['portal_domain.created']);
    expect(strangerOnSecond).toEqual([]);

    // And the other way round: a change on the second process reaches a subscriber on the first.
    const onFirst: typeof onSecond = [];
    await follow(first.url, agency.token, onFirst, 'org');
    const viaSecond = await fetch(`${second.url}/api/agency/portal-config`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${agency.token}` },
      body: JSON.stringify({ featureLogs: false }),
    });
    expect(viaSecond.status).toBe(200);
    await expect.poll(() => onFirst.map((e) => e.type), { timeout: 10_000 }).toEqual(['agency.portal_config_updated']);
  });
});
