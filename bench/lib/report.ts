import { appendFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

export interface Figure {
  /** What was measured, e.g. "requests/s". */
  metric: string;
  value: number;
  unit: string;
  /** The same measure of the baseline, taken in the same run. */
  baseline?: { name: string; value: number };
  /** value / baseline (or as stated in `ratioNote`). */
  ratio?: number;
  target?: { text: string; met: boolean };
  note?: string;
}

export interface BenchResult {
  bench: string;
  setup: string;
  figures: Figure[];
}

function format(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

/** A ratio figure: how many times the baseline the value is. */
export function ratioOf(value: number, baseline: number): number {
  return baseline === 0 ? Number.NaN : value / baseline;
}

/** Markdown rows of the figures (the same layout as bench/README.md). */
export function tableRows(result: BenchResult): string[] {
  return result.figures.map((f) => {
    const baseline = f.baseline ? `${format(f.baseline.value, f.unit)} (${f.baseline.name})` : '-';
    const ratio = f.ratio === undefined ? '-' : `${f.ratio.toFixed(2)}×`;
    const target = f.target ? f.target.text : '-';
    const met = f.target ? (f.target.met ? 'yes' : '**no**') : '-';
    return `| ${result.bench} | ${f.metric} | ${format(f.value, f.unit)} | ${baseline} | ${ratio} | ${target} | ${met} |`;
  });
}

export const tableHeader = [
  '| bench | figure | value | baseline (same run) | ratio | target | met |',
  '|---|---|---|---|---|---|---|',
];

/** Prints the figures, and appends them as one JSON line to $BENCH_RESULTS_FILE when set. */
export function report(result: BenchResult): void {
  // Other work shares this machine: its load says how noisy the absolute figures are.
  result.setup += ` Load average at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} on ${availableParallelism()} cores.`;
  console.log(`\n## ${result.bench}\n${result.setup}\n`);
  console.log([...tableHeader, ...tableRows(result)].join('\n'));
  for (const f of result.figures) if (f.note) console.log(`- ${f.metric}: ${f.note}`);
  const file = process.env['BENCH_RESULTS_FILE'];
  if (file) appendFileSync(file, `${JSON.stringify(result)}\n`);
}
