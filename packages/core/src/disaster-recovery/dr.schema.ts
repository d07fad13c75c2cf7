import { z } from 'zod';
import { organizationSchema } from '../organizations/organization.schema.js';
import { isPermission } from '../members/permissions.js';
import { generalSettingsSchema, updateOrgSettingsInput } from '../org-settings/org-settings.schema.js';
import { drBackupDestinationSchema, drBackupScheduleSchema } from '../backups/schedule.dr.js';
import { haConfigSchema, topologyDataSchema, topologyNodeSchema } from '../topologies/topology.schema.js';
import { stages } from '../projects/project.schema.js';
import { odooEditions } from '../templates/template.rules.js';
import { dockerSocketSchema } from '../servers/server.schema.js';
import { drImportNotificationsSchema, drNotificationsSchema } from '../notifications/notification.dr.js';
import { brandingValuesSchema, portalConfigValuesSchema, updateBrandingInput } from '../agency/agency.schema.js';

const drAgencySchema = z
  .object({
    // The branding values an export carries (not ids or times).
    branding: brandingValuesSchema,
    portalConfig: portalConfigValuesSchema,
  })
  .nullable();

export const drFormat = 'ocore-disaster-recovery';
export const drVersion = 1;

const sealedOrNull = z.string().max(4096).nullable();

/**
 * A project of the organization; instances name it by `name` (unique in the organization).
 * Added within version 1: a document without projects, instances, clients or portal domains
 * (exported before they were carried) reads as having none, and keeps its checksum.
 */
const drProjectSchema = z.object({ name: z.string(), description: z.string() });

/**
 * An instance's definition, not its data: the database, filestore and container are not
 * carried. `server` is the `ref` of a server of the document (for a client inside an agency's
 * export, of the agency's servers), or null when its server is not in the document (a
 * client's own export: the agency's servers are not); `serverName` says which it was.
 * `template` names one of the document's templates, or is null. Environment variables are
 * carried as stored (plain, like a template's defaults: the product stores them unsealed).
 */
const drInstanceSchema = z.object({
  name: z.string(),
  slug: z.string(),
  project: z.string().nullable(),
  stage: z.enum(stages),
  server: z.string().nullable(),
  serverName: z.string(),
  template: z.string().nullable(),
  odooVersion: z.string(),
  odooEdition: z.enum(odooEditions),
  workers: z.number().int(),
  envVars: z.record(z.string(), z.string()),
  moduleList: z.array(z.string()),
  cpuLimit: z.number().nullable(),
  memoryLimitMb: z.number().int().nullable(),
});

/** What an export holds of one organization; ids and timestamps are left out so a restore can compare equal. */
const drOrganizationContentSchema = z.object({
  organization: z.object({ name: z.string(), slug: z.string(), logoUrl: z.string().nullable() }),
  roles: z.array(z.object({ name: z.string(), isSystem: z.boolean(), permissions: z.array(z.string()) })),
  members: z.array(z.object({ email: z.string(), name: z.string(), role: z.string() })),
  settings: generalSettingsSchema.extend({
    /** Absent from older exports (then left off). */
    terminalTranscripts: z.boolean().optional(),
    backupEncryption: z.boolean().optional(),
    /** Sealed as stored (`enc:v1:<keyId>:…`), never plaintext. */
    secrets: z.object({
      posthogPersonalApiKey: sealedOrNull,
      posthogWebhookSecret: sealedOrNull,
      subscriptionCode: sealedOrNull,
      /**
       * The organization's backup key, sealed: an installation restored from the export still
       * reads the backups encrypted with it. Absent from older exports.
       */
      backupKey: sealedOrNull.optional(),
    }),
    /** Instance defaults and the DNS provider (its credentials sealed as stored); absent from older exports. */
    defaults: z
      .object({
        /** The `ref` of one of the exported servers, or null. */
        defaultServer: z.string().nullable(),
        /** The name of one of the document's templates (the agency's, for a client), or null; absent from older exports. */
        defaultTemplate: z.string().nullable().optional(),
        defaultOdooVersion: z.string().nullable(),
        defaultWorkers: z.number().int().nullable(),
        dnsProvider: z
          .object({
            kind: z.enum(['httpreq', 'cloudflare']),
            url: z.string().nullable(),
            username: z.string().nullable(),
            zoneId: z.string().nullable(),
            sealedCredentials: sealedOrNull,
          })
          .nullable(),
      })
      .optional(),
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
        /** Absent from exports made before servers had it: the default socket. */
        dockerSocket: dockerSocketSchema.optional(),
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
        /** Documents written before templates had limits have none: no limit. */
        cpuLimit: z.number().nullable().default(null),
        memoryLimitMb: z.number().int().nullable().default(null),
        isPublic: z.boolean(),
      }),
    )
    .default([]),
  projects: z.array(drProjectSchema).optional(),
  instances: z.array(drInstanceSchema).optional(),
  /** Notification channels (their secrets sealed) and the rules routing kinds to them by `ref`. */
  notifications: drNotificationsSchema.optional(),
});

