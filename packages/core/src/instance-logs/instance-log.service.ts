import { requireFeature } from '../agency/portal-config.service.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import type { InstanceRecord } from '../instances/instance.ports.js';
import {
  instanceRuntime,
  isMissingContainer,
  unavailable,
  type InstanceRuntimeDeps,
} from '../instances/instance-runtime.js';
import type { LogLine } from '../runtime/container-runtime.ports.js';
import type { CoreDeps } from '../shared/deps.js';
import { DomainError, notFound } from '../shared/domain-error.js';
import type { InstanceLogHub, LogSource } from './instance-log.hub.js';
import { fromOperationLine, matchesLogFilter, mergeLogs, toOdooLines } from './instance-log.rules.js';
import {
  instanceLogLimits,
  type FollowInstanceLogsInput,
  type InstanceLogLine,
  type InstanceLogPage,
  type InstanceLogsInput,
} from './instance-log.schema.js';

/**
 * May the actor read instance logs: view:instances, and for a client's member the portal's
 * `featureLogs` switch (an agency operator is never blocked). Checked again by live streams.
 */
export async function authorizeInstanceLogs(deps: CoreDeps, actor: Actor): Promise<void> {
  requirePermission(actor, 'view:instances');
  await requireFeature(deps, actor, 'featureLogs');
}

async function findInstance(deps: CoreDeps, actor: Actor, id: string): Promise<InstanceRecord> {
  const instance = await deps.store.instances.find(actor.organizationId, id);
  if (!instance) throw notFound('Instance');
  return instance;
}

async function collect(lines: AsyncIterable<LogLine>): Promise<LogLine[]> {
  const out: LogLine[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

type ContainerLines = { lines: InstanceLogLine[]; container: InstanceLogPage['container'] };

/** The Odoo container's lines, and whether they could be had. */
async function containerLines(
  deps: InstanceRuntimeDeps,
  instance: InstanceRecord,
  input: InstanceLogsInput,
  tail: number,
): Promise<ContainerLines> {
  // Never deployed: there is no container to ask the server about.
  if (instance.status === 'pending') return { lines: [], container: { state: 'none', reason: null } };
  // With a filter, more lines are read than shown: the filter then keeps the last `tail`.
  const filtered = Boolean(input.search || input.level);
  const options = {
    tail: filtered ? instanceLogLimits.maxTail : tail,
    ...(input.since ? { since: input.since } : {}),
    ...(input.until ? { until: input.until } : {}),
  };
  try {
    const { runtime, container } = await instanceRuntime(deps, instance);
    const lines = toOdooLines(await collect(runtime.logs(container, options))).lines;
    return { lines, container: { state: 'found', reason: null } };
  } catch (err) {
    if (isMissingContainer(err)) return { lines: [], container: { state: 'none', reason: null } };
    return { lines: [], container: { state: 'unreachable', reason: unavailable(err).message } };
  }
}

/**
 * The instance's log (view:instances, `featureLogs`): its Odoo container's lines and its
 * operations' lines, in time order, filtered by text, lowest level and time range, the last
 * `tail` (500 unless given) kept. A server that cannot be reached leaves the operations' lines,
 * saying why the container's are missing.
 */
export async function readInstanceLogs(
  deps: InstanceRuntimeDeps,
  actor: Actor,
  input: InstanceLogsInput,
): Promise<InstanceLogPage> {
  await authorizeInstanceLogs(deps, actor);
  const instance = await findInstance(deps, actor, input.id);
  const tail = input.tail ?? instanceLogLimits.defaultTail;
  const odoo = await containerLines(deps, instance, input, tail);
  const operations = input.odooOnly
    ? []
    : (await deps.store.operations.list(actor.organizationId, instance.id, 50)).flatMap((op) =>
        op.logs.map((line) => fromOperationLine(op, line)),
      );
  return { items: mergeLogs([odoo.lines, operations], input, tail), container: odoo.container };
}

/** What following needs: the engines, and the hub that shares one engine stream per instance. */
export interface InstanceLogDeps extends InstanceRuntimeDeps {
  instanceLogs: InstanceLogHub;
}

/**
 * The Odoo container's lines as they are written (view:instances, `featureLogs`), after the
 * last `tail` already written, filtered by text and lowest level, until `signal` aborts.
 * Every follower of an instance shares one engine stream (see instance-log.hub.ts).
 * An instance without a container is refused (nothing to follow).
 */
export async function followInstanceLogs(
  deps: InstanceLogDeps,
  actor: Actor,
  input: FollowInstanceLogsInput,
  signal: AbortSignal,
): Promise<AsyncIterable<InstanceLogLine>> {
  await authorizeInstanceLogs(deps, actor);
  const instance = await findInstance(deps, actor, input.id);
  if (instance.status === 'pending') throw noContainer(instance);
  const { runtime, container } = await instanceRuntime(deps, instance);
  const state = await runtime.inspectContainer(container).catch((err: unknown) => {
    throw unavailable(err);
  });
  if (!state) throw noContainer(instance);
  const key = `${instance.organizationId}/${instance.id}/${instance.serverId}/${container}`;
  const source = (): Promise<LogSource> => {
    // Split at one instant: what was written before it (for replays), and from it on, followed.
    const at = deps.clock.now().toISOString();
    return Promise.resolve({
      history: () => runtime.logs(container, { tail: historyKept, until: at }),
      live: (aborted) => runtime.logs(container, { follow: true, since: at, signal: aborted }),
    });
  };
  return filtered(deps.instanceLogs.follow(key, source, input.tail ?? 0, signal), input);
}

/** Lines of the container kept by the hub for late joiners (the largest `tail` a follower asks). */
const historyKept = 1000;

function noContainer(instance: InstanceRecord): DomainError {
  return new DomainError('INVALID_INPUT', `status: a ${instance.status} instance has no container to follow`, {
    field: 'status',
  });
}

async function* filtered(
  source: AsyncIterable<InstanceLogLine>,
  input: FollowInstanceLogsInput,
): AsyncGenerator<InstanceLogLine> {
  try {
    for await (const line of source) if (matchesLogFilter(line, input)) yield line;
  } catch (err) {
    throw unavailable(err);
  }
}
