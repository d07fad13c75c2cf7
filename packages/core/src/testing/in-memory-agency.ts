import { pageInMemory } from '../shared/list-page.js';
import type { AgencyRepository } from '../agency/agency.ports.js';
import { portalFeatures, type ClientOrg, type PortalConfig } from '../agency/agency.schema.js';
import type { PortalDomainRepository } from '../portal-domains/portal-domain.ports.js';
import type { PortalDomain } from '../portal-domains/portal-domain.schema.js';
import { verificationRecordName } from '../portal-domains/portal-domain.rules.js';
import { domainTaken } from '../shared/domain-error.js';
import { definedFields } from '../shared/fields.js';
import { newId, type StateCell } from './in-memory-state.js';

function toClient(cell: StateCell, orgId: string): ClientOrg | undefined {
  const org = cell.current.organizations.get(orgId);
  if (!org) return undefined;
  const memberCount = cell.current.members.filter((m) => m.organizationId === orgId).length;
  const instanceCount = cell.current.instances.filter((i) => i.organizationId === orgId).length;
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    logoUrl: org.logoUrl,
    createdAt: org.createdAt,
    memberCount,
    instanceCount,
  };
}

/** Agencies kept in memory: branding and portal configuration per agency, clients by parent. */
export function createAgencyRepository(cell: StateCell): AgencyRepository {
  const clientsOf = (agencyId: string) =>
    [...cell.current.organizations.values()]
      .filter((o) => o.parentOrganizationId === agencyId)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
  return {
    async enable(organizationId) {
      const org = cell.current.organizations.get(organizationId)!;
      cell.current.organizations.set(organizationId, { ...org, agencyEnabled: true });
      const now = cell.clock.now().toISOString();
      const nulls = {
        accentColor: null,
        customCss: null,
        faviconUrl: null,
        fontFamily: null,
        footerText: null,
        fromEmail: null,
        loginBgUrl: null,
        logoUrl: null,
        primaryColor: null,
      };
      cell.current.branding.set(organizationId, {
        id: newId(),
        organizationId,
        createdAt: now,
        updatedAt: now,
        ...nulls,
      });
      const features = Object.fromEntries(portalFeatures.map((f) => [f, true])) as Record<
        (typeof portalFeatures)[number],
        boolean
      >;
      cell.current.portalConfig.set(organizationId, {
        id: newId(),
        organizationId,
        createdAt: now,
        updatedAt: now,
        infrastructureVisibility: 'full',
        ...features,
      });
    },
    async counts(organizationId) {
      const domains = cell.current.portalDomains.filter((d) => d.organizationId === organizationId);
      return {
        clientCount: clientsOf(organizationId).length,
        portalDomainCount: domains.length,
        activePortalDomains: domains.filter((d) => d.isActive).length,
      };
    },
    async listClients(agencyId, query) {
      // Keyset like the database: a deleted client does not restart paging.
      const kind = query.sort === 'name' ? ('text' as const) : ('time' as const);
      const page = pageInMemory(clientsOf(agencyId), query, { kind, value: (o) => o[query.sort] }, (o) => [
        o.name,
        o.slug,
      ]);
      return { ...page, items: page.items.map((o) => toClient(cell, o.id)!) };
    },
    async findClient(agencyId, clientId) {
      const org = cell.current.organizations.get(clientId);
      return org?.parentOrganizationId === agencyId ? toClient(cell, clientId) : undefined;
    },
    async findBranding(organizationId) {
      const b = cell.current.branding.get(organizationId);
      return b && { ...b };
    },
    async updateBranding(organizationId, patch) {
      const next = {
        ...cell.current.branding.get(organizationId)!,
        ...patch,
        updatedAt: cell.clock.now().toISOString(),
      };
      cell.current.branding.set(organizationId, next);
      return { ...next };
    },
    async findPortalConfig(organizationId) {
      const c = cell.current.portalConfig.get(organizationId);
      return c && { ...c };
    },
    async updatePortalConfig(organizationId, patch) {
      const defined: Partial<PortalConfig> = definedFields(patch);
      const next = {
        ...cell.current.portalConfig.get(organizationId)!,
        ...defined,
        updatedAt: cell.clock.now().toISOString(),
      };
      cell.current.portalConfig.set(organizationId, next);
      return { ...next };
    },
  };
}

