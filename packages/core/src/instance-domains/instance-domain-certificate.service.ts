import { connect, serverOf } from '../instances/operation.runner.js';
import { proxyChallengeResponder } from '../instances/proxy.steps.js';
import type { ContainerRuntime } from '../runtime/container-runtime.ports.js';
import { needsCertificateOrder, renewBeforeMs, runCertificateOrder } from '../portal-domains/certificate.service.js';
import { saveAndPublish, type InstanceDomainDeps } from './instance-domain.deps.js';
import { checkInstanceDomain, domainContext } from './instance-domain.service.js';
import { syncServerProxy } from './instance-domain-proxy.js';

/**
 * Serves a verified domain from its server's proxy, then, when it needs one, orders its
 * certificate from the ACME CA: the HTTP-01 answer is written into the proxy (which serves
 * /.well-known/acme-challenge/ on port 80 of every hostname), the certificate is kept with
 * its key sealed, and the proxy is configured again with TLS for it and a redirect to https.
 */
export async function issueInstanceDomainCertificate(deps: InstanceDomainDeps, domainId: string): Promise<void> {
  const domain = await deps.store.instanceDomains.findById(domainId);
  if (!domain?.dnsVerified || !domain.isActive) return;
  const instance = await deps.store.instances.findById(domain.instanceId);
  const server = instance && (await serverOf(deps, instance));
  if (!instance || !server) return;
  const proxy = deps.instanceSteps.proxy;
  const setSsl = async (ssl: Parameters<typeof deps.store.instanceDomains.setSsl>[1]) => {
    await saveAndPublish(deps, (tx) => tx.instanceDomains.setSsl(domainId, ssl));
  };
  let runtime: ContainerRuntime | undefined;
  const reach = async () => {
    runtime ??= await connect(deps, server);
    await syncServerProxy(deps, runtime, instance.serverId);
    return runtime;
  };
  if (!needsCertificateOrder(domain, deps.clock.now().getTime())) {
    await reach();
    return;
  }
  await runCertificateOrder(deps, {
    host: domain.domain,
    organizationId: instance.organizationId,
    setSsl,
    failures: async () => (await deps.store.instanceDomains.findById(domainId))?.sslFailures ?? 0,
    prepare: async () => {
      if (!proxy?.httpsPort || !deps.instanceBaseDomain)
        throw new Error(
          "The servers' proxy offers no TLS: set OCORE_PROXY_HTTPS_PORT (and OCORE_INSTANCE_BASE_DOMAIN)",
        );
      await reach();
    },
    // Read by the order after `prepare` has reached the server.
    get responder() {
      return runtime && proxyChallengeResponder(runtime);
    },
    save: async (issued) => {
      const certificate = { certPem: issued.certPem, keySealed: deps.secrets.seal(issued.keyPem) };
      await saveAndPublish(deps, (tx) =>
        tx.instanceDomains.setSsl(
          domainId,
          { sslStatus: 'pending_issuance', sslError: null, certificateExpiresAt: issued.expiresAt },
          certificate,
        ),
      );
      await reach();
    },
  });
}

/**
 * The periodic work of instance domains: DNS checks that are due (pending ones back off,
 * verified ones are checked again) and certificates to order or renew. The reminders of
 * certificates not renewed in time are the notification reminder job's (`emitDomainReminders`).
 */
export async function sweepInstanceDomains(deps: InstanceDomainDeps, limit: number): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.store.instanceDomains.listDue(now, limit);
  for (const record of due) {
    const instance = await deps.store.instances.findById(record.instanceId);
    if (instance) await checkInstanceDomain(deps, await domainContext(deps, instance), record);
  }
  const renewBefore = new Date(now.getTime() + renewBeforeMs);
  for (const id of await deps.store.instanceDomains.needingCertificates(now, renewBefore, limit))
    await deps.instanceDomainCertificates.request(id);
  return due.length;
}
