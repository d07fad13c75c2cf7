import type { Organization, UserOrganization } from '@ocore/core';
import { formatFields, formatTable } from '../shared/output.js';

/** The organizations you belong to, the current one marked with `*`. */
export function formatOrgList(orgs: readonly UserOrganization[], currentId: string | undefined): string {
  if (orgs.length === 0) return 'You belong to no organization yet; create one with `ocore org create --name <name>`.';
  return formatTable(orgs, [
    { header: ' ', value: (o) => (o.id === currentId ? '*' : ' ') },
    { header: 'name', value: (o) => o.name },
    { header: 'slug', value: (o) => o.slug },
    { header: 'role', value: (o) => o.role },
    { header: 'id', value: (o) => o.id },
  ]);
}

/** One organization, field by field. */
export function formatOrg(org: Organization): string {
  return formatFields([
    ['Name', org.name],
    ['Slug', org.slug],
    ['ID', org.id],
    ['Logo URL', org.logoUrl ?? '-'],
    ['Agency', org.agencyEnabled ? 'yes' : 'no'],
    ['Created', org.createdAt],
    ['Updated', org.updatedAt],
  ]);
}
