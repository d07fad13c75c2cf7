import type { MetricResolution, MetricSample } from './instance-metrics.schema.js';

/** A point as stored: whose instance it is. */
export interface StoredMetricSample extends MetricSample {
  organizationId: string;
  instanceId: string;
}

/** Where metric points are kept (PostgreSQL), raw and rolled up. */
export interface MetricsRepository {
  insert(resolution: MetricResolution, samples: readonly StoredMetricSample[]): Promise<void>;
  /** Inserts or replaces the rollups of their buckets. */
  upsertRollups(samples: readonly StoredMetricSample[]): Promise<void>;
  /** An instance's points of a resolution in [from, to], oldest first. */
  list(instanceId: string, resolution: MetricResolution, from: Date, to: Date): Promise<MetricSample[]>;
  /** Every instance's raw points since `from`, oldest first: what the rollups are made of. */
  listRawSince(from: Date): Promise<StoredMetricSample[]>;
  /** The instance's newest raw point. */
  latest(instanceId: string): Promise<MetricSample | undefined>;
  /** Deletes the points of a resolution older than `before`; answers how many. */
  prune(resolution: MetricResolution, before: Date): Promise<number>;
  /** The ids of every organization's running instances: what the job samples. */
  listRunningInstanceIds(): Promise<string[]>;
}

/** The live events of samples are only for the moment: the job deletes them after a while. */
export interface SampleEventPruner {
  /** Deletes events of `type` stored before `before`; answers how many. */
  pruneEvents(type: string, before: Date): Promise<number>;
}
