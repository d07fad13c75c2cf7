import { requirePermission, type Actor } from '../auth/actor.js';
import { requireFeature } from '../agency/portal-config.service.js';
import type { InstanceRecord } from '../instances/instance.ports.js';
import { connect, serverOf } from '../instances/operation.runner.js';
import { instanceHostname } from '../instances/proxy.rules.js';
import type { Permission } from '../members/permissions.js';
import { newVerificationToken } from '../portal-domains/portal-domain.rules.js';
import { needsCertificateOrder } from '../portal-domains/certificate.service.js';
import { lookUpDomain } from '../portal-domains/verification.service.js';
import { nextState, passes } from '../portal-domains/verification.rules.js';
import { commitAndPublish } from '../shared/change.js';
import { DomainError, notFound } from '../shared/domain-error.js';
import { domainStatusEvent, saveAndPublish, type InstanceDomainDeps } from './instance-domain.deps.js';
import type { InstanceDomainRecord } from './instance-domain.ports.js';
import { syncServerProxy } from './instance-domain-proxy.js';
import { domainTarget, pointingTarget, toInstanceDomain, type DomainTarget } from './instance-domain.rules.js';
import type {
  AddInstanceDomainInput,
  InstanceDomain,
  InstanceDomainIdInput,
  InstanceDomainList,
  VerifyInstanceDomainResult,
} from './instance-domain.schema.js';

/** Custom domains one instance may have. */
export const maxDomainsPerInstance = 20;

interface DomainContext {
  instance: InstanceRecord;
  target: DomainTarget;
  show(record: InstanceDomainRecord): InstanceDomain;
}

/** Where an instance's domains point and how they are shown. */
export async function domainContext(deps: InstanceDomainDeps, instance: InstanceRecord): Promise<DomainContext> {
  const server = await serverOf(deps, instance);
  const base = deps.instanceBaseDomain;
  const target = domainTarget(base ? instanceHostname(instance.slug, base) : null, server?.host);
  const proxy = deps.instanceSteps.proxy;
  const ports = { http: proxy?.hostPort ?? 80, https: proxy?.httpsPort };
  return { instance, target, show: (record) => toInstanceDomain(record, target, ports) };
}

/** The permission, then featureDomains for a client member (agency operators never blocked), then the instance. */
async function access(deps: InstanceDomainDeps, actor: Actor, id: string, permission: Permission) {
  requirePermission(actor, permission);
  await requireFeature(deps, actor, 'featureDomains');
  const instance = await deps.store.instances.find(actor.organizationId, id);
  if (!instance) throw notFound('Instance');
  return domainContext(deps, instance);
}

async function findDomain(deps: InstanceDomainDeps, instanceId: string, domainId: string) {
  const record = await deps.store.instanceDomains.findById(domainId);
  if (!record || record.instanceId !== instanceId) throw notFound('Domain');
  return record;
}

/** The instance's custom domains with the records to add (view:instances, featureDomains). */
export async function listInstanceDomains(
  deps: InstanceDomainDeps,
  actor: Actor,
  id: string,
): Promise<InstanceDomainList> {
  const ctx = await access(deps, actor, id, 'view:instances');
  const items = (await deps.store.instanceDomains.listForInstance(id)).map((r) => ctx.show(r));
  return {
    items,
    total: items.length,
    instanceHostname: ctx.target.hostname,
    tlsAvailable: Boolean(deps.instanceSteps.proxy?.httpsPort && deps.instanceBaseDomain),
  };
}

/**
 * Adds a custom domain to an instance (manage:instances, featureDomains): pending until its TXT
 * record proves ownership and it points at the instance; the answer holds the records to add.
 */
