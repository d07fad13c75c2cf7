import { z } from 'zod';
import { boundedText, idSchema } from '../shared/common.schema.js';
import { templateLimits } from '../templates/template.rules.js';

/** `POST /api/instances/{id}/clone`: a copy of the instance, on its server, in its project. */
export const cloneInstanceInput = z.object({
  id: idSchema,
  name: boundedText(templateLimits.name.min, templateLimits.name.max),
  stage: z.enum(['staging', 'development'], { message: 'must be staging or development' }),
  /** Odoo's `neutralize` on the copy (crons, outgoing mail, payment and delivery providers off); on unless false. */
  neutralize: z
    .union([z.boolean(), z.enum(['true', 'false'])])
    .transform((v) => v === true || v === 'true')
    .default(true),
  /** Only the source's own server: a copy elsewhere goes through a backup restored as a new instance. */
  serverId: idSchema.optional(),
});
export type CloneInstanceInput = z.infer<typeof cloneInstanceInput>;
