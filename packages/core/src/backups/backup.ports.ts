import type { ContainerRuntime } from '../runtime/container-runtime.ports.js';
import type { InstanceRecord } from '../instances/instance.ports.js';
import type { SshTarget } from '../topologies/deployment.ports.js';
import type {
  Backup,
  BackupFormat,
  BackupStatus,
  BackupTrigger,
  Restore,
  RestoreStatus,
  RestoreTarget,
} from './backup.schema.js';
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
  /** For a safety backup: what it is taken before. */
  purpose?: string | null;
  /** Another of the instance's databases than its own; left out: its own. */
  database?: string | null;
}

export interface BackupPatch {
  status?: BackupStatus;
  encrypted?: boolean;
  /** An import learns it from the upload's contents. */
  format?: BackupFormat;
  sizeBytes?: number | null;
  sha256?: string | null;
  durationMs?: number | null;
  reason?: string | null;
  completedAt?: Date | null;
  verifiedAt?: Date | null;
  verifyStatus?: 'passed' | 'failed' | null;
  verifyReason?: string | null;
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
    /** in-place unless given. */
    target?: RestoreTarget;
  }): Promise<Restore>;
  /** The backup's restores, newest first. */
  listRestores(organizationId: string, backupId: string): Promise<Restore[]>;
  /** The restores into the instance (in place, into it as a new instance, drills of its backups), newest first. */
  listRestoresOfInstance(organizationId: string, instanceId: string, limit: number): Promise<Restore[]>;
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
  /**
   * The archive in the format asked for, streamed; `done` settles, once the last byte was read,
   * with what was produced.
   */
  create(
    runtime: ContainerRuntime,
    instance: InstanceRecord,
    format: BackupFormat,
    /** The database (and its filestore directory) to back up: the instance's own or another of its databases. */
    database: string,
  ): { stream: AsyncIterable<Uint8Array>; done: Promise<StoredObject> };
  /**
   * Loads the backup (either format, told apart by its contents) into `database` (which exists,
   * empty) and its filestore into `filestoreDir`.
   */
  restore(
    runtime: ContainerRuntime,
    instance: InstanceRecord,
    source: BackupSource,
    target: { database: string; filestoreDir: string },
  ): Promise<void>;
}

/**
 * Encryption of backups at rest with a key of the organization's, streamed both ways (a backup
 * is never whole in memory). Decrypting bytes of another key, or altered ones, throws saying so.
 */
export interface BackupCipher {
  /** A new key (to be sealed before it is stored). */
  newKey(): string;
  /** The bytes encrypted as they stream by; `done` settles with the size and SHA-256 of what it produced. */
  encrypt(
    stream: AsyncIterable<Uint8Array>,
    key: string,
  ): { stream: AsyncIterable<Uint8Array>; done: Promise<StoredObject> };
  /** The plaintext, decrypted as the encrypted bytes stream by. */
  decrypt(stream: AsyncIterable<Uint8Array>, key: string): AsyncIterable<Uint8Array>;
  /** Random access to the plaintext of an encrypted backup (a zip is read from its end). */
  decryptingSource(source: BackupSource, key: string): Promise<BackupSource>;
  /** The plaintext size of an encrypted backup of `sizeBytes` bytes. */
  plainSizeOf(sizeBytes: number): number;
  /** Whether bytes (at least the first 8) begin like an encrypted backup. */
  isEncrypted(head: Uint8Array): boolean;
}

/** Hands backups and restores to the durable job queue. */
export interface BackupQueue {
  request(job: { kind: 'backup' | 'restore'; id: string }): Promise<void>;
}
