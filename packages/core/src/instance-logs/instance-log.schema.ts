import { z } from 'zod';
import { idSchema, isoDateSchema } from '../shared/common.schema.js';
import { operationKinds } from '../instances/operation.schema.js';

/** Odoo's log levels, lowest first. */
export const odooLogLevels = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export type OdooLogLevel = (typeof odooLogLevels)[number];

/** Where a line comes from: the Odoo container's output, or an operation (deploy, update, ...). */
export const instanceLogSources = ['odoo', 'operation'] as const;

export const instanceLogLineSchema = z.object({
  at: isoDateSchema,
  source: z.enum(instanceLogSources),
  /** Odoo's level; a line without one (a traceback's) takes the level of the line it continues. */
  level: z.enum(odooLogLevels),
  text: z.string(),
  /** For an operation's line: which operation. */
  operation: z.object({ id: idSchema, kind: z.enum(operationKinds) }).nullable(),
});
export type InstanceLogLine = z.infer<typeof instanceLogLineSchema>;

export const instanceLogLimits = { defaultTail: 500, maxTail: 5000, searchMax: 200 } as const;

const isoInstant = z
  .string()
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date or time')
  .transform((v) => new Date(v).toISOString());

const filter = {
  /** Only lines containing this text (case-insensitive). */
  search: z.string().max(instanceLogLimits.searchMax).optional(),
  /** The lowest level shown: WARNING shows WARNING, ERROR and CRITICAL. */
  level: z.enum(odooLogLevels).optional(),
};

export const instanceLogsInput = z.object({
  id: idSchema,
  ...filter,
  since: isoInstant.optional(),
  until: isoInstant.optional(),
  /** At most this many of the last lines (500 unless given). */
  tail: z.coerce
    .number()
    .int()
    .min(1)
    .max(instanceLogLimits.maxTail, `must be 1-${instanceLogLimits.maxTail}`)
    .optional(),
  /** Leaves out the operations' lines. */
  odooOnly: z
    .union([z.boolean(), z.enum(['true', 'false'])])
    .transform((v) => v === true || v === 'true')
    .optional(),
});
export type InstanceLogsInput = z.infer<typeof instanceLogsInput>;
export type InstanceLogFilter = Pick<InstanceLogsInput, 'search' | 'level' | 'since' | 'until'>;

export const instanceLogPageSchema = z.object({
  items: z.array(instanceLogLineSchema),
  /**
   * Whether the Odoo container's lines are in: `found`, `none` (nothing deployed, or removed),
   * or `unreachable` (its server could not be asked; `reason` says why). The operations'
   * lines are there in every case.
   */
  container: z.object({ state: z.enum(['found', 'none', 'unreachable']), reason: z.string().nullable() }),
});
export type InstanceLogPage = z.infer<typeof instanceLogPageSchema>;

export const followInstanceLogsInput = z.object({
  id: idSchema,
  ...filter,
  /** Lines already written to send first (0 unless given, at most 1000). */
  tail: z.number().int().min(0).max(1000).optional(),
});
export type FollowInstanceLogsInput = z.infer<typeof followInstanceLogsInput>;
