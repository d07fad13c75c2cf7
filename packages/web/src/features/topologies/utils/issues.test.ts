import type { Deployment, TopologyData } from '@ocore/core';
import { describe, expect, it } from 'vitest';
import { newerDeployment } from './deployment-cache';
import { issuesOfNode, saveIssuesOf, topologyIssues, type IssueReport } from './issues';
import { layoutPositions, nodeViewsOf } from './node-views';

const serverId = '00000000-0000-4000-8000-000000000001';
const data: TopologyData = {
  nodes: [
    { id: 'odoo-1', kind: 'odoo', serverId, config: { workers: 4 } },
    { id: 'odoo-2', kind: 'odoo', serverId },
    { id: 'db', kind: 'postgres', serverId, config: { port: 5433 } },
  ],
  edges: [],
};
const report: IssueReport = {
  source: 'validate',
  errors: [
    { nodeId: 'odoo-1', code: 'UNREACHABLE_DATABASE', message: 'no connection' },
    { code: 'LB_REQUIRED', message: 'needs a load balancer' },
    { nodeId: 'gone', code: 'SERVER_NOT_FOUND', message: 'unknown server' },
  ],
  warnings: [{ nodeId: 'odoo-1', code: 'ROLE_SHARED', message: 'shares a server' }],
};

describe('issues', () => {
  it('puts node issues on their node and the rest in the panel', () => {
    expect(issuesOfNode(report, 'odoo-1')).toEqual({ errors: ['no connection'], warnings: ['shares a server'] });
    expect(issuesOfNode(null, 'odoo-1')).toEqual({ errors: [], warnings: [] });
    expect(topologyIssues(report, data)).toEqual({ errors: [report.errors[1], report.errors[2]], warnings: [] });
  });

  it('turns the field problems of a refused save into issues on the nodes they name', () => {
    expect(
      saveIssuesOf(
        [
          { field: 'topologyData.nodes.2.serverId', message: 'must be a UUID' },
          { field: 'name', message: 'is required' },
        ],
        data,
      ),
    ).toEqual([
      { nodeId: 'db', code: 'INVALID_INPUT', message: 'serverId: must be a UUID' },
      { code: 'INVALID_INPUT', message: 'name: is required' },
    ]);
  });
});

describe('node views', () => {
  it('says where each node runs, its setting, problems and deployment status', () => {
    const deployment = { nodes: [{ nodeId: 'db', status: 'failed', reason: 'no SSH key' }] } as Deployment;
    const [odoo, , db] = nodeViewsOf(data, new Map([[serverId, 'app-1']]), report, deployment);
    expect(odoo).toMatchObject({ serverName: 'app-1', setting: '4 workers', errors: ['no connection'], status: null });
    expect(db).toMatchObject({ setting: 'port 5433', errors: [], status: 'failed', reason: 'no SSH key' });
  });

  it('lays nodes out in rows by kind, side by side', () => {
    const positions = layoutPositions(data.nodes);
    expect(positions.get('odoo-1')!.y).toBe(positions.get('odoo-2')!.y);
    expect(positions.get('odoo-1')!.x).toBe(-positions.get('odoo-2')!.x);
    expect(positions.get('db')!.y).toBeGreaterThan(positions.get('odoo-1')!.y);
  });
});

describe('newerDeployment', () => {
  const at = (id: string, createdAt: string) => ({ id, createdAt }) as Deployment;
  it('keeps the latest deployment, replacing the same one with what came last', () => {
    const first = at('a', '2030-01-01T10:00:00.000Z');
    const second = at('b', '2030-01-01T11:00:00.000Z');
    expect(newerDeployment(undefined, first)).toBe(first);
    expect(newerDeployment(second, first)).toBe(second);
    expect(newerDeployment(first, second)).toBe(second);
    const update = at('b', '2030-01-01T11:00:00.000Z');
    expect(newerDeployment(second, update)).toBe(update);
  });
});
