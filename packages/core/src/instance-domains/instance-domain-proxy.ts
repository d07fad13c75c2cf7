import type { InstanceDeps } from '../instances/instance.deps.js';
import { instanceHostname, proxyRoutes, type RouteState } from '../instances/proxy.rules.js';
import { applyProxyConfig, ensureProxy, installCertificate, removeCertificate } from '../instances/proxy.steps.js';
import type { ContainerRuntime } from '../runtime/container-runtime.ports.js';
import type { StoredDomainCertificate } from './instance-domain.ports.js';

/**
 * Brings a server's proxy up to date: every instance on it by its hostname (the one an
 * operation runs on in `override`'s state) and every verified custom domain, with TLS where
 * its certificate (the hostname's own or the domain's) is installed (written again each time, so a recreated proxy has them).
 * `without` leaves out a domain being removed, and its certificate files. Without a base
 * domain or proxy settings instances have no hostnames: nothing to do.
 */
export async function syncServerProxy(
  deps: InstanceDeps,
  runtime: ContainerRuntime,
  serverId: string,
  options: { override?: { instanceId: string; state: RouteState }; without?: { id: string; domain: string } } = {},
): Promise<void> {
  const proxy = deps.instanceSteps.proxy;
  const baseDomain = deps.instanceBaseDomain;
  if (!proxy || !baseDomain) return;
  const { override, without } = options;
  const onServer = await deps.store.instances.listOnServer(serverId);
  const served = (await deps.store.instanceDomains.listServedOnServer(serverId)).filter((d) => d.id !== without?.id);
  await ensureProxy(
    runtime,
    proxy,
    override?.state === 'gone' ? onServer.filter((i) => i.id !== override.instanceId) : onServer,
  );
  const tls = Boolean(proxy.httpsPort);
  const install = (hostname: string, certificate: StoredDomainCertificate) =>
    installCertificate(runtime, hostname, {
      certPem: certificate.certPem,
      keyPem: deps.secrets.open(certificate.keySealed),
    });
  for (const domain of served) if (tls && domain.certificate) await install(domain.domain, domain.certificate);
  // Instances' own hostnames, with a certificate issued for the hostname they have now.
  const tlsInstances = new Set<string>();
  if (tls)
    for (const cert of await deps.store.hostnameCertificates.listServedOnServer(serverId)) {
      const instance = onServer.find((i) => i.id === cert.instanceId);
      if (!instance || cert.hostname !== instanceHostname(instance.slug, baseDomain)) continue;
      await install(cert.hostname, cert.certificate);
      tlsInstances.add(instance.id);
    }
  const domains = served.map((d) => ({ instanceId: d.instanceId, hostname: d.domain, tls: tls && !!d.certificate }));
  await applyProxyConfig(runtime, proxyRoutes(onServer, baseDomain, override, domains, tlsInstances));
  if (without) await removeCertificate(runtime, without.domain);
}
