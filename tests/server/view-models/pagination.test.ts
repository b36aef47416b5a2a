import { describe, expect, it } from 'vitest';
import { pageLinks } from '../../../server/view-models/pagination.ts';

describe('pageLinks', () => {
  const numbers = (current: number, last: number) =>
    pageLinks(current, last, (n) => `/p${n}`).pages.map((link) => (link === null ? '…' : link.current ? `[${link.number}]` : String(link.number)));
  it.each([
    { current: 1, last: 1, expected: ['[1]'] },
    { current: 1, last: 3, expected: ['[1]', '2', '3'] },
    { current: 1, last: 10, expected: ['[1]', '2', '3', '…', '10'] },
    { current: 5, last: 10, expected: ['1', '…', '3', '4', '[5]', '6', '7', '…', '10'] },
    { current: 4, last: 10, expected: ['1', '2', '3', '[4]', '5', '6', '…', '10'] },
    { current: 10, last: 10, expected: ['1', '…', '8', '9', '[10]'] },
  ])('page $current of $last', ({ current, last, expected }) => {
    expect(numbers(current, last)).toEqual(expected);
  });

  it('has no previous link on the first page and no next link on the last', () => {
    expect(pageLinks(1, 3, (n) => `/p${n}`)).toMatchObject({ prev: null, next: '/p2' });
    expect(pageLinks(3, 3, (n) => `/p${n}`)).toMatchObject({ prev: '/p2', next: null });
  });
});
