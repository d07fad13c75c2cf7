import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { testDbKind } from './testing/test-database.js';

const mainPath = join(import.meta.dirname, 'main.ts');

/** Starts `main.ts` as its own process and resolves with its URL once it listens. */
function startProcess(env: Record<string, string>): {
  child: ChildProcess;
  ready: Promise<string>;
  exit: Promise<{ code: number | null; stderr: string }>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', mainPath], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const ready = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'oCore listening' && entry.url) resolve(entry.url);
    });
    child.on('exit', () => reject(new Error(`exited before listening: ${stderr}`)));
  });
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stderr })),
  );
  return { child, ready, exit };
}

describe.runIf(testDbKind() === 'pglite')('the server process', () => {
  it('starts on the embedded database, keeps its keys across restarts, and drains on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ocore-main-'));
    const first = startProcess({ OCORE_DATA_DIR: dataDir });
    const url = await first.ready;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const signup = await fetch(`${url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'restart@example.com', password: 'a long enough password', name: 'Restart' }),
    });
    const { token } = (await signup.json()) as { token: string };
    first.child.kill('SIGTERM');
    expect((await first.exit).code).toBe(0);

    const second = startProcess({ OCORE_DATA_DIR: dataDir });
    const url2 = await second.ready;
    const org = await fetch(`${url2}/api/org`, { headers: { Authorization: `Bearer ${token}` } });
    expect(org.status).toBe(200);
    second.child.kill('SIGTERM');
    expect((await second.exit).code).toBe(0);
    // Two starts of the real process (migrations on a fresh data folder) and two drains: on a
    // loaded 2-core machine (CI's other lane runs the Docker tests) that took over 30 s.
  }, 120_000);

  it('refuses to start in production without keys, with a clear message', async () => {
    const run = startProcess({ OCORE_DATA_DIR: mkdtempSync(join(tmpdir(), 'ocore-prod-')), NODE_ENV: 'production' });
    run.ready.catch(() => undefined);
    const { code, stderr } = await run.exit;
    expect(code).toBe(1);
    expect(stderr).toContain('OCORE_JWT_SECRET and OCORE_MASTER_KEY must be set when NODE_ENV=production');
  });

  it('names a bad setting', async () => {
    const run = startProcess({ OCORE_DATA_DIR: 'memory', PORT: 'eighty' });
    run.ready.catch(() => undefined);
    const { code, stderr } = await run.exit;
    expect(code).toBe(1);
    expect(stderr).toMatch(/PORT: /);
  });
});
