import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    async run(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
      let stdout = '';
      let stderr = '';
      const code = await runCli(['--url', url, ...args], {
        stdout: { write: (chunk: string) => (stdout += chunk) },
        stderr: { write: (chunk: string) => (stderr += chunk) },
        env: { OCORE_CONFIG: configPath, ...env },
      });
      return { code, stdout, stderr };
    },
  };
}

export type TestUser = ReturnType<typeof createTestUser>;

let counter = 0;

/** An email no other test uses. */
export function uniqueEmail(name: string): string {
  counter += 1;
  return `${name}-${Date.now()}-${counter}@example.com`;
}

export const testPassword = 'correct horse battery';
