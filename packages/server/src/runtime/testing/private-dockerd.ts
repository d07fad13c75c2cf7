import Docker from 'dockerode';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A Docker Engine of a test's own, for the faults that need the engine to go away (a restart
 * mid-deploy): the machine's shared engine serves every test running here and is never
 * stopped. Its data, state, pid file and socket live in a temporary folder, and it runs in a
 * network namespace of its own (`unshare --net`), so its bridges and their subnets never meet
 * the shared engine's. It starts with no images: `loadImages` copies them from the shared one.
 * Needs root, as dockerd does.
 */
export interface PrivateDockerd {
  /** The engine's socket on this machine, for a server's `dockerSocket`. */
  socket: string;
  /** A client of the engine over its socket (no SSH), to check what a test made there. */
  docker: Docker;
  /** Stops the engine as `systemctl stop docker` does (SIGTERM: containers stopped, API closed). */
  stop(): Promise<void>;
  /** Starts it again on the same data; resolves once it answers. */
  start(): Promise<void>;
  /** Copies images from the shared engine (`docker save | docker load`). */
  loadImages(refs: string[]): Promise<void>;
  /** Stops the engine and removes its folder, containers and images with it. */
  cleanup(): Promise<void>;
}

/** Resolves when the process ends; rejects with its error output when it ends badly. */
function finished(child: ChildProcess, what: string): Promise<void> {
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${what} exited ${code}: ${errors.trim().slice(-500)}`)),
    );
  });
}

async function waitUntilAnswering(docker: Docker, daemon: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (daemon.exitCode !== null) throw new Error(`the private dockerd exited ${daemon.exitCode}:\n${log()}`);
    try {
      await docker.ping();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`the private dockerd did not answer in 60 s:\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export async function startPrivateDockerd(): Promise<PrivateDockerd> {
  // Short: a unix socket's path has a limit of 107 bytes.
  const dir = mkdtempSync('/tmp/ocore-dockerd-');
  const socket = join(dir, 'docker.sock');
  const docker = new Docker({ socketPath: socket });
  let daemon: ChildProcess | undefined;
  let output = '';
  const args = [
    `--data-root=${join(dir, 'data')}`,
    `--exec-root=${join(dir, 'exec')}`,
    `--pidfile=${join(dir, 'docker.pid')}`,
    `--host=unix://${socket}`,
    // Its own network namespace: no iptables rules to add, none of the shared engine's to touch.
    '--iptables=false',
    '--ip6tables=false',
  ];

  const start = async () => {
    output = '';
    daemon = spawn('unshare', ['--net', 'sh', '-c', 'ip link set lo up && exec dockerd "$@"', 'dockerd', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
    daemon.stdout?.on('data', keep);
    daemon.stderr?.on('data', keep);
    await waitUntilAnswering(docker, daemon, () => output);
  };

  const stop = async () => {
    const running = daemon;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    const late = setTimeout(() => running.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(late);
  };

  await start();
  return {
    socket,
    docker,
    stop,
    start,
    async loadImages(refs) {
      const save = spawn('docker', ['save', ...refs], { stdio: ['ignore', 'pipe', 'pipe'] });
      const load = spawn('docker', ['-H', `unix://${socket}`, 'load', '-q'], { stdio: ['pipe', 'ignore', 'pipe'] });
      save.stdout.pipe(load.stdin);
      await Promise.all([finished(save, 'docker save'), finished(load, 'docker load')]);
    },
    async cleanup() {
      // Containers first, so that dockerd unmounts their file systems before it stops.
      try {
        for (const c of await docker.listContainers({ all: true }))
          await docker.getContainer(c.Id).remove({ force: true, v: true });
      } catch {
        // Not answering: its folder goes all the same.
      }
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
