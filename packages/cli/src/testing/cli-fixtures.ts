import { join } from 'node:path';
import type { App } from '@ocore/server';
import { afterAll, beforeAll, expect } from 'vitest';
import { startMockDns, type MockDns } from './challtestsrv.js';
import {
  createTempDir,
  createTestUser,
  startTestServer,
  testPassword,
  uniqueEmail,
  type CliResult,
  type RunningCli,
  type TestUser,
} from './cli-harness.js';
import type { CliProcess } from './cli-process.js';

/** Added to the server's configuration; a function is read only when the server starts. */
export type ServerEnv = Record<string, string> | (() => Record<string, string>);

/** The server of a test file (or `describe`), usable from its first `beforeAll` on. */
export interface CliServer {
  readonly app: App;
  /** `segments` inside the temporary folder, removed after the tests. */
  path(...segments: string[]): string;
  /** A person at the terminal with the config file `<name>.json`; may be made before the server runs. */
  user(name: string): TestUser;
}

function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is used before useCliServer's beforeAll ran`);
  return value;
}

/**
 * Starts an in-process server and a temporary folder before the tests of the enclosing file
 * or `describe`, and removes both after them. Hooks registered earlier run first (a mock
 * DNS server, say), and their after hooks last, so `env` may read what they set up.
 */
export function useCliServer(env: ServerEnv = {}): CliServer {
  let app: App | undefined;
  let temp: Awaited<ReturnType<typeof createTempDir>> | undefined;
  beforeAll(async () => {
    app = await startTestServer(typeof env === 'function' ? env() : env);
    temp = await createTempDir();
  });
  afterAll(async () => {
    await app?.close();
    await temp?.cleanup();
  });
  const server: CliServer = {
    get app() {
      return started(app, 'the server');
    },
    path: (...segments) => join(started(temp, 'the temporary folder').dir, ...segments),
    user: (name) => lazyUser(() => createTestUser(server.app.url, server.path(`${name}.json`))),
  };
  return server;
}

/**
 * A mock DNS server on loopback, started before the tests of the enclosing file or
 * `describe` and stopped after them. Use it before useCliServer, so that DNS starts first
 * and stops last, and give the server `serverEnv` to ask it.
 */
export function useMockDns(): { readonly dns: MockDns; serverEnv: () => Record<string, string> } {
  let dns: MockDns | undefined;
  beforeAll(async () => {
    dns = await startMockDns();
  });
  afterAll(async () => {
    await dns?.stop();
  });
  const mock = {
    get dns() {
      return started(dns, 'the mock DNS server');
    },
    /** Domain checks ask the mock, and a domain pointing at 127.0.0.1 points at the platform. */
    serverEnv: () => ({ OCORE_DNS_SERVERS: mock.dns.server, OCORE_PUBLIC_IPS: '127.0.0.1' }),
  };
  return mock;
}

/** A TestUser made on first use, so that tests can name it at the top of the file. */
function lazyUser(create: () => TestUser): TestUser {
  let user: TestUser | undefined;
  const resolve = (): TestUser => (user ??= create());
  return {
    get configPath() {
      return resolve().configPath;
    },
    run: (...args): Promise<CliResult> => resolve().run(...args),
    start: (...args): RunningCli => resolve().start(...args),
    spawn: (...args): CliProcess => resolve().spawn(...args),
  };
}

/** Runs `ocore args` as `user` and expects exit 0. */
export async function runOk(user: TestUser, args: readonly string[]): Promise<CliResult> {
  const result = await user.run(args);
  expect(result.code, `ocore ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
}

/** Runs `ocore args` (a command given `--json`) as `user`, expects exit 0 and parses what it printed. */
export async function runJson<T = Record<string, unknown>>(user: TestUser, args: readonly string[]): Promise<T> {
  return JSON.parse((await runOk(user, args)).stdout) as T;
}

/** Signs `user` up as `name` with `email` (a fresh one by default); returns the email. */
export async function signUp(user: TestUser, name: string, email = uniqueEmail(name.toLowerCase())): Promise<string> {
  await runOk(user, ['signup', '--email', email, '--name', name, '--password', testPassword]);
  return email;
}

export interface OwnerOptions {
  /** The owner's name; their organization is "<name>'s Organization". */
  name?: string;
  email?: string;
  /** Turn agency mode on once signed up. */
  agency?: boolean;
  env?: ServerEnv;
}

/**
 * A server and its first user, `owner` (config `owner.json`), signed up before the tests
 * and, with `agency`, in agency mode.
 */
export function useOwner(options: OwnerOptions = {}): { server: CliServer; owner: TestUser } {
  const server = useCliServer(options.env);
  const owner = server.user('owner');
  beforeAll(async () => {
    await signUp(owner, options.name ?? 'Olga', options.email);
    if (options.agency) await runOk(owner, ['agency', 'enable']);
  });
  return { server, owner };
}

/** A second person, `name` (config `<file>.json`), who signed up with `email` before the tests. */
export function useSignedUpUser(server: CliServer, file: string, name: string, email: string): TestUser {
  const user = server.user(file);
  beforeAll(async () => {
    await signUp(user, name, email);
  });
  return user;
}

/** The organization settings as `ocore org settings get --json` prints them. */
export function settingsJson(user: TestUser): Promise<Record<string, unknown>> {
  return runJson(user, ['org', 'settings', 'get', '--json']);
}

/** Waits until a started `watch` says it is listening. */
export async function untilWatching(watch: RunningCli): Promise<void> {
  await expect.poll(() => watch.output().stderr, { timeout: 10_000 }).toContain('press Ctrl-C to stop');
}

/** A command line's arguments, then what its error output must contain. */
export type FailureCase = readonly [args: readonly string[], ...messages: string[]];

/** Runs each case through `run` and expects it to exit `code`, saying each of its messages on stderr. */
export async function expectFailures(
  run: (args: readonly string[]) => Promise<CliResult>,
  code: number,
  cases: readonly FailureCase[],
): Promise<void> {
  for (const [args, ...messages] of cases) {
    const result = await run(args);
    expect(result.code, args.join(' ')).toBe(code);
    for (const message of messages) expect(result.stderr).toContain(message);
  }
}

/** The token of the last link the server mailed to `email` (kept in memory in tests), waiting for it. */
export async function mailedToken(app: App, email: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const mail = app.deps.mailTransport.delivered.filter((m) => m.to === email.toLowerCase()).at(-1);
    const token = mail && /#token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    if (token) return token;
    if (Date.now() > deadline) throw new Error(`no link was mailed to ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The token of the verification link mailed to `email` at sign-up (`#verify=…`), waiting for it. */
export async function mailedVerification(app: App, email: string): Promise<string> {
  await expect
    .poll(() =>
      app.deps.mailTransport.delivered.some((m) => m.to === email.toLowerCase() && m.text.includes('#verify=')),
    )
    .toBe(true);
  const mail = app.deps.mailTransport.delivered.find(
    (m) => m.to === email.toLowerCase() && m.text.includes('#verify='),
  );
  return /#verify=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1] ?? '';
}

/** `user` accepts the invitation mailed to `email` with `ocore auth accept-invitation`, signed in as themselves. */
export async function acceptMailedInvitation(server: CliServer, user: TestUser, email: string): Promise<void> {
  const result = await user.run(['auth', 'accept-invitation', '--invitation', await mailedToken(server.app, email)]);
  expect(result.code, result.stderr).toBe(0);
}
