import { z } from 'zod';
import { boundedText, clearableHttpsUrlSchema, idSchema, isoDateSchema, listOf } from '../shared/common.schema.js';
import { orgNameLimits, slugProblem } from './organization.rules.js';

export const orgNameSchema = boundedText(orgNameLimits.min, orgNameLimits.max);

export const orgSlugSchema = z.string().superRefine((slug, ctx) => {
  const problem = slugProblem(slug);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const organizationSchema = z.object({
  id: idSchema,
  name: z.string(),
  slug: z.string(),
  logoUrl: z.string().nullable(),
  parentOrganizationId: z.string().nullable(),
  agencyEnabled: z.boolean(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type Organization = z.infer<typeof organizationSchema>;

export const userOrganizationSchema = organizationSchema.extend({ role: z.string() });
export type UserOrganization = z.infer<typeof userOrganizationSchema>;
export const userOrganizationListSchema = listOf(userOrganizationSchema);

export const createOrgInput = z.object({ name: orgNameSchema, slug: orgSlugSchema.optional() });
export type CreateOrgInput = z.infer<typeof createOrgInput>;

export const updateOrgInput = z.object({
  name: orgNameSchema.optional(),
  slug: orgSlugSchema.optional(),
  logoUrl: clearableHttpsUrlSchema.optional(),
});
export type UpdateOrgInput = z.infer<typeof updateOrgInput>;
