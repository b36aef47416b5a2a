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
    expect(markedParts('text', null)).toEqual([{ text: 'text', mark: false, underline: false }]);
  });

  it.each([
    { name: 'an underlined span alone', text: 'Mr Blair said no.', highlight: null, spans: [{ start: 3, end: 8 }], expected: [['Mr ', false, false], ['Blair', false, true], [' said no.', false, false]] },
    {
      name: 'a marked word inside an underlined span', text: 'Tony Blair said no.', highlight: { terms: new Set(['blair']), phrases: [] }, spans: [{ start: 0, end: 10 }],
      expected: [['Tony ', false, true], ['Blair', true, true], [' said no.', false, false]],
    },
    { name: 'spans past the end, clipped', text: 'Paris', highlight: null, spans: [{ start: 2, end: 99 }], expected: [['Pa', false, false], ['ris', false, true]] },
    { name: 'two touching spans, one run', text: 'New York', highlight: null, spans: [{ start: 0, end: 3 }, { start: 3, end: 8 }], expected: [['New York', false, true]] },
  ])('underlines evidence: $name', ({ text, highlight, spans, expected }) => {
    expect(markedParts(text, highlight, spans).map((part) => [part.text, part.mark, part.underline])).toEqual(expected);
  });

  it('always joins back to the text', () => {
    fc.assert(fc.property(fc.string(), fc.constantFrom('a', 'troop', 'x'), (text, term) => {
      expect(markedParts(text, { terms: new Set([term]), phrases: [] }).map((part) => part.text).join('')).toBe(text);
    }));
    fc.assert(fc.property(fc.string(), fc.nat(40), fc.nat(40), (text, start, length) => {
      expect(markedParts(text, null, [{ start, end: start + length }]).map((part) => part.text).join('')).toBe(text);
    }));
  });
});
