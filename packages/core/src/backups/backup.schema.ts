import { z } from 'zod';
import { boundedText, idSchema, isoDateSchema } from '../shared/common.schema.js';

/** pending until a worker takes it, running, then completed (bytes at the destination, checksum read back) or failed. */
export const backupStatuses = ['pending', 'running', 'completed', 'failed'] as const;
export type BackupStatus = (typeof backupStatuses)[number];

/** `zip`: Odoo's own layout (dump.sql, filestore/, manifest.json). `dump` is reserved for custom-format dumps. */
export const backupFormats = ['zip', 'dump'] as const;
export type BackupFormat = (typeof backupFormats)[number];

/** Why the backup was made: someone asked, a schedule, or the safety copy taken before a restore. */
export const backupTriggers = ['manual', 'schedule', 'safety'] as const;
export type BackupTrigger = (typeof backupTriggers)[number];

export const backupSchema = z.object({
  id: idSchema,
  /** Null once the instance is deleted: the backup outlives it. */
  instanceId: idSchema.nullable(),
  organizationId: idSchema,
  status: z.enum(backupStatuses),
  format: z.enum(backupFormats),
  sizeBytes: z.number().int().nullable(),
  /** Hex SHA-256 of the bytes as read back from the destination. */
  sha256: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  destinationId: idSchema.nullable(),
  /** Why it failed, when it did. */
  reason: z.string().nullable(),
  trigger: z.enum(backupTriggers),
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
  destinationId: idSchema,
  format: z.literal('zip', { message: 'must be zip (custom-format dumps are not offered yet)' }).default('zip'),
});
export type CreateBackupInput = z.infer<typeof createBackupInput>;

export const backupIdInput = z.object({ id: idSchema });

export const restoreStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
export type RestoreStatus = (typeof restoreStatuses)[number];

export const restoreBackupInput = z.object({
  id: idSchema,
  target: z.literal('in-place', { message: 'must be in-place (restoring into a new instance is not offered yet)' }),
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
  error: z.string().nullable(),
  createdBy: idSchema.nullable(),
  createdAt: isoDateSchema,
  finishedAt: isoDateSchema.nullable(),
});
export type Restore = z.infer<typeof restoreSchema>;

export const restoreListSchema = z.object({ items: z.array(restoreSchema), total: z.number().int() });

/** The time the schema allows a name to take: the same as servers. */
export const destinationName = boundedText(1, 80);
