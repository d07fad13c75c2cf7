import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
}

export interface MetricChartProps {
  title: string;
  /** Unix seconds, oldest first. */
  times: number[];
  series: ChartSeries[];
  /** How a value reads on the axis, e.g. "12 MB". */
  format: (value: number) => string;
}

/** One time chart (uPlot); new points redraw it in place. */
export function MetricChart({ title, times, series, format }: MetricChartProps) {
  const target = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const shape = series.map((s) => s.label).join('|');

  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const options: uPlot.Options = {
      title,
      width: Math.max(280, element.clientWidth),
      height: 180,
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 1.5,
          value: (_u: uPlot, v: number | null) => (v === null ? '–' : format(v)),
        })),
      ],
      axes: [{}, { values: (_u, ticks) => ticks.map(format), size: 70 }],
    };
    chart.current = new uPlot(options, [[], ...series.map(() => [])], element);
    const resize = new ResizeObserver(() =>
      chart.current?.setSize({ width: Math.max(280, element.clientWidth), height: 180 }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
    // A new chart only when its series change; data goes through setData below.
  }, [title, shape]);

  useEffect(() => {
    chart.current?.setData([times, ...series.map((s) => s.values)] as uPlot.AlignedData);
  }, [times, series]);

  return <div ref={target} className="metric-chart" data-chart={title} />;
}
