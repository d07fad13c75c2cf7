import type { Organization, UserOrganization } from './organization.schema.js';

export interface NewOrganization {
  name: string;
  slug: string;
  logoUrl: string | null;
  parentOrganizationId: string | null;
}

export interface OrganizationPatch {
  name?: string;
  slug?: string;
  logoUrl?: string | null;
}

export interface OrganizationRepository {
  /** Inserts an organization; raises SLUG_TAKEN when the slug is in use. */
  insert(org: NewOrganization): Promise<Organization>;
  findById(id: string): Promise<Organization | undefined>;
  /** Slugs equal to `base` or starting with `base-`, for picking a free one. */
  slugsLike(base: string): Promise<string[]>;
  /** Raises SLUG_TAKEN when the new slug is in use. */
  update(id: string, patch: OrganizationPatch): Promise<Organization>;
  /** Deletes the organization and everything it owns. */
  delete(id: string): Promise<void>;
  listForUser(userId: string): Promise<UserOrganization[]>;
}
