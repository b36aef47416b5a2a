import { describe, expect, it } from 'vitest';
import { formatDate, plural } from '../../../server/view-models/labels.ts';

describe('labels', () => {
  it.each([
    { date: '2025-02-17', expected: '17 Feb 2025' },
    { date: '2024-11-05T10:00:00Z', expected: '5 Nov 2024' },
    { date: '2024-13-05', expected: '2024-13-05' },
    { date: 'yesterday', expected: 'yesterday' },
    { date: null, expected: null },
  ])('formatDate($date) = $expected', ({ date, expected }) => {
    expect(formatDate(date)).toBe(expected);
  });

  it.each([
    { count: 0, expected: '0 paragraphs' },
    { count: 1, expected: '1 paragraph' },
    { count: 12345, expected: '12,345 paragraphs' },
  ])('plural($count)', ({ count, expected }) => {
    expect(plural(count, 'paragraph')).toBe(expected);
  });
});
