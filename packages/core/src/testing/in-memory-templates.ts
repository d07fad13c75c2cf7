import { pageInMemory } from '../shared/list-page.js';
import type { TemplateRecord, TemplateRepository } from '../templates/template.ports.js';
import { newId, type StateCell } from './in-memory-state.js';

/** Templates kept in memory. */
export function createTemplateRepository(cell: StateCell): TemplateRepository {
  const all = () => cell.current.templates;
  const isVisible = (t: TemplateRecord, organizationId: string, agencyId: string | null) =>
    t.organizationId === organizationId || (agencyId !== null && t.organizationId === agencyId && t.isPublic);
  return {
    async insert(t) {
      const now = cell.clock.now().toISOString();
      const row: TemplateRecord = structuredClone({ ...t, id: newId(), createdAt: now, updatedAt: now });
      all().push(row);
      return structuredClone(row);
    },
    async listVisible(organizationId, agencyId) {
      return all()
        .filter((t) => isVisible(t, organizationId, agencyId))
        .map((t) => structuredClone(t));
    },
    async pageVisible(organizationId, agencyId, query, filter) {
      const rows = all().filter(
        (t) => isVisible(t, organizationId, agencyId) && (!filter.odooEdition || t.odooEdition === filter.odooEdition),
      );
      const kind = query.sort === 'createdAt' ? ('time' as const) : ('text' as const);
      return pageInMemory(
        rows.map((t) => structuredClone(t)),
        query,
        { kind, value: (t) => t[query.sort] },
        (t) => [t.name, t.description],
      );
    },
    async findVisible(organizationId, agencyId, id) {
      const t = all().find((x) => x.id === id && isVisible(x, organizationId, agencyId));
      return t && structuredClone(t);
    },
    async update(id, patch) {
      const t = all().find((x) => x.id === id)!;
      Object.assign(t, structuredClone(patch), { updatedAt: cell.clock.now().toISOString() });
      return structuredClone(t);
    },
    async delete(id) {
      cell.current.templates = all().filter((t) => t.id !== id);
      // The database sets the link to null: instances outlive their template.
      for (const i of cell.current.instances) if (i.templateId === id) i.templateId = null;
    },
  };
}
