import { pageInMemory } from '../shared/list-page.js';
import { operationRunning } from '../shared/domain-error.js';
import type { InstanceRecord, InstanceRepository, OperationRepository } from '../instances/instance.ports.js';
import type { Operation, OperationLogLine } from '../instances/operation.schema.js';
import type { ProjectRepository } from '../projects/project.ports.js';
import type { Project } from '../projects/project.schema.js';
import { newId, type StateCell } from './in-memory-state.js';

/** An instance as kept in memory: the server's name is looked up on read, as the join does. */
export type InstanceRow = Omit<InstanceRecord, 'serverName'> & { sealedSecrets?: string };
export type OperationRow = Operation & { logs: OperationLogLine[]; heartbeatAt: string | null };
export type ProjectRow = Omit<Project, 'instanceCount'>;

/** Instances kept in memory. */
export function createInstanceRepository(cell: StateCell): InstanceRepository {
  const all = () => cell.current.instances;
  // The database cascades a server's deletion to its instances; here they are skipped on read.
  const live = () => all().filter((i) => cell.current.servers.some((s) => s.id === i.serverId));
  const certificateOf = (instanceId: string): InstanceRecord['hostnameCertificate'] => {
    const cert = cell.current.hostnameCertificates.find((c) => c.instanceId === instanceId);
    return cert ? { status: cert.sslStatus, error: cert.sslError, expiresAt: cert.certificateExpiresAt } : null;
  };
  const toRecord = ({ sealedSecrets: _hidden, ...row }: InstanceRow): InstanceRecord => ({
    ...structuredClone(row),
    serverName: cell.current.servers.find((s) => s.id === row.serverId)?.name ?? '',
    hostnameCertificate: certificateOf(row.id),
  });
  return {
    async insert(i) {
      const now = cell.clock.now().toISOString();
      const row: InstanceRow = structuredClone({
        ...i,
        id: newId(),
        status: 'pending' as const,
        failedStep: null,
        failureReason: null,
        createdAt: now,
        updatedAt: now,
      });
      all().push(row);
      return toRecord(row);
    },
    async list(organizationId) {
      return live()
        .filter((i) => i.organizationId === organizationId)
        .map(toRecord);
    },
    async page(organizationId, query, filter) {
      const rows = live()
        .filter((i) => i.organizationId === organizationId)
        .filter(
          (i) => (!filter.status || i.status === filter.status) && (!filter.serverId || i.serverId === filter.serverId),
        )
        .map(toRecord);
      const kind = query.sort === 'createdAt' ? ('time' as const) : ('text' as const);
      return pageInMemory(rows, query, { kind, value: (i) => i[query.sort] }, (i) => [i.name, i.serverName]);
    },
    async find(organizationId, id) {
      const row = live().find((i) => i.id === id && i.organizationId === organizationId);
      return row && toRecord(row);
    },
    async findById(id) {
      const row = live().find((i) => i.id === id);
      return row && toRecord(row);
    },
    async listOnServer(serverId) {
      return live()
        .filter((i) => i.serverId === serverId)
        .map(toRecord);
    },
    async listByStatus(statuses) {
      return live()
        .filter((i) => statuses.includes(i.status))
        .map(toRecord);
    },
    async update(id, patch) {
      const row = all().find((i) => i.id === id);
      if (!row) throw new Error(`instance ${id} is gone`);
      Object.assign(row, structuredClone(patch), { updatedAt: cell.clock.now().toISOString() });
      return toRecord(row);
    },
    async delete(id) {
      cell.current.instances = all().filter((i) => i.id !== id);
      for (const o of cell.current.operations) if (o.instanceId === id) o.instanceId = null;
    },
    async slugTaken(slug) {
      return all().some((i) => i.slug === slug);
    },
    async countOnServerForUpdate(serverId) {
      // One transaction at a time in memory: counting is enough.
      return live().filter((i) => i.serverId === serverId).length;
    },
    async reservedMemoryOnServer(serverId) {
      return live()
        .filter((i) => i.serverId === serverId)
        .reduce((sum, i) => sum + (i.memoryLimitMb ?? 0), 0);
    },
    async findSealedSecrets(id) {
      return all().find((i) => i.id === id)?.sealedSecrets;
    },
    async saveSealedSecrets(id, sealed) {
      const row = all().find((i) => i.id === id);
      if (row) row.sealedSecrets = sealed;
    },
    async findSharedDbSecret(serverId) {
      return cell.current.sharedDbSecrets.get(serverId);
    },
    async saveSharedDbSecret(serverId, sealed) {
      cell.current.sharedDbSecrets.set(serverId, sealed);
    },
  };
}

