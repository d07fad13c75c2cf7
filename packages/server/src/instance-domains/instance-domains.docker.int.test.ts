import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instanceProxy, runtimeNames, sharedPostgres } from '@ocore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChallTestSrv, type ChallTestSrv } from '../testing/acme/challtestsrv.js';
import { startPebble, type Pebble } from '../testing/acme/pebble.js';
import {
  eventually,
  freePort,
  imagesTimeoutMs,
  startRuntimeFixture,
  type RuntimeFixture,
} from '../runtime/testing/runtime-fixture.js';
import { testImages } from '../runtime/testing/test-images.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

/**
 * An instance's custom domain for real: DNS on loopback (pebble-challtestsrv), proved by its
 * TXT record, a certificate from Pebble validated by HTTP-01 through the server's nginx proxy
 * (published on 127.0.0.1), and the stand-in Odoo answering over TLS as
 * `curl --resolve domain:443:127.0.0.1` would reach it.
 */
const repo = 'ocore-test-domains/odoo';
let f: RuntimeFixture;
let t: TestApp;
let dns: ChallTestSrv;
let pebble: Pebble;
let httpPort: number;
let httpsPort: number;
let instanceId: string | undefined;

const docker = (...args: string[]) => execFileSync('docker', args, { stdio: ['pipe', 'pipe', 'pipe'] }).toString();
const dockerQuiet = (...args: string[]) => {
  try {
    return docker(...args);
  } catch {
    return '';
  }
};

// Asynchronous: the app under test shares this process, and a blocked event loop breaks its keep-alive sockets.
const run = async (file: string, args: string[]) => (await promisify(execFile)(file, args)).stdout.trim();
const inProxy = (...args: string[]) => run('docker', ['exec', instanceProxy.container, ...args]);

/** curl through the proxy on 127.0.0.1, as the domain resolved there: `status redirect-url`. */
function curl(url: string, host: string, port: number, ca?: string): Promise<string> {
  const args = [
    '-s',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code} %{redirect_url}',
    '--resolve',
    `${host}:${port}:127.0.0.1`,
  ];
  if (ca) args.push('--cacert', ca);
  return run('curl', [...args, url]);
}

beforeAll(async () => {
  dns = await startChallTestSrv();
  [httpPort, httpsPort] = [await freePort(), await freePort()];
  pebble = await startPebble({ dnsServer: dns.dnsServer, httpPort });
  const caFile = join(mkdtempSync(join(tmpdir(), 'ocore-acme-')), 'pebble-listener.pem');
  writeFileSync(caFile, pebble.caCertPem);
  f = await startRuntimeFixture();
  execFileSync('docker', ['build', '-q', '-t', `${repo}:18`, '-'], {
    input: `FROM ${testImages.odoo(18)}\nUSER root\nRUN chmod 755 /usr/bin/odoo\nUSER odoo\n`,
  });
  t = await startTestApp({
    OCORE_INSTANCE_BASE_DOMAIN: 'apps.test',
    OCORE_INSTANCE_ODOO_IMAGE: `${repo}:{major}`,
    OCORE_INSTANCE_POSTGRES_IMAGE: testImages.postgres,
    OCORE_INSTANCE_HEALTH_TIMEOUT_SECONDS: '30',
    OCORE_PROXY_IMAGE: testImages.nginx,
    OCORE_PROXY_HOST_IP: '127.0.0.1',
    OCORE_PROXY_HTTP_PORT: String(httpPort),
    OCORE_PROXY_HTTPS_PORT: String(httpsPort),
    OCORE_DNS_SERVERS: dns.dnsServer,
    OCORE_ACME_DIRECTORY_URL: pebble.directoryUrl,
    OCORE_ACME_CA_CERT: caFile,
  });
}, imagesTimeoutMs);

afterAll(async () => {
  await t?.close();
  if (instanceId) {
    const names = runtimeNames({ id: instanceId, organizationId: '' });
    dockerQuiet('rm', '-f', names.container);
    dockerQuiet('volume', 'rm', names.filestore, names.addons);
  }
  dockerQuiet('rm', '-f', instanceProxy.container, sharedPostgres.container);
  dockerQuiet('volume', 'rm', sharedPostgres.volume, instanceProxy.dataVolume);
  for (const net of dockerQuiet('network', 'ls', '-q', '--filter', 'name=ocore-net-').split('\n').filter(Boolean))
    dockerQuiet('network', 'rm', net);
  dockerQuiet('network', 'rm', instanceProxy.network);
  dockerQuiet('rmi', `${repo}:18`);
  await f?.cleanup();
  await pebble?.stop();
  await dns?.stop();
}, 120_000);

