import { RuntimeError, type ContainerHealth, type ContainerSpec, type ContainerState } from '@ocore/core';
import type Docker from 'dockerode';

/** Volume names as the engine accepts them; anything else (a host path above all) is refused. */
const volumeName = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * The engine's create options for a spec. Never privileged, no new privileges through setuid
 * binaries, named volumes only, every published port on an explicit host address, logs capped.
 */
export function toCreateOptions(spec: ContainerSpec, step: string): Docker.ContainerCreateOptions {
  const [first] = spec.networks;
  if (!first) throw new RuntimeError(step, 'a container needs a network', 'engine');
  for (const v of spec.volumes ?? [])
    if (!volumeName.test(v.volume))
      throw new RuntimeError(
        step,
        `"${v.volume}" is not a volume name: only named volumes are mounted, never host paths`,
      );
  for (const p of spec.ports ?? [])
    if (!p.hostIp) throw new RuntimeError(step, `port ${p.containerPort} needs the host address it is published on`);
  const portKey = (p: { containerPort: number; protocol?: string }) => `${p.containerPort}/${p.protocol ?? 'tcp'}`;
  return {
    name: spec.name,
    Image: spec.image,
    ...(spec.command ? { Cmd: spec.command } : {}),
    ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
    Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
    Labels: spec.labels,
    ...(spec.user ? { User: spec.user } : {}),
    ExposedPorts: Object.fromEntries((spec.ports ?? []).map((p) => [portKey(p), {}])),
    HostConfig: {
      NetworkMode: first.name,
      Privileged: false,
      SecurityOpt: ['no-new-privileges:true'],
      Mounts: (spec.volumes ?? []).map((v) => ({
        Type: 'volume' as const,
        Source: v.volume,
        Target: v.target,
        ReadOnly: v.readOnly ?? false,
      })),
      PortBindings: Object.fromEntries(
        (spec.ports ?? []).map((p) => [
          portKey(p),
          [{ HostIp: p.hostIp, HostPort: p.hostPort ? String(p.hostPort) : '' }],
        ]),
      ),
      ...(spec.limits?.cpus ? { NanoCpus: Math.round(spec.limits.cpus * 1e9) } : {}),
      ...(spec.limits?.memoryMb ? { Memory: spec.limits.memoryMb * 1024 * 1024 } : {}),
      RestartPolicy: { Name: spec.restart ?? 'no' },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
    },
    NetworkingConfig: { EndpointsConfig: { [first.name]: { Aliases: first.aliases ?? [] } } },
    ...(spec.healthcheck ? { Healthcheck: toHealthcheck(spec.healthcheck) } : {}),
  };
}

const nanoseconds = (seconds: number) => Math.round(seconds * 1e9);

/** The engine's health check: the command run directly (no shell), its times in nanoseconds. */
function toHealthcheck(check: NonNullable<ContainerSpec['healthcheck']>): Docker.HealthConfig {
  return {
    Test: ['CMD', ...check.command],
    Interval: nanoseconds(check.intervalSeconds),
    Timeout: nanoseconds(check.timeoutSeconds),
    Retries: check.retries,
    StartPeriod: nanoseconds(check.startPeriodSeconds ?? 0),
  };
}

/**
 * The health check's verdict as the container list gives it, at the end of its status text
 * ("Up 5 minutes (healthy)", "Up 3 seconds (health: starting)"), as `docker ps` shows it.
 */
export function healthOf(statusText: string | undefined): ContainerHealth | undefined {
  const verdict = /\((healthy|unhealthy|health: starting)\)$/.exec(statusText?.trim() ?? '')?.[1];
  if (!verdict) return undefined;
  return verdict === 'health: starting' ? 'starting' : (verdict as ContainerHealth);
}

const unset = (time: string | undefined) => (!time || time.startsWith('0001-01-01') ? null : time);

/** The port's view of an inspected container. */
/** The engine answers null for no ports, no bindings and no labels, where dockerode's types promise a value. */
const orNull = <T>(value: T): T | null => value;

export function toState(info: Docker.ContainerInspectInfo): ContainerState {
  const status = info.State.Status as ContainerState['status'];
  const ports = Object.entries(orNull(info.NetworkSettings.Ports) ?? {}).flatMap(([key, bindings]) =>
    (orNull(bindings) ?? []).map((b) => ({
      containerPort: Number(key.split('/')[0]),
      hostIp: b.HostIp,
      hostPort: Number(b.HostPort),
    })),
  );
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    image: info.Config.Image,
    status,
    exitCode: status === 'exited' || status === 'dead' ? info.State.ExitCode : null,
    startedAt: unset(info.State.StartedAt),
    finishedAt: unset(info.State.FinishedAt),
    labels: orNull(info.Config.Labels) ?? {},
    ports,
    networks: Object.keys(orNull(info.NetworkSettings.Networks) ?? {}).sort(),
  };
}
