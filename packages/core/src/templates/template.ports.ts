import type { ListQuery, Page } from '../shared/list-query.js';
import type { OdooEdition } from './template.rules.js';
import type { TemplateSort } from './template.schema.js';
import type { Template } from './template.schema.js';

/** A template as stored; whether it is shared depends on who looks. */
export type TemplateRecord = Omit<Template, 'shared'>;

export type NewTemplate = Omit<TemplateRecord, 'id' | 'createdAt' | 'updatedAt'>;

export type TemplatePatch = Partial<Omit<NewTemplate, 'organizationId'>>;

export interface TemplateRepository {
  insert(template: NewTemplate): Promise<TemplateRecord>;
  /** The organization's templates and, when given, the public ones of the agency it is a client of; oldest first. */
  listVisible(organizationId: string, agencyOrganizationId: string | null): Promise<TemplateRecord[]>;
  /** One page of the visible templates: search in names and descriptions, an edition filter, keyset order. */
  pageVisible(
    organizationId: string,
    agencyOrganizationId: string | null,
    query: ListQuery<TemplateSort>,
    filter: { odooEdition?: OdooEdition | undefined },
  ): Promise<Page<TemplateRecord>>;
  /** One template the organization owns, or a public one of its agency. */
  findVisible(
    organizationId: string,
    agencyOrganizationId: string | null,
    id: string,
  ): Promise<TemplateRecord | undefined>;
  update(id: string, patch: TemplatePatch): Promise<TemplateRecord>;
  /** Removes the template; instances made from it keep their settings and lose the link. */
  delete(id: string): Promise<void>;
}