/**
 * A portal domain of the agency: `client` is the `ref` of one of the document's clients, or
 * null for the agency's own portal. Its DNS proof and certificate are not carried: a custom
 * domain is checked again where it is restored.
 */
const drPortalDomainSchema = z.object({
  client: z.string().nullable(),
  subdomain: z.string().nullable(),
  customDomain: z.string().nullable(),
});

/** The agency side of a document: its clients, each with its own content, and its portal domains. */
const agencySide = <C extends z.ZodTypeAny>(client: C) => ({
  /** The agency's client organizations (`ref`: client-1, …), each with its own content. */
  clients: z.array(z.object({ ref: z.string(), content: client })).optional(),
  portalDomains: z.array(drPortalDomainSchema).optional(),
});

/** What an export holds; ids and timestamps are left out so a restore can compare equal. */
export const drContentSchema = drOrganizationContentSchema.extend({
  /**
   * Agency mode with its branding and client-portal configuration; null for an organization
   * that is not an agency.
   */
  agency: drAgencySchema.default(null),
  /**
   * Backup destinations (credentials sealed); a server destination names its server by `ref`.
   * Optional like the other parts added within version 1, so older documents keep their checksum.
   */
  backupDestinations: z.array(drBackupDestinationSchema).optional(),
  /** Backup schedules, naming their instance by name and their destination by `ref`. */
  backupSchedules: z.array(drBackupScheduleSchema).optional(),
  ...agencySide(drOrganizationContentSchema),
});
export type DrOrganizationContent = z.infer<typeof drOrganizationContentSchema>;

/**
 * The same content as an import accepts it: the rules of the API that would have stored it,
 * so an edited document cannot store what the API refuses.
 */
const drImportOrganizationRules = {
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
  notifications: drImportNotificationsSchema.optional(),
};
const drImportContentSchema = drContentSchema.extend({
  ...drImportOrganizationRules,
  ...agencySide(drOrganizationContentSchema.extend(drImportOrganizationRules)),
  // Branding values pass the rules of PUT /api/agency/branding (custom CSS is sanitized again on restore).
  agency: z
    .object({
      branding: updateBrandingInput.required(),
      portalConfig: portalConfigValuesSchema,
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
    projects: z.number().int(),
    /** Definitions only, each `stopped`: see `notes`. */
    instances: z.number().int(),
    clients: z.number().int(),
    portalDomains: z.number().int(),
    /** Credentials resealed under this server's key (none when withheld: given again). */
    backupDestinations: z.number().int(),
    /** Each turned off until its instance runs with its data: see `notes`. */
    backupSchedules: z.number().int(),
    /** The organization's and its clients' channels; a webhook or Slack one withheld its secret comes back off. */
    notificationChannels: z.number().int(),
    /** The kinds routed somewhere, in the organization and its clients. */
    notificationRules: z.number().int(),
  }),
  skippedMembers: z.array(z.object({ email: z.string(), reason: z.string() })),
  /** What the document holds that could not be restored (`instances.shop`, `portalDomains.acme`), and why. */
  skipped: z.array(z.object({ item: z.string(), reason: z.string() })),
  /** What a restore never brings back, and what to do next (instances' data and containers). */
  notes: z.array(z.string()),
  /** The document's secrets that were not carried into the new organization, and why. */
  skippedSecrets: z.object({ names: z.array(z.string()), reason: z.string().nullable() }),
});
export type DrImportResult = z.infer<typeof drImportResultSchema>;
