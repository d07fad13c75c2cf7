import type { NotificationConfigRepository } from '../notifications/notification.ports.js';
import { newId, type StateCell } from './in-memory-state.js';

/** Notification channels and rules kept in memory. */
export function createNotificationConfigRepository(cell: StateCell): NotificationConfigRepository {
  return {
    async listChannels(organizationId) {
      return structuredClone(cell.current.notificationChannels.filter((c) => c.organizationId === organizationId));
    },
    async insertChannel(channel) {
      const now = cell.clock.now().toISOString();
      const row = { id: newId(), ...structuredClone(channel), createdAt: now, updatedAt: now };
      cell.current.notificationChannels.push(row);
      return structuredClone(row);
    },
    async findRules(organizationId) {
      return structuredClone(cell.current.notificationRules.get(organizationId));
    },
    async saveRules(organizationId, rules) {
      cell.current.notificationRules.set(organizationId, structuredClone(rules));
    },
  };
}