/** Operations and their log lines kept in memory. */
export function createOperationRepository(cell: StateCell): OperationRepository {
  const all = () => cell.current.operations;
  const strip = ({ logs: _logs, heartbeatAt: _beat, ...op }: OperationRow): Operation => structuredClone(op);
  return {
    async insert(o) {
      if (all().some((x) => x.instanceId === o.instanceId && (x.status === 'queued' || x.status === 'running')))
        throw operationRunning();
      const row: OperationRow = {
        ...o,
        id: newId(),
        status: 'queued',
        step: null,
        error: null,
        createdAt: cell.clock.now().toISOString(),
        startedAt: null,
        finishedAt: null,
        logs: [],
        heartbeatAt: null,
      };
      all().push(row);
      return strip(row);
    },
    async findById(id) {
      const row = all().find((o) => o.id === id);
      return row && strip(row);
    },
    async list(organizationId, instanceId, limit) {
      return all()
        .filter((o) => o.organizationId === organizationId && o.instanceId === instanceId)
        .reverse()
        .slice(0, limit)
        .map((o) => ({ ...strip(o), logs: structuredClone(o.logs) }));
    },
    async update(id, patch) {
      const row = all().find((o) => o.id === id)!;
      const { startedAt, finishedAt, ...rest } = patch;
      Object.assign(row, rest);
      if (startedAt) row.startedAt = startedAt.toISOString();
      if (finishedAt) row.finishedAt = finishedAt.toISOString();
      return strip(row);
    },
    async appendLog(id, line) {
      all()
        .find((o) => o.id === id)
        ?.logs.push(structuredClone(line));
    },
    async failQueued(instanceId, error, at) {
      const row = all().find((o) => o.instanceId === instanceId && o.status === 'queued');
      if (!row) return undefined;
      Object.assign(row, { status: 'failed', error, finishedAt: at.toISOString() });
      return strip(row);
    },
    async heartbeat(id, at) {
      const row = all().find((o) => o.id === id);
      if (row) row.heartbeatAt = at.toISOString();
    },
    async listStale(before) {
      return all()
        .filter((o) => o.status === 'running' && (o.heartbeatAt ?? o.startedAt ?? o.createdAt) < before.toISOString())
        .map(strip);
    },
  };
}

/** Projects kept in memory; the instance count is looked up on read. */
export function createProjectRepository(cell: StateCell): ProjectRepository {
  const all = () => cell.current.projects;
  const toProject = (row: ProjectRow): Project => ({
    ...structuredClone(row),
    instanceCount: cell.current.instances.filter((i) => i.projectId === row.id).length,
  });
  return {
    async insert(p) {
      const now = cell.clock.now().toISOString();
      const row: ProjectRow = { ...p, id: newId(), createdAt: now, updatedAt: now };
      all().push(row);
      return toProject(row);
    },
    async list(organizationId) {
      return all()
        .filter((p) => p.organizationId === organizationId)
        .map(toProject);
    },
    async find(organizationId, id) {
      const row = all().find((p) => p.id === id && p.organizationId === organizationId);
      return row && toProject(row);
    },
    async update(id, patch) {
      const row = all().find((p) => p.id === id)!;
      Object.assign(row, structuredClone(patch), { updatedAt: cell.clock.now().toISOString() });
      return toProject(row);
    },
    async delete(id) {
      cell.current.projects = all().filter((p) => p.id !== id);
    },
    async nameTaken(organizationId, name, exceptId) {
      return all().some(
        (p) => p.organizationId === organizationId && p.id !== exceptId && p.name.toLowerCase() === name.toLowerCase(),
      );
    },
  };
}
