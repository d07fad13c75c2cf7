import { z } from 'zod';
import { boundedText, idSchema, isoDateSchema, listOf } from '../shared/common.schema.js';

/** The environments of one Odoo deployment; each instance of a project is one of them. */
export const stages = ['production', 'staging', 'development'] as const;
export type Stage = (typeof stages)[number];

export const projectLimits = { name: { min: 2, max: 100 }, descriptionMax: 2000 } as const;

export const projectSchema = z.object({
  id: idSchema,
  organizationId: idSchema,
  name: z.string(),
  description: z.string(),
  /** How many instances the project holds, by stage. */
  instanceCount: z.number().int(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type Project = z.infer<typeof projectSchema>;
export const projectListSchema = listOf(projectSchema);
export const projectIdInput = z.object({ id: idSchema });

export const createProjectInput = z.object({
  name: boundedText(projectLimits.name.min, projectLimits.name.max),
  description: z.string().trim().max(projectLimits.descriptionMax).default(''),
});
export type CreateProjectInput = z.infer<typeof createProjectInput>;

export const updateProjectInput = z.object({
  id: idSchema,
  name: boundedText(projectLimits.name.min, projectLimits.name.max).optional(),
  description: z.string().trim().max(projectLimits.descriptionMax).optional(),
});
export type UpdateProjectInput = z.infer<typeof updateProjectInput>;
