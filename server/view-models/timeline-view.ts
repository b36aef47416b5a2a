import type { Scope, SearchRequest, Timeline } from '../../index/query/index.ts';
import { monthLabels, seriesChart, type Bucket, type ChartView } from './chart.ts';
import { compareHref, compareView, ownLabel, type CompareView } from './compare.ts';
import { plural } from './labels.ts';
import { withFilters, type RequestDefaults } from './requests.ts';

/**
 * The results page's chart of volume over time: the search's own timeline and those of its comparison queries on
 * one axis, each bar a link to its query in that period.
 */

/** A comparison query and its timeline (the same filters as the search). */
export interface ComparedTimeline {
  q: string;
  timeline: Timeline;
}

/** Everything the chart section of the results page shows. */
export interface TimelineView {
  title: string;
  chart: ChartView;
  /** "3 paragraphs without a date are not charted.", or null. */
  undatedText: string | null;
  compare: CompareView;
}

/** Inputs to `timelineView`. */
export interface TimelineInput {
  request: SearchRequest;
  defaults: RequestDefaults;
  /** What the timelines count. */
  unit: Scope;
  own: Timeline;
  compared: readonly ComparedTimeline[];
}

/** Monthly bars for up to this many months on the shared axis, else yearly (as the engine buckets one timeline). */
const MAX_MONTHS = 36;

/** One period of the shared axis, with the dates a bar's link filters on. */
interface Period extends Pick<Bucket, 'label' | 'short'> {
  key: number;
  from: string;
  to: string;
}

/** The chart of a search and its comparison queries; null when the search's own results have no date to chart. */
export function timelineView(input: TimelineInput): TimelineView | null {
  const { request, defaults, unit, own, compared } = input;
  if (own.buckets.length === 0) return null;
  const timelines = [own, ...compared.map((entry) => entry.timeline)];
  const axis = sharedAxis(timelines);
  if (axis === null) return null;
  const periods = axisPeriods(axis, request);
  const compare = compared.map((entry) => entry.q);
  const nouns = `${unit}s`;
  const atPeriod = (q: string, others: string[]) => periods.map((period) =>
    compareHref(withFilters({ ...request, q }, { from: period.from, to: period.to }), defaults, others));
  const series = timelines.map((timeline, k) => {
    const counts = countsOn(timeline, axis, periods);
    if (k === 0) return { label: ownLabel(request, nouns), counts, hrefs: atPeriod(request.q, compare) };
    // A comparison bar leads to that query's results in the period, the others (this search's included) still compared.
    const q = compare[k - 1] ?? '';
    const others = [request.q, ...compare.filter((_, j) => j !== k - 1)].filter((text) => text.trim() !== '');
    return { label: q, counts, hrefs: atPeriod(q, others) };
  });
  const chart = seriesChart(periods, series, unit, 'timeline');
  if (chart === null) return null;
  const title = `${nouns[0]?.toUpperCase() ?? ''}${nouns.slice(1)} per ${axis.unit}`;
  return {
    title,
    chart,
    undatedText: own.undated > 0 ? `${plural(own.undated, unit)} without a date ${own.undated === 1 ? 'is' : 'are'} not charted.` : null,
    compare: compareView(request, defaults, compare, nouns),
  };
}

interface Axis {
  unit: 'month' | 'year';
  first: number;
  last: number;
}

/** Month (`year * 12 + month - 1`) or year of an ISO date, or null. */
function periodKey(date: string, unit: Axis['unit']): number | null {
  const match = /^(\d{4})-(\d{2})/.exec(date);
  if (match === null) return null;
  const year = Number(match[1]);
  return unit === 'year' ? year : year * 12 + Number(match[2]) - 1;
}

/** One axis for every timeline: by month when all are monthly and together span at most MAX_MONTHS, else by year. */
function sharedAxis(timelines: readonly Timeline[]): Axis | null {
  const byMonth = timelines.every((timeline) => timeline.unit === 'month');
  const span = (unit: Axis['unit']) => {
    const keys = timelines.flatMap((timeline) => timeline.buckets.map((bucket) => periodKey(bucket.from, unit)))
      .filter((key): key is number => key !== null);
    return keys.length === 0 ? null : { unit, first: Math.min(...keys), last: Math.max(...keys) };
  };
  const months = byMonth ? span('month') : null;
  if (months !== null && months.last - months.first < MAX_MONTHS) return months;
  return span('year');
}

/** The periods of an axis, their dates clipped to the request's own date range. */
function axisPeriods(axis: Axis, request: SearchRequest): Period[] {
  const periods: Period[] = [];
  const clip = (from: string, to: string) => ({
    from: request.filters.from !== null && request.filters.from > from ? request.filters.from : from,
    to: request.filters.to !== null && request.filters.to < to ? request.filters.to : to,
  });
  for (let key = axis.first; key <= axis.last; key += 1) {
    if (axis.unit === 'year') {
      periods.push({ key, label: String(key), short: String(key), ...clip(`${key}-01-01`, `${key}-12-31`) });
    } else {
      const year = Math.floor(key / 12);
      const month = String((key % 12) + 1).padStart(2, '0');
      const lastDay = new Date(Date.UTC(year, (key % 12) + 1, 0)).getUTCDate();
      periods.push({ key, ...monthLabels(key), ...clip(`${year}-${month}-01`, `${year}-${month}-${lastDay}`) });
    }
  }
  return periods;
}

/** A timeline's counts on the shared axis (monthly buckets summed into years when the axis is yearly). */
function countsOn(timeline: Timeline, axis: Axis, periods: readonly Period[]): number[] {
  const counts = periods.map(() => 0);
  for (const bucket of timeline.buckets) {
    const key = periodKey(bucket.from, axis.unit);
    if (key === null || key < axis.first || key > axis.last) continue;
    counts[key - axis.first] = (counts[key - axis.first] ?? 0) + bucket.count;
  }
  return counts;
}
