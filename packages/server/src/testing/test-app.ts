import { startApp, type App, type AppOverrides } from '../app.js';
import { freePort } from '../runtime/testing/runtime-fixture.js';
import { testImages } from '../runtime/testing/test-images.js';
import { loadConfig, type Config } from '../config/config.js';
import { createTestPostgresDatabase, testDbKind } from './test-database.js';
import type { DeliveredMail } from '../mail/mail-transport.js';
import { deliverQueuedMail } from '../mail/mail-jobs.js';

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
  /** The last mail delivered to `to` (kept in memory: tests run without OCORE_SMTP_URL), waiting for it. */
  mail(to: string, after?: number, contains?: string): Promise<DeliveredMail>;
  /** Proves the address of an account made by `signup` with the link mailed to it (mail kept in memory). */
  verify(email: string): Promise<void>;
  /**
   * Makes `email` a member the only way there is: invites them with `inviterToken`, reads the
   * mailed link and accepts it (an existing account proves itself with the test password).
   */
  addMember(
    inviterToken: string,
    email: string,
    role: string,
  ): Promise<{ token: string; user: { id: string; email: string } }>;
  close(): Promise<void>;
}

/** The password every test user signs up with. */
export const testPassword = 'a long enough password';

/** The token of a mailed link (`…#token=…`). */
export function linkToken(mail: { text: string }): string {
  const token = /#token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no link token in the mail: ${mail.text}`);
  return token;
}

let counter = 0;

/** `mail` and `addMember` of a test app, over its API and its in-memory mail. */
export function mailHelpers(
  app: App,
  api: TestApp['api'],
  worksJobs: boolean,
): Pick<TestApp, 'mail' | 'verify' | 'addMember'> {
  const mail: TestApp['mail'] = async (to, after = 0, contains) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      // A process that works no jobs (OCORE_JOBS=0) leaves mail in the outbox: deliver it here.
      if (app.jobs && !worksJobs) await deliverQueuedMail(app.jobs.boss, app.deps.mailTransport);
      const found = app.deps.mailTransport.delivered
        .slice(after)
        .filter((m) => m.to === to.toLowerCase() && (!contains || m.text.includes(contains)));
      if (found.length) return found.at(-1)!;
      if (Date.now() > deadline) throw new Error(`no mail to ${to} arrived`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return {
    mail,
    async verify(email) {
      const text = (await mail(email, 0, '/verify-email#verify=')).text;
      const token = /#verify=([A-Za-z0-9_-]+)/.exec(text)?.[1];
      const verified = await api('POST', '/api/auth/verify-email', { body: { token } });
      if (verified.status !== 200)
        throw new Error(`verifying failed: ${verified.status} ${JSON.stringify(verified.body)}`);
    },
    async addMember(inviterToken, email, role) {
      const before = app.deps.mailTransport.delivered.length;
      const invited = await api('POST', '/api/org/invitations', { token: inviterToken, body: { email, role } });
      if (invited.status !== 201) throw new Error(`inviting failed: ${invited.status} ${JSON.stringify(invited.body)}`);
      const token = linkToken(await mail(email, before, '/invite#token='));
      const accepted = await api('POST', '/api/auth/invitations/accept', {
        body: { token, password: testPassword, name: 'Invited Person' },
      });
      if (accepted.status !== 200)
        throw new Error(`accepting failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
      return accepted.body;
    },
  };
}

/**
 * A real server on a free loopback port, on this project's database, freshly migrated;
 * `overrides` as startApp takes them (e.g. the runtimes a test watches).
 */
export async function startTestApp(env: Record<string, string> = {}, overrides: AppOverrides = {}): Promise<TestApp> {
  // A test that restarts the server on one database names it (DATABASE_URL or a data dir).
  const ownDatabase = env['DATABASE_URL'] === undefined && (env['OCORE_DATA_DIR'] ?? 'memory') === 'memory';
  const pgDb = ownDatabase && testDbKind() === 'postgres' ? await createTestPostgresDatabase() : undefined;
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
    // Servers are checked when a test asks (runNow('server-probe'), check now), not on the minute:
    // a server's status does not depend on when the test happens to run.
    OCORE_SERVER_CHECK_SECONDS: '0',
    // An instance's server proxy (when a test sets OCORE_INSTANCE_BASE_DOMAIN): the local
    // nginx image, on loopback only, on a port of its own.
    OCORE_PROXY_IMAGE: testImages.nginx,
    OCORE_PROXY_HOST_IP: '127.0.0.1',
    OCORE_PROXY_HTTP_PORT: String(await freePort()),
    ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
    ...env,
  });
  const app = await startApp(config, overrides);
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
      const res = await api('POST', '/api/auth/signup', { body: { email, password: testPassword, name } });
      if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
      // The verification mail is on its way: wait for it (when mail is kept in memory), so
      // that a test's later mail to this address comes after it.
      if (app.deps.mailTransport.describe === 'memory') await testApp.mail(email, 0, '/verify-email#');
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
    ...mailHelpers(app, api, config.jobs),
    async joinAs(owner, role) {
      const member = await testApp.signup(`${role} Member`);
      await testApp.addMember(owner.token, member.user.email, role);
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
