import { execFileSync } from 'node:child_process';
import { runtimeNames, sharedPostgres } from '@ocore/core';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  eventually,
  imagesTimeoutMs,
  startRuntimeFixture,
  type RuntimeFixture,
} from '../runtime/testing/runtime-fixture.js';
import type { AppRouter } from '../trpc/app.router.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

/**
 * Instance logs and monitoring on a real engine over SSH (the lifecycle test's fixture): a line
 * written in the Odoo container reaches a subscriber, the sampling job stores a point, and the
 * portal's switches refuse a client member but never the agency's operator.
 */
const repo = 'ocore-test-logsmon/odoo';
let f: RuntimeFixture;
let t: TestApp;
let agency: { token: string };
let client: { id: string; operatorToken: string };
let member: { token: string; userId: string };
let instanceId: string;
let container: string;
const closers: (() => unknown)[] = [];

const docker = (...args: string[]) => execFileSync('docker', args, { stdio: ['pipe', 'pipe', 'pipe'] }).toString();
const dockerQuiet = (...args: string[]) => {
  try {
    return docker(...args);
  } catch {
    return '';
  }
};

beforeAll(async () => {
  f = await startRuntimeFixture();
  // The stand-in copies odoo.py without its exec bit (see the lifecycle test): restored here.
  execFileSync('docker', ['build', '-q', '-t', `${repo}:18`, '-'], {
    input: 'FROM ocore-test/odoo:18\nUSER root\nRUN chmod 755 /usr/bin/odoo\nUSER odoo\n',
  });
  t = await startTestApp({
    OCORE_INSTANCE_BASE_DOMAIN: 'apps.test',
    OCORE_INSTANCE_ODOO_IMAGE: `${repo}:{major}`,
    OCORE_INSTANCE_POSTGRES_IMAGE: 'ocore-test/postgres:15',
    OCORE_INSTANCE_HEALTH_TIMEOUT_SECONDS: '30',
  });
  agency = await t.agency();
  client = await t.client(agency);
  const person = await t.signup('Client Admin');
  await t.addMember(client.operatorToken, person.user.email, 'Admin');
  const switched = await t.api('POST', '/api/auth/switch-org', {
    token: person.token,
    body: { organizationId: client.id },
  });
  member = { token: switched.body.token, userId: person.user.id };
  const server = await t.api('POST', '/api/servers', {
    token: client.operatorToken,
    body: {
      name: 'loopback',
      host: f.sshd.host,
      port: f.sshd.port,
      sshUser: f.sshd.user,
      sshPrivateKey: f.sshd.privateKey,
      capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
    },
  });
  expect(server.status).toBe(201);
  const created = await t.api('POST', '/api/instances', {
    token: client.operatorToken,
    body: { serverId: server.body.id, name: 'Logged', odooVersion: '18.0', workers: 1, memoryLimitMb: 1024 },
  });
  expect(created.status).toBe(202);
  instanceId = created.body.instanceId;
  container = runtimeNames({ id: instanceId, organizationId: '' }).container;
  await eventually(
    'the instance to run',
    async () => {
      const got = (await t.api('GET', `/api/instances/${instanceId}`, { token: client.operatorToken })).body;
      if (got.status === 'failed') throw new Error(`${got.failedStep}: ${got.failureReason}`);
      return got.status === 'running' ? got : undefined;
    },
    180_000,
  );
}, imagesTimeoutMs);

afterAll(async () => {
  for (const close of closers) await close();
  await t?.close();
  dockerQuiet('rm', '-f', container);
  const names = runtimeNames({ id: instanceId ?? '', organizationId: '' });
  dockerQuiet('volume', 'rm', names.filestore, names.addons);
  dockerQuiet('rm', '-f', sharedPostgres.container);
  dockerQuiet('volume', 'rm', sharedPostgres.volume);
  for (const net of dockerQuiet('network', 'ls', '-q', '--filter', 'name=ocore-net-').split('\n').filter(Boolean))
    dockerQuiet('network', 'rm', net);
  dockerQuiet('rmi', `${repo}:18`);
  await f?.cleanup();
}, 120_000);

function client_(token: string) {
  const ws = createWSClient({
    url: `${t.url.replace('http', 'ws')}/trpc`,
    WebSocket: WebSocket as never,
    connectionParams: { token },
  });
  closers.push(() => ws.close());
  return createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
}

interface Follower {
  lines: { text: string; level: string; receivedAt: number }[];
  failed: () => string | undefined;
}

/** Follows the instance's log as `token`; resolves once the stream started. */
function followLogs(token: string, search?: string): Promise<Follower> {
  const lines: Follower['lines'] = [];
  let failed: string | undefined;
  return new Promise((resolve, reject) => {
    const sub = client_(token).instanceLogs.follow.subscribe(
      { id: instanceId, ...(search ? { search } : {}) },
      {
        onStarted: () => resolve({ lines, failed: () => failed }),
        onData: (line) => lines.push({ text: line.text, level: line.level, receivedAt: Date.now() }),
        onError: (error) => {
          failed = (error.shape as { error?: string } | undefined)?.error ?? error.message;
          if (failed === 'UNAVAILABLE') console.error('log stream failed:', error.message);
          reject(new Error(failed));
        },
      },
    );
    closers.push(() => sub.unsubscribe());
  });
}

