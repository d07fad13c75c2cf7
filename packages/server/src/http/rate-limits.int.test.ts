import { afterAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../app.js';
import { loadConfig } from '../config/config.js';
import { startTestApp, testJwtSecret, testMasterKey } from '../testing/test-app.js';
import { testDbKind } from '../testing/test-database.js';
import { requestLimits } from './rate-limits.js';

const apps: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const app of apps.reverse()) await app.close();
});

const body = (n: number) => ({
  email: `limited-${n}-${Date.now()}@example.com`,
  password: 'a long enough password',
  name: `L${n}`,
});

describe('request limits', () => {
  it('limits sign-ups per address, with 429 and Retry-After', async () => {
    const t = await startTestApp({ OCORE_SIGNUPS_PER_HOUR: '3' });
    apps.push(t);
    for (let i = 0; i < 3; i++) expect((await t.api('POST', '/api/auth/signup', { body: body(i) })).status).toBe(201);
    const refused = await t.api('POST', '/api/auth/signup', { body: body(3) });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({
      error: 'RATE_LIMITED',
      message: expect.stringMatching(/^Too many sign-ups from this address; try again in \d+ s$/),
    });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000);
  });

  it('limits verifications per domain and integration checks per organization', async () => {
    const t = await startTestApp({ OCORE_PORTAL_BASE_DOMAIN: 'portal.test', OCORE_JOBS: '0' });
    apps.push(t);
    const agency = await t.agency();
    const domain = await t.api('POST', '/api/agency/portal-domains', {
      token: agency.token,
      body: { subdomain: 'limited' },
    });
    const verify = () => t.api('POST', `/api/agency/portal-domains/${domain.body.id}/verify`, { token: agency.token });
    const checks = () =>
      t.api('POST', '/api/org/settings/validate-subscription', {
        token: agency.token,
        body: { code: 'M2407150000001' },
      });
    for (let i = 0; i < requestLimits.domainVerify.points; i++) expect((await verify()).status).toBe(200);
    expect((await verify()).body).toMatchObject({
      error: 'RATE_LIMITED',
      message: expect.stringContaining('verifications of this domain'),
    });
    for (let i = 0; i < requestLimits.integrationCheck.points; i++) expect((await checks()).status).toBe(200);
    expect((await checks()).status).toBe(429);
  }, 60_000);

  it.runIf(testDbKind() === 'postgres')(
    'counts login failures together across replicas on one PostgreSQL',
    async () => {
      const first = await startTestApp({ OCORE_LOGIN_MAX_FAILURES: '3' });
      apps.push(first);
      const second: App = await startApp(
        loadConfig({
          PORT: '0',
          OCORE_DATA_DIR: 'memory',
          LOG_LEVEL: 'silent',
          OCORE_JOBS: '0',
          OCORE_LOGIN_MAX_FAILURES: '3',
          OCORE_JWT_SECRET: testJwtSecret,
          OCORE_MASTER_KEY: testMasterKey,
          DATABASE_URL: first.config.databaseUrl!,
        }),
      );
      apps.push(second);
      const user = await first.signup();
      const attempt = (url: string) =>
        fetch(`${url}/api/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: user.user.email, password: 'wrong password!!' }),
        });
      expect((await attempt(first.url)).status).toBe(401);
      expect((await attempt(second.url)).status).toBe(401);
      expect((await attempt(first.url)).status).toBe(401);
      expect((await attempt(second.url)).status).toBe(429);
    },
  );
});
