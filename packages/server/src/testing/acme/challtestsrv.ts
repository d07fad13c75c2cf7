import { randomBytes } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import {
  pickFreePorts,
  retryOnEarlyExit,
  spawnManaged,
  waitUntilReady,
  type ManagedProcess,
} from './managed-process.js';

/**
 * A running `pebble-challtestsrv` serving only mock DNS on loopback. Names may be given with or
 * without the trailing dot. Unknown names get no records at all (NOERROR, empty answer), so
 * node:dns reports ENODATA for them.
 */
export interface ChallTestSrv {
  /** "127.0.0.1:<port>", for `Resolver.setServers([...])` and `pebble -dnsserver`. */
  dnsServer: string;
  /** Makes `value` the only TXT record of `name`. */
  setTxt(name: string, value: string): Promise<void>;
  /** Adds one more TXT record to `name`, keeping the ones it has. */
  addTxt(name: string, value: string): Promise<void>;
  clearTxt(name: string): Promise<void>;
  /** Adds A records; they add up with earlier ones until clearA. */
  addA(name: string, ips: string[]): Promise<void>;
  clearA(name: string): Promise<void>;
  addAaaa(name: string, ips: string[]): Promise<void>;
  clearAaaa(name: string): Promise<void>;
  /** A and AAAA queries for `name` then follow the CNAME to `target`'s mocks. */
  setCname(name: string, target: string): Promise<void>;
  clearCname(name: string): Promise<void>;
  /** Every query for `name` is answered SERVFAIL (ESERVFAIL in node:dns) until clearServfail. */
  setServfail(name: string): Promise<void>;
  clearServfail(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `pebble-challtestsrv` with only its DNS server and management API, on free loopback ports. */
export function startChallTestSrv(): Promise<ChallTestSrv> {
  return retryOnEarlyExit(startOnce);
}

async function startOnce(): Promise<ChallTestSrv> {
  const [dnsPort, managementPort] = (await pickFreePorts(2)) as [number, number];
  const dnsServer = `127.0.0.1:${dnsPort}`;
  // Empty defaults: otherwise every unknown name resolves to 127.0.0.1 / ::1.
  const flags = {
    '-dns01': dnsServer,
    '-management': `127.0.0.1:${managementPort}`,
    '-http01': '',
    '-https01': '',
    '-tlsalpn01': '',
    '-defaultIPv4': '',
    '-defaultIPv6': '',
  };
  const proc = spawnManaged('pebble-challtestsrv', Object.entries(flags).flat());
  const post = (path: string, body: object): Promise<void> => postManagement(proc, managementPort, path, body);
  // A failed bind is only logged, and the port may then belong to someone else: a record set
  // through our management port and read back from our DNS port proves both are ours.
  const probe = { host: `readiness-${randomBytes(6).toString('hex')}.invalid.`, value: 'ready' };
  const isReady = async (): Promise<boolean> => {
    await post('/set-txt', probe);
    return (await resolveTxt(dnsServer, probe.host)).flat().includes(probe.value);
  };
  await waitUntilReady('pebble-challtestsrv', proc, isReady, { failsWhen: /address already in use/ });
  await post('/clear-txt', { host: probe.host });

  return {
    dnsServer,
    setTxt: async (name, value) => {
      // /set-txt appends to the values already there.
      await post('/clear-txt', { host: toFqdn(name) });
      await post('/set-txt', { host: toFqdn(name), value });
    },
    addTxt: (name, value) => post('/set-txt', { host: toFqdn(name), value }),
    clearTxt: (name) => post('/clear-txt', { host: toFqdn(name) }),
    addA: (name, ips) => post('/add-a', { host: toFqdn(name), addresses: ips }),
    clearA: (name) => post('/clear-a', { host: toFqdn(name) }),
    addAaaa: (name, ips) => post('/add-aaaa', { host: toFqdn(name), addresses: ips }),
    clearAaaa: (name) => post('/clear-aaaa', { host: toFqdn(name) }),
    setCname: (name, target) => post('/set-cname', { host: toFqdn(name), target: toFqdn(target) }),
    clearCname: (name) => post('/clear-cname', { host: toFqdn(name) }),
    setServfail: (name) => post('/set-servfail', { host: toFqdn(name) }),
    clearServfail: (name) => post('/clear-servfail', { host: toFqdn(name) }),
    stop: () => proc.stop(),
  };
}

/** challtestsrv matches TXT mocks only on the fully qualified name, trailing dot included. */
function toFqdn(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

async function postManagement(proc: ManagedProcess, port: number, path: string, body: object): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) {
    const text = await response.text();
    throw new Error(
      `pebble-challtestsrv ${path} ${JSON.stringify(body)} answered ${response.status}: ${text}\nOutput:\n${proc.output()}`,
    );
  }
}

async function resolveTxt(dnsServer: string, name: string): Promise<string[][]> {
  const resolver = new Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([dnsServer]);
  return resolver.resolveTxt(name);
}
