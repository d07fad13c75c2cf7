import type { InstanceDomainForReminder, PortalDomainForReminder } from '@ocore/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { iso } from '../db/pg-errors.js';

/** Portal custom domains the reminder job looks at: unverified, or with a certificate. */
export async function portalDomainsForReminders(db: Kysely<Database>): Promise<PortalDomainForReminder[]> {
  const rows = await db
    .selectFrom('portalDomains')
    .select([
      'id',
      'organizationId',
      'clientOrganizationId',
      'customDomain',
      'subdomain',
      'status',
      'dnsVerified',
      'certificateExpiresAt',
      'createdAt',
    ])
    .where('customDomain', 'is not', null)
    .where((eb) => eb.or([eb('dnsVerified', '=', false), eb('certificateExpiresAt', 'is not', null)]))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    organizationId: r.organizationId,
    clientOrgId: r.clientOrganizationId,
    name: r.customDomain ?? r.subdomain ?? r.id,
    status: r.status,
    dnsVerified: r.dnsVerified,
    certificateExpiresAt: r.certificateExpiresAt ? iso(r.certificateExpiresAt) : null,
    createdAt: iso(r.createdAt),
  }));
}

/**
 * Instances' custom domains still unverified or served with a certificate (one no longer served,
 * being inactive, is not reminded of), and instances' own hostnames with a certificate, each
 * with its instance's and organization's names.
 */
export async function instanceDomainsForReminders(db: Kysely<Database>): Promise<InstanceDomainForReminder[]> {
  const domains = await db
    .selectFrom('instanceDomains as d')
    .innerJoin('instances as i', 'i.id', 'd.instanceId')
    .innerJoin('organizations as o', 'o.id', 'd.organizationId')
    .select([
      'd.id',
      'd.organizationId',
      'd.domain',
      'd.dnsVerified',
      'd.isActive',
      'd.certificateExpiresAt',
      'd.createdAt',
      'd.instanceId',
      'i.name as instanceName',
      'o.name as organizationName',
    ])
    .where('i.status', '!=', 'deleting')
    .where((eb) =>
      eb.or([
        eb('d.dnsVerified', '=', false),
        eb.and([
          eb('d.isActive', '=', true),
          eb('d.certPem', 'is not', null),
          eb('d.certificateExpiresAt', 'is not', null),
        ]),
      ]),
    )
    .execute();
  const hostnames = await db
    .selectFrom('hostnameCertificates as h')
    .innerJoin('instances as i', 'i.id', 'h.instanceId')
    .innerJoin('organizations as o', 'o.id', 'h.organizationId')
    .select([
      'h.instanceId',
      'h.organizationId',
      'h.hostname',
      'h.certificateExpiresAt',
      'i.createdAt',
      'i.name as instanceName',
      'o.name as organizationName',
    ])
    .where('i.status', '!=', 'deleting')
    .where('h.certPem', 'is not', null)
    .where('h.certificateExpiresAt', 'is not', null)
    .execute();
  return [
    ...domains.map((r) => ({
      id: r.id,
      organizationId: r.organizationId,
      name: r.domain,
      dnsVerified: r.dnsVerified,
      certificateExpiresAt: r.isActive && r.certificateExpiresAt ? iso(r.certificateExpiresAt) : null,
      createdAt: iso(r.createdAt),
      hostname: false,
      instanceId: r.instanceId,
      instanceName: r.instanceName,
      organizationName: r.organizationName,
    })),
    ...hostnames.map((r) => ({
      id: r.instanceId,
      organizationId: r.organizationId,
      name: r.hostname,
      // The platform's own name: there is nothing to verify.
      dnsVerified: true,
      certificateExpiresAt: r.certificateExpiresAt ? iso(r.certificateExpiresAt) : null,
      createdAt: iso(r.createdAt),
      hostname: true,
      instanceId: r.instanceId,
      instanceName: r.instanceName,
      organizationName: r.organizationName,
    })),
  ];
}
