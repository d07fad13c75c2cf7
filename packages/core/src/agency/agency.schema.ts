import { listQueryInput, pageSchema } from '../shared/list-query.js';
import { z } from 'zod';
import { clearableHttpsUrlSchema, idSchema, isoDateSchema, orEmpty } from '../shared/common.schema.js';
import { createOrgInput } from '../organizations/organization.schema.js';
import { pickFields } from '../shared/fields.js';
import { brandingLimits, fontFamilyProblem, hexColorPattern, plainTextProblem } from './branding.rules.js';

export const agencyStatusSchema = z.object({ status: z.literal('enabled') });

export const agencyOverviewSchema = z.object({
  activePortalDomains: z.number().int(),
  clientCount: z.number().int(),
  enabled: z.boolean(),
  portalDomainCount: z.number().int(),
});
export type AgencyOverview = z.infer<typeof agencyOverviewSchema>;

export const clientOrgSchema = z.object({
  createdAt: isoDateSchema,
  id: idSchema,
  instanceCount: z.number().int(),
  logoUrl: z.string().nullable(),
  memberCount: z.number().int(),
  name: z.string(),
  slug: z.string(),
});
export type ClientOrg = z.infer<typeof clientOrgSchema>;

export const clientListLimits = { defaultLimit: 50, maxLimit: 200 } as const;

/** The client list's sorts (newest first unless asked); it searches names and slugs. */
export const clientSorts = ['createdAt', 'name'] as const;
export type ClientSort = (typeof clientSorts)[number];
export const listClientsInput = listQueryInput(clientSorts);
export type ListClientsInput = z.infer<typeof listClientsInput>;

export const clientListSchema = pageSchema(clientOrgSchema);

export const createClientInput = createOrgInput;
export const deleteClientInput = z.object({ clientOrgId: idSchema });

function clearable(schema: z.ZodType<string>) {
  return orEmpty(schema, null).optional();
}

const hexColor = z
  .string()
  .trim()
  .regex(hexColorPattern, 'must be a hex color (#rgb or #rrggbb)')
  .transform((c) => c.toLowerCase());
const refined = (max: number, problem: (v: string) => string | undefined) =>
  // Too long is the one problem then: the value's other checks would only repeat it.
  z
    .string()
    .trim()
    .max(max, { message: `must be at most ${max} characters`, abort: true })
    .superRefine((v, ctx) => {
      const found = problem(v);
      if (found) ctx.addIssue({ code: 'custom', message: found });
    });

export const updateBrandingInput = z.object({
  accentColor: clearable(hexColor),
  customCss: z
    .union([
      z.null(),
      z.string().max(brandingLimits.customCss, `must be at most ${brandingLimits.customCss} characters`),
    ])
    .optional(),
  faviconUrl: clearableHttpsUrlSchema.optional(),
  fontFamily: clearable(refined(brandingLimits.fontFamily, fontFamilyProblem)),
  footerText: clearable(refined(brandingLimits.footerText, plainTextProblem)),
  fromEmail: clearable(z.email({ message: 'must be a valid email address' }).max(brandingLimits.fromEmail)),
  loginBgUrl: clearableHttpsUrlSchema.optional(),
  logoUrl: clearableHttpsUrlSchema.optional(),
  primaryColor: clearable(hexColor),
});
export type UpdateBrandingInput = z.infer<typeof updateBrandingInput>;

export const brandingSchema = z.object({
  accentColor: z.string().nullable(),
  createdAt: isoDateSchema,
  customCss: z.string().nullable(),
  faviconUrl: z.string().nullable(),
  fontFamily: z.string().nullable(),
  footerText: z.string().nullable(),
  fromEmail: z.string().nullable(),
  id: idSchema,
  loginBgUrl: z.string().nullable(),
  logoUrl: z.string().nullable(),
  organizationId: idSchema,
  primaryColor: z.string().nullable(),
  updatedAt: isoDateSchema,
});
export type Branding = z.infer<typeof brandingSchema>;

/**
 * The nine values an agency brands its portal with, each text or null (not set): the one list
 * the service, the ports, the export, the web form and the CLI options derive theirs from.
 */
export const brandingValuesSchema = brandingSchema.omit({
  id: true,
  organizationId: true,
  createdAt: true,
  updatedAt: true,
});
export type BrandingValues = z.infer<typeof brandingValuesSchema>;
export const brandingFields = brandingValuesSchema.keyof().options;
export type BrandingField = (typeof brandingFields)[number];

type SameKeys<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : never;
// The update takes exactly the stored values: a field added to one and not the other fails to compile.
const _brandingFieldsAgree: SameKeys<UpdateBrandingInput, BrandingValues> = true;

/** The branding values of stored branding (no ids or times). */
export function brandingValuesOf(branding: Branding): BrandingValues {
  const {
    id: _id,
    organizationId: _organizationId,
    createdAt: _createdAt,
    updatedAt: _updatedAt,
    ...values
  } = branding;
  return values;
}

export const brandingUpdateResultSchema = brandingSchema.extend({
  /** What the CSS sanitizer removed from customCss, one line each. */
  customCssRemoved: z.array(z.string()),
  warnings: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })),
});

export const portalFeatures = [
  'featureTerminal',
  'featureFileEditor',
  'featureOdooShell',
  'featureMonitoring',
  'featureBackups',
  'featureDomains',
  'featureLogs',
  'featureDatabases',
  'teamManagementEnabled',
] as const;
export type PortalFeature = (typeof portalFeatures)[number];

export const infrastructureVisibilities = ['full', 'limited', 'none'] as const;
export type InfrastructureVisibility = (typeof infrastructureVisibilities)[number];

const featureShape = Object.fromEntries(portalFeatures.map((f) => [f, z.boolean()])) as Record<
  PortalFeature,
  z.ZodBoolean
>;
const optionalFeatureShape = Object.fromEntries(portalFeatures.map((f) => [f, z.boolean().optional()])) as Record<
  PortalFeature,
  z.ZodOptional<z.ZodBoolean>
>;

/** The values of a portal's configuration: the toggles and the infrastructure visibility. */
export const portalConfigValuesSchema = z.object({
  infrastructureVisibility: z.enum(infrastructureVisibilities),
  ...featureShape,
});
export type PortalConfigValues = z.infer<typeof portalConfigValuesSchema>;
const portalConfigValueFields = portalConfigValuesSchema.keyof().options;

export const portalConfigSchema = z.object({
  createdAt: isoDateSchema,
  id: idSchema,
  organizationId: idSchema,
  updatedAt: isoDateSchema,
  ...portalConfigValuesSchema.shape,
});
export type PortalConfig = z.infer<typeof portalConfigSchema>;

/** The configuration's values without its id and times (for the portal context and the export). */
export function portalConfigValuesOf(config: PortalConfig): PortalConfigValues {
  return pickFields(config, portalConfigValueFields);
}

export const updatePortalConfigInput = z.object({
  ...optionalFeatureShape,
  infrastructureVisibility: z
    .enum(infrastructureVisibilities, { message: 'must be one of full, limited, none' })
    .optional(),
});
export type UpdatePortalConfigInput = z.infer<typeof updatePortalConfigInput>;
