import type { ContainerRuntime, SshTarget } from '@ocore/core';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { createDockerRuntimes, type DockerRuntimes } from '../docker-runtimes.js';
import { startLoopbackSshd, type LoopbackSshd } from '../../testing/sshd.js';
import { ensureTestImages, localDocker } from './test-images.js';

/** Generous: a fresh machine debootstraps and builds the images once (several minutes). */
export const imagesTimeoutMs = 20 * 60_000;

/**
 * A real engine reached the way the product reaches a server: Debian's sshd on loopback, the
 * server's key, its pinned host key. Everything a test makes is labelled `ocore.test=1` and with
 * this run's id, named `ocore-test-<run>-…`, and removed by `cleanup()`.
 */
export interface RuntimeFixture {
  sshd: LoopbackSshd;
  target: SshTarget;
  runtimes: DockerRuntimes;
  runtime: ContainerRuntime;
  labels: Record<string, string>;
  name(what: string): string;
  cleanup(): Promise<void>;
}

export async function startRuntimeFixture(): Promise<RuntimeFixture> {
  await ensureTestImages((line) => console.log(`[test images] ${line}`));
  const sshd = await startLoopbackSshd();
  const target: SshTarget = {
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    privateKey: sshd.privateKey,
    password: null,
    hostKey: sshd.hostKeyFingerprint,
  };
  const runtimes = createDockerRuntimes({ connectTimeoutMs: 10_000 });
  const run = randomBytes(4).toString('hex');
  const labels = { 'ocore.test': '1', 'ocore.test.run': run };
  return {
    sshd,
    target,
    runtimes,
    runtime: runtimes.forServer(target),
    labels,
    name: (what) => `ocore-test-${run}-${what}`,
    cleanup: async () => {
      runtimes.closeAll();
      await removeLabelled(`ocore.test.run=${run}`);
      await sshd.stop();
    },
  };
}

/** Removes the containers, then the networks and volumes, carrying the label (over the local socket). */
export async function removeLabelled(label: string): Promise<void> {
  const docker = await localDocker();
  const filters = { label: [label] };
  for (const c of await docker.listContainers({ all: true, filters }))
    await docker.getContainer(c.Id).remove({ force: true, v: true });
  for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove();
  for (const v of (await docker.listVolumes({ filters })).Volumes ?? []) await docker.getVolume(v.Name).remove();
}

/** Polls until `check` returns a value (not undefined), or fails with the last reason. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `${what} did not happen in ${timeoutMs / 1000} s${last instanceof Error ? `: ${last.message}` : ''}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A TCP port free on 127.0.0.1 right now (for a container to publish on). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}
