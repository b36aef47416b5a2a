import { formatCount, MONTHS, plural } from './labels.ts';

/**
 * Server-rendered bar charts of counts over time: buckets from dates, and the geometry of the bars of one or more
 * series. Across, positions are percentages of the chart's width, so the SVG fills its column at any width while
 * its text keeps its size; down, they are pixels of a fixed height.
 */

/** One bucket of a time series: its label for people and its count. */
export interface Bucket {
  /** Long label, e.g. "Nov 2024" or "2004". */
  label: string;
  /** Axis label, e.g. "Nov 24". */
  short: string;
  count: number;
}

/** One bar with its tooltip: `x` and `width` in percent of the chart's width, `y` and `height` in pixels. */
export interface ChartBar {
  x: number;
  y: number;
  width: number;
  height: number;
  title: string;
  /** Where clicking the bar leads (the search for that period), or null. */
  href: string | null;
  /** The clickable column of the bar, in percent: its share of the period's slot, the plot's full height. */
  hit: { x: number; width: number };
}

/** The bars of one series; `key` (0–3) picks its colour. */
export interface ChartSeries {
  key: number;
  label: string;
  bars: ChartBar[];
}

/** The chart's counts as a table: one row per period, one cell per series (for screen readers and keyboards). */
export interface ChartTable {
  columns: string[];
  rows: Array<{ label: string; cells: Array<{ text: string; href: string | null }> }>;
}

/** A server-rendered SVG bar chart: one or more series over the same periods. */
export interface ChartView {
  /** Prefix of the chart's DOM ids, so a page can hold more than one chart. */
  id: string;
  height: number;
  plot: { top: number; bottom: number };
  series: ChartSeries[];
  yTicks: Array<{ y: number; label: string }>;
  xLabels: Array<{ x: number; text: string; anchor: 'start' | 'middle' | 'end' }>;
  /** One sentence for people who cannot see the chart: the range, each series' total and its busiest period. */
  description: string;
  table: ChartTable;
}

/** The counts of one series over a chart's periods, with the link of each bar. */
export interface SeriesInput {
  label: string;
  counts: readonly number[];
  hrefs?: ReadonlyArray<string | null>;
}

/** Up to this many series get a colour of their own (views/partials/chart.ejs, public/site.css). */
export const MAX_SERIES = 4;

const CHART = { height: 160, top: 18, bottom: 134 };

/** Rounds up to 1, 2 or 5 times a power of ten, so axis labels are round numbers. */
export function niceCeiling(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** Bar-chart geometry for a single series of buckets; null when there is nothing to draw. */
export function barChart(buckets: readonly Bucket[], unit = 'paragraph'): ChartView | null {
  return seriesChart(buckets, [{ label: 'Count', counts: buckets.map((bucket) => bucket.count) }], unit);
}

/**
 * Grouped-bar geometry for series over the same periods (`periods[i]` labels `series[k].counts[i]`); null when
 * there are no periods or no series.
 */
export function seriesChart(
  periods: ReadonlyArray<Pick<Bucket, 'label' | 'short'>>, series: readonly SeriesInput[], unit = 'paragraph', id = 'chart',
): ChartView | null {
  if (periods.length === 0 || series.length === 0) return null;
  const { top, bottom } = CHART;
  const countAt = (input: SeriesInput, i: number) => input.counts[i] ?? 0;
  const max = niceCeiling(Math.max(...series.flatMap((input) => periods.map((_, i) => countAt(input, i)))));
  const slot = 100 / periods.length;
  // Bars of one period sit side by side in 80% of its slot (a single bar at most 10% of the chart).
  const group = Math.min(slot * 0.8, 10 * series.length);
  const barWidth = group / series.length;
  const round = (n: number) => Math.round(n * 100) / 100;
  const multi = series.length > 1;
  const chartSeries = series.map((input, k): ChartSeries => ({
    key: k % MAX_SERIES,
    label: input.label,
    bars: periods.map((period, i): ChartBar => {
      const count = countAt(input, i);
      const height = ((bottom - top) * count) / max;
      return {
        x: round(i * slot + (slot - group) / 2 + k * barWidth),
        y: round(bottom - height),
        width: round(barWidth),
        height: round(height),
        title: `${multi ? `${input.label}, ` : ''}${period.label}: ${plural(count, unit)}`,
        href: input.hrefs?.[i] ?? null,
        hit: { x: round(i * slot + (k * slot) / series.length), width: round(slot / series.length) },
      };
    }),
  }));
  // The zero line is the axis; labels sit on their grid lines, at the left edge.
  const yTicks = [max / 2, max]
    .filter((value) => Number.isInteger(value))
    .map((value) => ({ y: round(bottom - ((bottom - top) * value) / max), label: formatCount(value) }));
  return {
    id,
    height: CHART.height,
    plot: { top, bottom },
    series: chartSeries,
    yTicks,
    xLabels: axisLabels(periods, slot),
    description: describe(periods, series, unit),
    table: {
      columns: series.map((input) => input.label),
      rows: periods.map((period, i) => ({
        label: period.label,
        cells: series.map((input) => ({ text: formatCount(countAt(input, i)), href: input.hrefs?.[i] ?? null })),
      })),
    },
  };
}

/** About five labels fit under a phone-wide chart; every k-th period gets one, anchored to stay inside the chart. */
function axisLabels(periods: ReadonlyArray<Pick<Bucket, 'short'>>, slot: number): ChartView['xLabels'] {
  const every = Math.max(1, Math.ceil(periods.length / 5));
  const labels: ChartView['xLabels'] = [];
  periods.forEach((period, i) => {
    if (i % every !== 0) return;
    const x = Math.round((i * slot + slot / 2) * 100) / 100;
    labels.push({ x, text: period.short, anchor: x < 8 ? 'start' : x > 92 ? 'end' : 'middle' });
  });
  return labels;
}

function describe(periods: ReadonlyArray<Pick<Bucket, 'label'>>, series: readonly SeriesInput[], unit: string): string {
  const first = periods[0]?.label ?? '';
  const last = periods[periods.length - 1]?.label ?? '';
  const range = first === last ? `In ${first}` : `From ${first} to ${last}`;
  const parts = series.map((input) => {
    const total = input.counts.reduce((sum, count) => sum + count, 0);
    let busiest = 0;
    periods.forEach((_, i) => {
      if ((input.counts[i] ?? 0) > (input.counts[busiest] ?? 0)) busiest = i;
    });
    const most = total > 0 ? `, most in ${periods[busiest]?.label ?? ''} (${formatCount(input.counts[busiest] ?? 0)})` : '';
    return `${series.length > 1 ? `${input.label}: ` : ''}${plural(total, unit)}${most}`;
  });
  return `${range}: ${parts.join('; ')}.`;
}

/** "Nov 2024" and "Nov 24" for a month counted from year 0 (`year * 12 + month - 1`). */
export function monthLabels(month: number): Pick<Bucket, 'label' | 'short'> {
  const year = Math.floor(month / 12);
  const name = MONTHS[month % 12] ?? '';
  return { label: `${name} ${year}`, short: `${name} ${String(year).slice(2)}` };
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
    buckets.push(byYear ? { label: String(k), short: String(k), count } : { ...monthLabels(k), count });
  }
  return buckets;
}
