import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { loadConfig, startApp, type App } from '@ocore/server';
import { runCli } from '../program.js';
import { spawnCli, type CliProcess } from './cli-process.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * An in-process server on a free port with an in-memory database, `env` added to its
 * configuration. DNS goes to a closed loopback port unless `env` says otherwise, so the
 * checks of test domains fail at once and never leave the machine.
 */
export function startTestServer(env: Record<string, string> = {}): Promise<App> {
  return startApp(
    loadConfig({
      // Cheap argon2: tests hash many passwords (refused in production).
      OCORE_PASSWORD_HASH: 'fast-for-tests',
      ...process.env,
      PORT: '0',
      OCORE_DATA_DIR: 'memory',
      LOG_LEVEL: 'silent',
      OCORE_JWT_SECRET: 'x'.repeat(40),
      OCORE_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
      OCORE_DNS_SERVERS: closedDnsServer,
      ...env,
    }),
  );
}

/** Nothing listens on the discard port: look-ups there fail with ECONNREFUSED at once. */
export const closedDnsServer = '127.0.0.1:9';

/** A temporary folder for config files, removed by `cleanup`. */
export async function createTempDir(): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ocore-cli-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * One person at the terminal: their own config file, talking to `url`. The environment is
 * built from scratch so the developer's own OCORE_* variables never leak into a test.
 */
export function createTestUser(url: string, configPath: string) {
  return {
    configPath,
    /** Runs `ocore args`; `stdin` stands in for a terminal to prompt on. */
    async run(
      args: readonly string[],
      env: Record<string, string> = {},
      stdin?: NodeJS.ReadStream,
    ): Promise<CliResult> {
      let stdout = '';
      let stderr = '';
      const code = await runCli(['--url', url, ...args], {
        stdout: { write: (chunk: string) => (stdout += chunk) },
        stderr: { write: (chunk: string) => (stderr += chunk) },
        env: { OCORE_CONFIG: configPath, ...env },
        ...(stdin && { stdin }),
      });
      return { code, stdout, stderr };
    },

    /**
     * Starts `ocore args` without waiting for it, for commands that run until stopped:
     * the output so far, a stand-in for Ctrl-C, and the result once it ends.
     */
    start(args: readonly string[], env: Record<string, string> = {}): RunningCli {
      const output = { stdout: '', stderr: '' };
      const handlers = new Set<() => void>();
      const exit = runCli(['--url', url, ...args], {
        stdout: { write: (chunk: string) => (output.stdout += chunk) },
        stderr: { write: (chunk: string) => (output.stderr += chunk) },
        env: { OCORE_CONFIG: configPath, ...env },
        onInterrupt: (handler) => {
          handlers.add(handler);
          return () => void handlers.delete(handler);
        },
      });
      return {
        output: () => ({ ...output }),
        interrupt: () => handlers.forEach((handler) => handler()),
        result: exit.then((code) => ({ code, ...output })),
      };
    },

    /** Runs `ocore args` as a process of its own, for what only a real process shows: signals, exit status. */
    spawn(args: readonly string[], env: Record<string, string> = {}): CliProcess {
      return spawnCli(['--url', url, ...args], { OCORE_CONFIG: configPath, ...env });
    },
  };
}

/** A command started with `start`, still running or done. */
export interface RunningCli {
  output(): { stdout: string; stderr: string };
  /** What Ctrl-C does in a terminal. */
  interrupt(): void;
  result: Promise<CliResult>;
}

export type TestUser = ReturnType<typeof createTestUser>;

/**
 * The arguments of a command line as the documentation writes it, for the shell to split:
 * `ocore` dropped, double-quoted words kept whole, backslash line continuations joined.
 */
export function documentedArgs(commandLine: string): string[] {
  const words = commandLine.replace(/\\\n/g, ' ').match(/"[^"]*"|\S+/g) ?? [];
  const args = words.map((word) => (word.startsWith('"') ? word.slice(1, -1) : word));
  if (args[0] !== 'ocore') throw new Error(`not an ocore command line: ${commandLine}`);
  return args.slice(1);
}

/** A stand-in terminal whose typed input is `typed`. */
export function fakeTerminal(typed: string): NodeJS.ReadStream {
  const stream = new PassThrough() as PassThrough & { isTTY: boolean };
  stream.isTTY = true;
  stream.end(typed);
  return stream as unknown as NodeJS.ReadStream;
}

/** Standard input with `text` piped in, as `echo … | ocore …` gives it: not a terminal. */
export function pipedInput(text: string): NodeJS.ReadStream {
  const stream = new PassThrough();
  stream.end(text);
  return stream as unknown as NodeJS.ReadStream;
}

let counter = 0;

/** An email no other test uses. */
export function uniqueEmail(name: string): string {
  counter += 1;
  return `${name}-${Date.now()}-${counter}@example.com`;
}

export const testPassword = 'correct horse battery';
