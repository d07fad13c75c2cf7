import { Writable } from 'node:stream';
import { startApp } from '../../app.js';
import { loadConfig } from '../../config/config.js';
import { createLogger } from '../../logger.js';
import { mailHelpers, testJwtSecret, testMasterKey, type TestApp } from '../../testing/test-app.js';
import { createTestPostgresDatabase, testDbKind } from '../../testing/test-database.js';

export const password = 'a long enough password';

/** A TestApp whose logs (the production redaction rules, at `trace` unless told) are kept in `logs`. */
export interface SecurityApp extends TestApp {
  logs: string[];
  /** A fresh user with no organization of their own beyond the one signup creates. */
  signup(name?: string): ReturnType<TestApp['signup']>;
}

let counter = 0;

/** Unique text for names and slugs, so one test's objects are told from another's. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/**
 * Like startTestApp (a real server on a free loopback port, on this project's database,
 * jobs off unless told), but logging into memory, so tests can read what was logged.
 */
export async function startSecurityApp(env: Record<string, string> = {}, logLevel = 'trace'): Promise<SecurityApp> {
  const pgDb = testDbKind() === 'postgres' ? await createTestPostgresDatabase() : undefined;
  const config = loadConfig({
    // Cheap argon2: tests hash many passwords (refused in production).
    OCORE_PASSWORD_HASH: 'fast-for-tests',
    PORT: '0',
    HOST: '127.0.0.1',
    OCORE_DATA_DIR: 'memory',
    OCORE_JWT_SECRET: testJwtSecret,
    OCORE_MASTER_KEY: testMasterKey,
    OCORE_JOBS: '0',
    ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
    ...env,
  });
  const logs: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (logs.push(chunk.toString()), done()) });
  const app = await startApp(config, { logger: createLogger(logLevel, sink) });
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
    return { status: res.status, body: parseJson(text) as any, headers: res.headers };
  };
  const must = async (what: string, status: number, call: Promise<{ status: number; body: any }>) => {
    const res = await call;
    if (res.status !== status) throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const self: SecurityApp = {
    app,
    url: app.url,
    config,
    logs,
    api,
    signup: (name = 'Test User') =>
      must(
        'signup',
        201,
        api('POST', '/api/auth/signup', { body: { email: `${unique('user')}@example.com`, password, name } }),
      ),
    async agency(name = 'Agency Owner') {
      const owner = await self.signup(name);
      await must('enable', 200, api('POST', '/api/agency/enable', { token: owner.token }));
      return owner;
    },
    async client(agency, name = 'Client Co') {
      const created = await must(
        'client',
        201,
        api('POST', '/api/agency/clients', { token: agency.token, body: { name } }),
      );
      const switched = await must(
        'operator switch',
        200,
        api('POST', '/api/auth/switch-org', { token: agency.token, body: { organizationId: created.id } }),
      );
      return { id: created.id, slug: created.slug, operatorToken: switched.token };
    },
    ...mailHelpers(app, api, config.jobs),
    async joinAs(owner, role) {
      const member = await self.signup(`${role} Member`);
      await self.addMember(owner.token, member.user.email, role);
      const switched = await must(
        'switch',
        200,
        api('POST', '/api/auth/switch-org', { token: member.token, body: { organizationId: owner.organization.id } }),
      );
      return { token: switched.token, userId: member.user.id, email: member.user.email };
    },
    async close() {
      await app.close();
      await pgDb?.drop();
    },
  };
  return self;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
