import { pageInMemory } from '../shared/list-page.js';
import { deploymentRunning } from '../shared/domain-error.js';
import type { DeploymentRepository } from '../topologies/deployment.ports.js';
import type { Deployment } from '../topologies/deployment.schema.js';
import type { TopologyRepository } from '../topologies/topology.ports.js';
import type { Topology } from '../topologies/topology.schema.js';
import { newId, type StateCell } from './in-memory-state.js';

const publicTopology = ({ sealedSecrets: _sealed, ...t }: Topology & { sealedSecrets?: string }): Topology =>
  structuredClone(t);

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
      return all()
        .filter((t) => t.organizationId === organizationId)
        .map(publicTopology);
    },
    async page(organizationId, query) {
      const rows = all()
        .filter((t) => t.organizationId === organizationId)
        .map(publicTopology);
      const kind = query.sort === 'name' ? ('text' as const) : ('time' as const);
      return pageInMemory(rows, query, { kind, value: (t) => t[query.sort] }, (t) => [t.name, t.description]);
    },
    async find(organizationId, id) {
      const t = all().find((x) => x.id === id && x.organizationId === organizationId);
      return t && publicTopology(t);
    },
    async findForUpdate(organizationId, id) {
      const t = all().find((x) => x.id === id && x.organizationId === organizationId);
      return t && publicTopology(t);
    },
    async update(id, patch) {
      const t = all().find((x) => x.id === id)!;
      Object.assign(t, structuredClone(patch), { updatedAt: cell.clock.now().toISOString() });
      return publicTopology(t);
    },
    async delete(id) {
      cell.current.topologies = all().filter((t) => t.id !== id);
      cell.current.deployments = cell.current.deployments.filter((d) => d.topologyId !== id);
    },
    async findSealedSecrets(id) {
      return all().find((t) => t.id === id)?.sealedSecrets ?? null;
    },
    async saveSealedSecrets(id, sealed) {
      const t = all().find((x) => x.id === id);
      if (t) t.sealedSecrets = sealed;
    },
  };
}

/** Deployments kept in memory, with the one-at-a-time rule of the database's unique index. */
export function createDeploymentRepository(cell: StateCell): DeploymentRepository {
  const all = () => cell.current.deployments;
  const get = (id: string) => all().find((d) => d.id === id)!;
  return {
    async insert(d) {
      if (all().some((x) => x.topologyId === d.topologyId && (x.status === 'queued' || x.status === 'running'))) {
        throw deploymentRunning();
      }
      const now = cell.clock.now().toISOString();
      const row: Deployment = {
        id: newId(),
        organizationId: d.organizationId,
        topologyId: d.topologyId,
        status: 'queued',
        error: null,
        createdAt: now,
        startedAt: null,
        finishedAt: null,
        nodes: d.nodes.map((n) => ({ ...n, status: 'pending', reason: null, files: [], updatedAt: now })),
      };
      all().push(row);
      return structuredClone(row);
    },
    async find(organizationId, id) {
      const d = all().find((x) => x.id === id && x.organizationId === organizationId);
      return d && structuredClone(d);
    },
    async findById(id) {
      const d = all().find((x) => x.id === id);
      return d && structuredClone(d);
    },
    async list(organizationId, topologyId, limit) {
      return all()
        .filter((d) => d.organizationId === organizationId && d.topologyId === topologyId)
        .reverse()
        .slice(0, limit)
        .map((d) => structuredClone(d));
    },
    async setStatus(id, patch) {
      const d = get(id);
      d.status = patch.status;
      if (patch.error !== undefined) d.error = patch.error;
      if (patch.startedAt) d.startedAt = patch.startedAt.toISOString();
      if (patch.finishedAt !== undefined) d.finishedAt = patch.finishedAt?.toISOString() ?? null;
      return structuredClone(d);
    },
    async setNode(id, nodeId, patch, at) {
      const node = get(id).nodes.find((n) => n.nodeId === nodeId)!;
      Object.assign(
        node,
        { status: patch.status, reason: patch.reason, updatedAt: at.toISOString() },
        patch.files ? { files: patch.files } : {},
      );
      return structuredClone(get(id));
    },
  };
}
