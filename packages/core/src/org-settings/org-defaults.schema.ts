import { z } from 'zod';
import { idSchema } from '../shared/common.schema.js';
import { templateLimits } from '../templates/template.rules.js';
import { supportedOdooVersions } from '../shared/odoo-versions.js';

/** Where DNS-01 challenge records are published: an httpreq hook (lego's) or Cloudflare's API. */
export const dnsProviderKinds = ['httpreq', 'cloudflare'] as const;

/** A provider as stored: its credentials sealed. */
export interface StoredDnsProvider {
  kind: (typeof dnsProviderKinds)[number];
  url: string | null;
  username: string | null;
  zoneId: string | null;
  sealedCredentials: string | null;
}

/** The defaults an organization gives new instances, and its DNS provider. */
export interface OrgDefaults {
  defaultServerId: string | null;
  defaultTemplateId: string | null;
  defaultOdooVersion: string | null;
  defaultWorkers: number | null;
  dnsProvider: StoredDnsProvider | null;
}

export const noOrgDefaults: OrgDefaults = {
  defaultServerId: null,
  defaultTemplateId: null,
  defaultOdooVersion: null,
  defaultWorkers: null,
  dnsProvider: null,
};

const hookUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http or https URL' })
  .max(2048, { message: 'must be at most 2048 characters' });

export const dnsProviderInput = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('httpreq'),
      url: hookUrl,
      username: z.string().trim().min(1).max(256).optional(),
      /** Write-only: sealed, never answered; left out on an update of the same kind, kept. */
      password: z.string().min(1).max(512).optional(),
    }),
    z.strictObject({
      kind: z.literal('cloudflare'),
      /** Write-only: a Cloudflare API token with Zone.DNS edit, sealed, never answered. */
      apiToken: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9_-]{40}$/, { message: 'must be a Cloudflare API token (40 letters, digits, - or _)' })
        .optional(),
      /** The zone's id (32 hex digits); found from the domain when left out. */
      zoneId: z
        .string()
        .trim()
        .regex(/^[a-f0-9]{32}$/, { message: 'must be a Cloudflare zone id (32 hex digits)' })
        .optional(),
    }),
  ],
  { error: () => `must have a kind of ${dnsProviderKinds.join(' or ')}` },
);
export type DnsProviderInput = z.infer<typeof dnsProviderInput>;

/** The keys `PUT /api/org/settings` accepts for defaults and the DNS provider. */
export const orgDefaultsInput = {
  defaultServerId: idSchema.nullable().optional(),
  defaultTemplateId: idSchema.nullable().optional(),
  defaultOdooVersion: z
    .enum(supportedOdooVersions, { message: `must be one of ${supportedOdooVersions.join(', ')}` })
    .nullable()
    .optional(),
  defaultWorkers: z
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(templateLimits.workers.min, `must be ${templateLimits.workers.min}-${templateLimits.workers.max}`)
    .max(templateLimits.workers.max, `must be ${templateLimits.workers.min}-${templateLimits.workers.max}`)
    .nullable()
    .optional(),
  dnsProvider: dnsProviderInput.nullable().optional(),
};

/** How the settings answer them: the provider's credentials only as a has-flag. */
export const orgDefaultsOutput = {
  defaultServerId: z.string().nullable(),
  defaultTemplateId: z.string().nullable(),
  defaultOdooVersion: z.string().nullable(),
  defaultWorkers: z.number().int().nullable(),
  dnsProvider: z
    .object({
      kind: z.enum(dnsProviderKinds),
      url: z.string().nullable(),
      username: z.string().nullable(),
      zoneId: z.string().nullable(),
      hasCredentials: z.boolean(),
    })
    .nullable(),
};
