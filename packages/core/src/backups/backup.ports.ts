import type { ContainerRuntime } from '../runtime/container-runtime.ports.js';
import type { InstanceRecord } from '../instances/instance.ports.js';
import type { SshTarget } from '../topologies/deployment.ports.js';
import type { Backup, BackupFormat, BackupStatus, BackupTrigger, Restore, RestoreStatus } from './backup.schema.js';
import type { Destination, DestinationCredentials } from './destination.schema.js';

/** A backup as stored: where its bytes are at the destination is not answered. */
export interface BackupRecord extends Backup {
  storageKey: string;
}

export interface NewBackup {
  instanceId: string;
  organizationId: string;
  format: BackupFormat;
  destinationId: string;
  trigger: BackupTrigger;
  createdBy: string | null;
}

export interface BackupPatch {
  status?: BackupStatus;
  sizeBytes?: number | null;
  sha256?: string | null;
  durationMs?: number | null;
  reason?: string | null;
  completedAt?: Date | null;
  verifiedAt?: Date | null;
}

export interface BackupRepository {
  insert(backup: NewBackup): Promise<BackupRecord>;
  /** The instance's backups, newest first. */
  listForInstance(organizationId: string, instanceId: string): Promise<BackupRecord[]>;
  find(organizationId: string, id: string): Promise<BackupRecord | undefined>;
  /** For the job, which acts for no one. */
  findById(id: string): Promise<BackupRecord | undefined>;
  update(id: string, patch: BackupPatch): Promise<BackupRecord>;
  delete(id: string): Promise<void>;
  /** Backups still pending or running that were created before `before`. */
  listUnfinished(before: Date): Promise<BackupRecord[]>;
  /** How many backups (of any status) are kept at the destination. */
  countForDestination(destinationId: string): Promise<number>;
  insertRestore(restore: {
    backupId: string;
    instanceId: string;
    organizationId: string;
    createdBy: string | null;
  }): Promise<Restore>;
  /** The backup's restores, newest first. */
  listRestores(organizationId: string, backupId: string): Promise<Restore[]>;
  findRestoreById(id: string): Promise<Restore | undefined>;
  updateRestore(
    id: string,
    patch: {
      status?: RestoreStatus;
      step?: string | null;
      safetyBackupId?: string | null;
      error?: string | null;
      finishedAt?: Date;
    },
  ): Promise<Restore>;
  /** Whether the instance has a restore queued or running. */
  hasOpenRestore(instanceId: string): Promise<boolean>;
}

/** A destination as stored: its credentials sealed. */
export interface DestinationRecord extends Omit<Destination, 'hasCredentials'> {
  sealedCredentials: string | null;
}

export type NewDestination = Omit<DestinationRecord, 'id' | 'createdAt' | 'updatedAt'>;

export interface DestinationRepository {
  insert(destination: NewDestination): Promise<DestinationRecord>;
  list(organizationId: string): Promise<DestinationRecord[]>;
  find(organizationId: string, id: string): Promise<DestinationRecord | undefined>;
  findById(id: string): Promise<DestinationRecord | undefined>;
  update(id: string, patch: Omit<NewDestination, 'organizationId'>): Promise<DestinationRecord>;
  delete(id: string): Promise<void>;
}

/** What is at the destination under a key. */
export interface StoredObject {
  sizeBytes: number;
  /** Hex SHA-256 of the bytes as read back from the destination. */
  sha256: string;
}

/**
 * Where backups' bytes are kept. `put` streams the bytes in (nothing is kept in memory or on
 * the control plane's disk), then reads them back and answers their size and checksum; a
 * failed `put` leaves nothing under the key.
 */
export interface BackupStore {
  put(key: string, body: AsyncIterable<Uint8Array>): Promise<StoredObject>;
  /** The bytes under the key; with `range`, from `start` up to `end` (exclusive). */
  get(key: string, range?: { start: number; end: number }): Promise<AsyncIterable<Uint8Array>>;
  size(key: string): Promise<number>;
  /** A missing key is fine. */
  delete(key: string): Promise<void>;
  /** Every object under the destination's directory or prefix. */
  list(): Promise<{ key: string; sizeBytes: number }[]>;
  /** Writes, reads back and removes a small object; answers what it reached. Throws with the reason. */
  test(): Promise<string>;
  close(): void;
}

/** A destination with its credentials opened (and, for the server's disk, the server's SSH access). */
export interface ResolvedDestination {
  destination: DestinationRecord;
  credentials: DestinationCredentials;
  /** For `server`: how to reach the server. */
  ssh?: SshTarget;
}

export interface BackupStores {
  open(destination: ResolvedDestination): BackupStore;
}

/** Random access to a backup's bytes: how a zip is read (its directory is at its end). */
export interface BackupSource {
  sizeBytes: number;
  read(start: number, end: number): Promise<AsyncIterable<Uint8Array>>;
}

/**
 * Odoo's backup format: writes a backup out of the instance's server, and loads one into a
 * database and filestore directory of the instance.
 */
export interface OdooArchiver {
  /** The zip, streamed; `done` settles, once the last byte was read, with what was produced. */
  create(
    runtime: ContainerRuntime,
    instance: InstanceRecord,
  ): { stream: AsyncIterable<Uint8Array>; done: Promise<StoredObject> };
  /** Loads `dump.sql` into `database` (which exists, empty) and `filestore/` into `filestoreDir`. */
  restore(
    runtime: ContainerRuntime,
    instance: InstanceRecord,
    source: BackupSource,
    target: { database: string; filestoreDir: string },
  ): Promise<void>;
}

/** Hands backups and restores to the durable job queue. */
export interface BackupQueue {
  request(job: { kind: 'backup' | 'restore'; id: string }): Promise<void>;
}
