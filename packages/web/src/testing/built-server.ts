/// <reference types="node" />
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { webRoot } from './browser-env';

/*
 * The server as the README's quick start runs it: `node packages/server/dist/main.js` from the
 * repository root, serving packages/web/dist, with PGlite's files and generated keys in a data
 * directory of its own. Nothing of the test's process is shared with it.
 */

export const repoRoot = resolve(webRoot, '../..');
export const builtServerMain = join(repoRoot, 'packages/server/dist/main.js');

export interface BuiltServer {
  url: string;
  port: number;
  dataDir: string;
  /** What the server logged so far (the tail), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const maxOutputChars = 64_000;

async function isReady(url: string): Promise<boolean> {
  const answer = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
  return answer?.status === 200;
}

/** Starts the built server on `port` (127.0.0.1) and resolves once /readyz answers 200. */
export async function startBuiltServer(
  port: number,
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<BuiltServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ocore-journey-'));
  const child = spawn(process.execPath, [builtServerMain], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: '',
      HOST: '127.0.0.1',
      PORT: String(port),
      OCORE_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-maxOutputChars));
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<void>((done) => child.once('close', () => done()));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const killOnExit = () => void child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    if (!hasExited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    process.off('exit', killOnExit);
    rmSync(dataDir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (!(await isReady(url))) {
    if (hasExited || Date.now() > deadline) {
      await stop();
      throw new Error(`${builtServerMain} did not become ready on ${url}. Output:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return { url, port, dataDir, output: () => output, stop };
}
