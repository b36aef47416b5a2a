import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../index/text.ts';
import { wordBounds } from '../../../index/query/word-bounds.ts';

/** The words of wordBounds as [word, start, end], to compare with tokenize. */
function scanned(text: string): Array<[string, number, number]> {
  const bounds = wordBounds(text);
  const out: Array<[string, number, number]> = [];
  for (let k = 0; k < bounds.length; k += 2) {
    const start = bounds[k] ?? 0;
    const end = bounds[k + 1] ?? 0;
    out.push([text.slice(start, end), start, end]);
  }
  return out;
}

const tokenized = (text: string): Array<[string, number, number]> => tokenize(text).map((token) => [token.word, token.start, token.end]);

// Letters (ASCII and the characters around its ranges, accented, Greek, CJK, outside the BMP), digits of several scripts, combining marks, dots,
// punctuation, spaces, emoji and lone surrogates: everything where a scan could part from the regular expression.
const PIECES = [
  'a', 'z', 'A', 'Z', '0', '9', '@', '[', '`', '{', '/', ':', 'é', 'ß', 'Ω', '中', '𝐀', '𝟙', '7', '٣', '½', '\u0301', '.', '..', ',', '-', "'", ' ', '\n', '\u00a0',
  '😀', '\ud800', '\udc00', 'U.S.', 'e.g.', '3.5', 'x.y', '.a.b', 'É.T.', '𝐀.𝐁.',
];

describe('wordBounds', () => {
  it.each([
    ['The U.S. troops left; the US troops came back.'],
    ['U.S.A and U.S.Army, e.g. a.b.c, x.y and 3.5'],
    ['Élysée 2025 café-crème naïve ÆØ'],
    ['emoji 😀 and 𝐀𝐁 letters, combining e\u0301 and lone \ud800 surrogate'],
    [''],
  ])('splits %j as tokenize does', (text) => {
    expect(scanned(text)).toEqual(tokenized(text));
  });

  it('splits any text as tokenize does', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
      const text = pieces.join('');
      expect(scanned(text)).toEqual(tokenized(text));
    }), { numRuns: 3000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
      expect(scanned(text)).toEqual(tokenized(text));
    }), { numRuns: 3000 });
  });
});
