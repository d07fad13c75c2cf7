import type { Instance } from './instance.schema.js';

export type NewInstance = Omit<Instance, 'id' | 'serverName' | 'status' | 'createdAt' | 'updatedAt'>;

export interface InstanceRepository {
  insert(instance: NewInstance): Promise<Instance>;
  /** The organization's instances, oldest first. */
  list(organizationId: string): Promise<Instance[]>;
  find(organizationId: string, id: string): Promise<Instance | undefined>;
  delete(id: string): Promise<void>;
  /**
   * How many instances the server holds, after locking the server until the transaction
   * ends: two provisions cannot both take its last place.
   */
  countOnServerForUpdate(serverId: string): Promise<number>;
}
