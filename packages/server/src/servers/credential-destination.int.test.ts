import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickFreePorts } from '../testing/acme/managed-process.js';
import { sshdBinary, startLoopbackSshd, type LoopbackSshd } from '../testing/sshd.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

const oldPassword = 'agency-stored-password-9f3k';
const capacity = { cpuCores: 2, memoryMb: 2048, maxInstances: 2 };
const available = existsSync(sshdBinary);
if (!available && process.env.CI !== 'true')
  console.warn('openssh-server is missing (apt-get install openssh-server): skipping the SSH part');

let t: TestApp;
let deployDir: string;
beforeAll(async () => {
  deployDir = mkdtempSync(join(tmpdir(), 'ocore-moved-'));
  t = await startTestApp({ OCORE_DEPLOY_DIR: deployDir, OCORE_DEPLOY_START_TIMEOUT_SECONDS: '10' });
});
afterAll(async () => {
  await t?.close();
  rmSync(deployDir, { recursive: true, force: true });
});

/** An agency, a client whose server the operator registered with a password, and the client's own Admin. */
async function clientWithServer(port: number, credentials: Record<string, unknown> = { sshPassword: oldPassword }) {
  const agency = await t.agency();
  const client = await t.client(agency);
  const created = await t.api('POST', '/api/servers', {
    token: client.operatorToken,
    body: { name: `srv-${port}`, host: '127.0.0.1', port, sshUser: 'root', capacity, ...credentials },
  });
  expect(created.status).toBe(201);
  const admin = await t.joinAs({ token: client.operatorToken, organization: { id: client.id } }, 'Admin');
  return { agency, client, admin, serverId: created.body.id as string };
}

const sealedOf = async (id: string) =>
  (
    await sql<{
      sealedKey: string | null;
      sealedPassword: string | null;
    }>`select ssh_private_key_sealed as "sealedKey", ssh_password_sealed as "sealedPassword" from servers where id = ${id}`.execute(
      t.app.deps.database.db,
    )
  ).rows[0]!;

describe('a stored SSH credential does not follow a changed destination', () => {
  it('clears the key and password when the host or port changes, naming what it cleared, unless given again', async () => {
    const [portA, portB, portC] = await pickFreePorts(3);
    const key =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA-test\n-----END OPENSSH PRIVATE KEY-----\n';
    const { admin, serverId } = await clientWithServer(portA!, { sshPassword: oldPassword, sshPrivateKey: key });

    // A change that keeps the destination keeps the credentials.
    const renamed = await t.api('PUT', `/api/servers/${serverId}`, { token: admin.token, body: { name: 'renamed' } });
    expect(renamed.body).toMatchObject({ hasSshKey: true, hasSshPassword: true });
    expect(renamed.body.clearedSecrets).toBeUndefined();

    // The client's Admin points the server elsewhere: both credentials are gone, and the answer says so.
    const moved = await t.api('PUT', `/api/servers/${serverId}`, { token: admin.token, body: { port: portB } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      port: portB,
      hasSshKey: false,
      hasSshPassword: false,
      clearedSecrets: ['sshPrivateKey', 'sshPassword'],
    });
    expect(await sealedOf(serverId)).toEqual({ sealedKey: null, sealedPassword: null });
    const log = await t.api('GET', '/api/org/audit-log?targetType=server', { token: admin.token });
    expect(JSON.stringify(log.body)).toContain('cleared: the host or port changed');

    // Given again in the same request, a credential stays; only the one not given is cleared.
    await t.api('PUT', `/api/servers/${serverId}`, {
      token: admin.token,
      body: { sshPassword: 'p', sshPrivateKey: key },
    });
    const rehosted = await t.api('PUT', `/api/servers/${serverId}`, {
      token: admin.token,
      body: { host: 'localhost', port: portC, sshPassword: 'their-own-password' },
    });
    expect(rehosted.body).toMatchObject({ hasSshKey: false, hasSshPassword: true, clearedSecrets: ['sshPrivateKey'] });
  });
});

