import { withListDefaults } from '../shared/list-query.js';
import type { ListClientsInput } from './agency.schema.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { insertOrganizationWithOwner, withGeneratedSlugRetry } from '../organizations/organization.service.js';
import type { CreateOrgInput, Organization } from '../organizations/organization.schema.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import { DomainError, notFound } from '../shared/domain-error.js';
import type { AgencyOverview, ClientOrg } from './agency.schema.js';
import { clientListLimits } from './agency.schema.js';
import type { ClientPage } from './agency.ports.js';

/** The current organization, which must have agency mode on. */
export async function requireAgency(deps: CoreDeps, actor: Actor): Promise<Organization> {
  const org = await deps.store.organizations.findById(actor.organizationId);
  if (!org) throw notFound('Organization');
  if (!org.agencyEnabled) {
    throw new DomainError(
      'AGENCY_NOT_ENABLED',
      'Agency mode is not enabled for this organization: POST /api/agency/enable first',
    );
  }
  return org;
}

/** Turns agency mode on for the current organization (manage:agency); idempotent. */
export async function enableAgency(deps: CoreDeps, actor: Actor): Promise<{ status: 'enabled' }> {
  requirePermission(actor, 'manage:agency');
  const org = await deps.store.organizations.findById(actor.organizationId);
  if (!org) throw notFound('Organization');
  if (org.parentOrganizationId) {
    throw new DomainError('AGENCY_NOT_ALLOWED', 'A client organization cannot become an agency');
  }
  if (org.agencyEnabled) return { status: 'enabled' };
  await commitAndPublish(deps, async (tx, record) => {
    await tx.agencies.enable(org.id);
    await record(actor, {
      organizationId: org.id,
      action: 'agency.enabled',
      targetType: 'organization',
      targetId: org.id,
    });
  });
  return { status: 'enabled' };
}

/** Client, portal domain and active portal domain counts (view:agency); works before enabling. */
export async function getAgencyOverview(deps: CoreDeps, actor: Actor): Promise<AgencyOverview> {
  requirePermission(actor, 'view:agency');
  const org = await deps.store.organizations.findById(actor.organizationId);
  if (!org) throw notFound('Organization');
  const counts = org.agencyEnabled
    ? await deps.store.agencies.counts(org.id)
    : { clientCount: 0, portalDomainCount: 0, activePortalDomains: 0 };
  return { ...counts, enabled: org.agencyEnabled };
}

/** One page of the agency's clients, newest first (view:agency). */
export async function listClients(deps: CoreDeps, actor: Actor, input?: ListClientsInput): Promise<ClientPage> {
  requirePermission(actor, 'view:agency');
  const agency = await requireAgency(deps, actor);
  const query = withListDefaults(input, { sort: 'createdAt', direction: 'desc' });
  return deps.store.agencies.listClients(agency.id, { ...query, limit: query.limit ?? clientListLimits.defaultLimit });
}

/** Creates a client organization under the agency (manage:agency), with the system roles and no members yet. */
export async function createClient(deps: CoreDeps, actor: Actor, input: CreateOrgInput): Promise<ClientOrg> {
  requirePermission(actor, 'manage:agency');
  const agency = await requireAgency(deps, actor);
  const org = await withGeneratedSlugRetry(input.slug, () =>
    commitAndPublish(deps, async (tx, record) => {
      const client = await insertOrganizationWithOwner(
        tx,
        { name: input.name, slug: input.slug, parentOrganizationId: agency.id },
        null,
      );
      await record(actor, {
        organizationId: agency.id,
        action: 'agency.client_created',
        targetType: 'organization',
        targetId: client.id,
        diff: { after: { name: client.name, slug: client.slug } },
      });
      return client;
    }),
  );
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    logoUrl: org.logoUrl,
    createdAt: org.createdAt,
    memberCount: 0,
    instanceCount: 0,
  };
}

/**
 * Deletes a client organization and everything it owns in one transaction (manage:agency,
 * owning agency only: another agency's client is not found).
 */
export async function deleteClient(deps: CoreDeps, actor: Actor, clientOrgId: string): Promise<void> {
  requirePermission(actor, 'manage:agency');
  const agency = await requireAgency(deps, actor);
  await commitAndPublish(deps, async (tx, record) => {
    const client = await tx.agencies.findClient(agency.id, clientOrgId);
    if (!client) throw notFound('Client organization');
    await tx.organizations.delete(client.id);
    await record(actor, {
      organizationId: agency.id,
      action: 'agency.client_deleted',
      targetType: 'organization',
      targetId: client.id,
      diff: { before: { name: client.name, slug: client.slug, memberCount: client.memberCount } },
    });
  });
}
