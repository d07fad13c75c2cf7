import { emitInstance } from '../instances/instance.deps.js';
import type { InstanceRecord } from '../instances/instance.ports.js';
import { connect, serverOf } from '../instances/operation.runner.js';
import { instanceHostname } from '../instances/proxy.rules.js';
import { proxyChallengeResponder } from '../instances/proxy.steps.js';
import {
  needsCertificateOrder,
  renewBeforeMs,
  runCertificateOrder,
  type SslState,
} from '../portal-domains/certificate.service.js';
import type { ContainerRuntime } from '../runtime/container-runtime.ports.js';
import { commitAndPublish } from '../shared/change.js';
import type { InstanceDomainDeps } from './instance-domain.deps.js';
import type { StoredDomainCertificate } from './instance-domain.ports.js';
import { syncServerProxy } from './instance-domain-proxy.js';

/** Whether the servers' proxies offer TLS for instances' hostnames (a base domain and an https port). */
export function offersHostnameTls(deps: Pick<InstanceDomainDeps, 'instanceSteps' | 'instanceBaseDomain'>): boolean {
  return Boolean(deps.instanceSteps.proxy?.httpsPort && deps.instanceBaseDomain);
}

/** Stores the hostname's certificate state and publishes the instance with it (its `url` and `hostnameCertificate`). */
async function saveState(
  deps: InstanceDomainDeps,
  instance: InstanceRecord,
  hostname: string,
  ssl: SslState,
  certificate?: StoredDomainCertificate,
): Promise<void> {
  await commitAndPublish(deps, async (tx, _record, emit) => {
    const target = { instanceId: instance.id, organizationId: instance.organizationId, hostname };
    await tx.hostnameCertificates.setSsl(target, ssl, certificate);
    const current = await tx.instances.findById(instance.id);
    if (current) await emitInstance(deps, emit, current);
  });
}

/**
 * Serves an instance's own hostname over TLS: orders its certificate from the ACME CA, answered
 * by HTTP-01 through the instance's server proxy (which routes the hostname already), keeps it
 * with its key sealed, and configures the proxy again with TLS for it and a redirect to https.
 * A certificate still good (or a failed order not yet due again) is only installed again.
 */
export async function issueHostnameCertificate(deps: InstanceDomainDeps, instanceId: string): Promise<void> {
  const baseDomain = deps.instanceBaseDomain;
  const instance = await deps.store.instances.findById(instanceId);
  if (!baseDomain || !instance || instance.status === 'deleting' || !offersHostnameTls(deps)) return;
  const server = await serverOf(deps, instance);
  if (!server) return;
  const hostname = instanceHostname(instance.slug, baseDomain);
  const stored = await deps.store.hostnameCertificates.find(instance.id);
  const current = stored?.hostname === hostname ? stored : undefined;
  let runtime: ContainerRuntime | undefined;
  const reach = async () => {
    runtime ??= await connect(deps, server);
    await syncServerProxy(deps, runtime, instance.serverId);
  };
  if (current && !needsCertificateOrder(current, deps.clock.now().getTime())) return reach();
  await runCertificateOrder(deps, {
    host: hostname,
    organizationId: instance.organizationId,
    setSsl: (ssl) => saveState(deps, instance, hostname, ssl),
    failures: async () => {
      const now = await deps.store.hostnameCertificates.find(instance.id);
      return now?.hostname === hostname ? now.sslFailures : 0;
    },
    // The platform's own name, whatever DNS provider the organization has: HTTP-01 through the proxy.
    http01Only: true,
    prepare: reach,
    // Read by the order after `prepare` has reached the server.
    get responder() {
      return runtime && proxyChallengeResponder(runtime);
    },
    save: async (issued) => {
      const certificate = { certPem: issued.certPem, keySealed: deps.secrets.seal(issued.keyPem) };
      const ssl: SslState = { sslStatus: 'pending_issuance', sslError: null, certificateExpiresAt: issued.expiresAt };
      await saveState(deps, instance, hostname, ssl, certificate);
      await reach();
    },
  });
}

/**
 * The renewal part of the instance-domains sweep for instances' own hostnames: queues an order
 * for each deployed instance with no certificate, a failed one due again, or one to renew.
 */
export async function sweepHostnameCertificates(deps: InstanceDomainDeps, limit: number): Promise<number> {
  const baseDomain = deps.instanceBaseDomain;
  const orders = deps.hostnameCertificateOrders;
  if (!baseDomain || !orders || !offersHostnameTls(deps)) return 0;
  const now = deps.clock.now();
  const renewBefore = new Date(now.getTime() + renewBeforeMs);
  const due = await deps.store.hostnameCertificates.needingCertificates(now, renewBefore, baseDomain, limit);
  for (const id of due) await orders.request(id);
  return due.length;
}
