import { execFileSync } from 'node:child_process';
import { runtimeNames, sharedPostgres } from '@ocore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  imagesTimeoutMs,
  startRuntimeFixture,
  type RuntimeFixture,
} from '../runtime/testing/runtime-fixture.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { openTerminal } from './testing/terminal-client.js';

/**
 * Terminals end to end: a client's instance on a real engine over SSH (the Odoo stand-in), a
 * session opened with a ticket over the /terminal WebSocket, bytes both ways through a real
 * exec TTY, and the ways out of it refused.
 */
const repo = 'ocore-test-terminals/odoo';
let f: RuntimeFixture;
let t: TestApp;
let agencyToken: string;
let operatorToken: string;
let member: { token: string; userId: string };
let instanceId: string;

const docker = (...args: string[]) => execFileSync('docker', args, { stdio: ['pipe', 'pipe', 'pipe'] }).toString();
const dockerQuiet = (...args: string[]) => {
  try {
    return docker(...args);
  } catch {
    return '';
  }
};

const ticket = (token: string, body: Record<string, unknown>, id = instanceId) =>
  t.api('POST', `/api/instances/${id}/terminal`, { token, body });

/** A ticket, then the socket opened with it. */
async function session(token: string, kind: 'shell' | 'odoo' = 'shell') {
  const issued = await ticket(token, { kind, columns: 80, rows: 24 });
  expect(issued.status).toBe(201);
  return openTerminal(t.url, { ticket: issued.body.ticket, token });
}

const portalConfig = (body: Record<string, boolean>) =>
  t.api('PUT', '/api/agency/portal-config', { token: agencyToken, body });

