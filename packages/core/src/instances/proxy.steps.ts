import type { ContainerRuntime, ContainerSpec } from '../runtime/container-runtime.ports.js';
import { RuntimeError } from '../runtime/container-runtime.ports.js';
import {
  certificateFiles,
  instanceProxy,
  proxyNetworks,
  renderProxyConfig,
  type ProxyRoute,
  type ProxySettings,
} from './proxy.rules.js';
import { randomPassword } from './instance.rules.js';
import type { InstanceRecord } from './instance.ports.js';

const labels = { 'ocore.managed': 'true', 'ocore.role': 'proxy' } as const;
const publishedAs = (settings: ProxySettings) =>
  `${settings.image} ${settings.hostIp}:${settings.hostPort}${settings.httpsPort ? `,${settings.httpsPort}` : ''}`;

function proxySpec(settings: ProxySettings, networks: string[]): ContainerSpec {
  return {
    name: instanceProxy.container,
    image: settings.image,
    command: ['nginx', '-g', 'daemon off;'],
    labels: { ...labels, 'ocore.networks': networks.join(','), 'ocore.published': publishedAs(settings) },
    networks: networks.map((name) => ({ name })),
    ports: [
      { containerPort: instanceProxy.port, hostIp: settings.hostIp, hostPort: settings.hostPort },
      ...(settings.httpsPort
        ? [{ containerPort: instanceProxy.tlsPort, hostIp: settings.hostIp, hostPort: settings.httpsPort }]
        : []),
    ],
    volumes: [{ volume: instanceProxy.dataVolume, target: instanceProxy.dataDirectory }],
    restart: 'unless-stopped',
    // Started with no routes (a config known to load); the routes are applied, checked, right after.
    files: {
      directory: instanceProxy.configDirectory,
      files: [{ path: instanceProxy.configFile, content: renderProxyConfig([]) }],
    },
  };
}

/**
 * Makes sure the server's proxy runs, published as configured and on every client network
 * with instances. The runtime cannot attach a running container to another network, so a
 * new client network (or a new image or address) recreates it: the hostnames of the
 * server stop answering for the second it takes, once per new client on the server.
 */
export async function ensureProxy(
  runtime: ContainerRuntime,
  settings: ProxySettings,
  instances: readonly Pick<InstanceRecord, 'id' | 'organizationId'>[],
): Promise<void> {
  const state = await runtime.inspectContainer(instanceProxy.container);
  // The networks it is on, as the engine says: it leaves a client's network when the client's
  // last instance on the server goes (see leaveClientNetwork).
  const have = state ? state.networks : [];
  const wanted = proxyNetworks(instances);
  const current = state?.labels['ocore.published'] === publishedAs(settings);
  if (!state || !current || wanted.some((n) => !have.includes(n))) {
    await runtime.ensureImage(settings.image);
    await runtime.ensureNetwork(instanceProxy.network, { ...labels });
    await runtime.ensureVolume(instanceProxy.dataVolume, { ...labels });
    const networks = [...new Set([...wanted, ...(current ? have : [])])];
    await runtime.createContainer(proxySpec(settings, networks), { replace: Boolean(state) });
  }
  if (state?.status !== 'running' || !current || wanted.some((n) => !have.includes(n)))
    await runtime.startContainer(instanceProxy.container);
}

async function run(runtime: ContainerRuntime, step: string, command: string[]): Promise<string> {
  const result = await runtime.exec(instanceProxy.container, { command });
  if (result.exitCode !== 0)
    throw new RuntimeError(step, result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`);
  return result.stdout;
}

/**
 * Writes the routes as the proxy's config: into a file of its own first, checked with
 * `nginx -t`, and only then moved in place and reloaded. A config nginx refuses is removed
 * and the step fails with nginx's words: the proxy keeps serving the last good one.
 */
export async function applyProxyConfig(runtime: ContainerRuntime, routes: readonly ProxyRoute[]): Promise<void> {
  const dir = instanceProxy.configDirectory;
  const live = `${dir}/${instanceProxy.configFile}`;
  const candidate = `ocore-next-${randomPassword().slice(0, 12)}.conf`;
  await runtime.putFiles(instanceProxy.container, dir, [{ path: candidate, content: renderProxyConfig(routes) }]);
  const check = await runtime.exec(instanceProxy.container, { command: ['nginx', '-t', '-c', `${dir}/${candidate}`] });
  if (check.exitCode !== 0) {
    await runtime.exec(instanceProxy.container, { command: ['rm', '-f', `${dir}/${candidate}`] });
    const said = check.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.includes('test failed'));
    throw new RuntimeError('check proxy configuration', said.join(' ') || `nginx -t exited ${check.exitCode}`);
  }
  await run(runtime, 'install proxy configuration', ['mv', '-f', `${dir}/${candidate}`, live]);
  await run(runtime, 'reload proxy', ['nginx', '-s', 'reload']);
}

/** Writes a hostname's certificate and key into the proxy's volume (the key readable by root only). */
export async function installCertificate(
  runtime: ContainerRuntime,
  hostname: string,
  certificate: { certPem: string; keyPem: string },
): Promise<void> {
  const files = certificateFiles(hostname);
  const dir = instanceProxy.certificateDirectory;
  await run(runtime, 'prepare certificate directory', ['mkdir', '-p', dir]);
  await runtime.putFiles(instanceProxy.container, dir, [
    { path: files.certificate.slice(dir.length + 1), content: certificate.certPem },
    { path: files.key.slice(dir.length + 1), content: certificate.keyPem, mode: 0o600 },
  ]);
}

/** Removes a hostname's certificate and key from the proxy's volume. */
export async function removeCertificate(runtime: ContainerRuntime, hostname: string): Promise<void> {
  const files = certificateFiles(hostname);
  await run(runtime, 'remove certificate', ['rm', '-f', files.certificate, files.key]);
}

const tokenPattern = /^[A-Za-z0-9_-]+$/;

/** HTTP-01 answers served by the proxy on port 80 of every hostname it routes. */
export function proxyChallengeResponder(runtime: ContainerRuntime) {
  const dir = instanceProxy.challengeDirectory;
  const checked = (token: string) => {
    if (!tokenPattern.test(token)) throw new Error('The certificate authority sent a malformed challenge token');
    return token;
  };
  return {
    async present(token: string, keyAuthorization: string): Promise<void> {
      await run(runtime, 'prepare challenge directory', ['mkdir', '-p', dir]);
      await runtime.putFiles(instanceProxy.container, dir, [{ path: checked(token), content: keyAuthorization }]);
    },
    async cleanup(token: string): Promise<void> {
      await run(runtime, 'remove challenge answer', ['rm', '-f', `${dir}/${checked(token)}`]);
    },
  };
}
