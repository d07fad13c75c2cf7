import { z } from 'zod';
import { isoDateSchema } from '../shared/common.schema.js';

export const auditEntrySchema = z.object({
  id: z.string(),
  actorUserId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  /** The target's name, or the name its entry recorded once it is gone; null when it has none. */
  targetName: z.string().nullable(),
  diff: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  /** The agency through which an operator acted, when not as a member. */
  viaOrganizationId: z.string().nullable(),
  viaOrganizationName: z.string().nullable(),
  createdAt: isoDateSchema,
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

const isoInstant = z
  .string()
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date or time')
  .transform((v) => new Date(v).toISOString());

export const auditLogLimits = { defaultLimit: 50, maxLimit: 200 } as const;

export const listAuditLogInput = z.object({
  actor: z.string().trim().max(254).optional().describe('A user id or email'),
  action: z.string().trim().max(100).optional(),
  targetType: z.string().trim().max(100).optional(),
  targetId: z.string().trim().max(200).optional(),
  since: isoInstant.optional(),
  until: isoInstant.optional(),
  cursor: z.string().regex(/^\d+$/, 'must be a cursor from a previous page').optional(),
  limit: z.coerce.number().int().min(1).max(auditLogLimits.maxLimit, `must be 1-${auditLogLimits.maxLimit}`).optional(),
});
export type ListAuditLogInput = z.infer<typeof listAuditLogInput>;

/** The actions an organization's log holds, for the action filter. */
export const auditActionsSchema = z.object({ items: z.array(z.string()) });

export const auditLogPageSchema = z.object({
  items: z.array(auditEntrySchema),
  nextCursor: z.string().nullable(),
});
