import { requireFeature } from '../agency/portal-config.service.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import type { InstanceRecord } from '../instances/instance.ports.js';
import { instanceRuntime, type InstanceRuntimeDeps } from '../instances/instance-runtime.js';
import type { ContainerRuntime, ContainerStats } from '../runtime/container-runtime.ports.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import { notFound } from '../shared/domain-error.js';
import type { MetricsRepository, SampleEventPruner } from './instance-metrics.ports.js';
import {
  bucketStart,
  pruneBefore,
  resolutionFor,
  rollupMs,
  thresholdChanges,
  toSample,
  uptimeOf,
  rollUpBuckets,
} from './instance-metrics.rules.js';
import type { InstanceMetrics, InstanceMetricsInput, MetricSample } from './instance-metrics.schema.js';

/** What reading metrics needs. */
export interface MonitoringViewDeps extends CoreDeps {
  metrics: MetricsRepository;
}

/** What the sampling job needs. */
export interface MonitoringDeps extends MonitoringViewDeps, InstanceRuntimeDeps {
  metrics: MetricsRepository & SampleEventPruner;
}

/** Events of monitoring: a new point of an instance, and a threshold crossed or cleared. */
export const monitoringEvents = { sample: 'instance.metrics', threshold: 'instance.threshold' } as const;

/**
 * May the actor see monitoring: view:instances, and for a client's member the portal's
 * `featureMonitoring` switch (an agency operator is never blocked).
 */
export async function authorizeMonitoring(deps: CoreDeps, actor: Actor): Promise<void> {
  requirePermission(actor, 'view:instances');
  await requireFeature(deps, actor, 'featureMonitoring');
}

/**
 * An instance's metrics over a range (the last hour unless given), raw points for a recent
 * short range and 5-minute rollups otherwise, with its uptime over the range.
 */
export async function getInstanceMetrics(
  deps: MonitoringViewDeps,
  actor: Actor,
  input: InstanceMetricsInput,
): Promise<InstanceMetrics> {
  await authorizeMonitoring(deps, actor);
  if (!(await deps.store.instances.find(actor.organizationId, input.id))) throw notFound('Instance');
  const now = deps.clock.now();
  const to = input.to ? new Date(input.to) : now;
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - 3_600_000);
  const resolution = resolutionFor(from, to, now);
  const samples = from < to ? await deps.metrics.list(input.id, resolution, from, to) : [];
  return { from: from.toISOString(), to: to.toISOString(), resolution, samples, uptime: uptimeOf(samples) };
}

/** Python's urllib, in every Odoo image: the time `/web/health` took to answer 200, in ms. */
const probeScript =
  "import sys,time,urllib.request\nt=time.monotonic()\ntry:\n r=urllib.request.urlopen('http://127.0.0.1:8069/web/health',timeout=5)\n ok=r.status==200\nexcept Exception as e:\n print(e,file=sys.stderr); sys.exit(1)\nprint(round((time.monotonic()-t)*1000,2)); sys.exit(0 if ok else 1)";

/** The health check's response time, or null when it failed. */
async function probeHealth(runtime: ContainerRuntime, container: string): Promise<number | null> {
  const result = await runtime.exec(container, { command: ['/usr/bin/python3', '-c', probeScript] });
  const ms = Number(result.stdout.trim() || 'NaN');
  return result.exitCode === 0 && Number.isFinite(ms) ? ms : null;
}

/** One raw point of an instance: its container's stats and a health check; an unreachable engine is a failed check. */
async function measure(deps: MonitoringDeps, instance: InstanceRecord): Promise<MetricSample> {
  let stats: ContainerStats | null = null;
  let responseMs: number | null = null;
  try {
    const { runtime, container } = await instanceRuntime(deps, instance);
    // What could not be read stays null; a failed check counts against the uptime.
    stats = await runtime.stats(container).catch(() => null);
    responseMs = await probeHealth(runtime, container).catch(() => null);
  } catch {
    // No way to the engine: nothing read, the check failed.
  }
  return toSample(deps.clock.now(), stats, responseMs);
}

/** Samples one instance, stores the point, and tells subscribers (and of any threshold crossed). */
export async function sampleInstance(deps: MonitoringDeps, instance: InstanceRecord): Promise<MetricSample> {
  const previous = await deps.metrics.latest(instance.id);
  const sample = await measure(deps, instance);
  const owner = { organizationId: instance.organizationId, instanceId: instance.id };
  await deps.metrics.insert('10s', [{ ...sample, ...owner }]);
  await commitAndPublish(deps, async (_tx, _record, emit) => {
    const base = { organizationId: instance.organizationId };
    const target = { targetType: 'instance', targetId: instance.id, instanceName: instance.name };
    await emit({ ...base, type: monitoringEvents.sample, payload: { ...target, sample } });
    for (const change of thresholdChanges(previous, sample))
      await emit({ ...base, type: monitoringEvents.threshold, payload: { ...target, ...change, sample } });
  });
  return sample;
}

/**
 * The job's round: samples every running instance and answers how many. Each server's
 * instances are sampled `concurrency` at a time (the servers side by side): an Engine stats
 * call waits about a second for its second reading, so one after the other a round of 50
 * instances took longer than the 10 s between rounds.
 */
export async function sampleRunningInstances(deps: MonitoringDeps, concurrency = 8): Promise<number> {
  const byServer = new Map<string, InstanceRecord[]>();
  for (const id of await deps.metrics.listRunningInstanceIds()) {
    const instance = await deps.store.instances.findById(id);
    if (instance?.status !== 'running') continue;
    byServer.set(instance.serverId, [...(byServer.get(instance.serverId) ?? []), instance]);
  }
  const counts = await Promise.all(
    [...byServer.values()].map(async (instances) => {
      for (let i = 0; i < instances.length; i += concurrency)
        await Promise.all(instances.slice(i, i + concurrency).map((instance) => sampleInstance(deps, instance)));
      return instances.length;
    }),
  );
  return counts.reduce((sum, n) => sum + n, 0);
}

/**
 * Rolls the raw points of the last half hour up into 5-minute points (complete buckets only,
 * replaced if already there), then deletes what is past its retention, and sample events older
 * than an hour (they are for live charts; the points are in the metrics tables).
 */
export async function rollUpAndPrune(deps: MonitoringDeps): Promise<{ rolledUp: number; pruned: number }> {
  const now = deps.clock.now();
  // From a bucket's start: a bucket read in part would replace its rollup with a partial one.
  const raw = await deps.metrics.listRawSince(bucketStart(new Date(now.getTime() - 6 * rollupMs)));
  const byInstance = new Map<string, typeof raw>();
  for (const point of raw) byInstance.set(point.instanceId, [...(byInstance.get(point.instanceId) ?? []), point]);
  const rollups = [...byInstance.values()].flatMap((points) => {
    const { organizationId, instanceId } = points[0] as (typeof raw)[number];
    return rollUpBuckets(points, now).map((p) => ({ ...p, organizationId, instanceId }));
  });
  await deps.metrics.upsertRollups(rollups);
  const before = pruneBefore(now);
  const pruned =
    (await deps.metrics.prune('10s', before.raw)) +
    (await deps.metrics.prune('5m', before.rollup)) +
    (await deps.metrics.pruneEvents(monitoringEvents.sample, new Date(now.getTime() - 3_600_000)));
  return { rolledUp: rollups.length, pruned };
}
