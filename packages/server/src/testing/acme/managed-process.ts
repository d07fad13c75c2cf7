import { spawn } from 'node:child_process';
import { createServer, type AddressInfo, type Server } from 'node:net';

const maxOutputChars = 64_000;

/** A child process whose output is kept so that failures can show it. */
export interface ManagedProcess {
  /** Everything the process wrote to stdout and stderr so far (the tail, if long). */
  output(): string;
  /** True once the process has exited, for whatever reason. */
  hasExited(): boolean;
  /** Sends SIGTERM, then SIGKILL after a grace period, and resolves once the process is gone. */
  stop(): Promise<void>;
  /** Kills it at once (SIGKILL), as a crash would; resolves once it is gone. */
  kill(): Promise<void>;
}

/** Thrown when a process dies before it became ready: usually a port taken in the meantime. */
export class EarlyExitError extends Error {}

/** Picks `count` distinct free loopback TCP ports; they stay free only until someone else binds them. */
export async function pickFreePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    // All are held open at once so that the ports picked are distinct.
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((server) => (server.address() as AddressInfo).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
}

/** Starts `command` with its output captured; it is killed too if this process exits first. */
export function spawnManaged(command: string, args: string[], env: Record<string, string> = {}): ManagedProcess {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const append = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-maxOutputChars);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  child.on('error', (error) => append(Buffer.from(`\n[spawn ${command}] ${error.message}\n`)));

  // 'close' comes after the last output and after a spawn 'error', so the output is complete then.
  let closed = false;
  const exited = new Promise<void>((resolve) =>
    child.once('close', () => {
      closed = true;
      resolve();
    }),
  );
  // Without this a crashed test run would leave orphaned servers holding ports.
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  return {
    output: () => output,
    hasExited: () => closed,
    kill: async () => {
      if (closed) return;
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (closed) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Polls `isReady` until it returns true. Throws EarlyExitError if the process dies first or its
 * output matches `failsWhen` (for servers that log a failed bind and carry on), and a plain Error
 * on timeout; all carry the process output.
 */
export async function waitUntilReady(
  name: string,
  proc: ManagedProcess,
  isReady: () => Promise<boolean>,
  { timeoutMs = 10_000, failsWhen }: { timeoutMs?: number; failsWhen?: RegExp } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.hasExited() || failsWhen?.test(proc.output())) {
      await proc.stop();
      throw new EarlyExitError(`${name} failed to start. Output:\n${proc.output()}`);
    }
    if (await isReady().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await proc.stop();
  throw new Error(`${name} was not ready within ${timeoutMs} ms. Output:\n${proc.output()}`);
}

/** Retries `start` with fresh ports when the server died early, which a port race explains. */
export async function retryOnEarlyExit<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (!(error instanceof EarlyExitError) || attempt >= attempts) throw error;
    }
  }
}
