import type { Deployment, DeploymentNode, Topology } from '@ocore/core';
import { formatNodeLine, formatQueued, lineWidths, type LineWidths } from './deployment.format.js';

/** What one snapshot of a deployment adds: lines to print, and the deployment once it has finished. */
export interface ProgressStep {
  lines: string[];
  finished?: Deployment;
}

/**
 * Follows one deployment through the snapshots its events carry. Events may come before
 * the deploy request has answered (the subscription listens first); those are held back
 * until `begin` says which deployment is ours. Snapshots of other deployments are ignored.
 */
export interface DeploymentProgress {
  begin(deployment: Deployment): ProgressStep;
  see(snapshot: Deployment): ProgressStep;
}

/** The nodes of `next` whose status or reason is not what `previous` had, in deployment order. */
function changedNodes(previous: Deployment, next: Deployment): DeploymentNode[] {
  const before = new Map(previous.nodes.map((n) => [n.nodeId, n]));
  return next.nodes.filter(
    (n) => before.get(n.nodeId)?.status !== n.status || before.get(n.nodeId)?.reason !== n.reason,
  );
}

function isFinished(deployment: Deployment): boolean {
  return deployment.status === 'succeeded' || deployment.status === 'failed';
}

function merge(steps: ProgressStep[]): ProgressStep {
  const finished = steps.find((step) => step.finished)?.finished;
  return { lines: steps.flatMap((step) => step.lines), ...(finished && { finished }) };
}

/** A line a node status change, for the deployment of `topology` that `begin` names. */
export function createDeploymentProgress(topology: Topology): DeploymentProgress {
  let current: Deployment | undefined;
  let widths: LineWidths | undefined;
  let done = false;
  const heldBack: Deployment[] = [];

  const advance = (next: Deployment): ProgressStep => {
    const lineWidths = widths;
    if (!current || !lineWidths || done || next.id !== current.id) return { lines: [] };
    const lines = changedNodes(current, next).map((node) => formatNodeLine(node, lineWidths));
    current = next;
    done = isFinished(next);
    return done ? { lines, finished: next } : { lines };
  };

  return {
    begin(deployment) {
      current = deployment;
      widths = lineWidths(deployment);
      const first = { lines: [formatQueued(topology, deployment)] };
      return merge([first, ...heldBack.splice(0).map(advance)]);
    },
    see(snapshot) {
      if (current) return advance(snapshot);
      heldBack.push(snapshot);
      return { lines: [] };
    },
  };
}
