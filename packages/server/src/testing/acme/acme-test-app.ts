import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../test-app.js';
import type { ChallTestSrv } from './challtestsrv.js';
import { pickFreePorts } from './managed-process.js';
import { startPebble, type Pebble } from './pebble.js';

/**
 * Pebble answering from the test's DNS, and an app that orders its certificates from it: HTTP-01
 * on the app's own port, the loopback address as the public one. `env` adds to or overrides that.
 */
export async function startAcmeTestApp(
  dns: ChallTestSrv,
  env: Record<string, string> = {},
): Promise<{ pebble: Pebble; t: TestApp }> {
  const [httpPort] = await pickFreePorts(1);
  const pebble = await startPebble({ dnsServer: dns.dnsServer, httpPort: httpPort! });
  const caFile = join(mkdtempSync(join(tmpdir(), 'ocore-acme-')), 'pebble-listener.pem');
  writeFileSync(caFile, pebble.caCertPem);
  try {
    const t = await startTestApp({
      PORT: String(httpPort),
      OCORE_DNS_SERVERS: dns.dnsServer,
      OCORE_PUBLIC_IPS: '127.0.0.1',
      OCORE_ACME_DIRECTORY_URL: pebble.directoryUrl,
      OCORE_ACME_CA_CERT: caFile,
      ...env,
    });
    return { pebble, t };
  } catch (error) {
    await pebble.stop();
    throw error;
  }
}
