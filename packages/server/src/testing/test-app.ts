import { startApp, type App } from '../app.js';
import { loadConfig, type Config } from '../config/config.js';
import { createTestPostgresDatabase, testDbKind } from './test-database.js';

export const testJwtSecret = 'test-secret-that-is-long-enough-for-hs256!';
export const testMasterKey = Buffer.alloc(32, 7).toString('base64');

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestApp {
  app: App;
  url: string;
  config: Config;
  api<T = any>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiResponse<T>>;
  /** Signs up a fresh user; returns the signup answer. */
  signup(
    name?: string,
  ): Promise<{ token: string; user: { id: string; email: string }; organization: { id: string; slug: string } }>;
  /** Signs up a user whose organization has agency mode on. */
  agency(
    name?: string,
  ): Promise<{ token: string; user: { id: string; email: string }; organization: { id: string; slug: string } }>;
  /** Creates a client of the agency; returns it and an operator token acting in it. */
  client(agency: { token: string }, name?: string): Promise<{ id: string; slug: string; operatorToken: string }>;
  /** Signs up a user, adds them to the owner's organization with `role`, and returns a token there. */
  joinAs(
    owner: { token: string; organization: { id: string } },
    role: string,
  ): Promise<{ token: string; userId: string; email: string }>;
  close(): Promise<void>;
}

let counter = 0;

/** A real server on a free loopback port, on this project's database, freshly migrated. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const pgDb = testDbKind() === 'postgres' ? await createTestPostgresDatabase() : undefined;
  const config = loadConfig({
    // Cheap argon2: tests hash many passwords (refused in production).
    OCORE_PASSWORD_HASH: 'fast-for-tests',
    PORT: '0',
    HOST: '127.0.0.1',
    OCORE_DATA_DIR: 'memory',
    LOG_LEVEL: 'silent',
    OCORE_JWT_SECRET: testJwtSecret,
    OCORE_MASTER_KEY: testMasterKey,
    // Test files sign up many users from one address.
    OCORE_SIGNUPS_PER_HOUR: '100000',
    ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
    ...env,
  });
  const app = await startApp(config);
  const api: TestApp['api'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['Content-Type'] ??= 'application/json';
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers,
      body:
        options.body === undefined
          ? undefined
          : typeof options.body === 'string'
            ? options.body
            : JSON.stringify(options.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  const testApp: TestApp = {
    app,
    url: app.url,
    config,
    api,
    async signup(name = 'Test User') {
      counter += 1;
      const email = `user${counter}-${Date.now()}@example.com`;
      const res = await api('POST', '/api/auth/signup', { body: { email, password: 'a long enough password', name } });
      if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async agency(name = 'Agency Owner') {
      const owner = await testApp.signup(name);
      const enabled = await api('POST', '/api/agency/enable', { token: owner.token });
      if (enabled.status !== 200) throw new Error(`enable failed: ${enabled.status} ${JSON.stringify(enabled.body)}`);
      return owner;
    },
    async client(agency, name = 'Client Co') {
      const created = await api('POST', '/api/agency/clients', { token: agency.token, body: { name } });
      if (created.status !== 201) throw new Error(`client failed: ${created.status} ${JSON.stringify(created.body)}`);
      const switched = await api('POST', '/api/auth/switch-org', {
        token: agency.token,
        body: { organizationId: created.body.id },
      });
      if (switched.status !== 200)
        throw new Error(`operator switch failed: ${switched.status} ${JSON.stringify(switched.body)}`);
      return { id: created.body.id, slug: created.body.slug, operatorToken: switched.body.token };
    },
    async joinAs(owner, role) {
      const member = await testApp.signup(`${role} Member`);
      const added = await api('POST', '/api/org/members', {
        token: owner.token,
        body: { email: member.user.email, role },
      });
      if (added.status !== 201) throw new Error(`adding member failed: ${added.status} ${JSON.stringify(added.body)}`);
      const switched = await api('POST', '/api/auth/switch-org', {
        token: member.token,
        body: { organizationId: owner.organization.id },
      });
      return { token: switched.body.token, userId: member.user.id, email: member.user.email };
    },
    async close() {
      await app.close();
      await pgDb?.drop();
    },
  };
  return testApp;
}
