import type { OrgSettingsRepository } from '../org-settings/org-settings.ports.js';
import { settingsOrDefaults } from '../org-settings/org-settings.service.js';
import type { AuditLog } from '../shared/events.js';
import { nextSeq, type StateCell } from './in-memory-state.js';

/** Organization settings kept in memory; a missing row reads as the defaults. */
export function createSettingsRepository(cell: StateCell): OrgSettingsRepository {
  const ensure = (organizationId: string) => {
    const row = settingsOrDefaults(organizationId, cell.current.settings.get(organizationId));
    cell.current.settings.set(organizationId, row);
    return row;
  };
  return {
    async find(organizationId) {
      const row = cell.current.settings.get(organizationId);
      return row && structuredClone(row);
    },
    async findForUpdate(organizationId) {
      return structuredClone(ensure(organizationId));
    },
    async update(organizationId, patch) {
      const row = ensure(organizationId);
      const { sealed, ...plain } = patch;
      const next = { ...row, ...structuredClone(plain), sealed: { ...row.sealed, ...sealed } };
      cell.current.settings.set(organizationId, next);
      return structuredClone(next);
    },
  };
}

/** The audit log kept in memory, with the same filters and purge as the database's. */
export function createAuditLog(cell: StateCell): AuditLog {
  return {
    async record(entry) {
      const id = String(nextSeq(cell.current)).padStart(12, '0');
      cell.current.audit.push({ ...structuredClone(entry), id, createdAt: cell.clock.now().toISOString() });
    },
    async list(q) {
      return cell.current.audit
        .filter(
          (e) =>
            e.organizationId === q.organizationId &&
            (!q.actorUserId || e.actorUserId === q.actorUserId) &&
            (!q.action || e.action === q.action) &&
            (!q.targetType || e.targetType === q.targetType) &&
            (!q.targetId || e.targetId === q.targetId) &&
            (!q.since || e.createdAt >= q.since) &&
            (!q.until || e.createdAt < q.until) &&
            (!q.beforeId || e.id < q.beforeId.padStart(12, '0')),
        )
        .sort((a, b) => (a.id < b.id ? 1 : -1))
        .slice(0, q.limit)
        .map((e) => {
          const user = e.actorUserId ? cell.current.users.get(e.actorUserId) : undefined;
          const recorded = (side: string) => (e.diff[side] as { name?: unknown } | undefined)?.name;
          const name = recorded('after') ?? recorded('before');
          return {
            ...structuredClone(e),
            actorEmail: user?.email ?? null,
            actorName: user?.name ?? null,
            targetName: typeof name === 'string' ? name : null,
            viaOrganizationName:
              (e.viaOrganizationId && cell.current.organizations.get(e.viaOrganizationId)?.name) || null,
          };
        });
    },
    async actions(organizationId) {
      const actions = cell.current.audit.filter((e) => e.organizationId === organizationId).map((e) => e.action);
      return [...new Set(actions)].sort();
    },
    async purgeExpired(now, defaults) {
      const perOrg = new Map<string, number>();
      const doomed = new Set(
        cell.current.audit.filter((e) => {
          const settings = cell.current.settings.get(e.organizationId);
          const days = settings?.auditRetentionDays ?? defaults.retentionDays;
          if (Date.parse(e.createdAt) >= now.getTime() - days * 86_400_000) return false;
          const taken = perOrg.get(e.organizationId) ?? 0;
          if (taken >= (settings?.bulkBatchSize ?? defaults.batchSize)) return false;
          perOrg.set(e.organizationId, taken + 1);
          return true;
        }),
      );
      cell.current.audit = cell.current.audit.filter((e) => !doomed.has(e));
      return doomed.size;
    },
  };
}