/** Portal domains kept in memory, unique by subdomain and by custom domain. */
export function createPortalDomainRepository(cell: StateCell): PortalDomainRepository {
  const all = () => cell.current.portalDomains;
  const byId = (id: string) => all().find((d) => d.id === id);
  const view = ({
    checkFailures: _f,
    failingSince: _s,
    leaseUntil: _l,
    sslFailures: _sf,
    ...d
  }: (typeof cell.current.portalDomains)[number]): PortalDomain => structuredClone(d);
  return {
    async insert(d) {
      for (const field of ['subdomain', 'customDomain'] as const) {
        if (d[field] && all().some((x) => x[field] === d[field])) {
          throw domainTaken(field, d[field]);
        }
      }
      const now = cell.clock.now().toISOString();
      const row = {
        ...d,
        id: newId(),
        createdAt: now,
        updatedAt: now,
        dnsVerifiedAt: d.dnsVerified ? now : null,
        sslStatus: 'none' as const,
        verificationRecord: d.customDomain
          ? { type: 'TXT' as const, name: verificationRecordName(d.customDomain), value: d.dnsVerificationToken }
          : null,
        status: d.dnsVerified ? ('verified' as const) : ('pending' as const),
        lastCheckedAt: null,
        nextCheckAt: d.customDomain ? now : null,
        lastError: null,
        diagnostics: null,
        sslError: null,
        sslRetryAt: null,
        certificateExpiresAt: null,
        checkFailures: 0,
        failingSince: null,
        leaseUntil: null,
        sslFailures: 0,
      };
      all().push(row);
      return view(row);
    },
    async list(agencyId) {
      return all()
        .filter((d) => d.organizationId === agencyId)
        .map(view);
    },
    async find(agencyId, id) {
      const d = all().find((x) => x.id === id && x.organizationId === agencyId);
      return d && view(d);
    },
    async findById(id) {
      const d = byId(id);
      return d && view(d);
    },
    async checkState(id) {
      const d = byId(id);
      return (
        d && {
          status: d.status as 'pending',
          dnsVerified: d.dnsVerified,
          isActive: d.isActive,
          checkFailures: d.checkFailures,
          failingSince: d.failingSince,
        }
      );
    },
    async claim(id, now, until) {
      const d = byId(id);
      if (!d || (d.leaseUntil && d.leaseUntil > now.toISOString())) return false;
      d.leaseUntil = until.toISOString();
      return true;
    },
    async release(id) {
      const d = byId(id);
      if (d) d.leaseUntil = null;
    },
    async claimDue(now, until, limit) {
      const due = all()
        .filter(
          (d) =>
            d.customDomain &&
            d.nextCheckAt &&
            d.nextCheckAt <= now.toISOString() &&
            (!d.leaseUntil || d.leaseUntil <= now.toISOString()),
        )
        .sort((a, b) => (a.nextCheckAt! < b.nextCheckAt! ? -1 : 1))
        .slice(0, limit);
      for (const d of due) d.leaseUntil = until.toISOString();
      return due.map((d) => ({
        domain: view(d),
        state: {
          status: d.status as 'pending',
          dnsVerified: d.dnsVerified,
          isActive: d.isActive,
          checkFailures: d.checkFailures,
          failingSince: d.failingSince,
        },
      }));
    },
    async saveCheck(id, outcome, diagnostics) {
      const d = byId(id)!;
      Object.assign(d, {
        ...outcome,
        diagnostics: structuredClone(diagnostics),
        leaseUntil: null,
        updatedAt: outcome.lastCheckedAt,
      });
      return view(d);
    },
    async setSsl(id, ssl) {
      const d = byId(id)!;
      Object.assign(d, {
        sslStatus: ssl.sslStatus,
        sslError: ssl.sslError,
        ...(ssl.certificateExpiresAt !== undefined ? { certificateExpiresAt: ssl.certificateExpiresAt } : {}),
      });
      if (ssl.sslStatus === 'failed' && ssl.retryAt)
        Object.assign(d, { sslFailures: d.sslFailures + 1, sslRetryAt: ssl.retryAt });
      if (ssl.sslStatus === 'active') Object.assign(d, { sslFailures: 0, sslRetryAt: null });
      return view(d);
    },
    async sslFailures(id) {
      return byId(id)?.sslFailures ?? 0;
    },
    async needingCertificates(now, renewBefore, limit) {
      const due = (d: (typeof cell.current.portalDomains)[number]) =>
        d.sslStatus === 'none' ||
        (d.sslStatus === 'failed' && (!d.sslRetryAt || d.sslRetryAt <= now.toISOString())) ||
        (d.sslStatus === 'active' &&
          d.certificateExpiresAt !== null &&
          d.certificateExpiresAt < renewBefore.toISOString());
      return all()
        .filter((d) => d.customDomain && d.dnsVerified && d.isActive && due(d))
        .slice(0, limit)
        .map((d) => d.id);
    },
    async delete(id) {
      cell.current.portalDomains = all().filter((d) => d.id !== id);
    },
    async findBySubdomain(subdomain) {
      const d = all().find((x) => x.subdomain === subdomain);
      return d && view(d);
    },
    async findByCustomDomain(customDomain) {
      const d = all().find((x) => x.customDomain === customDomain);
      return d && view(d);
    },
    async findActiveFor(agencyId, clientOrgId) {
      const d = all().find((x) => x.organizationId === agencyId && x.clientOrgId === clientOrgId && x.isActive);
      return d && view(d);
    },
  };
}
