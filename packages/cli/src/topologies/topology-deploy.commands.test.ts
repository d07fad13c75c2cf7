import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOk, useOwner } from '../testing/cli-fixtures.js';
import { addServers, createTopologyFrom, smallGraph } from '../testing/topology-fixtures.js';

// The job worker runs (the server's default), so deployments really run. The servers have
// no SSH credentials: each node fails at once with that reason, a real path end to end.
const { server, owner } = useOwner({ name: 'Dee' });
let sshLike: Server;
const ids: Record<string, string> = {};
let topologyId: string;

interface NodeRow {
  nodeId: string;
  status: string;
  reason: string | null;
}

beforeAll(async () => {
  // Something answers on the servers' port, so that the reachability probe keeps them active.
  sshLike = createServer((socket) =>
    socket
      .on('error', () => undefined)
      .resume()
      .end('SSH-2.0-test\r\n'),
  );
  await new Promise<void>((resolve) => sshLike.listen(0, '127.0.0.1', resolve));
  const port = (sshLike.address() as AddressInfo).port;
  Object.assign(ids, await addServers(owner, ['app', 'db'], { host: '127.0.0.1', port }));
  topologyId = await createTopologyFrom(owner, server, 'Small', smallGraph(ids['app']!, ids['db']!));
  await runOk(owner, ['topology', 'validate', 'Small']);
});

afterAll(async () => {
  await new Promise((resolve) => sshLike.close(resolve));
});

const noCredentials = (name: string) =>
  `server ${name} has no SSH key or password; add one to the server (its page in the dashboard, ocore server update, or PUT /api/servers/${ids[name]})`;

describe('ocore topology deploy', () => {
  it('prints each node as its status changes, then exits 1 with the reason the deployment failed', async () => {
    const result = await owner.run(['topology', 'deploy', 'Small']);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Deploying Small: deployment [0-9a-f-]{36} queued, 2 nodes in this order: pg, odoo\.$/);
    expect(lines).toContain(`pg    postgres  failed: ${noCredentials('db')}`);
    expect(lines).toContain(`odoo  odoo      failed: ${noCredentials('app')}`);
    // One line a change: pg is done with before odoo starts, and nothing is printed twice.
    expect(lines.findIndex((l) => l.startsWith('pg '))).toBeLessThan(lines.findIndex((l) => l.startsWith('odoo ')));
    expect(new Set(lines).size).toBe(lines.length);
    expect(result.stderr).toBe('error: the deployment of Small failed: 2 of 2 nodes failed: pg, odoo\n');
  });

  it('prints only the final deployment with --json, still exiting 1', async () => {
    const result = await owner.run(['--json', 'topology', 'deploy', topologyId]);
    expect(result.code).toBe(1);
    const deployment = JSON.parse(result.stdout) as {
      topologyId: string;
      status: string;
      error: string;
      nodes: NodeRow[];
    };
    expect(deployment).toMatchObject({ topologyId, status: 'failed', error: '2 of 2 nodes failed: pg, odoo' });
    expect(deployment.nodes).toEqual([
      expect.objectContaining({ nodeId: 'pg', status: 'failed', reason: noCredentials('db') }),
      expect.objectContaining({ nodeId: 'odoo', status: 'failed', reason: noCredentials('app') }),
    ]);
  });

  it('shows the outcome in status, and a node checked again stays failed', async () => {
    const status = await owner.run(['topology', 'status', 'Small']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Status:\s+failed\nError:\s+2 of 2 nodes failed: pg, odoo\n/);
    expect(status.stdout).toMatch(
      new RegExp(`^pg\\s+postgres\\s+db\\s+failed\\s+\\S+Z\\s+server db has no SSH key`, 'm'),
    );
    const check = await owner.run(['topology', 'status', 'Small', '--check', 'odoo']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`odoo  odoo  failed: ${noCredentials('app')}`);
  });

  it('exits 1 when the server is unreachable, before deploying anything', async () => {
    const result = await owner.run(['--url', 'http://127.0.0.1:9', '--token', 'x', 'topology', 'deploy', topologyId]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: the server at http://127.0.0.1:9 is unreachable');
  });
});
