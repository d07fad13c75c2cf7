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
  /** Raises SLUG_TAKEN when the new slug is in use, NOT_FOUND when there is no such organization. */
  update(id: string, patch: OrganizationPatch): Promise<Organization>;
  /** Deletes the organization and everything it owns. */
  delete(id: string): Promise<void>;
  /** The user's organizations with their role, ordered by join time, earliest first. */
  listForUser(userId: string): Promise<UserOrganization[]>;
  /**
   * Locks the organization's row until the transaction ends, so that concurrent
   * membership changes (two Owners demoting each other) are checked one after the other.
   */
  lock(id: string): Promise<void>;
}
