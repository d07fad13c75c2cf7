import { pageInMemory } from '../shared/list-page.js';
import type { ServerRepository, ServerRecord } from '../servers/server.ports.js';
import { newId, type StateCell } from './in-memory-state.js';

/** Servers kept in memory. */
export function createServerRepository(cell: StateCell): ServerRepository {
  const all = () => cell.current.servers;
  const copy = (s: ServerRecord) => structuredClone(s);
  return {
    async insert(s) {
      const now = cell.clock.now().toISOString();
      const row: ServerRecord = {
        ...s,
        id: newId(),
        status: 'pending',
        sshHostKey: null,
        lastProbeAt: null,
        lastCheckedAt: null,
        lastProbeError: null,
        createdAt: now,
        updatedAt: now,
        hasSshKey: s.sealedKey !== null,
        hasSshPassword: s.sealedPassword !== null,
      };
      all().push(row);
      return copy(row);
    },
    async list(organizationId) {
      return all()
        .filter((s) => s.organizationId === organizationId)
        .map(copy);
    },
    async page(organizationIds, query, filter) {
      const rows = all().filter(
        (s) => organizationIds.includes(s.organizationId) && (!filter.status || s.status === filter.status),
      );
      const sort = query.sort === 'createdAt' ? { kind: 'time' as const } : { kind: 'text' as const };
      return pageInMemory(rows.map(copy), query, { ...sort, value: (s) => String(s[query.sort]) }, (s) => [s.name]);
    },
    async find(organizationId, id) {
      const s = all().find((x) => x.id === id && x.organizationId === organizationId);
      return s && copy(s);
    },
    // Transactions run one at a time here, so the lock is implied.
    async findForUpdate(organizationId, id) {
      const s = all().find((x) => x.id === id && x.organizationId === organizationId);
      return s && copy(s);
    },
    async update(id, patch) {
      const s = all().find((x) => x.id === id)!;
      Object.assign(s, patch, { updatedAt: cell.clock.now().toISOString() });
      s.hasSshKey = s.sealedKey !== null;
      s.hasSshPassword = s.sealedPassword !== null;
      return copy(s);
    },
    async delete(id) {
      cell.current.servers = all().filter((s) => s.id !== id);
    },
    async dueForProbe(before, limit) {
      return all()
        .filter((s) => s.status !== 'maintenance' && (s.lastProbeAt === null || s.lastProbeAt < before.toISOString()))
        .sort((a, b) => (a.lastProbeAt ?? '').localeCompare(b.lastProbeAt ?? ''))
        .slice(0, limit)
        .map(copy);
    },
    async saveProbe(id, status, error, at) {
      const s = all().find((x) => x.id === id)!;
      // A server put into maintenance meanwhile stays in maintenance.
      Object.assign(s, {
        status: s.status === 'maintenance' ? s.status : status,
        lastProbeError: error,
        lastProbeAt: at.toISOString(),
        lastCheckedAt: at.toISOString(),
      });
      return copy(s);
    },
  };
}
