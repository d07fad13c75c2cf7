import type { TopologyRepository } from '../topologies/topology.ports.js';
import type { Topology } from '../topologies/topology.schema.js';
import { newId, type StateCell } from './in-memory-state.js';

/** Topologies kept in memory. */
export function createTopologyRepository(cell: StateCell): TopologyRepository {
  const all = () => cell.current.topologies;
  return {
    async insert(t) {
      const now = cell.clock.now().toISOString();
      const row: Topology = { ...structuredClone(t), id: newId(), createdAt: now, updatedAt: now };
      all().push(row);
      return structuredClone(row);
    },
    async list(organizationId) {
      return all().filter((t) => t.organizationId === organizationId).map((t) => structuredClone(t));
    },
    async find(organizationId, id) {
      const t = all().find((x) => x.id === id && x.organizationId === organizationId);
      return t && structuredClone(t);
    },
    async update(id, patch) {
      const t = all().find((x) => x.id === id)!;
      Object.assign(t, structuredClone(patch), { updatedAt: cell.clock.now().toISOString() });
      return structuredClone(t);
    },
    async delete(id) {
      cell.current.topologies = all().filter((t) => t.id !== id);
    },
  };
}
