import { z } from 'zod';
import { idSchema, isoDateSchema, orEmpty } from '../shared/common.schema.js';
import { normalizeHostname, subdomainProblem } from './portal-domain.rules.js';

export const sslStatuses = ['none', 'pending_validation', 'pending_issuance', 'active', 'failed'] as const;
export type SslStatus = (typeof sslStatuses)[number];

/** What one DNS check found (see verification.rules.ts). */
export const diagnosticsSchema = z.object({
  checkedAt: z.string(),
  record: z.object({ type: z.literal('TXT'), name: z.string(), expected: z.string() }),
  txt: z.object({
    status: z.enum(['found', 'wrong_value', 'no_record', 'nxdomain', 'timeout', 'error']),
    found: z.array(z.string()),
    message: z.string(),
  }),
  pointing: z.object({
    status: z.enum(['cname', 'address', 'not_pointing', 'not_configured', 'timeout', 'error']),
    cname: z.array(z.string()),
    addresses: z.array(z.string()),
    expected: z.object({ cname: z.string().nullable(), addresses: z.array(z.string()) }),
    message: z.string(),
  }),
});

export const portalDomainSchema = z.object({
  createdAt: isoDateSchema,
  customDomain: z.string().nullable(),
  dnsVerificationToken: z.string(),
  dnsVerified: z.boolean(),
  dnsVerifiedAt: z.string().nullable(),
  id: idSchema,
  isActive: z.boolean(),
  organizationId: idSchema,
  sslStatus: z.enum(sslStatuses),
  subdomain: z.string().nullable(),
  updatedAt: isoDateSchema,
  /** Extension: the client this domain serves, or null for the agency's own portal. */
  clientOrgId: z.string().nullable(),
  /** Extension: the DNS record that proves ownership of the custom domain. */
  verificationRecord: z.object({ type: z.literal('TXT'), name: z.string(), value: z.string() }).nullable(),
  /** Extension: pending, verified, misconfigured or inactive. */
  status: z.enum(['pending', 'verified', 'misconfigured', 'inactive']),
  lastCheckedAt: z.string().nullable(),
  nextCheckAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** Extension: what the last DNS check found (see verify). */
  diagnostics: diagnosticsSchema.nullable(),
  sslError: z.string().nullable(),
  /** Extension: when a failed certificate order is tried again. */
  sslRetryAt: z.string().nullable(),
  certificateExpiresAt: z.string().nullable(),
  /** In the answer of a create only: the custom domain mixes scripts and may pass for another name. */
  warnings: z.array(z.string()).optional(),
});
export type PortalDomain = z.infer<typeof portalDomainSchema>;

/** A record that sends a custom domain's visitors to this platform. */
export const pointingRecordSchema = z.object({ type: z.enum(['CNAME', 'A', 'AAAA']), value: z.string() });
export type PointingRecord = z.infer<typeof pointingRecordSchema>;

/**
 * Extension: where this platform serves portals, so a page can name a subdomain in full
 * (`acme.<baseDomain>`) and show the records to add before the first DNS check.
 */
export const portalPlatformSchema = z.object({
  /** OCORE_PORTAL_BASE_DOMAIN, or null when none is configured. */
  baseDomain: z.string().nullable(),
  /** A CNAME to the base domain, or A/AAAA records to OCORE_PUBLIC_IPS; empty when neither is set. */
  pointing: z.array(pointingRecordSchema),
});
export type PortalPlatform = z.infer<typeof portalPlatformSchema>;

export const portalDomainListSchema = z.object({
  items: z.array(portalDomainSchema),
  total: z.number().int(),
  platform: portalPlatformSchema,
});
export type PortalDomainList = z.infer<typeof portalDomainListSchema>;

const subdomainInput = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const problem = subdomainProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const customDomainInput = z
  .string()
  .max(255, 'must be at most 255 characters')
  .transform((v, ctx) => {
    const host = normalizeHostname(v);
    if (!host) {
      ctx.addIssue({ code: 'custom', message: 'must be a valid hostname such as erp.example.com' });
      return z.NEVER;
    }
    return host;
  });

export const createPortalDomainInput = z
  .object({
    // '' or null: not given, as a form's empty field sends it (a custom domain alone, say).
    subdomain: orEmpty(subdomainInput, undefined).optional(),
    customDomain: orEmpty(customDomainInput, undefined).optional(),
    clientOrgId: idSchema.optional(),
  })
  .refine((v) => v.subdomain !== undefined || v.customDomain !== undefined, {
    message: 'give a subdomain, a customDomain, or both',
    path: ['subdomain'],
  });
export type CreatePortalDomainInput = z.infer<typeof createPortalDomainInput>;

export const portalDomainIdInput = z.object({ domainId: idSchema });

export const verifyResultSchema = z.object({
  verified: z.boolean(),
  /** Extension fields: the domain after the check and what the check found. */
  status: z.enum(['pending', 'verified', 'misconfigured', 'inactive']),
  diagnostics: diagnosticsSchema.nullable(),
  domain: portalDomainSchema,
});
export type VerifyResult = z.infer<typeof verifyResultSchema>;
