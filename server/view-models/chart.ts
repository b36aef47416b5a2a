import { formatCount, MONTHS, plural } from './labels.ts';

/** Server-rendered bar charts of mentions over time: buckets from dates, and the SVG geometry of the bars. */

/** One bucket of a time series: its label for people and its count. */
export interface Bucket {
  /** Long label, e.g. "Nov 2024" or "2004". */
  label: string;
  /** Axis label, e.g. "Nov 24". */
  short: string;
  count: number;
}

/** One bar, in viewBox units, with its tooltip. */
export interface ChartBar {
  x: number;
  y: number;
  width: number;
  height: number;
  title: string;
}

/** Geometry of a server-rendered SVG bar chart, in viewBox units. */
export interface ChartView {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  bars: ChartBar[];
  yTicks: Array<{ y: number; label: string }>;
  xLabels: Array<{ x: number; text: string; anchor: 'start' | 'middle' | 'end' }>;
  description: string;
}

const CHART = { width: 440, height: 180, left: 34, right: 432, top: 12, bottom: 152 };

/** Rounds up to 1, 2 or 5 times a power of ten, so axis labels are round numbers. */
export function niceCeiling(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** Bar-chart geometry for a series of buckets; null when there is nothing to draw. */
export function barChart(buckets: readonly Bucket[], unit = 'paragraph'): ChartView | null {
  if (buckets.length === 0) return null;
  const { left, right, top, bottom } = CHART;
  const max = niceCeiling(Math.max(...buckets.map((bucket) => bucket.count)));
  const slot = (right - left) / buckets.length;
  const barWidth = Math.max(1, Math.min(48, slot * 0.78));
  const round = (n: number) => Math.round(n * 10) / 10;
  const bars = buckets.map((bucket, i): ChartBar => {
    const height = ((bottom - top) * bucket.count) / max;
    return {
      x: round(left + i * slot + (slot - barWidth) / 2),
      y: round(bottom - height),
      width: round(barWidth),
      height: round(height),
      title: `${bucket.label}: ${plural(bucket.count, unit)}`,
    };
  });
  const yTicks = [0, max / 2, max]
    .filter((value) => Number.isInteger(value))
    .map((value) => ({ y: round(bottom - ((bottom - top) * value) / max), label: formatCount(value) }));
  // About five labels fit under the chart's width; every k-th bucket gets one.
  const every = Math.max(1, Math.ceil(buckets.length / 5));
  const xLabels: ChartView['xLabels'] = [];
  buckets.forEach((bucket, i) => {
    if (i % every !== 0) return;
    const x = round(left + i * slot + slot / 2);
    // A label is about 44 units wide; near an edge it is anchored so it stays inside the chart.
    const anchor = x - 22 < 0 ? 'start' : x + 22 > CHART.width ? 'end' : 'middle';
    xLabels.push({ x, text: bucket.short, anchor });
  });
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  const busiest = buckets.reduce((best, bucket) => (bucket.count > best.count ? bucket : best));
  const first = buckets[0]?.label ?? '';
  const last = buckets[buckets.length - 1]?.label ?? '';
  return {
    width: CHART.width,
    height: CHART.height,
    plot: { left, right, top, bottom },
    bars,
    yTicks,
    xLabels,
    description: `${plural(total, unit)} from ${first} to ${last}; most in ${busiest.label} (${busiest.count}).`,
  };
}

/**
 * Counts per month between the first and last date, gaps filled with zero; per year when the dates span more than
 * four years, so bars stay wide enough to see.
 */
export function timeBuckets(dates: readonly string[]): Bucket[] {
  const months = dates.map((date) => /^(\d{4})-(\d{2})/.exec(date)).filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]) * 12 + Number(m[2]) - 1);
  if (months.length === 0) return [];
  const first = Math.min(...months);
  const last = Math.max(...months);
  const byYear = last - first >= 48;
  const key = (month: number) => (byYear ? Math.floor(month / 12) : month);
  const counts = new Map<number, number>();
  for (const month of months) counts.set(key(month), (counts.get(key(month)) ?? 0) + 1);
  const buckets: Bucket[] = [];
  for (let k = key(first); k <= key(last); k += 1) {
    const count = counts.get(k) ?? 0;
    if (byYear) {
      buckets.push({ label: String(k), short: String(k), count });
    } else {
      const year = Math.floor(k / 12);
      const month = MONTHS[k % 12] ?? '';
      buckets.push({ label: `${month} ${year}`, short: `${month} ${String(year).slice(2)}`, count });
    }
  }
  return buckets;
}
