import { type Deployment, type DomainEvent, type Topology } from '@ocore/core';
import { fetchServerNames } from '../servers/server.lookup.js';
import type { ApiClient } from '../shared/client.js';
import { CliError, exitCodes, serverRefusal } from '../shared/errors.js';
import { lifecycleHandlers, runLive, type Ending } from '../shared/live-subscription.js';
import type { Session } from '../shared/session.js';
import { formatDeployment, formatNodeCheck, formatQueued, formatSucceeded } from './deployment.format.js';
import { createDeploymentProgress, type DeploymentProgress, type ProgressStep } from './deployment.progress.js';
import { formatIssues } from './topology.format.js';
import { findTopology } from './topology.lookup.js';

export interface DeployOptions {
  wait: boolean;
  timeout?: number;
}

/** Asks for a deployment; a topology that does not validate is refused with its errors, node by node. */
async function requestDeployment(api: ApiClient, topology: Topology): Promise<Deployment> {
  try {
    return await api.topologies.deploy.mutate({ id: topology.id });
  } catch (error) {
    const refusal = serverRefusal(error);
    if (refusal?.error !== 'TOPOLOGY_INVALID' || !refusal.errors) throw error;
    const issues = formatIssues(refusal.errors.map((issue) => ({ ...issue, level: 'error' as const })));
    const fix = `fix them, check with \`ocore topology validate ${topology.id}\`, and deploy again`;
    throw new CliError(`${topology.name} is not valid, so nothing was deployed; ${fix}:\n${issues}`);
  }
}

/** One deploy being followed: its progress, and how the command ends. */
interface Follow {
  session: Session;
  topology: Topology;
  ending: Ending;
  progress: DeploymentProgress;
}

/** Prints the lines of a step, and ends once the deployment has finished: exit 0 when it succeeded, else 1. */
function apply(follow: Follow, step: ProgressStep): void {
  const { session, topology, ending } = follow;
  if (ending.isEnded()) return;
  if (!session.json) for (const line of step.lines) session.io.stdout.write(`${line}\n`);
  const finished = step.finished;
  if (!finished) return;
  if (finished.status === 'succeeded') {
    session.print(finished, () => formatSucceeded(topology, finished));
    return ending.end();
  }
  // The reason goes to stderr with the exit code; --json still gets the whole deployment.
  if (session.json) session.print(finished, () => '');
  ending.end(new CliError(`the deployment of ${topology.name} failed: ${finished.error ?? 'no reason given'}`));
}

function onEvent(follow: Follow, event: DomainEvent<'topology.deployment' | 'topology.deploy_started'>): void {
  apply(follow, follow.progress.see(event.payload.deployment));
}

/** Once the subscription listens: deploys, then prints the plan and what already changed. */
async function startDeployment(follow: Follow, api: ApiClient): Promise<void> {
  const deployment = await requestDeployment(api, follow.topology);
  apply(follow, follow.progress.begin(deployment));
}

/** Deploys and follows it live over the WebSocket, which listens before the deploy is asked for. */
async function deployAndFollow(session: Session, api: ApiClient, topology: Topology, options: DeployOptions) {
  const statusHint = `the deployment goes on; see \`ocore topology status ${topology.id}\``;
  await runLive(
    session,
    {
      interrupted: () => new CliError(`stopped following: ${statusHint}`, exitCodes.cancelled),
      timeoutSeconds: options.timeout,
      timedOut: (seconds) => new CliError(`stopped following after ${seconds} s: ${statusHint}`),
    },
    (live, ending) => {
      const follow: Follow = { session, topology, ending, progress: createDeploymentProgress(topology) };
      return live.api.topologies.onDeployment.subscribe(
        { topologyId: topology.id },
        {
          ...lifecycleHandlers(session, live, ending, () => startDeployment(follow, api)),
          onData: ({ data }) => onEvent(follow, data),
        },
      );
    },
  );
}

/**
 * `ocore topology deploy`: queues a deployment, then (unless --no-wait) prints each node's
 * status as it changes and ends with the outcome: exit 0 when every node is healthy, 1 when
 * the deployment failed.
 */
export async function deployTopology(session: Session, ref: string, options: DeployOptions): Promise<void> {
  const api = session.signedIn();
  const topology = await findTopology(api, ref);
  if (options.wait) return deployAndFollow(session, api, topology, options);
  const deployment = await requestDeployment(api, topology);
  session.print(deployment, () =>
    [formatQueued(topology, deployment), `Follow it with: ocore topology status ${topology.id}`].join('\n'),
  );
}

/** The newest deployment, or a fresh check of one node of it (exit 1 unless that node is healthy). */
export async function showDeploymentStatus(session: Session, ref: string, options: { check?: string }): Promise<void> {
  const api = session.signedIn();
  const topology = await findTopology(api, ref);
  if (options.check === undefined) {
    const [deployment, names] = await Promise.all([
      api.topologies.status.query({ id: topology.id }),
      fetchServerNames(api),
    ]);
    return session.print(deployment, () => formatDeployment(deployment, names));
  }
  const check = await api.topologies.nodeStatus.mutate({ id: topology.id, nodeId: options.check });
  session.print(check, () => formatNodeCheck(check));
  if (check.status !== 'healthy') throw new CliError(`node ${check.nodeId} of ${topology.name} is ${check.status}`);
}
