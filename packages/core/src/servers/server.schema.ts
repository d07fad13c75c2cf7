import { z } from 'zod';
import { listQueryInput, pageSchema } from '../shared/list-query.js';
import { boundedText, idSchema, isoDateSchema } from '../shared/common.schema.js';
import { normalizeHostname } from '../portal-domains/portal-domain.rules.js';

/** The write-only credential fields of a server. */
export const serverCredentialFields = ['sshPrivateKey', 'sshPassword'] as const;
export type ServerCredentialField = (typeof serverCredentialFields)[number];

/**
 * `pending` until the first check (SSH login and the engine answering), then `active` or
 * `unreachable` as each check finds it; `maintenance` only by hand, and then not checked.
 */
export const serverStatuses = ['pending', 'active', 'unreachable', 'maintenance'] as const;
export type ServerStatus = (typeof serverStatuses)[number];

const ipv4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;

/** A hostname or an IP address of a server the agency runs. */
export const serverHostSchema = z
  .string()
  .trim()
  .max(255, 'must be at most 255 characters')
  .transform((value, ctx) => {
    const bare = value.replace(/^\[|\]$/g, '');
    if (ipv4.test(bare) || (bare.includes(':') && z.ipv6().safeParse(bare).success)) return bare.toLowerCase();
    const host = normalizeHostname(value) ?? (/^[a-z0-9-]{1,63}$/i.test(value) ? value.toLowerCase() : undefined);
    if (!host) {
      ctx.addIssue({ code: 'custom', message: 'must be a hostname or an IP address' });
      return z.NEVER;
    }
    return host;
  });

const privateKeySchema = z
  .string()
  .max(16_384, 'must be at most 16384 characters')
  .refine(
    (v) => /^-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+-----END [A-Z ]*PRIVATE KEY-----\s*$/.test(v.trim()),
    'must be a PEM or OpenSSH private key',
  );

/** Where the Docker Engine listens on a server when nothing else is said (Debian's docker.io, Docker CE). */
export const defaultDockerSocket = '/var/run/docker.sock';

/**
 * The path of the Docker Engine's socket on the server, reached through the SSH connection:
 * another one for a rootless engine (`/run/user/1000/docker.sock`) or a second daemon. An
 * absolute path of plain characters, no `.` or `..` segment.
 */
export const dockerSocketSchema = z
  .string()
  .trim()
  .max(255, 'must be at most 255 characters')
  .regex(
    /^(\/[A-Za-z0-9_.@+-]+)+$/,
    'must be an absolute path of letters, digits and _ . @ + - (like /var/run/docker.sock)',
  )
  .refine(
    (path) => !path.split('/').some((part) => part === '.' || part === '..'),
    'must not contain . or .. segments',
  );

const capacitySchema = z.object({
  cpuCores: z.number().int().min(1, 'must be 1-1024').max(1024, 'must be 1-1024'),
  memoryMb: z.number().int().min(256, 'must be 256-16777216').max(16_777_216, 'must be 256-16777216'),
  maxInstances: z.number().int().min(0, 'must be 0-10000').max(10_000, 'must be 0-10000'),
});

const clearable = <T extends z.ZodType>(schema: T) =>
  z.union([schema, z.literal('').transform(() => null), z.null()]).optional();

export const createServerInput = z.object({
  name: boundedText(2, 100),
  host: serverHostSchema,
  port: z.number().int().min(1, 'must be 1-65535').max(65_535, 'must be 1-65535').default(22),
  sshUser: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(64)
    .regex(/^[a-z_][a-z0-9_.-]*$/i, 'must be a valid user name')
    .default('root'),
  sshPrivateKey: privateKeySchema.optional(),
  sshPassword: z.string().min(1).max(512).optional(),
  capacity: capacitySchema,
  /** Left out: `/var/run/docker.sock`. */
  dockerSocket: dockerSocketSchema.optional(),
});
export type CreateServerInput = z.infer<typeof createServerInput>;

export const updateServerInput = z.object({
  id: idSchema,
  name: boundedText(2, 100).optional(),
  host: serverHostSchema.optional(),
  port: z.number().int().min(1, 'must be 1-65535').max(65_535, 'must be 1-65535').optional(),
  sshUser: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[a-z_][a-z0-9_.-]*$/i, 'must be a valid user name')
    .optional(),
  sshPrivateKey: clearable(privateKeySchema),
  sshPassword: clearable(z.string().min(1).max(512)),
  capacity: capacitySchema.partial().optional(),
  /** `null` or `""` goes back to the default socket. */
  dockerSocket: z
    .union([
      dockerSocketSchema,
      z.literal('').transform(() => defaultDockerSocket),
      z.null().transform(() => defaultDockerSocket),
    ])
    .optional(),
  /**
   * Only maintenance can be set by hand; `active` takes a server out of maintenance, and it is
   * `pending` until its next check decides between active and unreachable.
   */
  status: z.enum(['maintenance', 'active'], { message: 'may be set to maintenance, or back to active' }).optional(),
  /**
   * Forgets the pinned SSH host key, after the server was rebuilt. A new host or port does it too,
   * and clears the stored SSH key and password unless this request gives them again.
   */
  resetHostKey: z.boolean().optional(),
});
export type UpdateServerInput = z.infer<typeof updateServerInput>;

/** The fields an update stores as given (credentials are sealed and capacity merged apart). */
export const serverPlainFields = updateServerInput
  .pick({ name: true, host: true, port: true, sshUser: true, dockerSocket: true })
  .keyof().options;

export const serverSchema = z.object({
  id: idSchema,
  organizationId: idSchema,
  name: z.string(),
  /** Null when the agency's portal configuration hides it from the caller. */
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  sshUser: z.string().nullable(),
  hasSshKey: z.boolean(),
  hasSshPassword: z.boolean(),
  /** The SSH host key pinned at the first connection (OpenSSH SHA256 fingerprint); null until then. */
  sshHostKey: z.string().nullable(),
  capacity: z
    .object({ cpuCores: z.number().int(), memoryMb: z.number().int(), maxInstances: z.number().int() })
    .nullable(),
  /** The Docker Engine socket on the server; null when the agency's portal configuration hides it. */
  dockerSocket: z.string().nullable(),
  status: z.enum(serverStatuses),
  lastProbeAt: z.string().nullable(),
  /** Why the last check failed (null when it passed, or before the first). */
  lastProbeError: z.string().nullable(),
  /** When the server was last checked (SSH login and engine); null until the first check. */
  lastCheckedAt: z.string().nullable(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
  /**
   * In the answer of an update only: the stored credentials this update cleared because the
   * host or port changed without them being given again (a secret never follows a new destination).
   */
  clearedSecrets: z.array(z.enum(serverCredentialFields)).optional(),
});
export type Server = z.infer<typeof serverSchema>;
export const serverListSchema = pageSchema(serverSchema);

/** The server list's sorts; it searches names only (a client's members may not see hosts). */
export const serverSorts = ['name', 'createdAt', 'status'] as const;
export type ServerSort = (typeof serverSorts)[number];
export const listServersInput = listQueryInput(serverSorts, {
  status: z.enum(serverStatuses, { message: `must be one of ${serverStatuses.join(', ')}` }).optional(),
  /**
   * For a client organization, its agency's servers too: where its instances may be placed
   * (the instance create form lists them). Ignored elsewhere.
   */
  withAgency: z
    .union([z.boolean(), z.enum(['true', 'false'])], { message: 'must be true or false' })
    .transform((v) => v === true || v === 'true')
    .optional(),
});
export type ListServersInput = z.infer<typeof listServersInput>;
export const serverIdInput = z.object({ id: idSchema });
