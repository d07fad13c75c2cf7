import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerRuntime } from '@ocore/core';
import { eventually, imagesTimeoutMs, startRuntimeFixture, type RuntimeFixture } from './testing/runtime-fixture.js';
import { startPrivateDockerd, type PrivateDockerd } from './testing/private-dockerd.js';
import { testImages } from './testing/test-images.js';

/**
 * A container's own health check, as the health job reads it: the engine runs the command
 * (no shell) and the container list carries its verdict, over SSH like every engine call.
 * On a private dockerd (the server's `dockerSocket`): the machine's shared engine is left alone.
 */
let f: RuntimeFixture;
let engine: PrivateDockerd;
let runtime: ContainerRuntime;

beforeAll(async () => {
  f = await startRuntimeFixture();
  engine = await startPrivateDockerd();
  await engine.loadImages([testImages.postgres]);
  runtime = f.runtimes.forServer({ ...f.target, dockerSocket: engine.socket });
  await runtime.ensureNetwork(f.name('net'), f.labels);
}, imagesTimeoutMs);

afterAll(async () => {
  await engine?.cleanup();
  await f?.cleanup();
}, 180_000);

const verdict = async (name: string) => (await runtime.listContainers(f.labels)).find((c) => c.name === name);

describe("a container's health check", () => {
  it('is run by the engine, and the container list says healthy or unhealthy as its command answers', async () => {
    const name = f.name('checked');
    await runtime.createContainer({
      name,
      image: testImages.postgres,
      entrypoint: ['/bin/sleep', 'infinity'],
      labels: f.labels,
      networks: [{ name: f.name('net') }],
      healthcheck: { command: ['/bin/test', '-e', '/tmp/ok'], intervalSeconds: 1, timeoutSeconds: 5, retries: 1 },
    });
    await runtime.startContainer(name);
    await eventually('the check to fail', async () =>
      (await verdict(name))?.health === 'unhealthy' ? true : undefined,
    );
    await runtime.exec(name, { command: ['/usr/bin/touch', '/tmp/ok'] });
    await eventually('the check to pass', async () => ((await verdict(name))?.health === 'healthy' ? true : undefined));
    expect(await verdict(name)).toMatchObject({ status: 'running', health: 'healthy' });

    // A container without a check has no verdict.
    const plain = f.name('plain');
    await runtime.createContainer({
      name: plain,
      image: testImages.postgres,
      entrypoint: ['/bin/sleep', 'infinity'],
      labels: f.labels,
      networks: [{ name: f.name('net') }],
    });
    await runtime.startContainer(plain);
    expect((await verdict(plain))?.health).toBeUndefined();
  }, 120_000);
});
