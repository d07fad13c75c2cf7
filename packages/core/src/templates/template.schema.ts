import { listQueryInput, pageSchema } from '../shared/list-query.js';
import { z } from 'zod';
import { boundedText, idSchema, isoDateSchema } from '../shared/common.schema.js';
import {
  duplicateModule,
  envVarsProblems,
  isHundredths,
  moduleNamePattern,
  odooEditions,
  templateLimits,
} from './template.rules.js';
import { isSupportedOdooVersion, supportedOdooVersions } from '../shared/odoo-versions.js';

const { workers, cpuLimit, memoryLimitMb, descriptionMax, modulesMax, moduleNameMax } = templateLimits;

/** An Odoo version the platform provisions, e.g. "18.0". */
export const supportedOdooVersionSchema = z
  .string({ message: 'is required' })
  .trim()
  .refine(isSupportedOdooVersion, {
    message: `must be a supported Odoo version (${supportedOdooVersions.join(', ')})`,
  });

export const odooEditionSchema = z.enum(odooEditions, { message: 'must be ce (Community) or ee (Enterprise)' });

export const workerCountSchema = z
  .number({ message: `must be a whole number ${workers.min}-${workers.max}` })
  .int(`must be a whole number ${workers.min}-${workers.max}`)
  .min(workers.min, `must be ${workers.min}-${workers.max}`)
  .max(workers.max, `must be ${workers.min}-${workers.max}`);

const cpuRange = `must be ${cpuLimit.min}-${cpuLimit.max} CPU cores`;
/** CPU cores a container may use, e.g. 0.5 or 2; null for no limit. */
export const cpuLimitSchema = z
  .number({ message: `${cpuRange} (a number, or null for no limit)` })
  .min(cpuLimit.min, cpuRange)
  .max(cpuLimit.max, cpuRange)
  .refine(isHundredths, 'must be given to the hundredth of a core at most (e.g. 0.5, 1.25)')
  .nullable();

const memoryRange = `must be a whole number of MB, ${memoryLimitMb.min}-${memoryLimitMb.max}`;
/** Memory a container may use, in MB; null for no limit. */
export const memoryLimitMbSchema = z
  .number({ message: `${memoryRange} (or null for no limit)` })
  .int(memoryRange)
  .min(memoryLimitMb.min, memoryRange)
  .max(memoryLimitMb.max, memoryRange)
  .nullable();

/** Environment variables: upper-case names, string values of at most 4096 characters, at most 100. */
export const envVarsSchema = z
  .record(z.string(), z.string({ message: 'must be a string' }))
  .superRefine((vars, ctx) => {
    for (const [name, message] of envVarsProblems(vars))
      ctx.addIssue({ code: 'custom', message, ...(name === undefined ? {} : { path: [name] }) });
  });

/** Odoo module technical names, each once, at most 200. */
export const moduleListSchema = z
  .array(
    z
      .string({ message: 'must be a string' })
      .max(moduleNameMax, `must be at most ${moduleNameMax} characters`)
      .regex(moduleNamePattern, 'must be a module name: a-z, 0-9 and _'),
  )
  .max(modulesMax, `may hold at most ${modulesMax} modules`)
  .superRefine((modules, ctx) => {
    const twice = duplicateModule(modules);
    if (twice) ctx.addIssue({ code: 'custom', message: `lists ${twice} twice` });
  });

const descriptionSchema = z.string().trim().max(descriptionMax, `must be at most ${descriptionMax} characters`);

export const createTemplateInput = z.object({
  name: boundedText(templateLimits.name.min, templateLimits.name.max),
  description: descriptionSchema.default(''),
  odooVersion: supportedOdooVersionSchema,
  odooEdition: odooEditionSchema.default('ce'),
  defaultWorkers: workerCountSchema.default(2),
  defaultEnvVars: envVarsSchema.default({}),
  moduleList: moduleListSchema.default([]),
  /** The container limits of instances provisioned from it (unless the request sets its own); null: none. */
  cpuLimit: cpuLimitSchema.default(null),
  memoryLimitMb: memoryLimitMbSchema.default(null),
  /** Shared read-only with the agency's client organizations. */
  isPublic: z.boolean().default(false),
});
export type CreateTemplateInput = z.infer<typeof createTemplateInput>;

export const updateTemplateInput = z.object({
  id: idSchema,
  name: boundedText(templateLimits.name.min, templateLimits.name.max).optional(),
  description: descriptionSchema.optional(),
  odooVersion: supportedOdooVersionSchema.optional(),
  odooEdition: odooEditionSchema.optional(),
  defaultWorkers: workerCountSchema.optional(),
  defaultEnvVars: envVarsSchema.optional(),
  moduleList: moduleListSchema.optional(),
  /** null removes the limit. */
  cpuLimit: cpuLimitSchema.optional(),
  memoryLimitMb: memoryLimitMbSchema.optional(),
  isPublic: z.boolean().optional(),
});
export type UpdateTemplateInput = z.infer<typeof updateTemplateInput>;

export const captureTemplateInput = z.object({
  instanceId: idSchema,
  /** Defaults to the instance's name + " template". */
  name: boundedText(templateLimits.name.min, templateLimits.name.max).optional(),
  description: descriptionSchema.optional(),
  isPublic: z.boolean().optional(),
});
export type CaptureTemplateInput = z.infer<typeof captureTemplateInput>;

export const templateSchema = z.object({
  id: idSchema,
  /** The organization that owns the template. */
  organizationId: idSchema,
  name: z.string(),
  description: z.string(),
  odooVersion: z.string(),
  odooEdition: z.enum(odooEditions),
  defaultWorkers: z.number().int(),
  defaultEnvVars: z.record(z.string(), z.string()),
  moduleList: z.array(z.string()),
  /** CPU cores and memory (MB) its instances' containers may use; null for no limit. */
  cpuLimit: z.number().nullable(),
  memoryLimitMb: z.number().int().nullable(),
  isPublic: z.boolean(),
  /** True when the template is the agency's, shared read-only with this client organization. */
  shared: z.boolean(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type Template = z.infer<typeof templateSchema>;
export const templateListSchema = pageSchema(templateSchema);

/** The template list's sorts; it searches names and descriptions. */
export const templateSorts = ['name', 'createdAt', 'odooVersion'] as const;
export type TemplateSort = (typeof templateSorts)[number];
export const listTemplatesInput = listQueryInput(templateSorts, { odooEdition: odooEditionSchema.optional() });
export type ListTemplatesInput = z.infer<typeof listTemplatesInput>;
export const templateIdInput = z.object({ id: idSchema });
