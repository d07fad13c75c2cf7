import { RuntimeError, type ContainerSpec, type PullProgress } from '@ocore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract } from 'tar-stream';
import { connect, type AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import ssh2 from 'ssh2';
import { pickFreePorts } from '../testing/acme/managed-process.js';
import { createDockerRuntimes, localContainerRuntime } from './docker-runtimes.js';
import { eventually, imagesTimeoutMs, startRuntimeFixture, type RuntimeFixture } from './testing/runtime-fixture.js';
import { localDocker, testImages } from './testing/test-images.js';
import { startTinyRegistry } from './testing/tiny-registry.js';
import { sealRegistryCredentials } from './registry-auth.js';
import { createAesGcmSecretBox } from '../crypto/aes-gcm-secret-box.js';

let f: RuntimeFixture;

beforeAll(async () => {
  f = await startRuntimeFixture();
}, imagesTimeoutMs);

afterAll(async () => {
  await f?.cleanup();
});

const failure = async (work: Promise<unknown>): Promise<RuntimeError> => {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RuntimeError);
  return err as RuntimeError;
};

describe('the engine over SSH', () => {
  it('answers a ping with its version and the host key the server showed', async () => {
    const info = await f.runtime.ping();
    expect(info.engineVersion).toMatch(/^\d+\.\d+/);
    expect(info.apiVersion).toMatch(/^1\.\d+$/);
    expect(info.hostKey).toBe(f.sshd.hostKeyFingerprint);
    // Unpinned (first contact): accepted, and the key is reported for pinning.
    const runtimes = createDockerRuntimes();
    const first = await runtimes.forServer({ ...f.target, hostKey: null }).ping();
    expect(first.hostKey).toBe(f.sshd.hostKeyFingerprint);
    runtimes.closeAll();
  });

  it('refuses a server showing another host key than the pinned one', async () => {
    const runtimes = createDockerRuntimes();
    const err = await failure(runtimes.forServer({ ...f.target, hostKey: 'SHA256:not-the-pinned-key' }).ping());
    expect(err.kind).toBe('host_key_mismatch');
    expect(err.message).toContain(f.sshd.hostKeyFingerprint);
    runtimes.closeAll();
  });

  it('checks the pin before sending any credential', async () => {
    // A server of the test's own that records every authentication attempt it receives.
    const attempts: string[] = [];
    const server = new ssh2.Server({ hostKeys: [ssh2.utils.generateKeyPairSync('ed25519').private] }, (client) => {
      client.on('authentication', (ctx) => {
        attempts.push(ctx.method);
        ctx.reject();
      });
      client.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const runtimes = createDockerRuntimes();
    try {
      const pinned = await failure(
        runtimes.forServer({ ...f.target, port, hostKey: f.sshd.hostKeyFingerprint }).ping(),
      );
      expect(pinned.kind).toBe('host_key_mismatch');
      expect(attempts).toEqual([]);
      // The same server unpinned does receive the key: the recorder works.
      const unpinned = await failure(runtimes.forServer({ ...f.target, port, hostKey: null }).ping());
      expect(unpinned.kind).toBe('auth');
      expect(attempts).toContain('publickey');
    } finally {
      runtimes.closeAll();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('names a server whose Docker socket cannot be opened', async () => {
    // A server of the test's own that lets the key in but forwards nothing (as sshd with
    // AllowStreamLocalForwarding no, or no Docker installed).
    const server = new ssh2.Server({ hostKeys: [ssh2.utils.generateKeyPairSync('ed25519').private] }, (client) => {
      client.on('authentication', (ctx) => (ctx.method === 'publickey' ? ctx.accept() : ctx.reject()));
      client.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const runtimes = createDockerRuntimes();
    try {
      const port = (server.address() as AddressInfo).port;
      const err = await failure(runtimes.forServer({ ...f.target, port, hostKey: null }).ping());
      expect(err.kind).toBe('unreachable');
      expect(err.step).toBe(`open the Docker Engine socket /var/run/docker.sock on ${f.sshd.user}@127.0.0.1:${port}`);
      expect(err.message).toContain('Is Docker installed and running there');
    } finally {
      runtimes.closeAll();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('opens the connection again after it dropped', async () => {
    // A server of the test's own forwarding to the real Docker socket, which can drop its clients.
    const connections: ssh2.Connection[] = [];
    const server = new ssh2.Server({ hostKeys: [ssh2.utils.generateKeyPairSync('ed25519').private] }, (client) => {
      connections.push(client);
      client.on('authentication', (ctx) => (ctx.method === 'publickey' ? ctx.accept() : ctx.reject()));
      client.on('openssh.streamlocal', (accept, _reject, info) => {
        const channel = accept();
        const socket = connect(info.socketPath);
        channel.pipe(socket).pipe(channel);
        socket.on('error', () => channel.destroy());
      });
      client.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const runtimes = createDockerRuntimes();
    try {
      const runtime = runtimes.forServer({ ...f.target, port: (server.address() as AddressInfo).port, hostKey: null });
      await runtime.ping();
      await runtime.listVolumes(f.labels);
      expect(connections).toHaveLength(1);
      connections[0]!.end();
      await eventually('the client to see the drop', async () =>
        (await runtime.ping().catch(() => null)) ? true : undefined,
      );
      expect(connections).toHaveLength(2);
    } finally {
      runtimes.closeAll();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('names a refused login and an unreachable server', async () => {
    const runtimes = createDockerRuntimes({ connectTimeoutMs: 5_000 });
    const auth = await failure(runtimes.forServer({ ...f.target, privateKey: f.sshd.strangerKey }).ping());
    expect(auth.kind).toBe('auth');
    const [closedPort] = await pickFreePorts(1);
    const down = await failure(runtimes.forServer({ ...f.target, port: closedPort! }).ping());
    expect(down.kind).toBe('unreachable');
    expect(down.message).toContain('connection refused');
    runtimes.closeAll();
  });
});

describe('the engine on the local socket', () => {
  it('answers without a host key, and names a socket that is not there', async () => {
    const info = await localContainerRuntime().ping();
    expect(info).toMatchObject({ engineVersion: expect.stringMatching(/^\d+\./), hostKey: null });
    const err = await failure(localContainerRuntime('/nonexistent/docker.sock').ping());
    expect(err.kind).toBe('unreachable');
    expect(err.message).toContain('the Docker Engine does not answer');
  });
});

describe('images, networks and volumes', () => {
  it('has the local images and fails clearly on one that cannot be pulled', async () => {
    await f.runtime.ensureImage(testImages.postgres);
    const progress: string[] = [];
    const ref = `ocore-test/absent-${f.name('image')}:1`;
    const err = await failure(f.runtime.ensureImage(ref, (p) => progress.push(p.status)));
    expect(err.kind).toBe('image');
    expect(err.step).toBe(`pull image ${ref}`);
    expect(err.message).toMatch(
      new RegExp(`the Docker image ${ref.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not accessible: .{10,}`),
    );
  });

  it('pulls a missing image with progress, once, and names what a registry refuses', async () => {
    const registry = await startTinyRegistry();
    const docker = await localDocker();
    try {
      const progress: PullProgress[] = [];
      await f.runtime.ensureImage(registry.image, (p) => progress.push(p));
      expect(progress.map((p) => p.status)).toContain('Pull complete');
      expect(progress.some((p) => p.status === 'Downloading' && p.percent! > 0 && p.percent! < 100)).toBe(true);
      expect(progress.at(-1)?.percent).toBe(100);
      expect((await docker.getImage(registry.image).inspect()).Config.Labels).toMatchObject({ 'ocore.test': '1' });
      // Present now: nothing is asked of the registry again.
      const asked = registry.requests.length;
      await f.runtime.ensureImage(registry.image);
      expect(registry.requests).toHaveLength(asked);

      const missing = `${registry.host}/ocore-test/tiny:2`;
      const err = await failure(f.runtime.ensureImage(missing));
      expect(err).toMatchObject({ kind: 'image', step: `pull image ${missing}` });
      expect(err.message).toContain(`the Docker image ${missing} is not accessible: `);
      expect(err.message).toContain('manifest unknown');
    } finally {
      await docker
        .getImage(registry.image)
        .remove({ force: true })
        .catch(() => undefined);
      await registry.close();
    }
  }, 60_000);

  it('pulls from a private registry with its login, names the registry when a pull fails, and never the password', async () => {
    const login = { username: 'ocore-ci', password: `s3cret-${f.name('pw')}` };
    const registry = await startTinyRegistry({ login });
    const docker = await localDocker();
    const secrets = createAesGcmSecretBox(randomBytes(32));
    const runtimesWith = (password: string, host = registry.host) =>
      createDockerRuntimes({
        connectTimeoutMs: 10_000,
        registry: sealRegistryCredentials({ registry: host, username: login.username, password }, secrets),
      });
    const wrong = runtimesWith('not-the-password');
    const elsewhere = runtimesWith(login.password, 'registry.example.com');
    const right = runtimesWith(login.password);
    try {
      // Anonymous: refused, and the message says so.
      const anonymous = await failure(f.runtime.ensureImage(registry.image));
      expect(anonymous).toMatchObject({ kind: 'image', step: `pull image ${registry.image}` });
      expect(anonymous.message).toContain(`(registry ${registry.host}, without credentials)`);
      // A login for another registry is not sent here.
      const notOurs = await failure(elsewhere.forServer(f.target).ensureImage(registry.image));
      expect(notOurs.message).toContain(`(registry ${registry.host}, without credentials)`);
      expect(registry.logins).toEqual([]);
      // A wrong password: the registry and the username are named, the password is not.
      const refused = await failure(wrong.forServer(f.target).ensureImage(registry.image));
      expect(refused.kind).toBe('image');
      expect(refused.message).toContain(
        `(registry ${registry.host}, with the credentials of ocore-ci (OCORE_REGISTRY_USERNAME))`,
      );
      expect(refused.message).not.toContain('not-the-password');
      expect(registry.logins).toContain('ocore-ci');
      // The right one pulls.
      await right.forServer(f.target).ensureImage(registry.image);
      expect((await docker.getImage(registry.image).inspect()).Config.Labels).toMatchObject({ 'ocore.test': '1' });
      const missing = `${registry.host}/ocore-test/tiny:2`;
      const absent = await failure(right.forServer(f.target).ensureImage(missing));
      expect(absent.message).toContain('manifest unknown');
      expect(absent.message).not.toContain(login.password);
    } finally {
      for (const runtimes of [wrong, elsewhere, right]) runtimes.closeAll();
      await docker
        .getImage(registry.image)
        .remove({ force: true })
        .catch(() => undefined);
      await registry.close();
    }
  }, 60_000);

  it('creates networks and volumes once, lists volumes by label, removes them (missing ones too)', async () => {
    const network = f.name('net');
    const volume = f.name('vol');
    await f.runtime.ensureNetwork(network, f.labels);
    await f.runtime.ensureNetwork(network, f.labels);
    await f.runtime.ensureVolume(volume, { ...f.labels, purpose: 'filestore' });
    await f.runtime.ensureVolume(volume, { ...f.labels, purpose: 'filestore' });
    expect(await f.runtime.listVolumes({ ...f.labels, purpose: 'filestore' })).toEqual([volume]);
    await f.runtime.removeVolume(volume);
    await f.runtime.removeNetwork(network);
    expect(await f.runtime.listVolumes({ ...f.labels, purpose: 'filestore' })).toEqual([]);
    await f.runtime.removeVolume(volume);
    await f.runtime.removeNetwork(network);
  });
});

describe('a PostgreSQL container', () => {
  const spec = (): ContainerSpec => ({
    name: f.name('pg'),
    image: testImages.postgres,
    env: { POSTGRES_PASSWORD: 'pw-for-tests', POSTGRES_USER: 'odoo', POSTGRES_DB: 'postgres' },
    labels: { ...f.labels, role: 'db' },
    networks: [{ name: f.name('pg-net'), aliases: ['db'] }],
    volumes: [{ volume: f.name('pg-data'), target: '/var/lib/postgresql/data' }],
    ports: [{ containerPort: 5432, hostIp: '127.0.0.1' }],
    limits: { cpus: 1, memoryMb: 256 },
    files: {
      directory: '/docker-entrypoint-initdb.d',
      files: [{ path: 'seed.sql', content: 'CREATE TABLE seeded (n int);' }],
    },
  });

  it('is created, started, inspected, exec-ed into, logged, measured, stopped and removed', async () => {
    await f.runtime.ensureNetwork(f.name('pg-net'), f.labels);
    await f.runtime.ensureVolume(f.name('pg-data'), f.labels);
    const id = await f.runtime.createContainer(spec());
    expect((await failure(f.runtime.createContainer(spec()))).kind).toBe('conflict');
    expect(await f.runtime.createContainer(spec(), { replace: true })).not.toBe(id);
    expect((await f.runtime.inspectContainer(f.name('pg')))?.status).toBe('created');

    await f.runtime.startContainer(f.name('pg'));
    await f.runtime.startContainer(f.name('pg'));
    const state = (await f.runtime.inspectContainer(f.name('pg')))!;
    expect(state).toMatchObject({ name: f.name('pg'), image: testImages.postgres, status: 'running', exitCode: null });
    expect(state.labels['role']).toBe('db');
    expect(state.ports).toEqual([{ containerPort: 5432, hostIp: '127.0.0.1', hostPort: expect.any(Number) }]);
    expect((await f.runtime.listContainers({ ...f.labels, role: 'db' })).map((c) => c.name)).toEqual([f.name('pg')]);

    await eventually('PostgreSQL to accept TCP connections', async () => {
      const ready = await f.runtime.exec(f.name('pg'), { command: ['pg_isready', '-h', '127.0.0.1', '-U', 'odoo'] });
      return ready.exitCode === 0 ? true : undefined;
    });
    const sql = await f.runtime.exec(f.name('pg'), {
      command: ['psql', '-h', '127.0.0.1', '-U', 'odoo', '-d', 'postgres', '-At', '-v', 'ON_ERROR_STOP=1'],
      env: { PGPASSWORD: 'pw-for-tests' },
      stdin:
        "INSERT INTO seeded VALUES (41), (1);\nSELECT sum(n) FROM seeded;\nSELECT current_user || ' ' || inet_server_port();\n",
    });
    expect(sql).toMatchObject({ exitCode: 0, stderr: '' });
    expect(sql.stdout).toBe('INSERT 0 2\n42\nodoo 5432\n');
    const wrong = await f.runtime.exec(f.name('pg'), {
      command: ['psql', '-U', 'nobody', '-c', 'select 1'],
      user: 'postgres',
    });
    expect(wrong.exitCode).not.toBe(0);
    expect(wrong.stderr).toContain('nobody');

    const dump = await f.runtime.execStream(f.name('pg'), {
      command: ['pg_dump', '-U', 'odoo', '-d', 'postgres', '-t', 'seeded', '--data-only'],
      user: 'postgres',
    });
    let dumped = '';
    for await (const chunk of dump.stdout) dumped += Buffer.from(chunk).toString();
    expect(await dump.done).toEqual({ exitCode: 0, stderr: '' });
    expect(dumped).toMatch(/COPY public\.seeded \(n\) FROM stdin;\n41\n1\n/);
    const failing = await f.runtime.execStream(f.name('pg'), {
      command: ['sh', '-c', 'echo out; echo why >&2; exit 3'],
    });
    for await (const _ of failing.stdout) void _;
    expect(await failing.done).toEqual({ exitCode: 3, stderr: 'why\n' });

    // 256 MiB of output left unread for a while: it waits in the engine, not in our memory.
    const before = process.memoryUsage().arrayBuffers;
    const big = await f.runtime.execStream(f.name('pg'), {
      command: ['head', '-c', String(256 * 1024 * 1024), '/dev/zero'],
    });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 1024 * 1024);
    let total = 0;
    for await (const chunk of big.stdout) total += chunk.length;
    expect(total).toBe(256 * 1024 * 1024);
    expect((await big.done).exitCode).toBe(0);

    const lines = [];
    for await (const line of f.runtime.logs(f.name('pg'), {})) lines.push(line);
    expect(lines.some((l) => l.text.includes('database system is ready to accept connections'))).toBe(true);
    expect(lines.some((l) => l.text.includes('PostgreSQL init process complete'))).toBe(true);
    expect(lines[0]!.time).toMatch(/^\d{4}-\d\d-\d\dT/);

    const stats = await f.runtime.stats(f.name('pg'));
    expect(stats.memoryBytes).toBeGreaterThan(1024 * 1024);
    expect(stats.memoryLimitBytes).toBe(256 * 1024 * 1024);
    expect(stats.cpuPercent).toBeGreaterThanOrEqual(0);

    await f.runtime.stopContainer(f.name('pg'), 10);
    await f.runtime.stopContainer(f.name('pg'), 10);
    const stopped = (await f.runtime.inspectContainer(f.name('pg')))!;
    expect(stopped.status).toBe('exited');
    expect(stopped.exitCode).toBe(0);
    expect(stopped.finishedAt).not.toBeNull();
    await f.runtime.restartContainer(f.name('pg'), 5);
    expect((await f.runtime.inspectContainer(f.name('pg')))?.status).toBe('running');
    await f.runtime.removeContainer(f.name('pg'));
    await f.runtime.removeContainer(f.name('pg'));
    expect(await f.runtime.inspectContainer(f.name('pg'))).toBeUndefined();
    expect((await failure(f.runtime.startContainer(f.name('pg')))).kind).toBe('not_found');
  }, 180_000);

  it('refuses host paths and ports without a host address', async () => {
    const hostPath = await failure(
      f.runtime.createContainer({ ...spec(), name: f.name('bad'), volumes: [{ volume: '/etc', target: '/x' }] }),
    );
    expect(hostPath.message).toContain('never host paths');
    const port = await failure(
      f.runtime.createContainer({ ...spec(), name: f.name('bad'), ports: [{ containerPort: 5432, hostIp: '' }] }),
    );
    expect(port.message).toContain('host address');
    expect(await f.runtime.inspectContainer(f.name('bad'))).toBeUndefined();
  });
});

describe('a running container', () => {
  const name = () => f.name('box');

  beforeAll(async () => {
    await f.runtime.ensureNetwork(f.name('box-net'), f.labels);
    await f.runtime.createContainer({
      name: name(),
      image: testImages.postgres,
      entrypoint: ['bash', '-c', 'echo oops >&2; i=0; while :; do i=$((i+1)); echo "tick $i"; sleep 0.25; done'],
      labels: f.labels,
      networks: [{ name: f.name('box-net') }],
    });
    await f.runtime.startContainer(name());
  }, 60_000);

  it('follows the logs as they come until aborted', async () => {
    const controller = new AbortController();
    const stdout: string[] = [];
    const stderr: string[] = [];
    for await (const line of f.runtime.logs(name(), { follow: true, signal: controller.signal })) {
      (line.stream === 'stdout' ? stdout : stderr).push(line.text);
      // Tick 8 comes about 2 s after the start: following waited for it.
      if (line.text === 'tick 8') controller.abort();
    }
    expect(stdout).toEqual(Array.from({ length: 8 }, (_, i) => `tick ${i + 1}`));
    expect(stderr).toEqual(['oops']);
    const tail = [];
    for await (const line of f.runtime.logs(name(), { tail: 1 })) tail.push(line.text);
    expect(tail).toEqual([expect.stringMatching(/^tick \d+$/)]);
  }, 60_000);

  it('writes files with their owner and mode, and copies archives out and in', async () => {
    await f.runtime.putFiles(name(), '/etc/odoo-test', [
      { path: 'odoo.conf', content: '[options]\nworkers = 2\n', mode: 0o640, uid: 999, gid: 999 },
      { path: 'nested/deeper/data.bin', content: new Uint8Array([0, 1, 2, 255]) },
    ]);
    const stat = await f.runtime.exec(name(), {
      command: ['stat', '-c', '%a %u:%g %n', '/etc/odoo-test/odoo.conf', '/etc/odoo-test/nested/deeper/data.bin'],
    });
    expect(stat.stdout).toBe('640 999:999 /etc/odoo-test/odoo.conf\n644 0:0 /etc/odoo-test/nested/deeper/data.bin\n');
    await expect(f.runtime.putFiles(name(), '/etc/odoo-test', [{ path: '../escape', content: 'x' }])).rejects.toThrow(
      /not a path inside/,
    );

    const chunks: Uint8Array[] = [];
    for await (const chunk of f.runtime.getArchive(name(), '/etc/odoo-test')) chunks.push(chunk);
    const entries = await readTar(Buffer.concat(chunks));
    expect(entries.get('odoo-test/odoo.conf')).toBe('[options]\nworkers = 2\n');
    expect(entries.has('odoo-test/nested/deeper/data.bin')).toBe(true);

    await f.runtime.exec(name(), { command: ['mkdir', '/restore'] });
    await f.runtime.putArchive(name(), '/restore', Readable.from(chunks));
    const restored = await f.runtime.exec(name(), {
      command: ['sh', '-c', 'cat /restore/odoo-test/odoo.conf; od -An -tu1 /restore/odoo-test/nested/deeper/data.bin'],
    });
    expect(restored.stdout).toBe('[options]\nworkers = 2\n   0   1   2 255\n');
    // A tar that fails half way: the call fails with its error (not an uncaught one), promptly.
    const broken = (async function* () {
      yield Buffer.concat(chunks).subarray(0, 1024);
      throw new Error('the source broke half way');
    })();
    await expect(f.runtime.putArchive(name(), '/restore', broken)).rejects.toThrow('the source broke half way');
    expect((await failure(collect(f.runtime.getArchive(name(), '/nowhere')))).kind).toBe('not_found');
  }, 60_000);

  it('opens an interactive session with a TTY', async () => {
    const session = await f.runtime.openSession(name(), { command: ['sh'], columns: 100, rows: 30 });
    let output = '';
    const reading = (async () => {
      for await (const chunk of session.output) output += Buffer.from(chunk).toString();
    })();
    session.write('stty size; exit 7\n');
    await reading;
    expect(output).toContain('30 100');
    expect(await session.done).toEqual({ exitCode: 7 });
  }, 30_000);
});

async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const chunk of source) out.push(chunk);
  return out;
}

async function readTar(tar: Buffer): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const ex = extract();
  const done = new Promise<void>((resolve, reject) => {
    ex.on('entry', (header, stream, next) => {
      const parts: Buffer[] = [];
      stream.on('data', (d) => parts.push(d as Buffer));
      stream.on('end', () => {
        if (header.type === 'file') files.set(header.name, Buffer.concat(parts).toString());
        next();
      });
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
  });
  ex.end(tar);
  await done;
  return files;
}
