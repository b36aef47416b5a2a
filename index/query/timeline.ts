/**
 * Volume over time of a result: its hits (paragraphs or articles, every copy counted, as the total is) per month,
 * or per year when the dates span more than three years. Empty periods between the first and the last are kept,
 * so a chart shows gaps as gaps. Hits of undated articles are counted apart.
 */
import { memoPerObject } from '../cache.ts';
import type { LoadedIndex } from '../store/loaded-index.ts';
import type { Timeline } from '../types.ts';
import type { FilteredCandidates } from './facets.ts';

/** Month buckets up to this many months; beyond, years. */
const MAX_MONTHS = 36;

/** Whether any article of the index has a date. */
export const isDated = memoPerObject((index: LoadedIndex): boolean => index.documents.some((document) => document.date !== null));

/** The timeline of a match result: its candidates that pass every filter. */
export function timelineOf(index: LoadedIndex, { candidates }: { candidates: FilteredCandidates }): Timeline {
  const months = new Map<string, number>();
  let undated = 0;
  const { level, ordinals, masks } = candidates;
  for (let k = 0; k < ordinals.length; k += 1) {
    if (masks[k] !== 0) continue;
    const date = index.documents[level.documentOf(ordinals[k] ?? 0)]?.date;
    if (date === null || date === undefined) {
      undated += 1;
      continue;
    }
    const month = date.slice(0, 7);
    months.set(month, (months.get(month) ?? 0) + 1);
  }
  if (months.size === 0) return { unit: 'month', buckets: [], undated };
  const sorted = [...months.keys()].sort();
  const first = sorted[0] as string;
  const last = sorted[sorted.length - 1] as string;
  const span = monthNumber(last) - monthNumber(first) + 1;
  if (span <= MAX_MONTHS) {
    const buckets = [];
    for (let m = monthNumber(first); m <= monthNumber(last); m += 1) {
      const period = monthName(m);
      buckets.push({ period, from: `${period}-01`, to: `${period}-${lastDay(m)}`, count: months.get(period) ?? 0 });
    }
    return { unit: 'month', buckets, undated };
  }
  const years = new Map<number, number>();
  for (const [month, count] of months) {
    const year = Number(month.slice(0, 4));
    years.set(year, (years.get(year) ?? 0) + count);
  }
  const buckets = [];
  for (let year = Number(first.slice(0, 4)); year <= Number(last.slice(0, 4)); year += 1) {
    const period = String(year).padStart(4, '0');
    buckets.push({ period, from: `${period}-01-01`, to: `${period}-12-31`, count: years.get(year) ?? 0 });
  }
  return { unit: 'year', buckets, undated };
}

/** Months since year 0: 2024-11 → 2024 × 12 + 10. */
function monthNumber(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

function monthName(number: number): string {
  return `${String(Math.floor(number / 12)).padStart(4, '0')}-${String((number % 12) + 1).padStart(2, '0')}`;
}

/** The last day of a month, two digits. */
function lastDay(number: number): string {
  const year = Math.floor(number / 12);
  const day = new Date(Date.UTC(year, (number % 12) + 1, 0)).getUTCDate();
  return String(day).padStart(2, '0');
}
