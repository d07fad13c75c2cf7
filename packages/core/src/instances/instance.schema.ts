import { z } from 'zod';
import { boundedText, idSchema, isoDateSchema, listOf } from '../shared/common.schema.js';
import { odooEditions, templateLimits } from '../templates/template.rules.js';

/**
 * Nothing deploys an instance yet: one is recorded as `pending` and stays so until the
 * deployment slice exists, which adds the states it can vouch for.
 */
export const instanceStatuses = ['pending'] as const;
export type InstanceStatus = (typeof instanceStatuses)[number];

export const instanceSchema = z.object({
  id: idSchema,
  organizationId: idSchema,
  /** The template it was provisioned from; null once that template is deleted. */
  templateId: idSchema.nullable(),
  name: z.string(),
  serverId: idSchema,
  /** The server's name only: its host and sizes are the servers slice's to show or hide. */
  serverName: z.string(),
  odooVersion: z.string(),
  odooEdition: z.enum(odooEditions),
  workers: z.number().int(),
  envVars: z.record(z.string(), z.string()),
  moduleList: z.array(z.string()),
  status: z.enum(instanceStatuses),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type Instance = z.infer<typeof instanceSchema>;
export const instanceListSchema = listOf(instanceSchema);
export const instanceIdInput = z.object({ id: idSchema });

/** Override values are strings as in the guide ({"WORKERS": "6"}); numbers are taken as their text. */
const overrideValue = z.union([z.string(), z.number()], { message: 'must be a string' }).transform(String);

export const provisionInput = z
  .object({
    /** The template, from the path. */
    id: idSchema,
    /**
     * The guide's body repeats the template's id: the path decides. Another template's id is
     * refused rather than ignored; a text that is no id (the guide's "TEMPLATE_UUID") is ignored.
     */
    templateId: z.string().max(200).optional(),
    serverId: idSchema,
    /** Defaults to the template's name. */
    name: boundedText(templateLimits.name.min, templateLimits.name.max).optional(),
    /** WORKERS sets the worker count; any other key sets or adds an environment variable. */
    overrides: z.record(z.string(), overrideValue).default({}),
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
