import {
  createPortalDomain,
  createPortalDomainInput,
  deletePortalDomain,
  domainEventTypes,
  listPortalDomains,
  portalDomainIdInput,
  portalDomainListSchema,
  portalDomainSchema,
  requirePermission,
  verifyPortalDomain,
  verifyResultSchema,
  type Actor,
  type DomainEvent,
  type DomainEventTypeOf,
} from '@ocore/core';
import { lastEventIdInput } from '../events/events.router.js';
import { streamEventsOf } from '../events/stream-events-of.js';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['Agency'];

/** The agency whose domain events the actor may follow, and the client they are limited to. */
function domainAudience(actor: Actor): { agencyId: string; clientId: string | null } {
  if (actor.agencyOrganizationId) return { agencyId: actor.agencyOrganizationId, clientId: actor.organizationId };
  requirePermission(actor, 'view:agency');
  return { agencyId: actor.organizationId, clientId: null };
}

type PortalDomainEventType = DomainEventTypeOf<'portal_domain'>;

/** Every portal-domain event type: what `onStatus` streams. */
const portalDomainEventTypes = domainEventTypes.filter((type): type is PortalDomainEventType =>
  type.startsWith('portal_domain.'),
);

/** The client a portal-domain event is about (null for the agency's own portal). */
function clientOf(event: DomainEvent<PortalDomainEventType>): string | null {
  return 'clientOrgId' in event.payload ? event.payload.clientOrgId : event.payload.domain.clientOrgId;
}

export const portalDomainRouter = router({
  list: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/agency/portal-domains',
        tags,
        protect: true,
        summary: 'Portal domains of the agency (view:agency)',
      },
    })
    .input(z.void())
    .output(portalDomainListSchema)
    .query(({ ctx }) => listPortalDomains(ctx.deps, ctx.actor)),

  create: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/agency/portal-domains',
        tags,
        protect: true,
        summary: 'Add a portal domain: a subdomain, a custom domain, or both (manage:agency)',
      },
      successStatus: 201,
    })
    .input(createPortalDomainInput)
    .output(portalDomainSchema)
    .mutation(({ ctx, input }) => createPortalDomain(ctx.deps, ctx.actor, input)),

  verify: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/agency/portal-domains/{domainId}/verify',
        tags,
        protect: true,
        summary: 'Check the DNS ownership record now; answers verified and what DNS said (manage:agency)',
      },
    })
    .input(portalDomainIdInput)
    .output(verifyResultSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.deps.limits.consume('domainVerify', `${ctx.actor.organizationId}:${input.domainId}`);
      return verifyPortalDomain(ctx.deps, ctx.actor, input.domainId);
    }),

  /**
   * Every change of the agency's portal domains (DNS, SSL, active, checks), live: to the
   * agency's members, and to a client's members for the domains bound to that client.
   */
  onStatus: orgProcedure.input(lastEventIdInput).subscription(({ ctx, input, signal }) => {
    const { agencyId, clientId } = domainAudience(ctx.actor);
    return streamEventsOf(ctx, portalDomainEventTypes, {
      organizationIds: [agencyId],
      accept: (e) => clientId === null || clientOf(e) === clientId,
      authorize: (actor) => void domainAudience(actor),
      lastEventId: input?.lastEventId ?? null,
      signal,
    });
  }),

  delete: orgProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/agency/portal-domains/{domainId}',
        tags,
        protect: true,
        summary: 'Delete a portal domain (manage:agency)',
      },
      successStatus: 204,
    })
    .input(portalDomainIdInput)
    .output(z.void())
    .mutation(({ ctx, input }) => deletePortalDomain(ctx.deps, ctx.actor, input.domainId)),
});
