import { z } from 'zod';
import { idSchema, isoDateSchema } from '../shared/common.schema.js';

/** Raw points every 10 s, kept a day; 5-minute rollups, kept a month. */
export const metricResolutions = ['10s', '5m'] as const;
export type MetricResolution = (typeof metricResolutions)[number];

const nullableNumber = z.number().nullable();

/**
 * One point of an instance's metrics. Network and disk are the engine's counters since the
 * container started (a chart draws their rate); CPU is a percent of one core; the stats are
 * null when the engine could not be read (the health check then counts as failed).
 */
export const metricSampleSchema = z.object({
  at: isoDateSchema,
  cpuPercent: nullableNumber,
  memoryBytes: nullableNumber,
  memoryLimitBytes: nullableNumber,
  networkRxBytes: nullableNumber,
  networkTxBytes: nullableNumber,
  blockReadBytes: nullableNumber,
  blockWriteBytes: nullableNumber,
  /** Health checks of `/web/health` in this point, and how many passed (1 and 0 or 1 for a raw point). */
  healthChecks: z.number().int(),
  healthPassed: z.number().int(),
  /** Mean response time of the passed checks, in ms; null when none passed. */
  responseMs: nullableNumber,
});
export type MetricSample = z.infer<typeof metricSampleSchema>;

const isoInstant = z
  .string()
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date or time')
  .transform((v) => new Date(v).toISOString());

export const instanceMetricsInput = z.object({
  id: idSchema,
  /** The last hour unless given. */
  from: isoInstant.optional(),
  /** Now unless given. */
  to: isoInstant.optional(),
});
export type InstanceMetricsInput = z.infer<typeof instanceMetricsInput>;

export const instanceMetricsSchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  resolution: z.enum(metricResolutions),
  samples: z.array(metricSampleSchema),
  /** Share of the health checks in the range that passed (0-1); null when there were none. */
  uptime: z.number().nullable(),
});
export type InstanceMetrics = z.infer<typeof instanceMetricsSchema>;

/** Thresholds that raise an `instance.threshold` event when crossed, and again when cleared. */
export const metricThresholds = ['memory_high', 'health_failing'] as const;
export type MetricThreshold = (typeof metricThresholds)[number];
