import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { loadConfig, startApp, type App } from '@ocore/server';
import { runCli } from '../program.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** An in-process server on a free port with an in-memory database. */
export function startTestServer(): Promise<App> {
  return startApp(
    loadConfig({
      ...process.env,
      PORT: '0',
      OCORE_DATA_DIR: 'memory',
      LOG_LEVEL: 'silent',
      OCORE_JWT_SECRET: 'x'.repeat(40),
      OCORE_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    }),
  );
}

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
  };
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

let counter = 0;

/** An email no other test uses. */
export function uniqueEmail(name: string): string {
  counter += 1;
  return `${name}-${Date.now()}-${counter}@example.com`;
}

export const testPassword = 'correct horse battery';
