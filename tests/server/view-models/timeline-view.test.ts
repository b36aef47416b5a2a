import { describe, expect, it } from 'vitest';
import type { Timeline } from '../../../index/types.ts';
import { timelineView } from '../../../server/view-models/timeline-view.ts';
import { defaults, req } from './fixture.ts';

/** A timeline from `[period, count]` pairs: `YYYY-MM` per month, `YYYY` per year. */
function timeline(buckets: Array<[string, number]>, undated = 0): Timeline {
  const unit = buckets[0]?.[0].length === 4 ? 'year' : 'month';
  return {
    unit,
    undated,
    buckets: buckets.map(([period, count]) => ({
      period,
      from: unit === 'year' ? `${period}-01-01` : `${period}-01`,
      to: unit === 'year' ? `${period}-12-31` : `${period}-28`,
      count,
    })),
  };
}

const counts = (view: ReturnType<typeof timelineView>) =>
  view?.chart.table.rows.map((row) => [row.label, ...row.cells.map((cell) => Number(cell.text))]);

describe('timelineView', () => {
  it('charts the search per month, each bar linking to the search narrowed to that month', () => {
    const view = timelineView({
      request: req({ q: 'troops', page: 3 }), defaults, unit: 'paragraph',
      own: timeline([['2024-11', 2], ['2024-12', 0], ['2025-01', 1], ['2025-02', 5]], 3), compared: [],
    });
    expect(view?.title).toBe('Paragraphs per month');
    expect(counts(view)).toEqual([['Nov 2024', 2], ['Dec 2024', 0], ['Jan 2025', 1], ['Feb 2025', 5]]);
    expect(view?.chart.series[0]?.bars.map((bar) => bar.href)).toEqual([
      '/search?q=troops&from=2024-11-01&to=2024-11-30',
      '/search?q=troops&from=2024-12-01&to=2024-12-31',
      '/search?q=troops&from=2025-01-01&to=2025-01-31',
      '/search?q=troops&from=2025-02-01&to=2025-02-28',
    ]);
    expect(view?.undatedText).toBe('3 paragraphs without a date are not charted.');
    expect(view?.compare.items.map((item) => item.label)).toEqual(['troops']);
  });

  it('charts nothing when the search has no dated result', () => {
    expect(timelineView({ request: req({}), defaults, unit: 'paragraph', own: timeline([], 4), compared: [] })).toBeNull();
  });

  it('keeps a bar inside the date range of the search', () => {
    const view = timelineView({
      request: req({ filters: { from: '2024-02-10', to: '2024-03-05' } }), defaults, unit: 'article',
      own: timeline([['2024-02', 1], ['2024-03', 1]]), compared: [],
    });
    expect(view?.title).toBe('Articles per month');
    expect(view?.chart.series[0]?.bars.map((bar) => bar.href)).toEqual([
      '/search?from=2024-02-10&to=2024-02-29',
      '/search?from=2024-03-01&to=2024-03-05',
    ]);
    expect(view?.compare.items[0]?.label).toBe('All articles');
  });

  it('puts comparison queries on one axis spanning them all; their bars lead to their own search', () => {
    const view = timelineView({
      request: req({ q: 'troops', filters: { country: ['FR'] } }), defaults, unit: 'paragraph',
      own: timeline([['2025-01', 4], ['2025-02', 1]]),
      compared: [{ q: 'ceasefire', timeline: timeline([['2024-12', 2], ['2025-01', 0], ['2025-02', 3]]) }, { q: 'nuclear', timeline: timeline([]) }],
    });
    expect(counts(view)).toEqual([['Dec 2024', 0, 2, 0], ['Jan 2025', 4, 0, 0], ['Feb 2025', 1, 3, 0]]);
    expect(view?.chart.series.map((series) => series.label)).toEqual(['troops', 'ceasefire', 'nuclear']);
    expect(view?.chart.series[0]?.bars[1]?.href).toBe('/search?q=troops&country=FR&from=2025-01-01&to=2025-01-31&compare=ceasefire&compare=nuclear');
    expect(view?.chart.series[1]?.bars[0]?.href).toBe('/search?q=ceasefire&country=FR&from=2024-12-01&to=2024-12-31&compare=troops&compare=nuclear');
    expect(view?.compare.items.map((item) => item.removeHref)).toEqual([
      null, '/search?q=troops&country=FR&compare=nuclear', '/search?q=troops&country=FR&compare=ceasefire',
    ]);
    expect(view?.compare.canAdd).toBe(true);
  });

  it('counts per year when one timeline is yearly or together they span more than 36 months', () => {
    const yearly = timelineView({
      request: req({ q: 'a' }), defaults, unit: 'paragraph',
      own: timeline([['2023-11', 1], ['2023-12', 2], ['2024-01', 4]]),
      compared: [{ q: 'b', timeline: timeline([['2019', 5], ['2020', 0], ['2021', 0], ['2022', 0], ['2023', 1]]) }],
    });
    expect(yearly?.title).toBe('Paragraphs per year');
    expect(counts(yearly)).toEqual([['2019', 0, 5], ['2020', 0, 0], ['2021', 0, 0], ['2022', 0, 0], ['2023', 3, 1], ['2024', 4, 0]]);
    expect(yearly?.chart.series[0]?.bars[4]?.href).toBe('/search?q=a&from=2023-01-01&to=2023-12-31&compare=b');

    const wide = timelineView({
      request: req({ q: 'a' }), defaults, unit: 'paragraph',
      own: timeline([['2021-01', 1]]), compared: [{ q: 'b', timeline: timeline([['2024-01', 2]]) }],
    });
    expect(counts(wide)).toEqual([['2021', 1, 0], ['2022', 0, 0], ['2023', 0, 0], ['2024', 0, 2]]);
  });

  it('stays monthly for exactly 36 months', () => {
    const view = timelineView({
      request: req({}), defaults, unit: 'paragraph',
      own: timeline([['2022-01', 1]]), compared: [{ q: 'b', timeline: timeline([['2024-12', 1]]) }],
    });
    expect(view?.chart.table.rows).toHaveLength(36);
  });
});
