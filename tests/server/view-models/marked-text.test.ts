import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markedParts } from '../../../server/view-models/marked-text.ts';

describe('markedParts', () => {
  it('splits a text into runs that join back to it, marking the highlighted words', () => {
    const parts = markedParts('Troops, troop and <b>TROOPS</b>.', { terms: new Set(['troop']), phrases: [] });
    expect(parts.map((part) => part.text).join('')).toBe('Troops, troop and <b>TROOPS</b>.');
    expect(parts.filter((part) => part.mark).map((part) => part.text)).toEqual(['Troops', 'troop', 'TROOPS']);
  });

  it('marks phrases and returns the text whole without a highlight', () => {
    const parts = markedParts('A coalition of the willing met.', { terms: new Set(), phrases: ['coalition of the willing'] });
    expect(parts.filter((part) => part.mark).map((part) => part.text)).toEqual(['coalition', 'of', 'the', 'willing']);
    expect(markedParts('text', null)).toEqual([{ text: 'text', mark: false }]);
  });

  it('always joins back to the text', () => {
    fc.assert(fc.property(fc.string(), fc.constantFrom('a', 'troop', 'x'), (text, term) => {
      expect(markedParts(text, { terms: new Set([term]), phrases: [] }).map((part) => part.text).join('')).toBe(text);
    }));
  });
});
