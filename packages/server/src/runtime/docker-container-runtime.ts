import {
  RuntimeError,
  type ContainerFile,
  type ContainerRuntime,
  type ContainerSpec,
  type ContainerState,
  type ContainerSummary,
  type EngineInfo,
  type ExecCommand,
  type LogOptions,
  type PullProgress,
} from '@ocore/core';
import type Docker from 'dockerode';
import { getArchive, putArchive, putFiles, readFile } from './docker-archive.js';
import { attempt, attemptTolerating, statusOf } from './docker-errors.js';
import { exec, execStream, openSession } from './docker-exec.js';
import { ensureImage } from './docker-images.js';
import type { RegistryCredentials } from './registry-auth.js';
import { logs, stats } from './docker-logs.js';
import { healthOf, toCreateOptions, toState } from './docker-specs.js';

/** An engine connection: the Docker API client and the SSH host key seen on the way (null for a local socket). */
export interface EngineConnection {
  docker: Docker;
  hostKey: string | null;
}

const labelFilter = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`);

/** The ContainerRuntime port over the Docker Engine API (dockerode), whatever the transport. */
export class DockerContainerRuntime implements ContainerRuntime {
  constructor(
    private readonly connect: () => Promise<EngineConnection>,
    /** The private registry's login, used for pulls from that registry only. */
    private readonly registry?: RegistryCredentials,
  ) {}

  private async docker(): Promise<Docker> {
    return (await this.connect()).docker;
  }

  async ping(): Promise<EngineInfo> {
    const { docker, hostKey } = await this.connect();
    const version = await attempt('ask the Docker Engine its version', () => docker.version());
    return { engineVersion: version.Version, apiVersion: version.ApiVersion, hostKey };
  }

  async ensureImage(ref: string, onProgress?: (progress: PullProgress) => void): Promise<void> {
    await ensureImage(await this.docker(), ref, onProgress, this.registry);
  }

  async ensureNetwork(name: string, labels: Record<string, string>): Promise<void> {
    const docker = await this.docker();
    const step = `create network ${name}`;
    if (await exists(() => docker.getNetwork(name).inspect(), step)) return;
    // Two creators racing: the loser's 409 means the network is there.
    await attemptTolerating(step, [409], () =>
      docker.createNetwork({ Name: name, Driver: 'bridge', Labels: labels, CheckDuplicate: true }),
    );
  }

  async removeNetwork(name: string): Promise<void> {
    const docker = await this.docker();
    await attemptTolerating(`remove network ${name}`, [404], () => docker.getNetwork(name).remove());
  }

  async disconnectNetwork(network: string, container: string): Promise<void> {
    const state = await this.inspectContainer(container);
    if (!state?.networks.includes(network)) return;
    const docker = await this.docker();
    await attemptTolerating(`disconnect ${container} from network ${network}`, [404], () =>
      docker.getNetwork(network).disconnect({ Container: container, Force: true }),
    );
  }

  async ensureVolume(name: string, labels: Record<string, string>): Promise<void> {
    const docker = await this.docker();
    // The engine answers an existing name with that volume, so this is idempotent.
    await attempt(`create volume ${name}`, () => docker.createVolume({ Name: name, Labels: labels }));
  }

  async removeVolume(name: string): Promise<void> {
    const docker = await this.docker();
    await attemptTolerating(`remove volume ${name}`, [404], () => docker.getVolume(name).remove());
  }

  async listVolumes(labels: Record<string, string>): Promise<string[]> {
    const docker = await this.docker();
    const answer = await attempt('list volumes', () => docker.listVolumes({ filters: { label: labelFilter(labels) } }));
    // The engine answers null, not [], when there are none.
    return ((answer.Volumes as Docker.VolumeInspectInfo[] | null) ?? []).map((v) => v.Name).sort();
  }

  async createContainer(spec: ContainerSpec, options: { replace?: boolean } = {}): Promise<string> {
    const docker = await this.docker();
    const step = `create container ${spec.name}`;
    const createOptions = toCreateOptions(spec, step);
    if (await this.inspectContainer(spec.name)) {
      if (!options.replace) throw new RuntimeError(step, `a container named ${spec.name} already exists`, 'conflict');
      await this.removeContainer(spec.name);
    }
    const container = await attempt(step, () => docker.createContainer(createOptions));
    // Nothing half-made: a container whose networks or files could not be set up is removed.
    try {
      for (const network of spec.networks.slice(1))
        await attempt(`connect ${spec.name} to network ${network.name}`, () =>
          docker.getNetwork(network.name).connect({
            Container: container.id,
            EndpointConfig: { Aliases: network.aliases ?? [] },
          }),
        );
      if (spec.files) await putFiles(docker, spec.name, spec.files.directory, spec.files.files);
    } catch (err) {
      await container.remove({ force: true }).catch(() => undefined);
      throw err;
    }
    return container.id;
  }

  async startContainer(name: string): Promise<void> {
    const docker = await this.docker();
    await attemptTolerating(`start container ${name}`, [304], () => docker.getContainer(name).start());
  }

  async stopContainer(name: string, timeoutSeconds = 10): Promise<void> {
    const docker = await this.docker();
    await attemptTolerating(`stop container ${name}`, [304], () =>
      docker.getContainer(name).stop({ t: timeoutSeconds }),
    );
  }

  async restartContainer(name: string, timeoutSeconds = 10): Promise<void> {
    const docker = await this.docker();
    await attempt(`restart container ${name}`, () => docker.getContainer(name).restart({ t: timeoutSeconds }));
  }

  async removeContainer(name: string): Promise<void> {
    const docker = await this.docker();
    await attemptTolerating(`remove container ${name}`, [404], () => docker.getContainer(name).remove({ force: true }));
  }

  async inspectContainer(name: string): Promise<ContainerState | undefined> {
    const docker = await this.docker();
    try {
      return toState(await docker.getContainer(name).inspect());
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      return attempt(`inspect container ${name}`, () => Promise.reject(err as Error));
    }
  }

  async listContainers(labels: Record<string, string>): Promise<ContainerSummary[]> {
    const docker = await this.docker();
    const list = await attempt('list containers', () =>
      docker.listContainers({ all: true, filters: { label: labelFilter(labels) } }),
    );
    return list.map((c) => ({
      id: c.Id,
      name: (c.Names[0] ?? '').replace(/^\//, ''),
      image: c.Image,
      status: c.State as ContainerSummary['status'],
      labels: c.Labels,
      ...(healthOf(c.Status) ? { health: healthOf(c.Status) } : {}),
    }));
  }

  async exec(name: string, command: ExecCommand) {
    return exec(await this.docker(), name, command);
  }

  async openSession(name: string, command: ExecCommand & { columns: number; rows: number }) {
    return openSession(await this.docker(), name, command);
  }

  async execStream(name: string, command: ExecCommand) {
    return execStream(await this.docker(), name, command);
  }

  async *logs(name: string, options: LogOptions) {
    yield* logs(await this.docker(), name, options);
  }

  async stats(name: string) {
    return stats(await this.docker(), name);
  }

  async putFiles(name: string, directory: string, files: readonly ContainerFile[]): Promise<void> {
    await putFiles(await this.docker(), name, directory, files);
  }

  async readFile(name: string, path: string): Promise<string | undefined> {
    return readFile(await this.docker(), name, path);
  }

  async *getArchive(name: string, path: string) {
    yield* getArchive(await this.docker(), name, path);
  }

  async putArchive(name: string, directory: string, tar: AsyncIterable<Uint8Array>): Promise<void> {
    await putArchive(await this.docker(), name, directory, tar);
  }
}

/** Whether the inspected object exists (404: no); other failures are the step's. */
async function exists(inspect: () => Promise<unknown>, step: string): Promise<boolean> {
  try {
    await inspect();
    return true;
  } catch (err) {
    if (statusOf(err) === 404) return false;
    return attempt(step, () => Promise.reject(err as Error));
  }
}