describe('an instance on its custom domain, over TLS through the proxy', () => {
  it('shows the records, verifies the domain, obtains and serves its certificate, redirects http, and forgets it', async () => {
    const { token } = await t.signup();
    const server = await t.api('POST', '/api/servers', {
      token,
      body: {
        name: 'loopback',
        host: f.sshd.host,
        port: f.sshd.port,
        sshUser: f.sshd.user,
        sshPrivateKey: f.sshd.privateKey,
        capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
      },
    });
    expect(server.status).toBe(201);
    const created = await t.api('POST', '/api/instances', {
      token,
      body: { serverId: server.body.id, name: 'Acme ERP', odooVersion: '18.0', workers: 1 },
    });
    expect(created.status).toBe(202);
    const id: string = created.body.instanceId;
    instanceId = id;
    await eventually(
      'the instance to run',
      async () =>
        (await t.api('GET', `/api/instances/${id}`, { token })).body.status === 'running' ? true : undefined,
      180_000,
    );

    const host = 'erp.acme.test';
    const added = await t.api('POST', `/api/instances/${id}/domains`, { token, body: { domain: 'ERP.Acme.test.' } });
    expect(added.status).toBe(201);
    const domainId: string = added.body.id;
    const txt = `_ocore-verification.${host}`;
    // The records to add, before any check.
    expect(added.body).toMatchObject({
      domain: host,
      status: 'pending',
      sslStatus: 'none',
      url: `http://${host}:${httpPort}`,
    });
    expect(added.body.records).toEqual(
      expect.arrayContaining([
        { type: 'TXT', name: txt, value: added.body.dnsVerificationToken, purpose: 'ownership' },
        { type: 'CNAME', name: host, value: 'acme-erp.apps.test', purpose: 'routing' },
      ]),
    );
    expect(JSON.stringify(added.body)).not.toMatch(/PRIVATE KEY/);

    const early = await t.api('POST', `/api/instances/${id}/domains/${domainId}/verify`, { token });
    expect(early.body).toMatchObject({ verified: false, status: 'pending' });
    expect(early.body.diagnostics.txt.status).toBe('no_record');

    await dns.setTxt(txt, added.body.dnsVerificationToken);
    await dns.setCname(host, 'acme-erp.apps.test');
    await dns.addA('acme-erp.apps.test', ['127.0.0.1']);
    const verified = await t.api('POST', `/api/instances/${id}/domains/${domainId}/verify`, { token });
    expect(verified.body).toMatchObject({ verified: true, status: 'verified' });
    expect(verified.body.diagnostics.pointing.status).toBe('cname');

    const list = await eventually(
      'the certificate to be issued and installed',
      async () => {
        const body = (await t.api('GET', `/api/instances/${id}/domains`, { token })).body;
        const sslStatus = body.items[0]?.sslStatus as string;
        return sslStatus === 'active' || sslStatus === 'failed' ? body : undefined;
      },
      90_000,
    );
    expect(list.items[0]).toMatchObject({ sslStatus: 'active', sslError: null });
    expect(list.items[0]).toMatchObject({
      url: `https://${host}:${httpsPort}`,
      certificateExpiresAt: expect.any(String),
    });
    expect(JSON.stringify(list)).not.toMatch(/PRIVATE KEY/);

    const root = join(mkdtempSync(join(tmpdir(), 'ocore-root-')), 'root.pem');
    writeFileSync(root, await pebble.rootCertPem());
    expect(await curl(`https://${host}:${httpsPort}/web/login`, host, httpsPort, root)).toBe('200');
    expect(await curl(`http://${host}:${httpPort}/web/login`, host, httpPort)).toBe(`301 https://${host}/web/login`);
    // The instance's own hostname is its own server block: on http, or sent to its own https
    // once the hostname certificate job has served it one (ACME is configured here), never to
    // the custom domain.
    expect(await curl(`http://acme-erp.apps.test:${httpPort}/web/login`, 'acme-erp.apps.test', httpPort)).toMatch(
      /^(200|301 https:\/\/acme-erp\.apps\.test\/web\/login)$/,
    );
    // The key lives in the proxy's volume, readable by root only.
    expect(await inProxy('stat', '-c', '%a', `/etc/nginx/ocore/certs/${host}.key`)).toBe('600');

    const audit = await t.api('GET', '/api/org/audit-log?limit=50', { token });
    const actions = (audit.body.items as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['instance_domain.added', 'instance_domain.verify']));

    expect((await t.api('DELETE', `/api/instances/${id}/domains/${domainId}`, { token })).status).toBe(204);
    expect(await inProxy('cat', '/etc/nginx/nginx.conf')).not.toContain(host);
    expect(await inProxy('ls', '/etc/nginx/ocore/certs')).not.toContain(host);
    expect(await curl(`http://${host}:${httpPort}/web/login`, host, httpPort)).toBe('404');
  }, 400_000);
});