/** Writes a line to the Odoo container's stdout, as Odoo's own logging would. */
function writeLine(text: string): number {
  docker('exec', container, 'sh', '-c', `echo "${text}" > /proc/1/fd/1`);
  return Date.now();
}

describe('instance logs and monitoring on a real engine', () => {
  it('brings a line written in the container to a subscribed member, and lists and downloads it', async () => {
    const follower = await followLogs(member.token, 'marker');
    const marker = `marker-${Date.now()}`;
    const line = `2026-12-06 10:00:00,000 1 WARNING db odoo.test: ${marker}`;
    const writtenAt = writeLine(line);
    await expect.poll(() => follower.lines.map((l) => l.text), { timeout: 10_000 }).toContain(line);
    expect(follower.lines[0]).toMatchObject({ level: 'WARNING' });
    expect(follower.lines[0]!.receivedAt - writtenAt).toBeLessThan(2_000);

    const listed = await t.api('GET', `/api/instances/${instanceId}/logs?search=${marker}&level=WARNING`, {
      token: member.token,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.container).toEqual({ state: 'found', reason: null });
    expect(listed.body.items).toEqual([expect.objectContaining({ source: 'odoo', level: 'WARNING', text: line })]);
    const all = await t.api('GET', `/api/instances/${instanceId}/logs`, { token: member.token });
    expect(all.body.items.some((l: { source: string }) => l.source === 'operation')).toBe(true);

    const download = await fetch(`${t.url}/api/instances/${instanceId}/logs/download?search=${marker}`, {
      headers: { Authorization: `Bearer ${member.token}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('text/plain');
    expect(download.headers.get('content-disposition')).toContain('attachment');
    expect(await download.text()).toContain(marker);
  }, 60_000);

  it('stores a sample from the job and pushes it live, with the uptime', async () => {
    const samples: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      const sub = client_(member.token).instanceMonitoring.onSample.subscribe(
        { instanceId },
        { onStarted: () => resolve(), onData: (e) => samples.push(e.data), onError: reject },
      );
      closers.push(() => sub.unsubscribe());
    });
    await t.app.jobs!.boss.send('instance-metrics', { rounds: 1 });
    const metrics = await eventually(
      'a stored sample',
      async () => {
        const got = await t.api('GET', `/api/instances/${instanceId}/metrics`, { token: member.token });
        return got.body.samples?.length ? got.body : undefined;
      },
      30_000,
    );
    expect(metrics).toMatchObject({ resolution: '10s', uptime: 1 });
    const [sample] = metrics.samples;
    expect(sample.memoryBytes).toBeGreaterThan(0);
    expect(sample.memoryLimitBytes).toBe(1024 * 1024 * 1024);
    expect(sample).toMatchObject({ healthChecks: 1, healthPassed: 1 });
    expect(sample.responseMs).toBeGreaterThan(0);
    await expect.poll(() => samples.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(samples[0]).toMatchObject({ type: 'instance.metrics', payload: { targetId: instanceId } });
  }, 60_000);

  it('refuses a client member with the switches off, never the operator, and ends their live logs', async () => {
    const following = await followLogs(member.token);
    const off = await t.api('PUT', '/api/agency/portal-config', {
      token: agency.token,
      body: { featureLogs: false, featureMonitoring: false },
    });
    expect(off.status).toBe(200);
    await expect.poll(following.failed, { timeout: 10_000 }).toBe('FEATURE_DISABLED');
    for (const path of ['logs', 'metrics', 'logs/download']) {
      const refused = await t.api('GET', `/api/instances/${instanceId}/${path}`, { token: member.token });
      expect(refused.status, path).toBe(403);
      expect(refused.body.error, path).toBe('FEATURE_DISABLED');
      const operator = await fetch(`${t.url}/api/instances/${instanceId}/${path}`, {
        headers: { Authorization: `Bearer ${client.operatorToken}` },
      });
      expect(operator.status, path).toBe(200);
    }
    await expect(followLogs(member.token)).rejects.toThrow('FEATURE_DISABLED');
    await followLogs(client.operatorToken);

    // Back on: a member removed from the organization is cut off.
    await t.api('PUT', '/api/agency/portal-config', { token: agency.token, body: { featureLogs: true } });
    const again = await followLogs(member.token);
    const removed = await t.api('DELETE', `/api/org/members/${member.userId}`, { token: client.operatorToken });
    expect(removed.status).toBe(204);
    await expect.poll(again.failed, { timeout: 10_000 }).toBe('ACCESS_REVOKED');
  }, 60_000);
});
