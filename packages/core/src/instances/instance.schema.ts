import { listQueryInput, pageSchema } from '../shared/list-query.js';
import { z } from 'zod';
import { boundedText, idSchema, isoDateSchema } from '../shared/common.schema.js';
import { envVarsProblems, moduleNamePattern, odooEditions, templateLimits } from '../templates/template.rules.js';
import { stages } from '../projects/project.schema.js';
import { cpuLimitSchema, memoryLimitMbSchema } from '../templates/template.schema.js';
import { sslStatuses } from '../portal-domains/portal-domain.schema.js';

/**
 * An instance's way through its life: `pending` until its provisioning starts, `deploying`
 * while an operation works on it, `running` only after Odoo answered `/web/health`,
 * `stopped` by a user, `failed` with the step and the reason, `deleting` until removed.
 */
export const instanceStatuses = ['pending', 'deploying', 'running', 'stopped', 'failed', 'deleting'] as const;
export type InstanceStatus = (typeof instanceStatuses)[number];

export const instanceSchema = z.object({
  id: idSchema,
  organizationId: idSchema,
  /** The template it was provisioned from; null once that template is deleted, or when provisioned directly. */
  templateId: idSchema.nullable(),
  /** The project it belongs to, and its environment there. */
  projectId: idSchema.nullable(),
  stage: z.enum(stages),
  name: z.string(),
  /** The host label under the instance base domain: `<slug>.<OCORE_INSTANCE_BASE_DOMAIN>`. */
  slug: z.string(),
  /** Where users reach it: https once its hostname's certificate is served; null while no instance base domain is configured. */
  url: z.string().nullable(),
  /** Its hostname's certificate (ACME, served by its server's proxy); null before any order. */
  hostnameCertificate: z
    .object({
      status: z.enum(sslStatuses),
      /** Why the last order failed. */
      error: z.string().nullable(),
      expiresAt: isoDateSchema.nullable(),
    })
    .nullable(),
  serverId: idSchema,
  /** The server's name only: its host and sizes are the servers slice's to show or hide. */
  serverName: z.string(),
  odooVersion: z.string(),
  odooEdition: z.enum(odooEditions),
  workers: z.number().int(),
  envVars: z.record(z.string(), z.string()),
  moduleList: z.array(z.string()),
  /** CPU cores and memory the container may use; null for no limit. */
  cpuLimit: z.number().nullable(),
  memoryLimitMb: z.number().int().nullable(),
  status: z.enum(instanceStatuses),
  /** For `failed`: the step that failed ("pull image odoo:18.0") and why. */
  failedStep: z.string().nullable(),
  failureReason: z.string().nullable(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type Instance = z.infer<typeof instanceSchema>;
export const instanceListSchema = pageSchema(instanceSchema);

/** The instance list's sorts; it searches instance and server names. */
export const instanceSorts = ['name', 'createdAt', 'status'] as const;
export type InstanceSort = (typeof instanceSorts)[number];
export const listInstancesInput = listQueryInput(instanceSorts, {
  status: z.enum(instanceStatuses, { message: `must be one of ${instanceStatuses.join(', ')}` }).optional(),
  serverId: idSchema.optional(),
});
export type ListInstancesInput = z.infer<typeof listInstancesInput>;
export const instanceIdInput = z.object({ id: idSchema });

/** Override values are strings as in the guide ({"WORKERS": "6"}); numbers are taken as their text. */
const overrideValue = z.union([z.string(), z.number()], { message: 'must be a string' }).transform(String);

const modules = z
  .array(
    z
      .string()
      .max(templateLimits.moduleNameMax)
      .regex(moduleNamePattern, 'must be an Odoo module name (lower case letters, digits, _)'),
  )
  .max(templateLimits.modulesMax);
const envVars = z.record(z.string(), z.string()).superRefine((vars, ctx) => {
  for (const [key, message] of envVarsProblems(vars))
    ctx.addIssue({ code: 'custom', path: key === undefined ? [] : [key], message });
});
const workers = z.number().int().min(templateLimits.workers.min).max(templateLimits.workers.max);
/** Left out: the template's limits (provisioning) or unchanged (update); null: no limit. */
const limits = {
  cpuLimit: cpuLimitSchema.optional(),
  memoryLimitMb: memoryLimitMbSchema.optional(),
};
const placement = {
  /** The organization's `defaultServerId` setting when left out. */
  serverId: idSchema.optional(),
  projectId: idSchema.nullable().optional(),
  /** production unless given. */
  stage: z.enum(stages).optional(),
};

export const provisionInput = z
  .object({
    /** The template, from the path. */
    id: idSchema,
    /**
     * The guide's body repeats the template's id: the path decides. Another template's id is
     * refused rather than ignored; a text that is no id (the guide's "TEMPLATE_UUID") is ignored.
     */
    templateId: z.string().max(200).optional(),
    ...placement,
    /** Defaults to the template's name. */
    name: boundedText(templateLimits.name.min, templateLimits.name.max).optional(),
    /** WORKERS sets the worker count; any other key sets or adds an environment variable. */
    overrides: z.record(z.string(), overrideValue).default({}),
    ...limits,
  })
  .superRefine((input, ctx) => {
    const named = input.templateId?.trim().toLowerCase();
    if (named && idSchema.safeParse(named).success && named !== input.id.toLowerCase()) {
      ctx.addIssue({
        code: 'custom',
        path: ['templateId'],
        message: 'names another template than the path: leave it out, or send the same id',
      });
    }
  });
export type ProvisionInput = z.infer<typeof provisionInput>;

/** `POST /api/instances`: a template's fields given directly, or a template to start from. */
export const createInstanceInput = z.object({
  ...placement,
  name: boundedText(templateLimits.name.min, templateLimits.name.max),
  /** When set, its fields are the defaults of the ones left out here. */
  templateId: idSchema.optional(),
  odooVersion: z.string().max(16).optional(),
  odooEdition: z.enum(odooEditions).optional(),
  workers: workers.optional(),
  envVars: envVars.optional(),
  moduleList: modules.optional(),
  ...limits,
});
export type CreateInstanceInput = z.infer<typeof createInstanceInput>;

/** `PUT /api/instances/{id}`: what may change on a live instance; every field optional. */
export const updateInstanceInput = z.object({
  id: idSchema,
  name: boundedText(templateLimits.name.min, templateLimits.name.max).optional(),
  workers: workers.optional(),
  envVars: envVars.optional(),
  moduleList: modules.optional(),
  odooVersion: z.string().max(16).optional(),
  projectId: idSchema.nullable().optional(),
  stage: z.enum(stages).optional(),
  ...limits,
});
export type UpdateInstanceInput = z.infer<typeof updateInstanceInput>;

export const deleteInstanceInput = z.object({
  id: idSchema,
  /** Keeps the database and the volumes (only the container goes). */
  keepData: z
    .union([z.boolean(), z.enum(['true', 'false'])])
    .transform((v) => v === true || v === 'true')
    .default(false),
});
