import { z } from 'zod';
import { idSchema, isoDateSchema } from '../shared/common.schema.js';
import { destinationName } from './backup.schema.js';

/** The server's own disk (reached over its SSH), S3-compatible storage, or SFTP. */
export const destinationKinds = ['server', 's3', 'sftp'] as const;
export type DestinationKind = (typeof destinationKinds)[number];

/** An absolute directory, without `..`: backups are written below it. */
const directory = z
  .string()
  .trim()
  .max(500, { message: 'must be at most 500 characters' })
  .regex(/^\/[^\0]*$/, { message: 'must be an absolute path (starting with /)' })
  .refine((p) => !p.split('/').includes('..'), { message: 'must not contain ..' });

const hostName = z
  .string()
  .trim()
  .min(1, { message: 'is required' })
  .max(253, { message: 'must be at most 253 characters' })
  .regex(/^[A-Za-z0-9.:_-]+$/, { message: 'must be a host name or an IP address' });

export const serverDestinationSettings = z.object({ serverId: idSchema, directory });
export const s3DestinationSettings = z.object({
  /** An S3-compatible endpoint (http or https URL); empty for AWS itself. */
  endpoint: z
    .url({ protocol: /^https?$/, message: 'must be an http or https URL' })
    .nullable()
    .default(null),
  bucket: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
      message: 'must be a bucket name (3-63 lowercase letters, digits, . or -)',
    }),
  prefix: z
    .string()
    .trim()
    .max(200, { message: 'must be at most 200 characters' })
    .regex(/^[A-Za-z0-9/_.-]*$/, { message: 'must be letters, digits and / _ . -' })
    .default(''),
  region: z.string().trim().min(1).max(64).default('us-east-1'),
  forcePathStyle: z.boolean().default(false),
});
export const sftpDestinationSettings = z.object({
  host: hostName,
  port: z.number().int().min(1).max(65535).default(22),
  username: z.string().trim().min(1, { message: 'is required' }).max(64),
  directory,
  /** SHA256 fingerprint of the host key, pinned at the first connection when empty. */
  hostKey: z.string().nullable().default(null),
});

/** Write-only: accepted, sealed, never answered. */
export const destinationCredentials = z.object({
  accessKeyId: z.string().min(1).max(256).optional(),
  secretAccessKey: z.string().min(1).max(256).optional(),
  password: z.string().min(1).max(1024).optional(),
  privateKey: z.string().min(1).max(16_384).optional(),
});
export type DestinationCredentials = z.infer<typeof destinationCredentials>;

const destinationFields = {
  name: destinationName,
  kind: z.enum(destinationKinds),
  server: serverDestinationSettings.optional(),
  s3: s3DestinationSettings.optional(),
  sftp: sftpDestinationSettings.optional(),
};

/** The settings of the kind must be given, and only those. */
function checkKind(
  value: { kind: DestinationKind; server?: unknown; s3?: unknown; sftp?: unknown },
  ctx: z.RefinementCtx,
): void {
  for (const kind of destinationKinds) {
    const given = value[kind] !== undefined;
    if (kind === value.kind && !given)
      ctx.addIssue({ code: 'custom', path: [kind], message: `is required for a ${kind} destination` });
    if (kind !== value.kind && given)
      ctx.addIssue({ code: 'custom', path: [kind], message: `must not be given for a ${value.kind} destination` });
  }
}

export const createDestinationInput = z
  .object({ ...destinationFields, credentials: destinationCredentials.optional() })
  .superRefine(checkKind);
export type CreateDestinationInput = z.infer<typeof createDestinationInput>;

/** The whole definition again; credentials left out keep the stored ones. */
export const updateDestinationInput = z
  .object({ id: idSchema, ...destinationFields, credentials: destinationCredentials.optional() })
  .superRefine(checkKind);
export type UpdateDestinationInput = z.infer<typeof updateDestinationInput>;

export const destinationSchema = z.object({
  id: idSchema,
  organizationId: idSchema,
  name: z.string(),
  kind: z.enum(destinationKinds),
  server: serverDestinationSettings.optional(),
  s3: s3DestinationSettings.optional(),
  sftp: sftpDestinationSettings.optional(),
  hasCredentials: z.boolean(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type Destination = z.infer<typeof destinationSchema>;
export const destinationListSchema = z.object({ items: z.array(destinationSchema), total: z.number().int() });
export const destinationIdInput = z.object({ id: idSchema });
export const destinationTestSchema = z.object({ ok: z.literal(true), detail: z.string() });

export type DestinationSettings =
  | { kind: 'server'; server: z.infer<typeof serverDestinationSettings> }
  | { kind: 's3'; s3: z.infer<typeof s3DestinationSettings> }
  | { kind: 'sftp'; sftp: z.infer<typeof sftpDestinationSettings> };
