import { z } from 'zod';
import { idSchema, isoDateSchema } from '../shared/common.schema.js';

/** What an operation does to an instance. */
export const operationKinds = ['provision', 'start', 'stop', 'restart', 'redeploy', 'update', 'delete'] as const;
export type OperationKind = (typeof operationKinds)[number];

/** queued until a worker takes it, running, then succeeded or failed (with the step and the reason). */
export const operationStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
export type OperationStatus = (typeof operationStatuses)[number];

export const logLevels = ['info', 'warn', 'error'] as const;
export type LogLevel = (typeof logLevels)[number];

export const operationLogLineSchema = z.object({
  at: isoDateSchema,
  level: z.enum(logLevels),
  /** The step it was written in. */
  step: z.string(),
  text: z.string(),
});
export type OperationLogLine = z.infer<typeof operationLogLineSchema>;

export const operationSchema = z.object({
  id: idSchema,
  organizationId: idSchema,
  /** Null once the instance is deleted (the delete operation outlives it). */
  instanceId: idSchema.nullable(),
  kind: z.enum(operationKinds),
  status: z.enum(operationStatuses),
  /** The step under way, or the one that failed. */
  step: z.string().nullable(),
  error: z.string().nullable(),
  /** For `delete`: whether the database and volumes are kept. */
  keepData: z.boolean(),
  createdAt: isoDateSchema,
  startedAt: isoDateSchema.nullable(),
  finishedAt: isoDateSchema.nullable(),
});
export type Operation = z.infer<typeof operationSchema>;

export const operationWithLogsSchema = operationSchema.extend({ logs: z.array(operationLogLineSchema) });
export type OperationWithLogs = z.infer<typeof operationWithLogsSchema>;
export const operationListSchema = z.object({ items: z.array(operationWithLogsSchema), total: z.number().int() });
