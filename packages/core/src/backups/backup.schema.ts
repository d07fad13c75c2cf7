import { z } from 'zod';
import { boundedText, idSchema, isoDateSchema } from '../shared/common.schema.js';
import { stages } from '../projects/project.schema.js';

/** pending until a worker takes it, running, then completed (bytes at the destination, checksum read back) or failed. */
export const backupStatuses = ['pending', 'running', 'completed', 'failed'] as const;
export type BackupStatus = (typeof backupStatuses)[number];

/**
 * `zip`: Odoo's own layout (dump.sql, filestore/, manifest.json). `dump`: for large databases, a
 * zip of stored entries holding manifest.json, dump.dump (custom-format pg_dump), filestore.tar
 * and filestore.json (the tar's files and sizes); restored with pg_restore and tar.
 */
export const backupFormats = ['zip', 'dump'] as const;
export type BackupFormat = (typeof backupFormats)[number];

/**
 * Why the backup was made: someone asked, a schedule, an import, or the safety copy taken before
 * something that cannot be undone (a restore in place, an upgrade, a database dropped, renamed,
 * neutralized or no longer served): its `purpose` says which.
 */
export const backupTriggers = ['manual', 'schedule', 'safety', 'import'] as const;
export type BackupTrigger = (typeof backupTriggers)[number];

export const backupSchema = z.object({
  id: idSchema,
  /** Null once the instance is deleted: the backup outlives it. */
  instanceId: idSchema.nullable(),
  organizationId: idSchema,
  status: z.enum(backupStatuses),
  format: z.enum(backupFormats),
  /**
   * Encrypted at rest with the organization's key (setting `backupEncryption` when it was made):
   * `sizeBytes` and `sha256` are of the encrypted bytes as stored; a download gives them decrypted.
   */
  encrypted: z.boolean(),
  sizeBytes: z.number().int().nullable(),
  /** Hex SHA-256 of the bytes as read back from the destination. */
  sha256: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  destinationId: idSchema.nullable(),
  /** Why it failed, when it did. */
  reason: z.string().nullable(),
  /** How the last restore drill ended: passed (then `verifiedAt` says when), failed, or null when never drilled. */
  verifyStatus: z.enum(['passed', 'failed']).nullable(),
  /** Why the last drill failed. */
  verifyReason: z.string().nullable(),
  trigger: z.enum(backupTriggers),
  /** What a safety backup was taken before, e.g. "before dropping database odoo_ab12cd34_test". */
  purpose: z.string().nullable(),
  /**
   * The database backed up when it is another of the instance's databases than its own
   * (`odoo_<id>`): a safety backup before a change to that one. It restores as a new instance only.
   */
  database: z.string().nullable(),
  /** The user who asked; null for a schedule. */
  createdBy: idSchema.nullable(),
  createdAt: isoDateSchema,
  completedAt: isoDateSchema.nullable(),
  verifiedAt: isoDateSchema.nullable(),
});
export type Backup = z.infer<typeof backupSchema>;
export const backupListSchema = z.object({ items: z.array(backupSchema), total: z.number().int() });

export const createBackupInput = z.object({
  /** The instance. */
  id: idSchema,
  /** Left out: the organization's default destination (setting `backupDestinationId`). */
  destinationId: idSchema.optional(),
  /** `zip` (Odoo's own layout) or `dump` (custom-format pg_dump and the filestore as tar, for large databases). */
  format: z.enum(backupFormats, { message: 'must be zip or dump' }).default('zip'),
});
export type CreateBackupInput = z.infer<typeof createBackupInput>;

export const backupIdInput = z.object({ id: idSchema });

export const restoreStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
export type RestoreStatus = (typeof restoreStatuses)[number];

/** `in-place` swaps the backup into its instance; `new` makes an instance of it; `verify` is a drill in a throwaway container. */
export const restoreTargets = ['in-place', 'new', 'verify'] as const;
export type RestoreTarget = (typeof restoreTargets)[number];

export const restoreBackupInput = z.object({
  id: idSchema,
  target: z.enum(['in-place', 'new'], { message: 'must be in-place or new' }),
  /** For `new`: the new instance's name (required), server (the backup's instance's when omitted), project and stage. */
  name: boundedText(1, 80).optional(),
  serverId: idSchema.optional(),
  projectId: idSchema.nullish(),
  stage: z.enum(stages).optional(),
});
export type RestoreBackupInput = z.infer<typeof restoreBackupInput>;

export const restoreSchema = z.object({
  id: idSchema,
  backupId: idSchema,
  instanceId: idSchema,
  organizationId: idSchema,
  status: z.enum(restoreStatuses),
  /** The step under way, or the one that failed. */
  step: z.string().nullable(),
  /** The backup taken of the instance right before the restore. */
  safetyBackupId: idSchema.nullable(),
  /** What it restored into: the instance in place, a new instance (`instanceId`), or a drill. */
  target: z.enum(restoreTargets),
  error: z.string().nullable(),
  createdBy: idSchema.nullable(),
  createdAt: isoDateSchema,
  finishedAt: isoDateSchema.nullable(),
});
export type Restore = z.infer<typeof restoreSchema>;

export const restoreListSchema = z.object({ items: z.array(restoreSchema), total: z.number().int() });

/** The time the schema allows a name to take: the same as servers. */
export const destinationName = boundedText(1, 80);
