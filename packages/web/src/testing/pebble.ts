/// <reference types="node" />
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/*
 * Pebble, Let's Encrypt's test CA (Debian's pebble package), on loopback: it validates HTTP-01
 * challenges on the port the server under test listens on, resolving names through the test's
 * DNS server. packages/server/src/testing/acme/pebble.ts is the fuller twin of this file.
 */

export const pebblePath = process.env.PEBBLE_PATH ?? '/usr/bin/pebble';
/** False when the certificate steps are skipped: no binary, and not under CI=true where they must run. */
export const hasPebble = existsSync(pebblePath) || process.env.CI === 'true';

export interface Pebble {
  /** "https://127.0.0.1:<port>/dir". */
  directoryUrl: string;
  /** A PEM file with the certificate of Pebble's own listener, for OCORE_ACME_CA_CERT. */
  caCertFile: string;
  /** The root Pebble issues under. */
  rootCertPem(): Promise<string>;
  stop(): Promise<void>;
}

/** Distinct free loopback ports (free until someone else binds them). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  await Promise.all(servers.map((s) => new Promise<void>((done) => s.listen(0, '127.0.0.1', done))));
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
  return ports;
}

function httpsGet(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = get(url, { ca, agent: false, timeout: 2_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on('error', reject);
  });
}

/** Starts Pebble with no validation sleeps and no rejected nonces, so orders take about a second. */
export async function startPebble({ dnsServer, httpPort }: { dnsServer: string; httpPort: number }): Promise<Pebble> {
  const dir = mkdtempSync(join(tmpdir(), 'ocore-pebble-'));
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  await promisify(execFile)('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost'],
    ...['-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', keyPath, '-out', certPath],
  ]);
  const ca = readFileSync(certPath, 'utf8');
  const [listenPort, managementPort, tlsPort] = (await freePorts(3)) as [number, number, number];
  const configPath = join(dir, 'pebble-config.json');
  const pebble = {
    listenAddress: `127.0.0.1:${listenPort}`,
    managementListenAddress: `127.0.0.1:${managementPort}`,
    ...{
      certificate: certPath,
      privateKey: keyPath,
      httpPort,
      tlsPort,
      ocspResponderURL: '',
      externalAccountBindingRequired: false,
    },
  };
  writeFileSync(configPath, JSON.stringify({ pebble }));
  const child = spawn(pebblePath, ['-config', configPath, '-dnsserver', dnsServer], {
    env: { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0', PEBBLE_AUTHZREUSE: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('close', () => done()));
  const killOnExit = () => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    process.off('exit', killOnExit);
    rmSync(dir, { recursive: true, force: true });
  };

  const directoryUrl = `https://127.0.0.1:${listenPort}/dir`;
  const rootsUrl = `https://127.0.0.1:${managementPort}/roots/0`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ready = await Promise.all([httpsGet(directoryUrl, ca), httpsGet(rootsUrl, ca)])
      .then((answers) => answers.every((a) => a.status === 200))
      .catch(() => false);
    if (ready) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`pebble did not start. Output:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return {
    directoryUrl,
    caCertFile: certPath,
    rootCertPem: async () => (await httpsGet(rootsUrl, ca)).body,
    stop,
  };
}
