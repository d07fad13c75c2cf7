import { beforeAll, describe, expect, it } from 'vitest';
import { runJson, runOk, useOwner } from '../testing/cli-fixtures.js';
import { addServers, createTopologyFrom, smallGraph } from '../testing/topology-fixtures.js';

// No job worker: a deployment stays queued, so what happens meanwhile can be seen.
const { server, owner } = useOwner({ name: 'Quinn', env: { OCORE_JOBS: '0' } });
const topologyIds: Record<string, string> = {};

beforeAll(async () => {
  const ids = await addServers(owner, ['app-1', 'db-1']);
  await runOk(owner, ['topology', 'create', '--name', 'Empty']);
  for (const name of ['Small', 'Small 1', 'Small 2', 'Spare']) {
    topologyIds[name] = await createTopologyFrom(owner, server, name, smallGraph(ids['app-1']!, ids['db-1']!));
  }
});

describe('ocore topology deploy --no-wait|status', () => {
  it('refuses to deploy an invalid topology, listing its errors by node', async () => {
    const result = await owner.run(['topology', 'deploy', 'Empty']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: Empty is not valid, so nothing was deployed;');
    expect(result.stderr).toMatch(/^error\s+-\s+NO_ODOO\s+a topology needs at least one odoo node$/m);
    expect(result.stderr).toMatch(/^error\s+-\s+NO_DATABASE\s/m);
    const status = await owner.run(['topology', 'status', 'Empty']);
    expect(status.code).toBe(1);
    expect(status.stderr).toContain('The topology has not been deployed yet');
  });

  it('queues a deployment and returns; status shows it node by node', async () => {
    const queued = await owner.run(['topology', 'deploy', 'Small', '--no-wait']);
    expect(queued).toMatchObject({ code: 0, stderr: '' });
    expect(queued.stdout).toMatch(
      /^Deploying Small: deployment [0-9a-f-]{36} queued, 2 nodes in this order: pg, odoo\.$/m,
    );
    expect(queued.stdout).toContain('Follow it with: ocore topology status');
    const status = await owner.run(['topology', 'status', 'Small']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Status:\s+queued/);
    expect(status.stdout).toMatch(/^NODE\s+KIND\s+SERVER\s+STATUS\s+UPDATED\s+REASON$/m);
    expect(status.stdout).toMatch(/^pg\s+postgres\s+db-1\s+pending\s+\S+Z\s+-$/m);
  });

  it('checks a node again on request, exiting 1 unless it is healthy', async () => {
    const check = await owner.run(['topology', 'status', 'Small', '--check', 'pg']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^pg {2}postgres {2}pending {2}\(checked \S+Z\)$/m);
    expect(check.stderr).toBe('error: node pg of Small is pending\n');
    const ghost = await owner.run(['topology', 'status', 'Small', '--check', 'ghost']);
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toContain("Node ghost is not part of the topology's latest deployment");
  });

  it('refuses a second deploy and a delete while one is queued', async () => {
    const again = await owner.run(['topology', 'deploy', 'Small', '--no-wait']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('A deployment of this topology is already queued or running');
    const removed = await owner.run(['topology', 'delete', 'Small']);
    expect(removed.code).toBe(1);
    expect(removed.stderr).toContain('The topology is being deployed');
  });

  it('follows a deployment until Ctrl-C or --timeout, which leave it queued', async () => {
    const deploy = owner.start(['topology', 'deploy', 'Small 1']);
    await expect.poll(() => deploy.output().stdout).toMatch(/^Deploying Small 1: deployment \S+ queued, 2 nodes/);
    deploy.interrupt();
    const interrupted = await deploy.result;
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toMatch(
      /^error: stopped following: the deployment goes on; see `ocore topology status \S+`\n$/,
    );
    const timedOut = await owner.run(['topology', 'deploy', 'Small 2', '--timeout', '1']);
    expect(timedOut.code).toBe(1);
    expect(timedOut.stderr).toContain('error: stopped following after 1 s: the deployment goes on');
    for (const name of ['Small 1', 'Small 2']) {
      expect((await runJson(owner, ['--json', 'topology', 'status', name])).status).toBe('queued');
    }
  });
});

describe('ocore topology delete', () => {
  it('deletes a topology by id, then exits 1 for it', async () => {
    const id = topologyIds['Spare']!;
    const result = await owner.run(['topology', 'delete', id]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`Deleted topology Spare (${id}).\n`);
    expect((await owner.run(['topology', 'delete', id])).code).toBe(1);
  });
});
