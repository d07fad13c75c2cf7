import { describe, expect, it } from 'vitest';
import {
  breachesOf,
  bucketStart,
  pruneBefore,
  resolutionFor,
  rollUp,
  rollUpBuckets,
  thresholdChanges,
  toSample,
  uptimeOf,
} from './instance-metrics.rules.js';

const stats = (memoryBytes: number, extra: Partial<Parameters<typeof toSample>[1] & object> = {}) => ({
  at: '',
  cpuPercent: 50,
  memoryBytes,
  memoryLimitBytes: 1000,
  networkRxBytes: 10,
  networkTxBytes: 20,
  blockReadBytes: 30,
  blockWriteBytes: 40,
  ...extra,
});
const at = (iso: string) => new Date(iso);

describe('metric rules', () => {
  it('puts points in 5-minute buckets and rolls a bucket up', () => {
    expect(bucketStart(at('2026-12-06T10:07:31Z')).toISOString()).toBe('2026-12-06T10:05:00.000Z');
    const points = [
      toSample(at('2026-12-06T10:05:00Z'), stats(100), 10),
      toSample(at('2026-12-06T10:05:10Z'), stats(300, { cpuPercent: 150, networkRxBytes: 99 }), 30),
      toSample(at('2026-12-06T10:05:20Z'), null, null),
    ];
    expect(rollUp(at('2026-12-06T10:05:00Z'), points)).toEqual({
      at: '2026-12-06T10:05:00.000Z',
      cpuPercent: 100,
      memoryBytes: 200,
      memoryLimitBytes: 1000,
      networkRxBytes: 99,
      networkTxBytes: 20,
      blockReadBytes: 30,
      blockWriteBytes: 40,
      healthChecks: 3,
      healthPassed: 2,
      responseMs: 20,
    });
  });

  it('rolls up complete buckets only', () => {
    const points = [
      toSample(at('2026-12-06T10:04:50Z'), stats(1), 5),
      toSample(at('2026-12-06T10:05:10Z'), stats(1), 5),
    ];
    const rolled = rollUpBuckets(points, at('2026-12-06T10:09:59Z'));
    expect(rolled.map((p) => p.at)).toEqual(['2026-12-06T10:00:00.000Z']);
  });

  it('keeps raw points a day and rollups a month, and draws long or old ranges from rollups', () => {
    const now = at('2026-12-06T12:00:00Z');
    expect(pruneBefore(now)).toEqual({ raw: at('2026-12-05T12:00:00Z'), rollup: at('2026-11-06T12:00:00Z') });
    expect(resolutionFor(at('2026-12-06T11:00:00Z'), now, now)).toBe('10s');
    expect(resolutionFor(at('2026-12-06T00:00:00Z'), now, now)).toBe('5m');
    expect(resolutionFor(at('2026-12-04T11:00:00Z'), at('2026-12-04T12:00:00Z'), now)).toBe('5m');
  });

  it('counts uptime as the share of health checks passed', () => {
    expect(uptimeOf([])).toBeNull();
    expect(
      uptimeOf([
        { healthChecks: 30, healthPassed: 29 },
        { healthChecks: 10, healthPassed: 10 },
      ]),
    ).toBe(39 / 40);
  });

  it('raises a threshold when crossed and clears it when left, once each', () => {
    const fine = toSample(at('2026-12-06T10:00:00Z'), stats(500), 12);
    const full = toSample(at('2026-12-06T10:00:10Z'), stats(950), null);
    expect([...breachesOf(full)]).toEqual(['memory_high', 'health_failing']);
    expect(thresholdChanges(fine, full)).toEqual([
      { threshold: 'memory_high', state: 'raised' },
      { threshold: 'health_failing', state: 'raised' },
    ]);
    expect(thresholdChanges(full, full)).toEqual([]);
    expect(thresholdChanges(full, fine)).toEqual([
      { threshold: 'memory_high', state: 'cleared' },
      { threshold: 'health_failing', state: 'cleared' },
    ]);
    // No limit, no memory threshold.
    expect(breachesOf(toSample(at('2026-12-06T10:00:00Z'), stats(950, { memoryLimitBytes: 0 }), 1)).size).toBe(0);
  });
});
