import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useCliServer } from '../testing/cli-fixtures.js';
import { createTestUser, testPassword, uniqueEmail } from '../testing/cli-harness.js';

const server = useCliServer();

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('ocore --help', () => {
  it('lists the commands and exits 0', async () => {
    const user = server.user('help');
    const result = await user.run(['--help']);
    expect(result.code).toBe(0);
    const commands = ['signup', 'login', 'whoami', 'org', 'members', 'server', 'template', 'instance', 'topology'];
    for (const command of commands) expect(result.stdout).toContain(command);
  });

  it.each([
    'org create',
    'org switch',
    'members set-role',
    'login',
    'server add',
    'template create',
    'topology deploy',
  ])('works on `%s`', async (command) => {
    const result = await server.user('help').run([...command.split(' '), '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: ocore');
    expect(result.stdout).toContain('--json');
  });

  it('exits 2 on an unknown command or a missing required option', async () => {
    const user = server.user('help');
    expect((await user.run(['frobnicate'])).code).toBe(2);
    const missing = await user.run(['signup', '--name', 'Ann']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--email');
  });
});

describe('ocore signup / login / whoami', () => {
  const email = uniqueEmail('ann');
  const configPath = () => server.path('ann', 'config.json');

  it('signs up, says who and which org, and writes the config file with mode 0600', async () => {
    const ann = createTestUser(server.app.url, configPath());
    const result = await ann.run(['signup', '--email', email, '--name', 'Ann Example', '--password', testPassword]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`Ann Example <${email}>`);
    expect(result.stdout).toContain("Ann Example's Organization");
    const saved = JSON.parse(await readFile(configPath(), 'utf8')) as { url: string; token: string };
    expect(saved.url).toBe(server.app.url);
    expect(saved.token).toMatch(/\S{20,}/);
    expect((await stat(configPath())).mode & 0o777).toBe(0o600);
  });

  it('whoami uses the saved token; --json prints the raw result', async () => {
    const ann = createTestUser(server.app.url, configPath());
    const text = await ann.run(['whoami']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Role:\s+Owner/);
    const json = await ann.run(['whoami', '--json']);
    const me = JSON.parse(json.stdout) as { user: { email: string }; role: string; permissions: string[] };
    expect(me).toMatchObject({ user: { email }, role: 'Owner' });
    expect(me.permissions.length).toBeGreaterThan(0);
  });

  it('logs in with the password from OCORE_PASSWORD', async () => {
    const again = server.user('ann-again');
    const result = await again.run(['login', '--email', email], { OCORE_PASSWORD: testPassword });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Signed in as Ann Example <${email}>`);
    expect((await again.run(['whoami', '--json'])).code).toBe(0);
  });

  it('refuses a wrong password with exit 1 and the server message', async () => {
    const result = await server.user('x').run(['login', '--email', email, '--password', 'wrong password']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: Invalid email or password');
  });

  it('exits 2 when there is no password and no terminal to ask on', async () => {
    const result = await server.user('x').run(['login', '--email', email]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('OCORE_PASSWORD');
  });

  it('names the field of a validation error and exits 1', async () => {
    const user = server.user('x');
    const result = await user.run(['signup', '--email', 'not-an-email', '--name', 'Bob', '--password', 'short']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .*email: must be a valid email address/);
    expect(result.stderr).toContain('password: must be at least 10 characters');
  });

  it('says when it is not signed in, and never sends a saved token to another server', async () => {
    const ann = createTestUser(server.app.url, configPath());
    const result = await ann.run(['--url', 'http://127.0.0.1:1', 'whoami']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not signed in to http://127.0.0.1:1');
  });

  it('says the server is unreachable', async () => {
    const port = await closedPort();
    const user = server.user('x');
    // The later --url wins over the harness's.
    const result = await user.run(['whoami', '--url', `http://127.0.0.1:${port}`, '--token', 'some-token']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: the server at http://127.0.0.1:${port} is unreachable (ECONNREFUSED)`);
  });
});
