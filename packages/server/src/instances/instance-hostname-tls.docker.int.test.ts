import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { promisify } from 'node:util';
import { instanceProxy, runtimeNames, sharedPostgres } from '@ocore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceDomainSweepQueue } from '../jobs/instance-domain-jobs.js';
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
 * An instance's own hostname over TLS, for real: DNS on loopback (pebble-challtestsrv) sends
 * `acme-erp.apps.test` to 127.0.0.1, Pebble validates HTTP-01 through the server's nginx proxy
 * (published on 127.0.0.1), and the stand-in Odoo answers over TLS as
 * `curl --resolve acme-erp.apps.test:<port>:127.0.0.1` reaches it, verified with Pebble's root;
 * then the instance-domains sweep job renews a certificate near its end.
 */
const repo = 'ocore-test-hostname-tls/odoo';
const host = 'acme-erp.apps.test';
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

/** curl through the proxy on 127.0.0.1, as the hostname resolved there: `status redirect-url`. */
function curl(url: string, port: number, ca?: string): Promise<string> {
  const args = [
    '-s',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code} %{redirect_url}',
    '--resolve',
    `${host}:${port}:127.0.0.1`,
  ];
  return run('curl', [...args, ...(ca ? ['--cacert', ca] : []), url]);
}

/** The SHA-256 fingerprint of the certificate the proxy serves for the hostname, verified with `ca`. */
function servedFingerprint(ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: httpsPort, servername: host, ca }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on('error', reject);
  });
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

describe("an instance's own hostname, over TLS through the proxy", () => {
  it('obtains its certificate once running, serves it with a redirect from http, renews it by the sweep and removes it with the instance', async () => {
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
        // A private engine of the run's own (in its own network namespace, with DOCKER_HOST): bench/README.md.
        ...(process.env['OCORE_TEST_DOCKER_SOCKET'] ? { dockerSocket: process.env['OCORE_TEST_DOCKER_SOCKET'] } : {}),
      },
    });
    expect(server.status).toBe(201);
    await dns.addA(host, ['127.0.0.1']);
    const created = await t.api('POST', '/api/instances', {
      token,
      body: { serverId: server.body.id, name: 'Acme ERP', odooVersion: '18.0', workers: 1 },
    });
    expect(created.status).toBe(202);
    const id: string = created.body.instanceId;
    instanceId = id;
    const get = async () => (await t.api('GET', `/api/instances/${id}`, { token })).body;
    const settled = await eventually(
      'the instance to run with its hostname certificate settled',
      async () => {
        const body = await get();
        const status = body.hostnameCertificate?.status as string | undefined;
        return body.status === 'running' && (status === 'active' || status === 'failed') ? body : undefined;
      },
      240_000,
    );
    expect(settled.hostnameCertificate).toMatchObject({ status: 'active', error: null, expiresAt: expect.any(String) });
    expect(settled.url).toBe(`https://${host}:${httpsPort}`);
    expect(JSON.stringify(settled)).not.toMatch(/PRIVATE KEY/);

    const root = join(mkdtempSync(join(tmpdir(), 'ocore-root-')), 'root.pem');
    const rootPem = await pebble.rootCertPem();
    writeFileSync(root, rootPem);
    expect(await curl(`https://${host}:${httpsPort}/web/login`, httpsPort, root)).toBe('200');
    expect(await curl(`https://${host}:${httpsPort}/web/health`, httpsPort, root)).toBe('200');
    expect(await curl(`http://${host}:${httpPort}/web/login`, httpPort)).toBe(`301 https://${host}/web/login`);
    // The key lives in the proxy's volume, readable by root only.
    const key = `/etc/nginx/ocore/certs/${host}.key`;
    expect(await run('docker', ['exec', instanceProxy.container, 'stat', '-c', '%a', key])).toBe('600');

    // Renewal: a certificate within 30 days of its end is ordered again by the sweep job, and served.
    const before = await servedFingerprint(rootPem);
    const soon = new Date(Date.now() + 86_400_000);
    await t.app.deps.database.db
      .updateTable('hostnameCertificates')
      .set({ certificateExpiresAt: soon })
      .where('instanceId', '=', id)
      .execute();
    const jobs = t.app.jobs;
    if (!jobs) throw new Error('the test app runs no jobs');
    await jobs.boss.send(instanceDomainSweepQueue, {});
    const renewed = await eventually(
      'the certificate to be renewed',
      async () => {
        const body = await get();
        const expiresAt = body.hostnameCertificate?.expiresAt as string | undefined;
        return body.hostnameCertificate?.status === 'active' && expiresAt && Date.parse(expiresAt) > soon.getTime()
          ? body
          : undefined;
      },
      120_000,
    );
    expect(renewed.url).toBe(`https://${host}:${httpsPort}`);
    const after = await eventually('the renewed certificate to be served', async () => {
      const fingerprint = await servedFingerprint(rootPem);
      return fingerprint !== before ? fingerprint : undefined;
    });
    expect(after).not.toBe(before);

    expect((await t.api('DELETE', `/api/instances/${id}`, { token })).status).toBe(202);
    await eventually('the instance to be gone', async () =>
      (await t.api('GET', `/api/instances/${id}`, { token })).status === 404 ? true : undefined,
    );
    expect(await run('docker', ['exec', instanceProxy.container, 'cat', '/etc/nginx/nginx.conf'])).not.toContain(host);
    expect(await run('docker', ['exec', instanceProxy.container, 'ls', '/etc/nginx/ocore/certs'])).not.toContain(host);
  }, 500_000);
});
