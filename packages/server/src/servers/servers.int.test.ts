import { existsSync } from 'node:fs';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshdBinary, startLoopbackSshd, type LoopbackSshd } from '../testing/sshd.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let sshLike: TcpServer;
let openPort: number;
let sshd: LoopbackSshd | undefined;
beforeAll(async () => {
  t = await startTestApp();
  if (existsSync(sshdBinary)) sshd = await startLoopbackSshd();
  // Greets like an SSH server and hangs up; it reads what comes so a client's hang-up closes the socket
  // (unread, the socket would never see it and close() would wait for good).
  sshLike = createTcpServer((socket) =>
    socket
      .on('error', () => undefined)
      .resume()
      .end('SSH-2.0-test\r\n'),
  );
  await new Promise<void>((resolve) => sshLike.listen(0, '127.0.0.1', resolve));
  openPort = (sshLike.address() as AddressInfo).port;
});
afterAll(async () => {
  await t.close();
  await sshd?.stop();
  await new Promise((resolve) => sshLike.close(resolve));
});

const key =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ-secret-material\n-----END OPENSSH PRIVATE KEY-----\n';
const body = (over: Record<string, unknown> = {}) => ({
  name: 'odoo-1',
  host: '127.0.0.5',
  port: 22,
  sshUser: 'deploy',
  sshPrivateKey: key,
  capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
  ...over,
});

