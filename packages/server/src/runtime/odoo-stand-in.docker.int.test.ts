import type { ContainerState } from '@ocore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually, imagesTimeoutMs, startRuntimeFixture, type RuntimeFixture } from './testing/runtime-fixture.js';
import { testImages } from './testing/test-images.js';

/**
 * The Odoo stand-in (a test double of the official image) against the PostgreSQL image on a
 * private network, driven through the runtime as the product drives an instance.
 */
let f: RuntimeFixture;

beforeAll(async () => {
  f = await startRuntimeFixture();
}, imagesTimeoutMs);

afterAll(async () => {
  await f?.cleanup();
});

const odooConf = [
  '[options]',
  'db_host = db',
  'db_port = 5432',
  'db_user = inst1',
  'db_password = inst1-pw',
  'data_dir = /var/lib/odoo',
  'dbfilter = ^inst1$',
  'list_db = False',
  'admin_passwd = not-admin',
  'proxy_mode = True',
  'workers = 2',
  '',
].join('\n');

const hostPort = (state: ContainerState | undefined, containerPort: number) =>
  state?.ports.find((p) => p.containerPort === containerPort && p.hostIp === '127.0.0.1')?.hostPort;

describe('the Odoo stand-in with the PostgreSQL image', () => {
  it('initializes its database, installs modules, answers /web/health, /web/login and /websocket, runs shell and neutralize', async () => {
    const network = f.name('odoo-net');
    await f.runtime.ensureNetwork(network, f.labels);
    await f.runtime.ensureVolume(f.name('pg'), f.labels);
    await f.runtime.ensureVolume(f.name('filestore'), f.labels);
    await f.runtime.createContainer({
      name: f.name('db'),
      image: testImages.postgres,
      env: { POSTGRES_PASSWORD: 'super-pw' },
      labels: f.labels,
      networks: [{ name: network, aliases: ['db'] }],
      volumes: [{ volume: f.name('pg'), target: '/var/lib/postgresql/data' }],
    });
    await f.runtime.startContainer(f.name('db'));
    await eventually('PostgreSQL to accept TCP connections', async () =>
      (await f.runtime.exec(f.name('db'), { command: ['pg_isready', '-h', '127.0.0.1'] })).exitCode === 0
        ? true
        : undefined,
    );
    // As the product does: the instance's own role and database, created by the superuser.
    const role = await f.runtime.exec(f.name('db'), {
      command: ['psql', '-h', '127.0.0.1', '-U', 'postgres', '-v', 'ON_ERROR_STOP=1'],
      env: { PGPASSWORD: 'super-pw' },
      stdin: "CREATE ROLE inst1 LOGIN PASSWORD 'inst1-pw';\nCREATE DATABASE inst1 OWNER inst1;\n",
    });
    expect(role.stderr).toBe('');

    const odoo = (name: string, command: string[], ports = false) => ({
      name: f.name(name),
      image: testImages.odoo(17),
      command,
      labels: f.labels,
      networks: [{ name: network }],
      volumes: [{ volume: f.name('filestore'), target: '/var/lib/odoo' }],
      files: {
        directory: '/etc/odoo',
        files: [{ path: 'odoo.conf', content: odooConf, mode: 0o640, uid: 100, gid: 101 }],
      },
      ...(ports
        ? {
            ports: [
              { containerPort: 8069, hostIp: '127.0.0.1' },
              { containerPort: 8072, hostIp: '127.0.0.1' },
            ],
          }
        : {}),
    });

    await f.runtime.createContainer(
      odoo('init', ['odoo', '-d', 'inst1', '-i', 'contacts,sale,nonsense', '--stop-after-init']),
    );
    await f.runtime.startContainer(f.name('init'));
    const init = await eventually('the init run to end', async () => {
      const state = await f.runtime.inspectContainer(f.name('init'));
      return state?.status === 'exited' ? state : undefined;
    });
    const initLog: string[] = [];
    for await (const line of f.runtime.logs(f.name('init'), {})) initLog.push(line.text);
    expect(init.exitCode, initLog.join('\n')).toBe(0);
    expect(initLog).toContainEqual(
      expect.stringMatching(
        /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ INFO inst1 odoo\.modules\.loading: Loading module sale$/,
      ),
    );
    expect(initLog.join('\n')).toContain('WARNING inst1 odoo.modules.loading: invalid module names, ignored: nonsense');

    await f.runtime.createContainer(odoo('web', ['odoo'], true));
    await f.runtime.startContainer(f.name('web'));
    const state = await f.runtime.inspectContainer(f.name('web'));
    const http = `http://127.0.0.1:${hostPort(state, 8069)}`;
    const health = await eventually('/web/health to answer', async () => {
      // Through docker-proxy a connection opens before Odoo listens and may hang: each try is bounded.
      const res = await fetch(`${http}/web/health`, { signal: AbortSignal.timeout(2000) });
      return res.status === 200 ? res : undefined;
    });
    expect(await health.json()).toEqual({ status: 'pass' });
    const login = await fetch(`${http}/web/login`, { headers: { 'X-Forwarded-Host': 'inst1.example.test' } });
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('name="db" value="inst1"');
    expect((await fetch(`${http}/web/database/selector`)).status).toBe(403);

    // workers > 0: /websocket is on the gevent port, as in Odoo.
    const ws = new WebSocket(`ws://127.0.0.1:${hostPort(state, 8072)}/websocket`);
    const reply = await new Promise<string>((resolve, reject) => {
      ws.once('open', () => ws.send(JSON.stringify({ event_name: 'subscribe', data: { channels: [] } })));
      ws.once('message', (data) => resolve((data as Buffer).toString()));
      ws.once('error', reject);
    });
    ws.close();
    expect(reply).toBe('[]');

    const files = await f.runtime.exec(f.name('web'), {
      command: ['find', '/var/lib/odoo/filestore/inst1', '-type', 'f'],
    });
    expect(files.stdout.trim().split('\n')).toHaveLength(1);
    const owner = await f.runtime.exec(f.name('web'), { command: ['stat', '-c', '%u:%g', '/var/lib/odoo/filestore'] });
    expect(owner.stdout).toBe('100:101\n');

    const shell = await f.runtime.exec(f.name('web'), {
      command: ['odoo', 'shell', '-d', 'inst1'],
      stdin: "print(sorted(env['ir.module.module'].search([('state', '=', 'installed')]).mapped('name')))\n",
    });
    expect(shell.stdout).toContain("['base', 'contacts', 'sale', 'web']");
    const neutralize = await f.runtime.exec(f.name('web'), { command: ['odoo', 'neutralize', '-d', 'inst1'] });
    expect(neutralize.exitCode).toBe(0);
    const neutralized = await f.runtime.exec(f.name('web'), {
      command: ['odoo', 'shell', '-d', 'inst1'],
      stdin: "print(env['ir.config_parameter'].sudo().get_param('database.is_neutralized'))\n",
    });
    expect(neutralized.stdout).toContain('true');
    const superuser = await f.runtime.exec(f.name('web'), {
      command: ['odoo', '--db_user', 'postgres', '-d', 'inst1', '--stop-after-init'],
    });
    expect(superuser.exitCode).toBe(1);
    expect(superuser.stderr).toContain("Using the database user 'postgres' is a security risk, aborting.");

    await f.runtime.stopContainer(f.name('web'), 10);
    expect((await f.runtime.inspectContainer(f.name('web')))?.exitCode).toBe(0);
    const tail: string[] = [];
    for await (const line of f.runtime.logs(f.name('web'), { tail: 3 })) tail.push(line.text);
    expect(tail.join('\n')).toContain('odoo.service.server: Initiating shutdown');
  }, 240_000);
});
