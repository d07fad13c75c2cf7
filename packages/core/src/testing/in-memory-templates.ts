import type { Instance } from '../instances/instance.schema.js';
import type { InstanceRepository } from '../instances/instance.ports.js';
import type { TemplateRecord, TemplateRepository } from '../templates/template.ports.js';
import { newId, type StateCell } from './in-memory-state.js';

/** An instance as kept in memory: the server's name is looked up on read, as the join does. */
export type InstanceRow = Omit<Instance, 'serverName'>;

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

/** Instances kept in memory. */
export function createInstanceRepository(cell: StateCell): InstanceRepository {
  const all = () => cell.current.instances;
  // The database cascades a server's deletion to its instances; here they are skipped on read.
  const live = () => all().filter((i) => cell.current.servers.some((s) => s.id === i.serverId));
  const toInstance = (row: InstanceRow): Instance => ({
    ...structuredClone(row),
    serverName: cell.current.servers.find((s) => s.id === row.serverId)?.name ?? '',
  });
  return {
    async insert(i) {
      const now = cell.clock.now().toISOString();
      const row: InstanceRow = structuredClone({
        ...i,
        id: newId(),
        status: 'pending' as const,
        createdAt: now,
        updatedAt: now,
      });
      all().push(row);
      return toInstance(row);
    },
    async list(organizationId) {
      return live()
        .filter((i) => i.organizationId === organizationId)
        .map(toInstance);
    },
    async find(organizationId, id) {
      const row = live().find((i) => i.id === id && i.organizationId === organizationId);
      return row && toInstance(row);
    },
    async delete(id) {
      cell.current.instances = all().filter((i) => i.id !== id);
    },
    async countOnServerForUpdate(serverId) {
      // One transaction at a time in memory: counting is enough.
      return live().filter((i) => i.serverId === serverId).length;
    },
  };
}