describe('servers', () => {
  it('registers, reads, changes and removes a server; credentials are write-only and sealed', async () => {
    const owner = await t.signup();
    const created = await t.api('POST', '/api/servers', {
      token: owner.token,
      body: body({ sshPassword: 's3cret-pass' }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'odoo-1',
      host: '127.0.0.5',
      port: 22,
      sshUser: 'deploy',
      hasSshKey: true,
      hasSshPassword: true,
      // Not checked yet: nothing is known of it.
      status: 'pending',
      lastCheckedAt: null,
      capacity: { cpuCores: 4 },
    });
    expect(JSON.stringify(created.body)).not.toMatch(/secret-material|s3cret-pass/);
    const row = await sql<{
      row: string;
    }>`select row_to_json(s)::text as row from servers s where id = ${created.body.id}`.execute(t.app.deps.database.db);
    expect(row.rows[0]!.row).not.toMatch(/secret-material|s3cret-pass/);
    expect(row.rows[0]!.row).toMatch(/enc:v1:/);

    const updated = await t.api('PUT', `/api/servers/${created.body.id}`, {
      token: owner.token,
      body: { sshPassword: null, capacity: { maxInstances: 20 }, status: 'maintenance' },
    });
    expect(updated.body).toMatchObject({
      hasSshPassword: false,
      hasSshKey: true,
      status: 'maintenance',
      capacity: { cpuCores: 4, maxInstances: 20 },
    });
    expect((await t.api('GET', `/api/servers/${created.body.id}`, { token: owner.token })).body.name).toBe('odoo-1');
    expect((await t.api('GET', '/api/servers', { token: owner.token })).body.total).toBe(1);
    const log = await t.api('GET', '/api/org/audit-log?targetType=server', { token: owner.token });
    expect(JSON.stringify(log.body)).not.toMatch(/secret-material|s3cret-pass/);
    expect((await t.api('DELETE', `/api/servers/${created.body.id}`, { token: owner.token })).status).toBe(204);
    expect((await t.api('GET', `/api/servers/${created.body.id}`, { token: owner.token })).status).toBe(404);
  });

  it.each([
    [{ name: 'x' }, 'name'],
    [{ host: 'not a host!' }, 'host'],
    [{ port: 70000 }, 'port'],
    [{ sshUser: 'bad user' }, 'sshUser'],
    [{ sshPrivateKey: 'not a key' }, 'sshPrivateKey'],
    [{ capacity: { cpuCores: 0, memoryMb: 8192, maxInstances: 1 } }, 'capacity.cpuCores'],
  ])('refuses %j with 400 naming %s', async (over, field) => {
    const owner = await t.signup();
    const res = await t.api('POST', '/api/servers', { token: owner.token, body: body(over) });
    expect([res.status, res.body.field]).toEqual([400, field]);
  });

  it('follows view:servers and manage:servers, and keeps organizations apart', async () => {
    const owner = await t.signup();
    const dev = await t.joinAs(owner, 'Developer');
    const server = (await t.api('POST', '/api/servers', { token: owner.token, body: body() })).body;
    expect((await t.api('GET', '/api/servers', { token: dev.token })).status).toBe(200);
    const denied = await t.api('POST', '/api/servers', { token: dev.token, body: body() });
    expect([denied.status, denied.body.permission]).toEqual([403, 'manage:servers']);
    const stranger = await t.signup();
    expect((await t.api('GET', `/api/servers/${server.id}`, { token: stranger.token })).status).toBe(404);
    expect(
      (await t.api('PUT', `/api/servers/${server.id}`, { token: stranger.token, body: { name: 'mine now' } })).status,
    ).toBe(404);
    expect((await t.api('DELETE', `/api/servers/${server.id}`, { token: stranger.token })).status).toBe(404);
  });

  it('redacts details for client members as infrastructureVisibility says, never for operators', async () => {
    const agency = await t.agency();
    const client = await t.client(agency);
    await t.api('POST', '/api/servers', { token: client.operatorToken, body: body() });
    const member = await t.signup('Client Member');
    await t.addMember(client.operatorToken, member.user.email, 'Viewer');
    const token = (
      await t.api('POST', '/api/auth/switch-org', { token: member.token, body: { organizationId: client.id } })
    ).body.token;
    expect((await t.api('GET', '/api/servers', { token })).body.items[0]).toMatchObject({
      host: '127.0.0.5',
      capacity: { cpuCores: 4 },
    });
    await t.api('PUT', '/api/agency/portal-config', {
      token: agency.token,
      body: { infrastructureVisibility: 'limited' },
    });
    expect((await t.api('GET', '/api/servers', { token })).body.items[0]).toMatchObject({
      name: 'odoo-1',
      host: null,
      port: null,
      sshUser: null,
      capacity: { cpuCores: 4 },
    });
    await t.api('PUT', '/api/agency/portal-config', {
      token: agency.token,
      body: { infrastructureVisibility: 'none' },
    });
    const hidden = (await t.api('GET', '/api/servers', { token })).body.items[0];
    expect(hidden).toMatchObject({ name: 'odoo-1', host: null, capacity: null });
    expect(JSON.stringify(hidden)).not.toContain('127.0.0.5');
    expect((await t.api('GET', '/api/servers', { token: client.operatorToken })).body.items[0].host).toBe('127.0.0.5');
  });

  it('checks a server by logging in over SSH: a port that answers is not enough; check now; maintenance kept', async () => {
    const owner = await t.signup();
    const add = async (name: string, over: Record<string, unknown>) =>
      (await t.api('POST', '/api/servers', { token: owner.token, body: body({ name, host: '127.0.0.1', ...over }) }))
        .body as { id: string; status: string };
    const password = { sshPrivateKey: undefined, sshPassword: 'not-this-one' };
    // Its port answers with an SSH banner, then hangs up: the old TCP probe called this active.
    const banner = await add('banner', { port: openPort, ...password });
    const refused = await add('refused', { port: 9, ...password });
    await add('keyless', { port: 9, sshPrivateKey: undefined });
    await add('badkey', { port: openPort });
    const stranger = sshd
      ? await add('stranger', { port: sshd.port, sshUser: sshd.user, sshPrivateKey: sshd.strangerKey })
      : undefined;
    // Debian's sshd on loopback with the key it accepts, and this machine's Docker engine behind it.
    const good =
      sshd && existsSync('/var/run/docker.sock')
        ? await add('good', { port: sshd.port, sshUser: sshd.user, sshPrivateKey: sshd.privateKey })
        : undefined;
    const resting = await add('resting', { port: 9, ...password });
    await t.api('PUT', `/api/servers/${resting.id}`, { token: owner.token, body: { status: 'maintenance' } });
    expect([banner.status, refused.status]).toEqual(['pending', 'pending']);

    // OCORE_SERVER_CHECK_SECONDS=0 (the test app's): nothing checks them on the minute, only when asked.
    const schedules = (await t.app.jobs!.boss.getSchedules()).map((s) => s.name);
    expect(schedules).toContain('instance-health');
    expect(schedules).not.toContain('server-probe');
    const jobId = await t.app.jobs!.runNow('server-probe');
    await expect
      .poll(async () => (await t.app.jobs!.boss.getJobById('server-probe', jobId!))?.state, {
        timeout: 30_000,
        interval: 200,
      })
      .toBe('completed');
    const byName = Object.fromEntries(
      (await t.api('GET', '/api/servers', { token: owner.token })).body.items.map((s: { name: string }) => [s.name, s]),
    );
    const checked = { status: 'unreachable', lastCheckedAt: expect.any(String) };
    expect(byName['banner']).toMatchObject({
      ...checked,
      lastProbeError: expect.stringMatching(/over SSH: the server closed the connection$/),
    });
    expect(byName['badkey']).toMatchObject({
      ...checked,
      lastProbeError: expect.stringContaining('the stored SSH key cannot be used'),
    });
    expect(byName['refused']).toMatchObject({
      ...checked,
      lastProbeError: expect.stringContaining('connection refused'),
    });
    expect(byName['keyless']).toMatchObject({ ...checked, lastProbeError: expect.stringContaining('no SSH key') });
    if (stranger)
      expect(byName['stranger']).toMatchObject({
        ...checked,
        lastProbeError: expect.stringContaining('did not accept the key or password'),
      });
    if (good)
      expect(byName['good']).toMatchObject({
        status: 'active',
        lastProbeError: null,
        lastCheckedAt: expect.any(String),
        // The first check pins the host key it saw.
        sshHostKey: sshd!.hostKeyFingerprint,
      });
    expect(byName['resting']).toMatchObject({ status: 'maintenance', lastCheckedAt: null });

    // Check now: only with manage:servers; answers the server as the check left it.
    const dev = await t.joinAs(owner, 'Developer');
    const denied = await t.api('POST', `/api/servers/${refused.id}/check`, { token: dev.token });
    expect([denied.status, denied.body.permission]).toEqual([403, 'manage:servers']);
    const before = byName['refused'].lastCheckedAt as string;
    const now = await t.api('POST', `/api/servers/${refused.id}/check`, { token: owner.token });
    expect(now.status).toBe(200);
    expect(now.body).toMatchObject({ status: 'unreachable', lastProbeError: expect.stringContaining('refused') });
    expect(Date.parse(now.body.lastCheckedAt)).toBeGreaterThan(Date.parse(before));
    const rested = await t.api('POST', `/api/servers/${resting.id}/check`, { token: owner.token });
    expect(rested.body).toMatchObject({ status: 'maintenance', lastCheckedAt: expect.any(String) });
    expect((await t.api('POST', `/api/servers/${crypto.randomUUID()}/check`, { token: owner.token })).status).toBe(404);
  });
});
