import type { ContainerStats } from '../runtime/container-runtime.ports.js';
import type { MetricResolution, MetricSample, MetricThreshold } from './instance-metrics.schema.js';

const minute = 60_000;
const day = 24 * 60 * minute;

/** How long each resolution is kept, and the span of one rollup. */
export const metricRetention = { raw: day, rollup: 30 * day } as const;
export const rollupMs = 5 * minute;
/** Sampling interval of the job. */
export const sampleIntervalMs = 10_000;
/** Memory use above this share of the limit is `memory_high`. */
export const memoryHighShare = 0.9;
/** Ranges longer than this are drawn from the rollups, even within the last day. */
const rawSpanMax = 6 * 60 * minute;

/** The start of the 5-minute bucket `at` falls in. */
export function bucketStart(at: Date): Date {
  return new Date(Math.floor(at.getTime() / rollupMs) * rollupMs);
}

/** Raw points where the range is recent and short enough, 5-minute rollups otherwise. */
export function resolutionFor(from: Date, to: Date, now: Date): MetricResolution {
  const recent = from.getTime() >= now.getTime() - metricRetention.raw;
  return recent && to.getTime() - from.getTime() <= rawSpanMax ? '10s' : '5m';
}

/** What the job deletes: raw points older than a day, rollups older than a month. */
export function pruneBefore(now: Date): { raw: Date; rollup: Date } {
  return {
    raw: new Date(now.getTime() - metricRetention.raw),
    rollup: new Date(now.getTime() - metricRetention.rollup),
  };
}

const mean = (values: readonly number[]) =>
  values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : null;
const numbers = (values: readonly (number | null)[]) => values.filter((v): v is number => v !== null);
const last = (values: readonly (number | null)[]) => numbers(values).at(-1) ?? null;
const max = (values: readonly (number | null)[]) => (numbers(values).length ? Math.max(...numbers(values)) : null);

/**
 * One 5-minute point from the raw points of its bucket (oldest first): CPU and memory
 * averaged, the limit's highest, counters as they stood at the end, health checks summed,
 * response time averaged over the passed checks.
 */
export function rollUp(bucket: Date, points: readonly MetricSample[]): MetricSample {
  const pick = <K extends keyof MetricSample>(key: K) => points.map((p) => p[key] as number | null);
  const passed = points.filter((p) => p.responseMs !== null);
  const responseTotal = passed.reduce((sum, p) => sum + (p.responseMs ?? 0) * p.healthPassed, 0);
  const passedCount = passed.reduce((sum, p) => sum + p.healthPassed, 0);
  return {
    at: bucket.toISOString(),
    cpuPercent: mean(numbers(pick('cpuPercent'))),
    memoryBytes: mean(numbers(pick('memoryBytes'))),
    memoryLimitBytes: max(pick('memoryLimitBytes')),
    networkRxBytes: last(pick('networkRxBytes')),
    networkTxBytes: last(pick('networkTxBytes')),
    blockReadBytes: last(pick('blockReadBytes')),
    blockWriteBytes: last(pick('blockWriteBytes')),
    healthChecks: points.reduce((sum, p) => sum + p.healthChecks, 0),
    healthPassed: points.reduce((sum, p) => sum + p.healthPassed, 0),
    responseMs: passedCount > 0 ? responseTotal / passedCount : null,
  };
}

/** Groups raw points by their 5-minute bucket and rolls each complete bucket (ended by `now`) up. */
export function rollUpBuckets(points: readonly MetricSample[], now: Date): MetricSample[] {
  const buckets = new Map<number, MetricSample[]>();
  for (const point of points) {
    const start = bucketStart(new Date(point.at)).getTime();
    if (start + rollupMs > now.getTime()) continue;
    buckets.set(start, [...(buckets.get(start) ?? []), point]);
  }
  return [...buckets.entries()].sort(([a], [b]) => a - b).map(([start, group]) => rollUp(new Date(start), group));
}

/** Share of health checks passed (0-1) over the points, or null when there were none. */
export function uptimeOf(points: readonly Pick<MetricSample, 'healthChecks' | 'healthPassed'>[]): number | null {
  const checks = points.reduce((sum, p) => sum + p.healthChecks, 0);
  return checks > 0 ? points.reduce((sum, p) => sum + p.healthPassed, 0) / checks : null;
}

/** The thresholds a point is over. */
export function breachesOf(point: MetricSample): Set<MetricThreshold> {
  const out = new Set<MetricThreshold>();
  const { memoryBytes, memoryLimitBytes } = point;
  if (memoryBytes !== null && memoryLimitBytes && memoryBytes > memoryHighShare * memoryLimitBytes)
    out.add('memory_high');
  if (point.healthChecks > 0 && point.healthPassed === 0) out.add('health_failing');
  return out;
}

/** The thresholds crossed (`raised`) or left (`cleared`) between the previous point and this one. */
export function thresholdChanges(
  previous: MetricSample | undefined,
  current: MetricSample,
): { threshold: MetricThreshold; state: 'raised' | 'cleared' }[] {
  const before = previous ? breachesOf(previous) : new Set<MetricThreshold>();
  const now = breachesOf(current);
  return [
    ...[...now].filter((t) => !before.has(t)).map((threshold) => ({ threshold, state: 'raised' as const })),
    ...[...before].filter((t) => !now.has(t)).map((threshold) => ({ threshold, state: 'cleared' as const })),
  ];
}

/** A raw point from one stats reading and one health check (`responseMs` null when it failed). */
export function toSample(at: Date, stats: ContainerStats | null, responseMs: number | null): MetricSample {
  return {
    at: at.toISOString(),
    cpuPercent: stats?.cpuPercent ?? null,
    memoryBytes: stats?.memoryBytes ?? null,
    memoryLimitBytes: stats ? stats.memoryLimitBytes || null : null,
    networkRxBytes: stats?.networkRxBytes ?? null,
    networkTxBytes: stats?.networkTxBytes ?? null,
    blockReadBytes: stats?.blockReadBytes ?? null,
    blockWriteBytes: stats?.blockWriteBytes ?? null,
    healthChecks: 1,
    healthPassed: responseMs === null ? 0 : 1,
    responseMs,
  };
}
