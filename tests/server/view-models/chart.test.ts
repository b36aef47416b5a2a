import { describe, expect, it } from 'vitest';
import { barChart, niceCeiling, timeBuckets } from '../../../server/view-models/chart.ts';

describe('niceCeiling', () => {
  it.each([
    { value: 0, expected: 1 }, { value: 1, expected: 1 }, { value: 3, expected: 5 }, { value: 7, expected: 10 },
    { value: 10, expected: 10 }, { value: 11, expected: 20 }, { value: 180, expected: 200 }, { value: 501, expected: 1000 },
  ])('niceCeiling($value) = $expected', ({ value, expected }) => {
    expect(niceCeiling(value)).toBe(expected);
  });
});

describe('charts', () => {
  it.each([
    { dates: [], expected: [] },
    { dates: ['2024-11-25'], expected: [['Nov 2024', 1]] },
    { dates: ['2024-11-25', '2025-02-01', '2025-02-17'], expected: [['Nov 2024', 1], ['Dec 2024', 0], ['Jan 2025', 0], ['Feb 2025', 2]] },
    { dates: ['2020-05-01', '2024-06-01', '2024-07-01'], expected: [['2020', 1], ['2021', 0], ['2022', 0], ['2023', 0], ['2024', 2]] },
    { dates: ['2024-12-31', 'unknown', '2025-01-01'], expected: [['Dec 2024', 1], ['Jan 2025', 1]] },
  ])('timeBuckets($dates)', ({ dates, expected }) => {
    expect(timeBuckets(dates).map((bucket) => [bucket.label, bucket.count])).toEqual(expected);
  });

  it('draws one bar per bucket inside the plot, the tallest reaching the rounded maximum', () => {
    const chart = barChart([{ label: 'Jan', short: 'J', count: 3 }, { label: 'Feb', short: 'F', count: 0 }, { label: 'Mar', short: 'M', count: 10 }]);
    expect(chart).not.toBeNull();
    if (chart === null) return;
    expect(chart.bars).toHaveLength(3);
    for (const bar of chart.bars) {
      expect(bar.x).toBeGreaterThanOrEqual(chart.plot.left);
      expect(bar.x + bar.width).toBeLessThanOrEqual(chart.plot.right);
      expect(bar.y + bar.height).toBeCloseTo(chart.plot.bottom, 0);
    }
    expect(chart.bars[2]?.height).toBeCloseTo(chart.plot.bottom - chart.plot.top, 0);
    expect(chart.bars[1]?.height).toBe(0);
    expect(chart.yTicks.map((tick) => tick.label)).toEqual(['0', '5', '10']);
    expect(chart.bars[2]?.title).toBe('Mar: 10 paragraphs');
    expect(chart.description).toContain('most in Mar');
    expect(barChart([])).toBeNull();
  });

  it('keeps every axis label inside the chart', () => {
    const buckets = timeBuckets(['2021-01-01', '2024-12-01']);
    const chart = barChart(buckets);
    expect(chart?.xLabels.length).toBeLessThanOrEqual(6);
    for (const label of chart?.xLabels ?? []) {
      const left = label.anchor === 'start' ? label.x : label.anchor === 'end' ? label.x - 44 : label.x - 22;
      expect(left).toBeGreaterThanOrEqual(0);
      expect(left + 44).toBeLessThanOrEqual(chart?.width ?? 0);
    }
  });
});