describe.skipIf(!available && process.env.CI !== 'true')(
  'the old password never reaches a new destination (real sshd)',
  () => {
    let sshd: LoopbackSshd;
    let rebuilt: LoopbackSshd;
    beforeAll(async () => {
      sshd = await startLoopbackSshd({ passwordAuthentication: true, verbose: true });
      rebuilt = await startLoopbackSshd({ passwordAuthentication: true, verbose: true });
    });
    afterAll(async () => {
      await sshd?.stop();
      await rebuilt?.stop();
    });

    /** Deploys odoo and postgres on servers with no credentials (they fail at once), the load balancer on `serverId`. */
    async function deployOn(token: string, serverId: string) {
      const bare = async (name: string) =>
        (
          await t.api('POST', '/api/servers', {
            token,
            body: { name: `${name}-${serverId.slice(0, 8)}`, host: '127.0.0.1', port: 9, capacity },
          })
        ).body.id as string;
      const [appId, dbId] = [await bare('app'), await bare('db')];
      const [lbPort] = await pickFreePorts(1);
      const topology = await t.api('POST', '/api/topologies', {
        token,
        body: {
          name: `moved-${lbPort}`,
          topologyData: {
            nodes: [
              { id: 'odoo1', kind: 'odoo', serverId: appId },
              { id: 'pg', kind: 'postgres', serverId: dbId },
              { id: 'lb', kind: 'load-balancer', serverId, config: { port: lbPort } },
            ],
            edges: [
              { source: 'odoo1', target: 'pg' },
              { source: 'lb', target: 'odoo1' },
            ],
          },
        },
      });
      expect(topology.status).toBe(201);
      const id = topology.body.id as string;
      await t.api('PUT', `/api/topologies/${id}/ha-config`, { token, body: { lbType: 'haproxy' } });
      expect((await t.api('POST', `/api/topologies/${id}/deploy`, { token })).status).toBe(202);
      await expect
        .poll(async () => (await t.api('GET', `/api/topologies/${id}/status`, { token })).body?.status, {
          timeout: 60_000,
          interval: 200,
        })
        .toMatch(/succeeded|failed/);
      return (await t.api('GET', `/api/topologies/${id}/status`, { token })).body as {
        nodes: { nodeId: string; reason: string | null }[];
      };
    }

    it('a server moved to a port of its own gets no login attempt with the old password', async () => {
      const [oldPort] = await pickFreePorts(1);
      const { admin, serverId } = await clientWithServer(oldPort!);
      // The Admin moves the server to an SSH server of their own, giving a key of their own but no password.
      const moved = await t.api('PUT', `/api/servers/${serverId}`, {
        token: admin.token,
        body: { port: sshd.port, sshUser: sshd.user, sshPrivateKey: sshd.privateKey },
      });
      expect(moved.body).toMatchObject({ hasSshKey: true, hasSshPassword: false, clearedSecrets: ['sshPassword'] });

      await deployOn(admin.token, serverId);
      // The deployment did log in there, with the key only: the old password was never offered.
      await expect.poll(() => sshd.log(), { timeout: 60_000 }).toMatch(/Accepted publickey for /);
      expect(sshd.log()).not.toMatch(/password/i);
      expect(sshd.log()).not.toContain(oldPassword);
    }, 200_000);

    it('refuses a server whose pinned host key does not match before any credential is sent', async () => {
      const { agency, client, serverId } = await clientWithServer(rebuilt.port);
      // The key pinned at an earlier deployment; the machine now answering shows another.
      await sql`update servers set ssh_host_key = ${'SHA256:' + 'A'.repeat(43)} where id = ${serverId}`.execute(
        t.app.deps.database.db,
      );
      const before = rebuilt.log();
      const done = await deployOn(client.operatorToken, serverId);
      expect(done.nodes.find((n) => n.nodeId === 'lb')!.reason).toMatch(
        /^the SSH host key of 127\.0\.0\.1:\d+ changed/,
      );
      const during = rebuilt.log().slice(before.length);
      expect(during).toMatch(/Connection from 127\.0\.0\.1/);
      expect(during).not.toMatch(/password|Accepted|Failed|publickey/i);
      expect(agency.token).toBeTruthy();
    }, 200_000);
  },
);
