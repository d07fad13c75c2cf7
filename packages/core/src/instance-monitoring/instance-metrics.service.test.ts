import { beforeEach, describe, expect, it } from 'vitest';
import { updatePortalConfig } from '../agency/portal-config.service.js';
import type { Instance } from '../instances/instance.schema.js';
import { runOperation } from '../instances/operation.runner.js';
import { createInstance } from '../instances/provision.service.js';
import { readInstanceLogs } from '../instance-logs/instance-log.service.js';
import type { ContainerRuntime, LogLine } from '../runtime/container-runtime.ports.js';
import { createServer } from '../servers/server.service.js';
import { addClient, joinClientAs, signUpAgency, switchInto } from '../testing/agency-fixtures.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { caught, type SignedUp } from '../testing/test-fixtures.js';
import type { Actor } from '../auth/actor.js';
import type { MetricsRepository, SampleEventPruner, StoredMetricSample } from './instance-metrics.ports.js';
import type { MetricResolution } from './instance-metrics.schema.js';
import {
  getInstanceMetrics,
  monitoringEvents,
  rollUpAndPrune,
  sampleRunningInstances,
} from './instance-metrics.service.js';

/** Points in memory, as the PostgreSQL repository keeps them. */
function createMetricsFake(): MetricsRepository &
  SampleEventPruner & { points: Record<MetricResolution, StoredMetricSample[]> } {
  const points: Record<MetricResolution, StoredMetricSample[]> = { '10s': [], '5m': [] };
  const within = (p: StoredMetricSample, from: Date, to: Date) =>
    p.at >= from.toISOString() && p.at <= to.toISOString();
  return {
    points,
    insert: async (resolution, samples) => void points[resolution].push(...samples),
    upsertRollups: async (samples) => {
      points['5m'] = [
        ...points['5m'].filter((p) => !samples.some((s) => s.instanceId === p.instanceId && s.at === p.at)),
        ...samples,
      ];
    },
    list: async (id, resolution, from, to) =>
      points[resolution].filter((p) => p.instanceId === id && within(p, from, to)),
    listRawSince: async (from) => points['10s'].filter((p) => p.at >= from.toISOString()),
    latest: async (id) => points['10s'].filter((p) => p.instanceId === id).at(-1),
    prune: async (resolution, before) => {
      const kept = points[resolution].filter((p) => p.at >= before.toISOString());
      const pruned = points[resolution].length - kept.length;
      points[resolution] = kept;
      return pruned;
    },
    listRunningInstanceIds: async () => running,
    pruneEvents: async () => 0,
  };
}
let running: string[] = [];

let deps: SettingsTestDeps & { metrics: ReturnType<typeof createMetricsFake> };
let agency: SignedUp;
let carl: SignedUp;
let operator: Actor;
let instance: Instance;
let memoryBytes = 100;
const written: LogLine[] = [];

beforeEach(async () => {
  const base = createSettingsTestDeps();
  deps = Object.assign(base, { metrics: createMetricsFake() });
  agency = await signUpAgency(deps, 'Olive Owner');
  const client = await addClient(deps, agency.actor, 'Client Co');
  carl = await joinClientAs(deps, agency.actor, client.id, 'Carl', 'Admin');
  ({ actor: operator } = await switchInto(deps, agency.actor, client.id));
  const server = await createServer(deps, operator, {
    name: 'odoo-1',
    host: '127.0.0.1',
    port: 22,
    sshUser: 'root',
    sshPrivateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----',
    capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
  });
  ({ instance } = await createInstance(deps, operator, { serverId: server.id, name: 'Shop', odooVersion: '18.0' }));
  for (const id of deps.operationQueue.requested.splice(0)) await runOperation(deps, id);
  running = [instance.id];
  // The fake engine has no logs or stats: these give the container's.
  const forServer = deps.runtimes.forServer.bind(deps.runtimes);
  deps.runtimes.forServer = (target) => {
    const runtime: ContainerRuntime = forServer(target);
    return {
      ...runtime,
      // The health probe prints its response time.
      exec: async (name, command) =>
        command.command.join(' ').includes('monotonic')
          ? { exitCode: 0, stdout: '12.5\n', stderr: '' }
          : runtime.exec(name, command),
      logs: async function* () {
        yield* written;
      },
      stats: async () => ({
        at: new Date().toISOString(),
        cpuPercent: 5,
        memoryBytes,
        memoryLimitBytes: 1000,
        networkRxBytes: 1,
        networkTxBytes: 2,
        blockReadBytes: 3,
        blockWriteBytes: 4,
      }),
    };
  };
});

