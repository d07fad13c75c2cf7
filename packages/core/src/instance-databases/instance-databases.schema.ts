import { z } from 'zod';
import { idSchema } from '../shared/common.schema.js';
import { operationSchema } from '../instances/operation.schema.js';

const name = z.string().max(100, 'must be at most 63 characters');

export const instanceDatabaseSchema = z.object({
  name: z.string(),
  sizeBytes: z.number(),
  /** The database the instance serves (odoo.conf's db_name). */
  served: z.boolean(),
});
export type InstanceDatabase = z.infer<typeof instanceDatabaseSchema>;

export const instanceDatabaseListSchema = z.object({
  items: z.array(instanceDatabaseSchema),
  total: z.number(),
  /** Every new name starts with it (the shared PostgreSQL is shared with other clients). */
  prefix: z.string(),
  served: z.string().nullable(),
});
export type InstanceDatabaseList = z.infer<typeof instanceDatabaseListSchema>;

/** The list after a change that took a backup first. */
export const instanceDatabaseChangeSchema = instanceDatabaseListSchema.extend({
  /** The safety backup taken before the change (listed with the instance's backups). */
  backupId: z.string(),
});
export type InstanceDatabaseChange = z.infer<typeof instanceDatabaseChangeSchema>;

export const createDatabaseInput = z.strictObject({ id: idSchema, name });
export type CreateDatabaseInput = z.infer<typeof createDatabaseInput>;

export const duplicateDatabaseInput = z.strictObject({
  id: idSchema,
  name,
  newName: name,
  /** Runs Odoo's `neutralize` on the copy: no crons, no outgoing mail. */
  neutralize: z.boolean().default(false),
});
export type DuplicateDatabaseInput = z.infer<typeof duplicateDatabaseInput>;

export const renameDatabaseInput = z.strictObject({ id: idSchema, name, newName: name });
export type RenameDatabaseInput = z.infer<typeof renameDatabaseInput>;

export const dropDatabaseInput = z.strictObject({
  id: idSchema,
  name,
  /** The name typed again, as a confirmation. */
  confirmName: z.string().max(100),
});
export type DropDatabaseInput = z.infer<typeof dropDatabaseInput>;

export const databaseNameInput = z.strictObject({ id: idSchema, name });

export const servedDatabaseSchema = z.object({
  served: z.string(),
  /** The restart that applies it. */
  operation: operationSchema,
  /** The backup of the database served until now, taken first; null when none was served or it is the same. */
  backupId: z.string().nullable(),
});
