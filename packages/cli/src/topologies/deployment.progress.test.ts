import type { Deployment, DeploymentNode, Topology } from '@ocore/core';
import { describe, expect, it } from 'vitest';
import { createDeploymentProgress } from './deployment.progress.js';

const topology = { id: '00000000-0000-4000-8000-000000000001', name: 'HA' } as Topology;
const at = '2026-01-31T12:00:00.000Z';

type NodeState = [DeploymentNode['status'], string | null];

/** The deployment `id` with pg and odoo1 in the states given. */
function snapshot(id: string, status: Deployment['status'], pg: NodeState, odoo: NodeState): Deployment {
  const node = (nodeId: string, kind: DeploymentNode['kind'], [state, reason]: NodeState): DeploymentNode => ({
    nodeId,
    kind,
    serverId: topology.id,
    status: state,
    reason,
    files: [],
    updatedAt: at,
  });
  const nodes = [node('pg', 'postgres', pg), node('odoo1', 'odoo', odoo)];
  return {
    id,
    organizationId: topology.id,
    topologyId: topology.id,
    status,
    nodes,
    error: null,
    createdAt: at,
    startedAt: null,
    finishedAt: null,
  };
}

const ours = '00000000-0000-4000-8000-0000000000aa';
const other = '00000000-0000-4000-8000-0000000000bb';
const pending: NodeState = ['pending', null];

describe('createDeploymentProgress', () => {
  it('prints a line a node change, holding back what came before the deploy answered, until it succeeds', () => {
    const progress = createDeploymentProgress(topology);
    expect(progress.see(snapshot(ours, 'running', ['rendering', null], pending))).toEqual({ lines: [] });
    expect(progress.see(snapshot(other, 'running', ['failed', 'not ours'], pending))).toEqual({ lines: [] });
    const begun = progress.begin(snapshot(ours, 'queued', pending, pending));
    expect(begun.lines).toEqual([
      `Deploying HA: deployment ${ours} queued, 2 nodes in this order: pg, odoo1.`,
      'pg     postgres  rendering',
    ]);
    expect(progress.see(snapshot(ours, 'running', ['rendering', null], pending))).toEqual({ lines: [] });
    expect(progress.see(snapshot(ours, 'running', ['healthy', null], ['applying', null])).lines).toEqual([
      'pg     postgres  healthy',
      'odoo1  odoo      applying',
    ]);
    const done = snapshot(ours, 'succeeded', ['healthy', null], ['healthy', null]);
    expect(progress.see(done)).toEqual({ lines: ['odoo1  odoo      healthy'], finished: done });
    expect(progress.see(done)).toEqual({ lines: [] });
  });

  it('prints the reason of a failed node, and finishes on a deployment that failed before the deploy answered', () => {
    const progress = createDeploymentProgress(topology);
    const failed = snapshot(ours, 'failed', ['failed', 'no SSH key'], ['failed', 'no SSH key']);
    progress.see(failed);
    const begun = progress.begin(snapshot(ours, 'queued', pending, pending));
    expect(begun.lines.slice(1)).toEqual([
      'pg     postgres  failed: no SSH key',
      'odoo1  odoo      failed: no SSH key',
    ]);
    expect(begun.finished).toBe(failed);
  });
});
