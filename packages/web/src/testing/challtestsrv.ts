/// <reference types="node" />
import { spawn, type ChildProcess } from 'node:child_process';
import { Resolver } from 'node:dns/promises';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';

/*
 * A DNS server the browser suites control: Pebble's challenge test server, serving only mock
 * DNS on loopback (Debian's pebble package). The server under test resolves through it
 * (OCORE_DNS_SERVERS), so a suite decides what a domain's TXT and A records say.
 */

export const challtestsrvPath = process.env.CHALLTESTSRV_PATH ?? '/usr/bin/pebble-challtestsrv';
/** False when the DNS steps are skipped: no binary, and not under CI=true where they must run. */
export const hasChalltestsrv = existsSync(challtestsrvPath) || process.env.CI === 'true';

export interface MockDns {
  /** "127.0.0.1:<port>", for OCORE_DNS_SERVERS. */
  dnsServer: string;
  /** Makes `value` the only TXT record of `name`. */
  setTxt(name: string, value: string): Promise<void>;
  clearTxt(name: string): Promise<void>;
  /** Adds A records to `name`. */
  addA(name: string, addresses: string[]): Promise<void>;
  stop(): Promise<void>;
}

/** challtestsrv matches names fully qualified, trailing dot included. */
const fqdn = (name: string) => (name.endsWith('.') ? name : `${name}.`);

async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startOnce(): Promise<MockDns> {
  const [dnsPort, managementPort] = (await freePorts(2)) as [number, number];
  const dnsServer = `127.0.0.1:${dnsPort}`;
  // Empty defaults: otherwise every unknown name would resolve to 127.0.0.1 and ::1.
  const args = [
    '-dns01',
    dnsServer,
    '-management',
    `127.0.0.1:${managementPort}`,
    '-http01',
    '',
    '-https01',
    '',
    '-tlsalpn01',
    '',
    '-defaultIPv4',
    '',
    '-defaultIPv6',
    '',
  ];
  const child = spawn(challtestsrvPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const killOnExit = () => void child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const post = async (path: string, body: object) => {
    const response = await fetch(`http://127.0.0.1:${managementPort}${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok)
      throw new Error(`pebble-challtestsrv ${path} answered ${response.status}: ${await response.text()}`);
  };
  // A record set through our management port and read back from our DNS port proves both are ours.
  const probe = { host: `ready-${dnsPort}.invalid.`, value: 'ready' };
  const resolver = new Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([dnsServer]);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ready = await post('/set-txt', probe)
      .then(() => resolver.resolveTxt(probe.host))
      .then((records) => records.flat().includes(probe.value))
      .catch(() => false);
    if (ready) break;
    if (child.exitCode !== null || /address already in use/.test(output) || Date.now() > deadline) {
      await stopProcess(child);
      process.off('exit', killOnExit);
      throw new Error(`pebble-challtestsrv did not start. Output:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await post('/clear-txt', { host: probe.host });

  return {
    dnsServer,
    setTxt: async (name, value) => {
      // /set-txt adds to the values already there.
      await post('/clear-txt', { host: fqdn(name) });
      await post('/set-txt', { host: fqdn(name), value });
    },
    clearTxt: (name) => post('/clear-txt', { host: fqdn(name) }),
    addA: (name, addresses) => post('/add-a', { host: fqdn(name), addresses }),
    stop: async () => {
      await stopProcess(child);
      process.off('exit', killOnExit);
    },
  };
}

/** Starts pebble-challtestsrv on free loopback ports; a port taken meanwhile means a retry. */
export async function startMockDns(attempts = 3): Promise<MockDns> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce();
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}
