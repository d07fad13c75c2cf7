import type { MetricSample } from '@ocore/core';
import { useMemo, useState } from 'react';
import { Alert } from '../../../components/alert';
import { SelectField } from '../../../components/field';
import { Loading, Section } from '../../../components/layout';
import { LiveIndicator } from '../../../components/live-indicator';
import { errorCodeOf, messageOf } from '../../../lib/errors';
import { metricRanges, useInstanceMetrics } from '../api/use-instance-metrics';
import { MetricChart, type ChartSeries } from './metric-chart';

const bytes = (value: number) => {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = Math.abs(value);
  let unit = 0;
  while (v >= 1024 && unit < units.length - 1) {
    v /= 1024;
    unit++;
  }
  return `${v.toFixed(v < 10 && unit > 0 ? 1 : 0)} ${units[unit]}`;
};
const percent = (value: number) => `${value.toFixed(0)} %`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

/** Per-second rates of a counter between points; a reset (restart) gives no rate. */
function rates(samples: readonly MetricSample[], key: keyof MetricSample): (number | null)[] {
  return samples.map((s, i) => {
    const before = samples[i - 1];
    const now = s[key] as number | null;
    const then = before?.[key] as number | null | undefined;
    if (!before || now === null || then === null || then === undefined || now < then) return null;
    const seconds = (Date.parse(s.at) - Date.parse(before.at)) / 1000;
    return seconds > 0 ? (now - then) / seconds : null;
  });
}

function charts(samples: readonly MetricSample[]) {
  const pick = (key: keyof MetricSample) => samples.map((s) => s[key] as number | null);
  const series = (label: string, values: (number | null)[], color: string): ChartSeries => ({ label, values, color });
  return [
    { title: 'CPU', format: percent, series: [series('CPU', pick('cpuPercent'), '#2563eb')] },
    {
      title: 'Memory',
      format: bytes,
      series: [series('Used', pick('memoryBytes'), '#7c3aed'), series('Limit', pick('memoryLimitBytes'), '#9ca3af')],
    },
    {
      title: 'Network',
      format: (v: number) => `${bytes(v)}/s`,
      series: [
        series('In', rates(samples, 'networkRxBytes'), '#059669'),
        series('Out', rates(samples, 'networkTxBytes'), '#d97706'),
      ],
    },
    {
      title: 'Disk',
      format: (v: number) => `${bytes(v)}/s`,
      series: [
        series('Read', rates(samples, 'blockReadBytes'), '#0891b2'),
        series('Write', rates(samples, 'blockWriteBytes'), '#db2777'),
      ],
    },
    { title: 'Health response time', format: ms, series: [series('/web/health', pick('responseMs'), '#16a34a')] },
  ];
}

/** One instance's charts over a range, updating live, and its uptime. */
export function InstanceMonitoringView({ instanceId }: { instanceId: string }) {
  const [rangeMs, setRangeMs] = useState<number>(metricRanges[0].ms);
  const metrics = useInstanceMetrics(instanceId, rangeMs);
  const times = useMemo(() => metrics.samples.map((s) => Date.parse(s.at) / 1000), [metrics.samples]);
  const drawn = useMemo(() => charts(metrics.samples), [metrics.samples]);

  if (errorCodeOf(metrics.error) === 'FEATURE_DISABLED')
    return <Alert tone="info">Monitoring is switched off for this portal.</Alert>;
  if (metrics.error) return <Alert>{messageOf(metrics.error)}</Alert>;
  return (
    <Section title="Monitoring">
      <div className="toolbar">
        <SelectField label="Range" value={rangeMs} onChange={(event) => setRangeMs(Number(event.target.value))}>
          {metricRanges.map((range) => (
            <option key={range.ms} value={range.ms}>
              {range.label}
            </option>
          ))}
        </SelectField>
        <LiveIndicator status={metrics.status} topic="Metrics" />
        <p className="uptime" data-testid="uptime">
          Uptime:{' '}
          <strong>{metrics.uptime === null ? 'no checks yet' : `${(metrics.uptime * 100).toFixed(2)} %`}</strong>
        </p>
      </div>
      {metrics.isPending ? <Loading what="the metrics" /> : null}
      {!metrics.isPending && metrics.samples.length === 0 ? (
        <p className="muted">No points in this range yet: the instance is sampled every 10 seconds while it runs.</p>
      ) : null}
      <div className="metric-charts">
        {drawn.map((chart) => (
          <MetricChart
            key={chart.title}
            title={chart.title}
            times={times}
            series={chart.series}
            format={chart.format}
          />
        ))}
      </div>
    </Section>
  );
}
