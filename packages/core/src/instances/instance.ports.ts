import type { ListQuery, Page } from '../shared/list-query.js';
import type { InstanceSort } from './instance.schema.js';
import type { Instance, InstanceStatus } from './instance.schema.js';
import type { Operation, OperationKind, OperationLogLine, OperationStatus } from './operation.schema.js';

/** An instance as stored: `url` is derived on the way out; its hostname's certificate state when read with it. */
export type InstanceRecord = Omit<Instance, 'url' | 'hostnameCertificate'> & {
  hostnameCertificate?: Instance['hostnameCertificate'];
};

export type NewInstance = Omit<
  InstanceRecord,
  'id' | 'serverName' | 'status' | 'failedStep' | 'failureReason' | 'createdAt' | 'updatedAt' | 'hostnameCertificate'
>;

export type InstancePatch = Partial<
  Pick<
    InstanceRecord,
    | 'name'
    | 'workers'
    | 'envVars'
    | 'moduleList'
    | 'odooVersion'
    | 'projectId'
    | 'stage'
    | 'cpuLimit'
    | 'memoryLimitMb'
    | 'status'
    | 'failedStep'
    | 'failureReason'
  >
>;

export interface InstanceRepository {
  insert(instance: NewInstance): Promise<InstanceRecord>;
  /** The organization's instances, oldest first. */
  list(organizationId: string): Promise<InstanceRecord[]>;
  find(organizationId: string, id: string): Promise<InstanceRecord | undefined>;
  /** One page of the organization's instances: search in instance and server names, filters, keyset order. */
  page(
    organizationId: string,
    query: ListQuery<InstanceSort>,
    filter: { status?: InstanceStatus | undefined; serverId?: string | undefined },
  ): Promise<Page<InstanceRecord>>;
  /** Every instance on the server, of every organization (its proxy routes them all). */
  listOnServer(serverId: string): Promise<InstanceRecord[]>;
  /** Instances in these statuses, of every organization (the health job). */
  listByStatus(statuses: readonly InstanceStatus[]): Promise<InstanceRecord[]>;
  /** For the job, which acts for no one. */
  findById(id: string): Promise<InstanceRecord | undefined>;
  update(id: string, patch: InstancePatch): Promise<InstanceRecord>;
  delete(id: string): Promise<void>;
  /** Whether an instance anywhere uses this slug (hostnames are global). */
  slugTaken(slug: string): Promise<boolean>;
  /**
   * How many instances the server holds, of every organization, after locking the server
   * until the transaction ends: two provisions cannot both take its last place.
   */
  countOnServerForUpdate(serverId: string): Promise<number>;
  /** The sum of the memory limits (MB) of the server's instances, of every organization; those without one count 0. */
  reservedMemoryOnServer(serverId: string): Promise<number>;
  /** The instance's sealed secrets (database and admin passwords). */
  findSealedSecrets(id: string): Promise<string | undefined>;
  saveSealedSecrets(id: string, sealed: string): Promise<void>;
  /** The sealed superuser password of the server's shared PostgreSQL container. */
  findSharedDbSecret(serverId: string): Promise<string | undefined>;
  saveSharedDbSecret(serverId: string, sealed: string): Promise<void>;
}

export interface NewOperation {
  organizationId: string;
  instanceId: string;
  kind: OperationKind;
  keepData: boolean;
}

export interface OperationRepository {
  /** Stores a queued operation; DEPLOYMENT_RUNNING when the instance has one queued or running. */
  insert(operation: NewOperation): Promise<Operation>;
  findById(id: string): Promise<Operation | undefined>;
  /** The instance's operations, newest first, each with its log lines. */
  list(
    organizationId: string,
    instanceId: string,
    limit: number,
  ): Promise<(Operation & { logs: OperationLogLine[] })[]>;
  update(
    id: string,
    patch: {
      status?: OperationStatus;
      step?: string | null;
      error?: string | null;
      startedAt?: Date;
      finishedAt?: Date;
    },
  ): Promise<Operation>;
  appendLog(id: string, line: OperationLogLine): Promise<void>;
  /** Fails the instance's queued (not yet running) operation, if any, with `error`; answers it. */
  failQueued(instanceId: string, error: string, at: Date): Promise<Operation | undefined>;
  /** Marks the worker alive; a running operation whose heartbeat stops is failed by the sweep. */
  heartbeat(id: string, at: Date): Promise<void>;
  /** Running operations whose heartbeat is older than `before`. */
  listStale(before: Date): Promise<Operation[]>;
}

/** Hands an operation to the durable job queue. */
export interface OperationQueue {
  request(operationId: string): Promise<void>;
}

export type { InstanceStatus };
