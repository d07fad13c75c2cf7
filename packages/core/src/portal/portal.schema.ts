import { z } from 'zod';
import { brandingValuesSchema, portalConfigValuesSchema } from '../agency/agency.schema.js';

/** What every visitor of a portal may see of its brand. */
export const publicBrandingSchema = brandingValuesSchema.omit({ fromEmail: true });
export type PublicBranding = z.infer<typeof publicBrandingSchema>;

export const portalContextSchema = z.object({
  /** False for a visitor resolved by Host alone: then only public fields are present. */
  authenticated: z.boolean(),
  branding: publicBrandingSchema.extend({ fromEmail: z.string().nullable().optional() }).nullable(),
  config: portalConfigValuesSchema.nullable(),
  domain: z
    .object({
      id: z.string().optional(),
      host: z.string(),
      subdomain: z.string().nullable(),
      customDomain: z.string().nullable(),
      isActive: z.boolean(),
      sslStatus: z.string(),
    })
    .nullable(),
  agency: z.object({ id: z.string().optional(), name: z.string(), slug: z.string().optional() }).nullable(),
  client: z
    .object({
      id: z.string().optional(),
      name: z.string(),
      slug: z.string().optional(),
      logoUrl: z.string().nullable(),
    })
    .nullable()
    .optional(),
});
export type PortalContext = z.infer<typeof portalContextSchema>;