beforeAll(async () => {
  f = await startRuntimeFixture();
  // As in the lifecycle test: the stand-in's odoo.py gets back its exec bit.
  execFileSync('docker', ['build', '-q', '-t', `${repo}:18`, '-'], {
    input: 'FROM ocore-test/odoo:18\nUSER root\nRUN chmod 755 /usr/bin/odoo\nUSER odoo\n',
  });
  t = await startTestApp({
    OCORE_INSTANCE_ODOO_IMAGE: `${repo}:{major}`,
    OCORE_INSTANCE_POSTGRES_IMAGE: 'ocore-test/postgres:15',
    OCORE_INSTANCE_HEALTH_TIMEOUT_SECONDS: '15',
    OCORE_TERMINAL_IDLE_SECONDS: '4',
  });
  const agency = await t.agency();
  agencyToken = agency.token;
  const client = await t.client(agency);
  operatorToken = client.operatorToken;
  const server = await t.api('POST', '/api/servers', {
    token: operatorToken,
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
  const person = await t.signup('Client Developer');
  await t.addMember(operatorToken, person.user.email, 'Developer');
  const switched = await t.api('POST', '/api/auth/switch-org', {
    token: person.token,
    body: { organizationId: client.id },
  });
  member = { token: switched.body.token, userId: person.user.id };
  const created = await t.api('POST', '/api/instances', {
    token: operatorToken,
    body: { serverId: server.body.id, name: 'Terminal Co', odooVersion: '18.0', workers: 1 },
  });
  expect(created.status).toBe(202);
  instanceId = created.body.instanceId;
  await eventually(
    'the instance to run',
    async () => {
      const got = await t.api('GET', `/api/instances/${instanceId}`, { token: operatorToken });
      if (got.body.status === 'failed') throw new Error(`provision failed: ${got.body.failureReason}`);
      return got.body.status === 'running' ? true : undefined;
    },
    180_000,
  );
  expect((await portalConfig({ featureTerminal: true, featureOdooShell: true })).status).toBe(200);
}, imagesTimeoutMs);

afterAll(async () => {
  await t?.close();
  if (instanceId) {
    const names = runtimeNames({ id: instanceId, organizationId: '' });
    dockerQuiet('rm', '-f', names.container);
    dockerQuiet('volume', 'rm', names.filestore, names.addons);
  }
  dockerQuiet('rm', '-f', sharedPostgres.container);
  dockerQuiet('volume', 'rm', sharedPostgres.volume);
  for (const net of dockerQuiet('network', 'ls', '-q', '--filter', 'name=ocore-net-').split('\n').filter(Boolean))
    dockerQuiet('network', 'rm', net);
  dockerQuiet('rmi', `${repo}:18`);
  await f?.cleanup();
}, 120_000);

describe('a terminal on an instance', () => {
  it('runs a command typed by a client member, as the odoo user without capabilities, in its own container, and resizes', async () => {
    const term = await session(member.token);
    expect(term.controls[0]).toMatchObject({ type: 'ready', kind: 'shell', instanceId });
    term.type('echo hello-$((40+2))\n');
    await term.waitFor(/hello-42\r?\n/);

    let mark = term.text().length;
    term.type('id -u; id -un; grep CapEff /proc/self/status; hostname\n');
    const [, hostname] = await term.waitFor(/100\r\nodoo\r\nCapEff:\s+0{16}\r\n(\S+)\r\n/, mark);
    const names = runtimeNames({ id: instanceId, organizationId: '' });
    expect(docker('inspect', '-f', '{{.Config.Hostname}}', names.container).trim()).toBe(hostname);

    term.resize(120, 40);
    await new Promise((resolve) => setTimeout(resolve, 300));
    mark = term.text().length;
    term.type('stty size\n');
    await term.waitFor(/40 120\r\n/, mark);

    term.type('exit 3\n');
    expect((await term.closed).code).toBe(1000);
    expect(term.controls.at(-1)).toMatchObject({ type: 'exit', exitCode: 3 });

    const entry = await eventually('the audit entry', async () => {
      const log = await t.api('GET', '/api/org/audit-log?action=terminal.session_ended', { token: operatorToken });
      return log.body.items[0];
    });
    expect(entry).toMatchObject({
      actorUserId: member.userId,
      targetType: 'instance',
      targetId: instanceId,
      diff: { kind: 'shell', reason: 'the process exited (3)' },
    });
    expect(entry.diff.durationSeconds).toBeGreaterThanOrEqual(0);
    expect(Date.parse(entry.diff.endedAt)).toBeGreaterThanOrEqual(Date.parse(entry.diff.startedAt));
  }, 60_000);

  it("runs a line of Python in the Odoo shell on the instance's database", async () => {
    const term = await session(member.token, 'odoo');
    term.type('print(6 * 7, env.cr.dbname)\n');
    term.type('\x04');
    const { database } = runtimeNames({ id: instanceId, organizationId: '' });
    await term.waitFor(new RegExp(`42 ${database}\\r\\n`));
    expect((await term.closed).code).toBe(1000);
    expect(term.controls.at(-1)).toMatchObject({ type: 'exit', exitCode: 0 });
  }, 60_000);

  it('refuses the ways out: another organization, a container name, extra flags, a reused or borrowed ticket, another site', async () => {
    const other = await t.signup('Other Org');
    expect((await ticket(other.token, { kind: 'shell' })).body).toMatchObject({ error: 'NOT_FOUND' });
    const names = runtimeNames({ id: instanceId, organizationId: '' });
    const byName = await ticket(operatorToken, { kind: 'shell' }, names.container);
    expect(byName).toMatchObject({ status: 400, body: { error: 'INVALID_INPUT' } });
    for (const extra of [
      { privileged: true },
      { user: 'root' },
      { command: ['/bin/sh'] },
      { container: 'ocore-postgres' },
    ]) {
      const refused = await ticket(operatorToken, { kind: 'shell', ...extra });
      expect(refused, JSON.stringify(extra)).toMatchObject({ status: 400, body: { error: 'INVALID_INPUT' } });
    }

    const issued = (await ticket(member.token, { kind: 'shell' })).body.ticket as string;
    const first = await openTerminal(t.url, { ticket: issued, token: member.token });
    expect(first.controls[0]).toMatchObject({ type: 'ready' });
    const again = await openTerminal(t.url, { ticket: issued, token: member.token });
    expect(again.controls[0]).toMatchObject({ type: 'error', code: 'UNAUTHENTICATED' });
    expect((await again.closed).code).toBe(1008);
    first.socket.close();

    const borrowed = (await ticket(member.token, { kind: 'shell' })).body.ticket as string;
    const thief = await openTerminal(t.url, { ticket: borrowed, token: other.token });
    expect(thief.controls[0]).toMatchObject({ type: 'error' });
    expect((await thief.closed).code).toBe(1008);

    const garbage = await openTerminal(t.url, { hello: 'there' });
    expect(garbage.controls[0]).toMatchObject({ type: 'error', code: 'INVALID_INPUT' });

    const fresh = (await ticket(member.token, { kind: 'shell' })).body.ticket as string;
    const elsewhere = await openTerminal(
      t.url,
      { ticket: fresh, token: member.token },
      { Origin: 'https://evil.test' },
    );
    expect(elsewhere.controls).toEqual([]);
    expect((await elsewhere.closed).code).not.toBe(1000);
  }, 60_000);

  it('with the switch off refuses a client member, ending a live session, and still serves an agency operator', async () => {
    const live = await session(member.token);
    expect((await portalConfig({ featureTerminal: false })).status).toBe(200);
    expect((await live.closed).code).toBe(4003);
    expect(live.controls.at(-1)).toMatchObject({ type: 'error', code: 'FEATURE_DISABLED' });
    expect((await ticket(member.token, { kind: 'shell' })).body).toMatchObject({ error: 'FEATURE_DISABLED' });
    // The Odoo shell has a switch of its own, still on.
    expect((await ticket(member.token, { kind: 'odoo' })).status).toBe(201);

    const operator = await session(operatorToken);
    operator.type('echo operator-$((6*7))\n');
    await operator.waitFor(/operator-42\r?\n/);
    operator.socket.close();
    expect((await portalConfig({ featureTerminal: true })).status).toBe(200);
  }, 60_000);

  it('leaves no process behind when the browser goes away', async () => {
    const term = await session(member.token);
    term.type('sleep 321\n');
    await new Promise((resolve) => setTimeout(resolve, 500));
    term.socket.close();
    const names = runtimeNames({ id: instanceId, organizationId: '' });
    const running = async () =>
      (
        await f.runtime.exec(names.container, {
          command: [
            'python3',
            '-c',
            "import os\nfor p in os.listdir('/proc'):\n if p.isdigit():\n  try: print(open('/proc/'+p+'/cmdline').read().replace('\\0',' '))\n  except OSError: pass",
          ],
        })
      ).stdout;
    expect(await running()).toBeDefined();
    await eventually(
      'the shell and its sleep to end',
      async () => (/sleep 321/.test(await running()) ? undefined : true),
      10_000,
    );
  }, 30_000);

  it('ends an idle session', async () => {
    const term = await session(member.token);
    term.type('true\n');
    expect((await term.closed).code).toBe(4001);
  }, 30_000);
});
