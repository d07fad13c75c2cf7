import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from './app.js';
import { loadConfig } from './config/config.js';
import { createLogger } from './logger.js';
import { createTestPostgresDatabase, testDbKind } from './testing/test-database.js';
import { testJwtSecret, testMasterKey } from './testing/test-app.js';

let app: App;
let drop: (() => Promise<void>) | undefined;
const lines: string[] = [];

beforeAll(async () => {
  const pgDb = testDbKind() === 'postgres' ? await createTestPostgresDatabase() : undefined;
  drop = pgDb ? () => pgDb.drop() : undefined;
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) });
  const base = loadConfig({
    PORT: '0',
    OCORE_DATA_DIR: 'memory',
    OCORE_JWT_SECRET: testJwtSecret,
    OCORE_MASTER_KEY: testMasterKey,
    OCORE_LOGIN_MAX_ATTEMPTS_PER_IP: '4',
    ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
  });
  // The production redaction rules, at the most talkative level.
  app = await startApp(base, { logger: createLogger('trace', sink) });
});
afterAll(async () => {
  await app.close();
  await drop?.();
});

const post = (path: string, body: unknown, token?: string) =>
  fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

describe('logs and limits', () => {
  it('logs requests without passwords or tokens', async () => {
    const password = 'secret-password-never-logged';
    const signup = await post('/api/auth/signup', { email: 'logs@example.com', password, name: 'Logs' });
    const { token } = (await signup.json()) as { token: string };
    await fetch(`${app.url}/api/org?token=${token}`, { headers: { Authorization: `Bearer ${token}` } });
    await post('/api/auth/login', { email: 'logs@example.com', password: 'wrong-password-also-secret' });
    const secrets = {
      posthogPersonalApiKey: 'phx_logged_never_1234',
      posthogWebhookSecret: 'whsec_logged_never',
      subscriptionCode: 'M2407159999999',
    };
    await fetch(`${app.url}/api/org/settings`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ ...secrets, posthogApiHost: 'http://127.0.0.1:9' }),
    });
    await post('/api/org/settings/test-posthog', {}, token);
    await post('/api/org/settings/validate-subscription', {}, token);
    await post('/api/org/disaster-recovery/export', {}, token);
    const all = lines.join('');
    for (const secret of Object.values(secrets)) expect(all).not.toContain(secret);
    expect(all).toContain('/api/auth/signup');
    expect(all).not.toContain(password);
    expect(all).not.toContain('wrong-password-also-secret');
    expect(all).not.toContain(token);
  });

  it('limits login attempts per address with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await post('/api/auth/login', { email: `someone${i}@example.com`, password: 'whatever password' })).status,
      );
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(4);
  });
});
