import { describe, expect, it } from 'vitest';
import { barChart, niceCeiling, seriesChart, timeBuckets } from '../../../server/view-models/chart.ts';

describe('niceCeiling', () => {
  it.each([
    { value: 0, expected: 1 }, { value: 1, expected: 1 }, { value: 3, expected: 5 }, { value: 7, expected: 10 },
    { value: 10, expected: 10 }, { value: 11, expected: 20 }, { value: 180, expected: 200 }, { value: 501, expected: 1000 },
  ])('niceCeiling($value) = $expected', ({ value, expected }) => {
    expect(niceCeiling(value)).toBe(expected);
  });
});

describe('timeBuckets', () => {
  it.each([
    { dates: [], expected: [] },
    { dates: ['2024-11-25'], expected: [['Nov 2024', 1]] },
    { dates: ['2024-11-25', '2025-02-01', '2025-02-17'], expected: [['Nov 2024', 1], ['Dec 2024', 0], ['Jan 2025', 0], ['Feb 2025', 2]] },
    { dates: ['2020-05-01', '2024-06-01', '2024-07-01'], expected: [['2020', 1], ['2021', 0], ['2022', 0], ['2023', 0], ['2024', 2]] },
    { dates: ['2024-12-31', 'unknown', '2025-01-01'], expected: [['Dec 2024', 1], ['Jan 2025', 1]] },
  ])('timeBuckets($dates)', ({ dates, expected }) => {
    expect(timeBuckets(dates).map((bucket) => [bucket.label, bucket.count])).toEqual(expected);
  });
});

describe('barChart', () => {
  it('draws one bar per bucket inside the chart, the tallest reaching the rounded maximum', () => {
    const chart = barChart([{ label: 'Jan', short: 'J', count: 3 }, { label: 'Feb', short: 'F', count: 0 }, { label: 'Mar', short: 'M', count: 10 }]);
    expect(chart).not.toBeNull();
    if (chart === null) return;
    const bars = chart.series[0]?.bars ?? [];
    expect(chart.series).toHaveLength(1);
    expect(bars).toHaveLength(3);
    for (const bar of bars) {
      expect(bar.x).toBeGreaterThanOrEqual(0);
      expect(bar.x + bar.width).toBeLessThanOrEqual(100);
      expect(bar.y + bar.height).toBeCloseTo(chart.plot.bottom, 1);
      expect(bar.href).toBeNull();
    }
    expect(bars[2]?.height).toBeCloseTo(chart.plot.bottom - chart.plot.top, 1);
    expect(bars[1]?.height).toBe(0);
    expect(chart.yTicks.map((tick) => tick.label)).toEqual(['5', '10']);
    expect(bars[2]?.title).toBe('Mar: 10 paragraphs');
    expect(chart.description).toBe('From Jan to Mar: 13 paragraphs, most in Mar (10).');
    expect(chart.table.rows.map((row) => [row.label, row.cells.map((cell) => cell.text)])).toEqual([['Jan', ['3']], ['Feb', ['0']], ['Mar', ['10']]]);
    expect(barChart([])).toBeNull();
  });

  it('keeps every axis label inside the chart, at most about five', () => {
    const chart = barChart(timeBuckets(['2021-01-01', '2024-12-01']));
    expect(chart?.xLabels.length).toBeGreaterThan(2);
    expect(chart?.xLabels.length).toBeLessThanOrEqual(6);
    for (const label of chart?.xLabels ?? []) {
      expect(label.x).toBeGreaterThan(0);
      expect(label.x).toBeLessThan(100);
      if (label.x < 8) expect(label.anchor).toBe('start');
      if (label.x > 92) expect(label.anchor).toBe('end');
    }
  });
});

describe('seriesChart', () => {
  const periods = [{ label: 'Jan 2025', short: 'Jan 25' }, { label: 'Feb 2025', short: 'Feb 25' }];

  it('puts the bars of one period side by side, in series order, without overlap, each with its link', () => {
    const chart = seriesChart(periods, [
      { label: 'troops', counts: [4, 1], hrefs: ['/a1', '/a2'] },
      { label: 'ceasefire', counts: [0, 8], hrefs: ['/b1', '/b2'] },
      { label: 'nuclear', counts: [2, 2] },
    ], 'paragraph', 'timeline');
    expect(chart).not.toBeNull();
    if (chart === null) return;
    expect(chart.id).toBe('timeline');
    expect(chart.series.map((series) => series.key)).toEqual([0, 1, 2]);
    for (let i = 0; i < periods.length; i += 1) {
      const row = chart.series.map((series) => series.bars[i]).filter((bar) => bar !== undefined);
      expect(row).toHaveLength(3);
      row.slice(1).forEach((bar, k) => {
        const before = row[k];
        expect(bar.x).toBeCloseTo((before?.x ?? NaN) + (before?.width ?? NaN), 1);
        expect(bar.hit.x).toBeCloseTo((before?.hit.x ?? NaN) + (before?.hit.width ?? NaN), 1);
      });
      // The bars of period i stay inside its slot (half the chart each).
      expect(row[0]?.hit.x).toBeCloseTo(i * 50, 1);
      expect((row[2]?.hit.x ?? 0) + (row[2]?.hit.width ?? 0)).toBeCloseTo((i + 1) * 50, 1);
    }
    // One scale for every series: 8 is the tallest and rounds up to 10.
    expect(chart.series[1]?.bars[1]?.height).toBeCloseTo(0.8 * (chart.plot.bottom - chart.plot.top), 1);
    expect(chart.series[0]?.bars.map((bar) => bar.href)).toEqual(['/a1', '/a2']);
    expect(chart.series[2]?.bars.map((bar) => bar.href)).toEqual([null, null]);
    expect(chart.series[1]?.bars[1]?.title).toBe('ceasefire, Feb 2025: 8 paragraphs');
    expect(chart.table.columns).toEqual(['troops', 'ceasefire', 'nuclear']);
    expect(chart.table.rows[1]?.cells).toEqual([{ text: '1', href: '/a2' }, { text: '8', href: '/b2' }, { text: '2', href: null }]);
    expect(chart.description).toBe(
      'From Jan 2025 to Feb 2025: troops: 5 paragraphs, most in Jan 2025 (4); ceasefire: 8 paragraphs, most in Feb 2025 (8); '
      + 'nuclear: 4 paragraphs, most in Jan 2025 (2).',
    );
  });

  it('says a series with nothing has nothing, and draws nothing without periods or series', () => {
    const chart = seriesChart(periods.slice(0, 1), [{ label: 'a', counts: [0] }, { label: 'b', counts: [3] }], 'article');
    expect(chart?.description).toBe('In Jan 2025: a: 0 articles; b: 3 articles, most in Jan 2025 (3).');
    expect(seriesChart([], [{ label: 'a', counts: [] }])).toBeNull();
    expect(seriesChart(periods, [])).toBeNull();
  });
});
