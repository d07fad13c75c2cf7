import { z } from 'zod';
import { organizationSchema } from '../organizations/organization.schema.js';
import { isPermission } from '../members/permissions.js';
import { updateOrgSettingsInput } from '../org-settings/org-settings.schema.js';
import { haConfigSchema, topologyDataSchema, topologyNodeSchema } from '../topologies/topology.schema.js';
import {
  brandingValuesSchema,
  infrastructureVisibilities,
  portalFeatures,
  updateBrandingInput,
} from '../agency/agency.schema.js';

const drPortalConfigSchema = z.object({
  infrastructureVisibility: z.enum(infrastructureVisibilities),
  ...(Object.fromEntries(portalFeatures.map((f) => [f, z.boolean()])) as Record<
    (typeof portalFeatures)[number],
    z.ZodBoolean
  >),
});

const drAgencySchema = z
  .object({
    // The branding values an export carries (not ids or times).
    branding: brandingValuesSchema,
    portalConfig: drPortalConfigSchema,
  })
  .nullable();

export const drFormat = 'ocore-disaster-recovery';
export const drVersion = 1;

const sealedOrNull = z.string().max(4096).nullable();

/** What an export holds; ids and timestamps are left out so a restore can compare equal. */
export const drContentSchema = z.object({
  organization: z.object({ name: z.string(), slug: z.string(), logoUrl: z.string().nullable() }),
  roles: z.array(z.object({ name: z.string(), isSystem: z.boolean(), permissions: z.array(z.string()) })),
  members: z.array(z.object({ email: z.string(), name: z.string(), role: z.string() })),
  settings: z.object({
    auditRetentionDays: z.number().int(),
    bulkBatchSize: z.number().int(),
    posthogEnabled: z.boolean(),
    posthogApiHost: z.string(),
    posthogUiHost: z.string(),
    requirePasskey: z.boolean(),
    /** Sealed as stored (`enc:v1:<keyId>:…`), never plaintext. */
    secrets: z.object({
      posthogPersonalApiKey: sealedOrNull,
      posthogWebhookSecret: sealedOrNull,
      subscriptionCode: sealedOrNull,
    }),
  }),
  /** Servers with their connection details; `ref` (server-1, …) stands for the id in topologies. */
  servers: z
    .array(
      z.object({
        ref: z.string(),
        name: z.string(),
        host: z.string(),
        port: z.number().int(),
        sshUser: z.string(),
        capacity: z.object({ cpuCores: z.number().int(), memoryMb: z.number().int(), maxInstances: z.number().int() }),
        secrets: z.object({ sshPrivateKey: sealedOrNull, sshPassword: sealedOrNull }),
      }),
    )
    .default([]),
  /** Topologies whose nodes name servers by `ref`. */
  topologies: z
    .array(
      z.object({
        name: z.string(),
        description: z.string().nullable(),
        topologyData: z.object({
          nodes: z.array(topologyNodeSchema.extend({ serverId: z.string() })),
          edges: topologyDataSchema.shape.edges,
        }),
        haConfig: haConfigSchema.extend({ lbServerId: z.string().nullable(), redisServerId: z.string().nullable() }),
      }),
    )
    .default([]),
  templates: z
    .array(
      z.object({
        name: z.string(),
        description: z.string(),
        odooVersion: z.string(),
        odooEdition: z.enum(['ce', 'ee']),
        defaultWorkers: z.number().int(),
        defaultEnvVars: z.record(z.string(), z.string()),
        moduleList: z.array(z.string()),
        isPublic: z.boolean(),
      }),
    )
    .default([]),
  /**
   * Agency mode with its branding and client-portal configuration; null for an organization
   * that is not an agency. Clients are organizations of their own and portal domains name
   * hosts that stay with the live agency, so neither is carried.
   */
  agency: drAgencySchema.default(null),
});

/**
 * The same content as an import accepts it: the rules of the API that would have stored it,
 * so an edited document cannot store what the API refuses.
 */
const drImportContentSchema = drContentSchema.extend({
  roles: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(100),
        isSystem: z.boolean(),
        permissions: z.array(
          z.string().refine((p): boolean => isPermission(p), 'is not a permission this server knows'),
        ),
      }),
    )
    .refine((roles) => roles.some((r) => r.name === 'Owner'), 'must include the Owner role'),
  settings: drContentSchema.shape.settings.extend({
    auditRetentionDays: updateOrgSettingsInput.shape.auditRetentionDays.unwrap(),
    bulkBatchSize: updateOrgSettingsInput.shape.bulkBatchSize.unwrap(),
    posthogApiHost: updateOrgSettingsInput.shape.posthogApiHost.unwrap(),
    posthogUiHost: updateOrgSettingsInput.shape.posthogUiHost.unwrap(),
  }),
  // Branding values pass the rules of PUT /api/agency/branding (custom CSS is sanitized again on restore).
  agency: z
    .object({
      branding: updateBrandingInput.required(),
      portalConfig: drPortalConfigSchema,
    })
    .nullable()
    .default(null),
});
export type DrContent = z.infer<typeof drContentSchema>;

export const drDocumentSchema = z.object({
  format: z.literal(drFormat, { message: `must be "${drFormat}"` }),
  version: z.literal(drVersion, { message: `must be ${drVersion}: this server reads version ${drVersion} documents` }),
  exportedAt: z.string(),
  /** The exported organization, and the agency it was a client of (null when none). */
  source: z.object({
    organizationId: z.string(),
    slug: z.string(),
    agencyOrganizationId: z.string().nullable().default(null),
  }),
  /** The ids of the keys that sealed the secrets in `content`. */
  keyIds: z.array(z.string()),
  content: drContentSchema,
  /** sha256 (hex) of the canonical JSON of `content`. */
  checksum: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest'),
  /**
   * The secrets left out of this export (`settings.posthogPersonalApiKey`, `servers.server-1.sshPassword`):
   * a client's own members export without the secrets stored in their organization.
   */
  withheldSecrets: z.array(z.string().max(200)).max(10_000).default([]),
  /**
   * HMAC-SHA256 of the canonical JSON of every other field, under a key derived from the
   * exporting server's master key (`v1:<keyId>:<hex>`): an edited document is refused on import.
   */
  signature: z.string().max(200),
});
export type DrDocument = z.infer<typeof drDocumentSchema>;

export const drInfoSchema = z.object({
  counts: z.record(z.string(), z.number().int()),
  sizeEstimateBytes: z.number().int(),
  lastExport: z
    .object({ at: z.string(), userId: z.string(), email: z.string().nullable(), name: z.string().nullable() })
    .nullable(),
  format: z.string(),
  version: z.number().int(),
});

export const drImportInput = z.object({
  document: drDocumentSchema.extend({ content: drImportContentSchema }),
  name: z.string().trim().optional(),
  slug: z.string().optional(),
  previousMasterKey: z.string().max(200).optional(),
});
export type DrImportInput = z.infer<typeof drImportInput>;

export const drImportResultSchema = z.object({
  organization: organizationSchema,
  restored: z.object({
    roles: z.number().int(),
    members: z.number().int(),
    secrets: z.number().int(),
    servers: z.number().int(),
    topologies: z.number().int(),
    templates: z.number().int(),
  }),
  skippedMembers: z.array(z.object({ email: z.string(), reason: z.string() })),
  /** The document's secrets that were not carried into the new organization, and why. */
  skippedSecrets: z.object({ names: z.array(z.string()), reason: z.string().nullable() }),
});
export type DrImportResult = z.infer<typeof drImportResultSchema>;