export async function addInstanceDomain(
  deps: InstanceDomainDeps,
  actor: Actor,
  input: AddInstanceDomainInput,
): Promise<InstanceDomain> {
  const ctx = await access(deps, actor, input.id, 'manage:instances');
  const base = deps.instanceBaseDomain;
  if (base && (input.domain === base || input.domain.endsWith(`.${base}`)))
    throw new DomainError('INVALID_INPUT', `domain: names under ${base} are the instances' own hostnames`, {
      field: 'domain',
    });
  if (await deps.store.portalDomains.findByCustomDomain(input.domain))
    throw new DomainError('DOMAIN_TAKEN', `domain: ${input.domain} is a portal domain`, { field: 'domain' });
  if ((await deps.store.instanceDomains.listForInstance(input.id)).length >= maxDomainsPerInstance)
    throw new DomainError('INVALID_INPUT', `domain: an instance has at most ${maxDomainsPerInstance} domains`, {
      field: 'domain',
    });
  const created = await commitAndPublish(deps, async (tx, record, emit) => {
    const inserted = await tx.instanceDomains.insert({
      organizationId: actor.organizationId,
      instanceId: input.id,
      domain: input.domain,
      dnsVerificationToken: newVerificationToken(),
    });
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'instance_domain.added',
      targetType: 'instance',
      targetId: input.id,
      diff: { domain: input.domain },
    });
    await emit(domainStatusEvent(inserted));
    return inserted;
  });
  return ctx.show(created);
}

/** Looks the domain up in DNS now, stores its next state, and queues its certificate once it passes. */
export async function checkInstanceDomain(
  deps: InstanceDomainDeps,
  ctx: DomainContext,
  record: InstanceDomainRecord,
): Promise<InstanceDomainRecord> {
  const now = deps.clock.now();
  const diagnostics = await lookUpDomain(
    deps.dns,
    pointingTarget(ctx.target),
    record.domain,
    record.dnsVerificationToken,
    now,
  );
  const outcome = nextState(record, diagnostics, now, deps.checkPolicy);
  const saved = await saveAndPublish(deps, (tx) => tx.instanceDomains.saveCheck(record.id, outcome, diagnostics));
  const firstTime = !record.dnsVerified && saved.dnsVerified;
  if (passes(diagnostics) && saved.isActive && (firstTime || needsCertificateOrder(saved, now.getTime())))
    await deps.instanceDomainCertificates.request(saved.id);
  return saved;
}

/** Checks a domain's DNS now (manage:instances, featureDomains); audited. */
export async function verifyInstanceDomain(
  deps: InstanceDomainDeps,
  actor: Actor,
  input: InstanceDomainIdInput,
): Promise<VerifyInstanceDomainResult> {
  const ctx = await access(deps, actor, input.id, 'manage:instances');
  const checked = await checkInstanceDomain(deps, ctx, await findDomain(deps, input.id, input.domainId));
  await commitAndPublish(deps, (_tx, record) =>
    record(actor, {
      organizationId: actor.organizationId,
      action: 'instance_domain.verify',
      targetType: 'instance',
      targetId: input.id,
      diff: { domain: checked.domain, status: checked.status, dnsVerified: checked.dnsVerified },
    }),
  );
  return {
    verified: checked.dnsVerified && checked.status === 'verified',
    status: checked.status,
    diagnostics: checked.diagnostics,
    domain: ctx.show(checked),
  };
}

/**
 * Removes a custom domain (manage:instances, featureDomains). One the proxy may serve is taken
 * out of it first, certificate files included: when the server cannot be reached the domain
 * stays and the removal is refused, so nothing keeps serving a domain the list no longer shows.
 */
export async function removeInstanceDomain(
  deps: InstanceDomainDeps,
  actor: Actor,
  input: InstanceDomainIdInput,
): Promise<void> {
  const ctx = await access(deps, actor, input.id, 'manage:instances');
  const domain = await findDomain(deps, input.id, input.domainId);
  if (domain.dnsVerified && deps.instanceSteps.proxy && deps.instanceBaseDomain) {
    const server = await serverOf(deps, ctx.instance);
    if (server) {
      try {
        const runtime = await connect(deps, server);
        await syncServerProxy(deps, runtime, ctx.instance.serverId, { without: domain });
      } catch (err) {
        throw new DomainError(
          'UNAVAILABLE',
          `The domain is still served: its server's proxy could not be updated (${err instanceof Error ? err.message : String(err)})`,
        );
      }
    }
  }
  await commitAndPublish(deps, async (tx, record) => {
    await tx.instanceDomains.delete(domain.id);
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'instance_domain.removed',
      targetType: 'instance',
      targetId: input.id,
      diff: { domain: domain.domain },
    });
  });
}
