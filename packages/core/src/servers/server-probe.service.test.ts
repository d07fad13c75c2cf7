import { beforeEach, describe, expect, it } from 'vitest';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { joinAs, signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import { checkServerNow, probeDueServers, probePolicy } from './server-probe.service.js';
import { createServer, getServer, updateServer } from './server.service.js';

let deps: SettingsTestDeps;
let owner: SignedUp;

const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----';
const capacity = { cpuCores: 2, memoryMb: 2048, maxInstances: 2 };
const add = (name: string, host: string, credentials: { sshPrivateKey?: string } = { sshPrivateKey: key }) =>
  createServer(deps, owner.actor, { name, host, port: 22, sshUser: 'root', capacity, ...credentials });

beforeEach(async () => {
  deps = createSettingsTestDeps();
  owner = await signUpUser(deps, 'Olive Owner');
});

describe('server checks', () => {
  it('keeps a new server pending until its first check, then records what the SSH check found', async () => {
    const up = await add('up', '127.0.0.1');
    const down = await add('down', '127.0.0.2');
    const keyless = await add('keyless', '127.0.0.3', {});
    expect(up).toMatchObject({ status: 'pending', lastCheckedAt: null, lastProbeError: null, sshHostKey: null });
    deps.runtimes.engine('127.0.0.2').unreachable = true;

    expect(await probeDueServers(deps, 10)).toBe(3);
    expect(await getServer(deps, owner.actor, up.id)).toMatchObject({
      status: 'active',
      lastProbeError: null,
      lastCheckedAt: deps.clock.now().toISOString(),
      // The first host key seen is pinned, as an operation's first connection would.
      sshHostKey: 'SHA256:fake',
    });
    expect(await getServer(deps, owner.actor, down.id)).toMatchObject({
      status: 'unreachable',
      lastProbeError: expect.stringContaining('connection refused'),
    });
    expect(await getServer(deps, owner.actor, keyless.id)).toMatchObject({
      status: 'unreachable',
      lastProbeError: expect.stringContaining('no SSH key or password'),
    });
    // Each change of status was published, for the live pages.
    const changed = deps.events.published().filter((e) => e.type === 'server.status');
    expect(changed.map((e) => (e.payload['server'] as { name: string }).name).sort()).toEqual([
      'down',
      'keyless',
      'up',
    ]);

    // An active server whose SSH fails later goes unreachable at its next check, not before it is due.
    deps.runtimes.engine('127.0.0.1').unreachable = true;
    expect(await probeDueServers(deps, 10)).toBe(0);
    deps.clock.advance(probePolicy.intervalMs + 1);
    await probeDueServers(deps, 10);
    expect((await getServer(deps, owner.actor, up.id)).status).toBe('unreachable');
  });

  it("asks the engine at the server's own Docker socket", async () => {
    const server = await createServer(deps, owner.actor, {
      name: 'rootless',
      host: '127.0.0.1',
      port: 22,
      sshUser: 'odoo',
      capacity,
      sshPrivateKey: key,
      dockerSocket: '/run/user/1000/docker.sock',
    });
    await checkServerNow(deps, owner.actor, server.id);
    expect(deps.runtimes.targets.at(-1)).toMatchObject({
      host: '127.0.0.1',
      user: 'odoo',
      privateKey: key,
      dockerSocket: '/run/user/1000/docker.sock',
    });
  });

  it('checks now on request (manage:servers), also in maintenance, which it keeps', async () => {
    const server = await add('odoo-1', '127.0.0.1');
    const viewer = await joinAs(deps, owner.actor, 'Vera Viewer', 'Viewer');
    await expect(checkServerNow(deps, viewer.actor, server.id)).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect((await getServer(deps, owner.actor, server.id)).status).toBe('pending');

    expect(await checkServerNow(deps, owner.actor, server.id)).toMatchObject({
      status: 'active',
      lastProbeError: null,
    });
    deps.runtimes.engine('127.0.0.1').unreachable = true;
    // Due or not, "check now" checks.
    expect(await checkServerNow(deps, owner.actor, server.id)).toMatchObject({
      status: 'unreachable',
      lastProbeError: expect.stringContaining('connection refused'),
    });

    await updateServer(deps, owner.actor, { id: server.id, status: 'maintenance' });
    deps.runtimes.engine('127.0.0.1').unreachable = false;
    expect(await checkServerNow(deps, owner.actor, server.id)).toMatchObject({
      status: 'maintenance',
      lastProbeError: null,
    });
    // Back in service, it is pending until checked again (not active on its word), then the check decides.
    expect(await updateServer(deps, owner.actor, { id: server.id, status: 'active' })).toMatchObject({
      status: 'pending',
    });
    expect((await checkServerNow(deps, owner.actor, server.id)).status).toBe('active');
    // "active" by hand changes nothing outside maintenance: only a check says so.
    deps.runtimes.engine('127.0.0.1').unreachable = true;
    await checkServerNow(deps, owner.actor, server.id);
    expect((await updateServer(deps, owner.actor, { id: server.id, status: 'active' })).status).toBe('unreachable');
    await expect(checkServerNow(deps, owner.actor, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
