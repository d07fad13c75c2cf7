import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Resolver } from 'node:dns/promises';
import { createServer, type AddressInfo } from 'node:net';

export const challTestSrvPath = '/usr/bin/pebble-challtestsrv';

/** True when pebble-challtestsrv is installed, or in CI, where its absence must fail the tests. */
export const canMockDns = existsSync(challTestSrvPath) || process.env['CI'] === 'true';

/** A mock DNS server on loopback whose records the test sets. */
export interface MockDns {
  /** `127.0.0.1:<port>`, for OCORE_DNS_SERVERS. */
  server: string;
  /** Makes `value` a TXT record of `name`. */
  setTxt(name: string, value: string): Promise<void>;
  /** Adds A records to `name`. */
  addA(name: string, addresses: string[]): Promise<void>;
  stop(): Promise<void>;
}

/** A loopback port nothing listens on, until someone takes it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const fqdn = (name: string) => (name.endsWith('.') ? name : `${name}.`);

/**
 * Starts pebble-challtestsrv with only its DNS server and management API on free loopback
 * ports. The empty defaults make unknown names answer no records instead of 127.0.0.1.
 */
export async function startMockDns(): Promise<MockDns> {
  const [dnsPort, managementPort] = [await freePort(), await freePort()];
  const server = `127.0.0.1:${dnsPort}`;
  const flags = ['-dns01', server, '-management', `127.0.0.1:${managementPort}`];
  const empty = ['-http01', '-https01', '-tlsalpn01', '-defaultIPv4', '-defaultIPv6'].flatMap((flag) => [flag, '']);
  const child = spawn(challTestSrvPath, [...flags, ...empty], { stdio: 'ignore' });
  let failure: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('error', (error) => resolve(void (failure = error.message)));
    child.once('exit', (code) => resolve(void (failure ??= `exited with ${code}`)));
  });
  // A crashed test run must not leave it holding ports.
  const killOnExit = () => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const post = async (path: string, body: object): Promise<void> => {
    const response = await fetch(`http://127.0.0.1:${managementPort}${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`pebble-challtestsrv ${path} answered ${response.status}`);
  };
  const mock: MockDns = {
    server,
    setTxt: (name, value) => post('/set-txt', { host: fqdn(name), value }),
    addA: (name, addresses) => post('/add-a', { host: fqdn(name), addresses }),
    stop: async () => {
      process.off('exit', killOnExit);
      if (failure === undefined) child.kill();
      await exited;
    },
  };
  await waitUntilAnswering(mock, () => failure);
  return mock;
}

/** Waits until a record set through the management API comes back from the DNS port. */
async function waitUntilAnswering(mock: MockDns, failure: () => string | undefined): Promise<void> {
  const resolver = new Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([mock.server]);
  for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
    if (failure()) throw new Error(`pebble-challtestsrv failed to start: ${failure()}`);
    const ready = await mock
      .setTxt('readiness.invalid', 'ready')
      .then(() => resolver.resolveTxt('readiness.invalid'))
      .then((records) => records.flat().includes('ready'))
      .catch(() => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await mock.stop();
  throw new Error('pebble-challtestsrv did not answer within 10 s');
}