describe('instance logs and metrics', () => {
  it('reads the container and operation lines for a member, and refuses one when the agency switched them off', async () => {
    written.splice(0, written.length, {
      stream: 'stdout',
      time: new Date().toISOString(),
      text: '2026-12-06 10:00:00,000 7 ERROR db odoo.http: boom',
    });
    const page = await readInstanceLogs(deps, carl.actor, { id: instance.id });
    expect(page.container).toEqual({ state: 'found', reason: null });
    expect(page.items.map((l) => l.source)).toEqual(expect.arrayContaining(['odoo', 'operation']));
    expect((await readInstanceLogs(deps, carl.actor, { id: instance.id, level: 'ERROR' })).items).toHaveLength(1);
    await updatePortalConfig(deps, agency.actor, { featureLogs: false, featureMonitoring: false });
    expect(await caught(() => readInstanceLogs(deps, carl.actor, { id: instance.id }))).toMatchObject({
      code: 'FEATURE_DISABLED',
      feature: 'featureLogs',
    });
    expect(await caught(() => getInstanceMetrics(deps, carl.actor, { id: instance.id }))).toMatchObject({
      code: 'FEATURE_DISABLED',
      feature: 'featureMonitoring',
    });
    await expect(readInstanceLogs(deps, operator, { id: instance.id })).resolves.toMatchObject({
      container: { state: 'found' },
    });
    await expect(getInstanceMetrics(deps, operator, { id: instance.id })).resolves.toMatchObject({ resolution: '10s' });
  });

  it('samples running instances, raises a threshold once, rolls up, and gives the uptime', async () => {
    expect(await sampleRunningInstances(deps)).toBe(1);
    memoryBytes = 950;
    deps.clock.advance(10_000);
    await sampleRunningInstances(deps);
    deps.clock.advance(10_000);
    await sampleRunningInstances(deps);
    const types = deps.events.published().map((e) => e.type);
    expect(types.filter((t) => t === monitoringEvents.sample)).toHaveLength(3);
    expect(
      deps.events
        .published()
        .filter((e) => e.type === monitoringEvents.threshold)
        .map((e) => e.payload),
    ).toEqual([
      expect.objectContaining({
        targetId: instance.id,
        instanceName: instance.name,
        threshold: 'memory_high',
        state: 'raised',
      }),
    ]);
    const metrics = await getInstanceMetrics(deps, carl.actor, { id: instance.id });
    expect(metrics).toMatchObject({ resolution: '10s', uptime: 1 });
    expect(metrics.samples).toHaveLength(3);
    deps.clock.advance(10 * 60_000);
    expect((await rollUpAndPrune(deps)).rolledUp).toBeGreaterThan(0);
    expect(deps.metrics.points['5m'][0]).toMatchObject({ instanceId: instance.id, healthChecks: expect.any(Number) });
    memoryBytes = 100;
  });

  it("samples a server's instances a few at a time, not one after the other", async () => {
    const more = [];
    for (const name of ['Two', 'Three', 'Four', 'Five'])
      more.push(
        (await createInstance(deps, operator, { serverId: instance.serverId, name, odooVersion: '18.0' })).instance,
      );
    for (const id of deps.operationQueue.requested.splice(0)) await runOperation(deps, id);
    running = [instance.id, ...more.map((i) => i.id)];
    let inFlight = 0;
    let most = 0;
    const forServer = deps.runtimes.forServer.bind(deps.runtimes);
    deps.runtimes.forServer = (target) => {
      const runtime = forServer(target);
      return {
        ...runtime,
        stats: async (name) => {
          most = Math.max(most, ++inFlight);
          await new Promise((resolve) => setTimeout(resolve, 20));
          inFlight--;
          return runtime.stats(name);
        },
      };
    };
    expect(await sampleRunningInstances(deps, 2)).toBe(5);
    expect(most).toBe(2);
    expect(new Set(deps.metrics.points['10s'].map((p) => p.instanceId))).toEqual(new Set(running));
  });
});
