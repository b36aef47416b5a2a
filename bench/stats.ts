/** Small statistics for benchmark figures: percentiles and min/median/max summaries. */

/** A figure measured several times. */
export interface Spread {
  min: number;
  median: number;
  max: number;
  runs: number;
}

/**
 * The p-th percentile (0–100) of `samples` by the nearest-rank method: the smallest sample with at least p% of the
 * samples at or below it. NaN for no samples.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((Math.min(Math.max(p, 0), 100) / 100) * sorted.length);
  return sorted[Math.max(rank - 1, 0)] ?? Number.NaN;
}

/** Min, median (mean of the middle two for an even count) and max of `samples`; NaNs for no samples. */
export function spread(samples: readonly number[]): Spread {
  if (samples.length === 0) return { min: Number.NaN, median: Number.NaN, max: Number.NaN, runs: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
  return { min: sorted[0] ?? Number.NaN, median, max: sorted[sorted.length - 1] ?? Number.NaN, runs: samples.length };
}

/** Applies `f` to each end of a spread, e.g. to turn milliseconds into a throughput (which swaps min and max). */
export function mapSpread(value: Spread, f: (x: number) => number): Spread {
  const ends = [f(value.min), f(value.median), f(value.max)].sort((a, b) => a - b);
  return { min: ends[0] ?? Number.NaN, median: ends[1] ?? Number.NaN, max: ends[2] ?? Number.NaN, runs: value.runs };
}
