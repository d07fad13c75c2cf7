import { z } from 'zod';
import { idSchema, isoDateSchema } from '../shared/common.schema.js';
import { editorLanguages, filePathMax } from './file-path.rules.js';

/** The most the editor opens, and the most one upload or download carries. */
export const fileLimits = { editBytes: 1_048_576, transferBytes: 10_485_760 } as const;

const path = z.string().max(filePathMax + 1, `must be at most ${filePathMax} characters`);
/** A file's version as read: the SHA-256 of its bytes (hex). */
const version = z.string().regex(/^[0-9a-f]{64}$/, 'must be a version as read (64 hex digits)');

export const fileEntrySchema = z.object({
  name: z.string(),
  /** Absolute path in the container. */
  path: z.string(),
  type: z.enum(['file', 'directory', 'symlink', 'other']),
  size: z.number(),
  modifiedAt: isoDateSchema.nullable(),
});
export type FileEntry = z.infer<typeof fileEntrySchema>;

export const fileListingSchema = z.object({
  /** The folder listed; null for the top, which shows the two roots. */
  path: z.string().nullable(),
  items: z.array(fileEntrySchema),
  /** odoo.conf changed since the container started: a restart applies it. */
  restartRequired: z.boolean(),
});
export type FileListing = z.infer<typeof fileListingSchema>;

export const fileContentSchema = z.object({
  path: z.string(),
  content: z.string(),
  version: z.string(),
  size: z.number(),
  language: z.enum(editorLanguages),
});
export type FileContent = z.infer<typeof fileContentSchema>;

export const fileWrittenSchema = z.object({
  path: z.string(),
  version: z.string(),
  restartRequired: z.boolean(),
  /**
   * For odoo.conf: the keys the control plane rewrites on every redeploy and update (database,
   * credentials, dbfilter, list_db, proxy_mode, workers, memory limits, paths, ports); every
   * other key saved here is kept.
   */
  managedKeys: z.array(z.string()).optional(),
});
export type FileWritten = z.infer<typeof fileWrittenSchema>;

export const fileDownloadSchema = z.object({
  name: z.string(),
  size: z.number(),
  contentBase64: z.string(),
});
export type FileDownload = z.infer<typeof fileDownloadSchema>;

export const listFilesInput = z.strictObject({ id: idSchema, path: path.optional() });
export const filePathInput = z.strictObject({ id: idSchema, path });

export const writeFileInput = z.strictObject({
  id: idSchema,
  path,
  content: z.string().max(fileLimits.editBytes, `must be at most ${fileLimits.editBytes} characters`),
  /** The version read; null to create a file that must not exist yet. */
  expectedVersion: version.nullable(),
});
export type WriteFileInput = z.infer<typeof writeFileInput>;

export const createFileInput = z.strictObject({ id: idSchema, path, type: z.enum(['file', 'directory']) });
export type CreateFileInput = z.infer<typeof createFileInput>;

export const uploadFileInput = z.strictObject({
  id: idSchema,
  /** Where the file goes, its name included. */
  path,
  contentBase64: z
    .string()
    .max(Math.ceil(fileLimits.transferBytes / 3) * 4, `must be at most ${fileLimits.transferBytes} bytes`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
  /** Replaces a file of that name; without it an existing file is a conflict. */
  overwrite: z.boolean().default(false),
});
export type UploadFileInput = z.infer<typeof uploadFileInput>;
