import type { InstanceDeps } from '../instances/instance.deps.js';
import type { DnsResolver } from '../portal-domains/dns.ports.js';
import type { CertificateAuthority, CertificateQueue } from '../portal-domains/portal-domain.ports.js';
import type { CheckPolicy } from '../portal-domains/verification.rules.js';
import { commitAndPublish } from '../shared/change.js';
import type { NewDomainEvent } from '../shared/events.js';
import type { Repositories } from '../shared/store.js';
import type { InstanceDomainRecord } from './instance-domain.ports.js';

/** What instance domains need: the instances' runtime, DNS, the ACME CA and the certificate queue. */
export interface InstanceDomainDeps extends InstanceDeps {
  dns: DnsResolver;
  checkPolicy: CheckPolicy;
  ca: CertificateAuthority;
  /** Durable certificate orders of instance domains (installing them into the proxy first). */
  instanceDomainCertificates: CertificateQueue;
}

/** Events of the instance-domains slice, pushed live (see ARCHITECTURE.md's event list). */
export const instanceDomainEvents = {
  /** The domain after any change of its DNS or certificate state. */
  status: 'instance_domain.status',
} as const;

/** The domain's new state as an event (its certificate's key is never in it). */
export function domainStatusEvent(record: InstanceDomainRecord): NewDomainEvent {
  const { checkFailures: _f, failingSince: _s, sslFailures: _x, ...domain } = record;
  return {
    organizationId: record.organizationId,
    type: instanceDomainEvents.status,
    payload: { targetType: 'instance_domain', targetId: record.id, instanceId: record.instanceId, domain },
  };
}

/** Stores a change of a domain and publishes its new state. */
export function saveAndPublish(
  deps: InstanceDomainDeps,
  change: (tx: Repositories) => Promise<InstanceDomainRecord>,
): Promise<InstanceDomainRecord> {
  return commitAndPublish(deps, async (tx, _record, emit) => {
    const saved = await change(tx);
    await emit(domainStatusEvent(saved));
    return saved;
  });
}
