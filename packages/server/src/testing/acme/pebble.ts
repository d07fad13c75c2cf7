import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  pickFreePorts,
  retryOnEarlyExit,
  spawnManaged,
  waitUntilReady,
  type ManagedProcess,
} from './managed-process.js';

export interface PebbleOptions {
  /** Where Pebble resolves names it validates, e.g. ChallTestSrv.dnsServer. */
  dnsServer: string;
  /** The port on which the system under test answers /.well-known/acme-challenge/<token> over HTTP. */
  httpPort: number;
}

/** A running Pebble ACME test CA on loopback. Its root and keys are new at every start. */
export interface Pebble {
  /** "https://127.0.0.1:<port>/dir". */
  directoryUrl: string;
  /** The self-signed certificate of the ACME listener: give it to clients as their CA. */
  caCertPem: string;
  /** The root that Pebble issues under, to verify issued certificate chains against. */
  rootCertPem(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts Pebble validating HTTP-01 on `httpPort` and resolving names through `dnsServer`, with
 * no validation sleeps, no rejected nonces and no reuse of authorizations between orders.
 */
export function startPebble(options: PebbleOptions): Promise<Pebble> {
  return retryOnEarlyExit(() => startOnce(options));
}

async function startOnce({ dnsServer, httpPort }: PebbleOptions): Promise<Pebble> {
  const dir = await mkdtemp(join(tmpdir(), 'ocore-pebble-'));
  try {
    const { certPath, keyPath, certPem } = await createListenerCertificate(dir);
    const [listenPort, managementPort, tlsPort] = (await pickFreePorts(3)) as [number, number, number];
    const configPath = join(dir, 'pebble-config.json');
    const config = {
      pebble: {
        listenAddress: `127.0.0.1:${listenPort}`,
        managementListenAddress: `127.0.0.1:${managementPort}`,
        certificate: certPath,
        privateKey: keyPath,
        httpPort,
        tlsPort,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
      },
    };
    await writeFile(configPath, JSON.stringify(config, null, 2));
    const proc = spawnManaged('pebble', ['-config', configPath, '-dnsserver', dnsServer], {
      PEBBLE_VA_NOSLEEP: '1',
      PEBBLE_WFE_NONCEREJECT: '0',
      PEBBLE_AUTHZREUSE: '0',
    });
    const directoryUrl = `https://127.0.0.1:${listenPort}/dir`;
    const rootsUrl = `https://127.0.0.1:${managementPort}/roots/0`;
    // Both listeners, since Pebble serves the directory before it finds its management port taken.
    const isReady = async (): Promise<boolean> =>
      (await httpsGet(directoryUrl, certPem)).status === 200 && (await httpsGet(rootsUrl, certPem)).status === 200;
    await waitUntilReady('pebble', proc, isReady);
    return {
      directoryUrl,
      caCertPem: certPem,
      rootCertPem: () => fetchManagement(proc, rootsUrl, certPem),
      stop: async () => {
        await proc.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function createListenerCertificate(dir: string): Promise<{ certPath: string; keyPath: string; certPem: string }> {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  // Pebble checks neither, but clients verify the listener against 127.0.0.1 or localhost.
  const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost'];
  args.push('-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', keyPath, '-out', certPath);
  try {
    await promisify(execFile)('openssl', args);
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`openssl could not create Pebble's listener certificate: ${message}\n${stderr ?? ''}`);
  }
  return { certPath, keyPath, certPem: await readFile(certPath, 'utf8') };
}

async function fetchManagement(proc: ManagedProcess, url: string, ca: string): Promise<string> {
  const { status, body } = await httpsGet(url, ca);
  if (status !== 200) throw new Error(`pebble ${url} answered ${status}: ${body}\nOutput:\n${proc.output()}`);
  return body;
}

/** GET over HTTPS trusting only `ca` (fetch cannot take a CA without an undici Agent). */
function httpsGet(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = get(url, { ca, agent: false, timeout: 2_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on('error', reject);
  });
}
