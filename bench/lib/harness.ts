import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const serverDist = join(repoRoot, 'packages', 'server', 'dist');
export const coreDist = join(repoRoot, 'packages', 'core', 'dist');

/** Stops with a clear message when the server has not been built. */
export function requireBuilt(): void {
  for (const file of [join(serverDist, 'main.js'), join(coreDist, 'index.js')]) {
    if (!existsSync(file)) {
      console.error(`${file} is missing: build first (npx -y pnpm@10.34.9 build)`);
      process.exit(2);
    }
  }
}

// Cleanup runs in reverse order of registration, once, whatever ends the run.
const cleanups: (() => Promise<void> | void)[] = [];
let cleaning: Promise<void> | undefined;

export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (error) {
        console.error('cleanup step failed:', error);
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up`);
    void cleanup().then(() => process.exit(130));
  });
}

/** Runs a benchmark's main function, always cleaning up, and sets the exit code. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => cleanup(),
    async (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
      await cleanup();
    },
  );
}

/** A fresh temporary folder, removed at cleanup. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ocore-bench-${prefix}-`));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Child {
  process: ChildProcess;
  pid: number;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns a child that is stopped at cleanup (and killed if this process dies first). */
export function spawnChild(command: string, args: string[], options: SpawnOptions = {}): Child {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'], ...options });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  const killOnExit = () => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async (graceMs = 10_000) => {
    process.off('exit', killOnExit);
    if (done) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  onCleanup(() => stop());
  return { process: child, pid: child.pid, exited, stop };
}

/** The resident set of a process, from /proc, in bytes. */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb) * 1024;
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every `everyMs` until it is true, or throws after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export interface Distribution {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, v) => sum + v, 0) / (sorted.length || 1);
  return {
    count: sorted.length,
    mean,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

export const mb = (bytes: number) => bytes / 1024 / 1024;

/** A GET with any headers (fetch does not let Host be set); resolves with status and body. */
export function httpGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** CPU time (user + system) a process has used so far, in seconds, from /proc. */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export interface Worker extends Child {
  /** Sends `{ id, cmd, ...extra }` and resolves with the answer carrying the same id. */
  call<T = Record<string, unknown>>(cmd: string, extra?: Record<string, unknown>): Promise<T>;
}

/**
 * Starts a child with an IPC channel (a .ts file runs through tsx) whose answers carry
 * the id of the command; resolves once it says `{ type: 'ready' }` when `waitReady`.
 */
export async function startWorker(
  file: string,
  options: {
    env?: NodeJS.ProcessEnv;
    nodeArgs?: string[];
    waitReady?: boolean;
    quiet?: boolean;
    /** CPUs the process may run on (`taskset -c` list, e.g. "0" or "1-3"); any by default. */
    cpus?: string | undefined;
  } = {},
): Promise<Worker & { ready: Record<string, unknown> }> {
  const loader = file.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const node = [process.execPath, ...loader, ...(options.nodeArgs ?? []), file];
  // taskset execs node in its own place: same pid, same IPC channel.
  const [command, ...args] = options.cpus ? ['taskset', '-c', options.cpus, ...node] : node;
  const child = spawnChild(command!, args, {
    env: options.env ?? process.env,
    // quiet: stdout (a server's logs) goes to /dev/null, as production logs go to a file.
    stdio: ['ignore', options.quiet ? 'ignore' : 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (msg: Record<string, unknown>) => void>();
  let nextId = 1;
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    child.process.on('message', (raw) => {
      const msg = raw as Record<string, unknown>;
      if (msg['type'] === 'ready') return resolve(msg);
      const answer = pending.get(Number(msg['id']));
      pending.delete(Number(msg['id']));
      answer?.(msg);
    });
    void child.exited.then((code) => {
      const error = new Error(`${file} exited with ${code}`);
      reject(error);
      for (const answer of pending.values()) answer({ ok: false, error: error.message });
    });
  });
  const call = <T>(cmd: string, extra: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (msg) => (msg['ok'] ? resolve(msg as T) : reject(new Error(String(msg['error'])))));
      child.process.send({ id, cmd, ...extra });
    });
  return { ...child, call, ready: options.waitReady ? await ready : {} };
}
