import { existsSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickFreePorts, spawnManaged, waitUntilReady } from './testing/acme/managed-process.js';
import { createOwnPostgres, postgresBinDir, type OwnPostgres } from './testing/own-postgres.js';
import { startTestApp, testJwtSecret, testMasterKey, type TestApp } from './testing/test-app.js';
import { testDbKind } from './testing/test-database.js';

/*
 * Faults on a PostgreSQL server of the test's own: restarted under load, and a server
 * process killed with SIGKILL in the middle of deleting a client.
 */

const mainJs = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main.js');
const runs =
  testDbKind() === 'postgres' && ((postgresBinDir() !== undefined && existsSync(mainJs)) || process.env.CI === 'true');

let own: OwnPostgres;

describe.runIf(runs)('faults', () => {
  beforeAll(async () => {
    own = await createOwnPostgres();
  }, 60_000);
  afterAll(async () => {
    await own?.remove();
  });

  describe('PostgreSQL restarted under load', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ DATABASE_URL: own.url, OCORE_JOBS: '0' });
    });
    afterAll(() => t?.close());

    it('answers 503 with Retry-After while it is down, never 500, and recovers within 5 s without a restart', async () => {
      const { token } = await t.signup();
      const answers: { at: number; status: number; retryAfter: string | null }[] = [];
      let running = true;
      const worker = async () => {
        while (running) {
          const res = await fetch(`${t.url}/api/org/settings`, { headers: { Authorization: `Bearer ${token}` } });
          await res.arrayBuffer();
          answers.push({ at: Date.now(), status: res.status, retryAfter: res.headers.get('retry-after') });
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      const load = Promise.all(Array.from({ length: 6 }, worker));
      await new Promise((resolve) => setTimeout(resolve, 300));

      await own.stop();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const readyz = await fetch(`${t.url}/readyz`);
      expect(readyz.status).toBe(503);
      await own.start();
      const upAt = Date.now();
      // Until every worker has seen success again, or 5 s have passed.
      await expect
        .poll(() => answers.filter((a) => a.at > upAt && a.status === 200).length, { timeout: 5_000, interval: 100 })
        .toBeGreaterThanOrEqual(6);
      running = false;
      await load;

      const statuses = new Set(answers.map((a) => a.status));
      expect([...statuses].sort()).toEqual([200, 503]);
      for (const a of answers.filter((x) => x.status === 503)) expect(a.retryAfter).toBe('5');
      const firstOk = answers.find((a) => a.at > upAt && a.status === 200)!;
      expect(firstOk.at - upAt).toBeLessThan(5_000);
      expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    }, 60_000);
  });

  describe('a server process killed during a client delete', () => {
    const work = mkdtempSync(join(tmpdir(), 'ocore-kill-'));
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    async function count(client: pg.Client, sql: string, id: string): Promise<number> {
      return Number((await client.query(sql, [id])).rows[0].n);
    }

    it('leaves the client fully there or fully gone, whenever the kill lands', async () => {
      const db = new pg.Client({ connectionString: own.url });
      await db.connect();
      const outcomes: string[] = [];
      try {
        for (const delayMs of [0, 2, 5, 10, 20, 40, 80]) {
          const [port] = await pickFreePorts(1);
          const proc = spawnManaged(process.execPath, [mainJs], {
            PORT: String(port),
            HOST: '127.0.0.1',
            DATABASE_URL: own.url,
            OCORE_JOBS: '0',
            LOG_LEVEL: 'warn',
            OCORE_DATA_DIR: join(work, 'data'),
            OCORE_JWT_SECRET: testJwtSecret,
            OCORE_MASTER_KEY: testMasterKey,
            OCORE_WEB_DIR: join(work, 'no-web'),
          });
          const url = `http://127.0.0.1:${port}`;
          await waitUntilReady('server', proc, async () => (await fetch(`${url}/readyz`)).ok, { timeoutMs: 30_000 });
          const call = async (method: string, path: string, token?: string, body?: unknown) => {
            const res = await fetch(`${url}${path}`, {
              method,
              headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
              body: body === undefined ? undefined : JSON.stringify(body),
            });
            return res.json() as Promise<Record<string, any>>;
          };
          const owner = await call('POST', '/api/auth/signup', undefined, {
            email: `kill-${delayMs}-${Date.now()}@example.com`,
            password: 'a long enough password',
            name: 'Kill',
          });
          await call('POST', '/api/agency/enable', owner['token']);
          const client = await call('POST', '/api/agency/clients', owner['token'], { name: `Doomed ${delayMs}` });
          const clientId = client['id'] as string;
          // Enough rows under the client that deleting it takes a while.
          await db.query(
            `insert into servers (organization_id, name, host, port, ssh_user, cpu_cores, memory_mb, max_instances)
             select $1, 'srv-' || g, 'h' || g || '.internal', 22, 'root', 1, 1024, 1 from generate_series(1, 20000) g`,
            [clientId],
          );

          const deleting = fetch(`${url}/api/agency/clients/${clientId}`, {
            method: 'DELETE',
            headers: { Authorization: `Bearer ${owner['token']}` },
          }).catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          await proc.kill();
          await deleting;

          const orgs = await count(db, 'select count(*) as n from organizations where id = $1', clientId);
          const servers = await count(db, 'select count(*) as n from servers where organization_id = $1', clientId);
          const roles = await count(db, 'select count(*) as n from roles where organization_id = $1', clientId);
          outcomes.push(orgs === 1 ? 'there' : 'gone');
          if (orgs === 1) expect({ servers, roles: roles > 0 }).toEqual({ servers: 20000, roles: true });
          else expect({ servers, roles }).toEqual({ servers: 0, roles: 0 });
        }
      } finally {
        await db.end();
      }
      // Both outcomes are allowed; the point is that nothing in between ever is.
      expect(outcomes).toHaveLength(7);
    }, 180_000);
  });
});
