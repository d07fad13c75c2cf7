import { z } from 'zod';
import { boundedText, idSchema } from '../shared/common.schema.js';
import { templateLimits } from '../templates/template.rules.js';

/** `POST /api/instances/{id}/clone`: a copy of the instance, in its project, on its server or another. */
export const cloneInstanceInput = z.object({
  id: idSchema,
  name: boundedText(templateLimits.name.min, templateLimits.name.max),
  stage: z.enum(['staging', 'development'], { message: 'must be staging or development' }),
  /** Odoo's `neutralize` on the copy (crons, outgoing mail, payment and delivery providers off); on unless false. */
  neutralize: z
    .union([z.boolean(), z.enum(['true', 'false'])])
    .transform((v) => v === true || v === 'true')
    .default(true),
  /** The clone's server: the source's when left out; another one gets the data streamed across. */
  serverId: idSchema.optional(),
});
export type CloneInstanceInput = z.infer<typeof cloneInstanceInput>;
