import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { sql } from 'kysely';
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

  it('relays events in id order when their notifications arrive in the other order', async () => {
    const agency = await first.agency();
    const db = first.app.deps.database.db;
    const seen: string[] = [];
    const listening = new AbortController();
    void (async () => {
      for await (const event of second.deps.bus.listen(listening.signal))
        if (event.organizationId === agency.organization.id) seen.push(event.id);
    })();
    // Two events committed without their notifications, as two processes would commit them...
    const insert = async (n: number) =>
      (
        await sql<{ id: string }>`insert into events (organization_id, type, payload)
          values (${agency.organization.id}, 'organization.updated', ${JSON.stringify({ targetType: 'organization', targetId: agency.organization.id, n })}::jsonb)
          returning id::text as id`.execute(db)
      ).rows[0]!.id;
    const older = await insert(1);
    const newer = await insert(2);
    // ...and the newer one's notification arriving first.
    await sql`select pg_notify('ocore_events', ${JSON.stringify([newer])})`.execute(db);
    await sql`select pg_notify('ocore_events', ${JSON.stringify([older])})`.execute(db);
    const ours = () => seen.filter((id) => id === older || id === newer);
    await expect.poll(ours, { timeout: 10_000 }).toEqual([older, newer]);
    listening.abort();
  });
});
