import { z } from 'zod';
import { idSchema, isoDateSchema } from '../shared/common.schema.js';
import { diagnosticsSchema, sslStatuses, verifyResultSchema } from '../portal-domains/portal-domain.schema.js';
import { normalizeHostname } from '../portal-domains/portal-domain.rules.js';
import { verificationStatuses } from '../portal-domains/verification.rules.js';

/** A DNS record the domain's owner adds: the TXT proving ownership, or one that points the domain here. */
export const dnsRecordToAddSchema = z.object({
  type: z.enum(['TXT', 'CNAME', 'A', 'AAAA']),
  name: z.string(),
  value: z.string(),
  /** `ownership` is always needed; of the `routing` records, one is enough (a CNAME, or A/AAAA at an apex). */
  purpose: z.enum(['ownership', 'routing']),
});
export type DnsRecordToAdd = z.infer<typeof dnsRecordToAddSchema>;

export const instanceDomainSchema = z.object({
  id: idSchema,
  organizationId: idSchema,
  instanceId: idSchema,
  domain: z.string(),
  dnsVerificationToken: z.string(),
  dnsVerified: z.boolean(),
  dnsVerifiedAt: z.string().nullable(),
  /** pending, verified, misconfigured or inactive (as portal domains). */
  status: z.enum(verificationStatuses),
  isActive: z.boolean(),
  lastCheckedAt: z.string().nullable(),
  nextCheckAt: z.string().nullable(),
  lastError: z.string().nullable(),
  diagnostics: diagnosticsSchema.nullable(),
  sslStatus: z.enum(sslStatuses),
  sslError: z.string().nullable(),
  sslRetryAt: z.string().nullable(),
  certificateExpiresAt: z.string().nullable(),
  /** The records to add, shown before the first check. */
  records: z.array(dnsRecordToAddSchema),
  /** Where the domain is visited: https once its certificate is served. */
  url: z.string(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type InstanceDomain = z.infer<typeof instanceDomainSchema>;

export const instanceDomainListSchema = z.object({
  items: z.array(instanceDomainSchema),
  total: z.number().int(),
  /** The instance's own hostname (a CNAME target), null without OCORE_INSTANCE_BASE_DOMAIN. */
  instanceHostname: z.string().nullable(),
  /** Whether the server's proxy offers TLS (OCORE_PROXY_HTTPS_PORT and an ACME directory). */
  tlsAvailable: z.boolean(),
});
export type InstanceDomainList = z.infer<typeof instanceDomainListSchema>;

export const addInstanceDomainInput = z.object({
  id: idSchema,
  domain: z
    .string()
    .max(255, 'must be at most 255 characters')
    .transform((v, ctx) => {
      const host = normalizeHostname(v);
      if (!host) {
        ctx.addIssue({ code: 'custom', message: 'must be a valid hostname such as erp.example.com' });
        return z.NEVER;
      }
      return host;
    }),
});
export type AddInstanceDomainInput = z.infer<typeof addInstanceDomainInput>;

export const instanceDomainIdInput = z.object({ id: idSchema, domainId: idSchema });
export type InstanceDomainIdInput = z.infer<typeof instanceDomainIdInput>;

export const verifyInstanceDomainResultSchema = verifyResultSchema.extend({ domain: instanceDomainSchema });
export type VerifyInstanceDomainResult = z.infer<typeof verifyInstanceDomainResultSchema>;
