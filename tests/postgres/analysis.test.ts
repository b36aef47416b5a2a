import { describe, expect, it } from 'vitest';
import { analyseText, phraseQuery, quoteLexeme, termFrequencies } from '../../index/backend/postgres/analysis.ts';
import { arrayLiteral } from '../../index/backend/postgres/load.ts';
import { indexTerms, words } from '../../index/text.ts';

/** Pure: Dossier's analysis written as PostgreSQL text. Runs without PostgreSQL. */

describe('analyseText', () => {
  it.each([
    {
      text: 'Troops deployed.',
      expected: { tsvector: '=troops:1 troop:1 =deployed:2 deploy:2', tf: { troop: 1, deploy: 1 }, length: 2 },
    },
    {
      text: 'The Élysée and the U.S. troops; troops!',
      expected: {
        tsvector: '=the:1,4 =elysee:2 elyse:2 =and:3 =us:5 us:5 =troops:6,7 troop:6,7',
        tf: { elyse: 1, us: 1, troop: 2 },
        length: 7,
      },
    },
    { text: '…', expected: { tsvector: '', tf: {}, length: 0 } },
  ])('$text', ({ text, expected }) => {
    const analysed = analyseText(text);
    expect({ ...analysed, tf: { ...analysed.tf } }).toEqual(expected);
  });

  it('counts the words and stems the embedded index counts (index/text.ts)', () => {
    const text = 'Macron, whose government is set to fall, announced that 26 countries had pledged support — “land, sea, air”.';
    const analysed = analyseText(text);
    expect(analysed.length).toBe(words(text).length);
    const expected: Record<string, number> = {};
    for (const term of indexTerms(text)) expected[term] = (expected[term] ?? 0) + 1;
    expect({ ...analysed.tf }).toEqual(expected);
  });

  it('quotes only lexemes that need it', () => {
    expect(analyseText("l'homme").tsvector).toBe('=l:1 l:1 =homme:2 homm:2');
    expect(quoteLexeme("it's \\ odd")).toBe("'it''s \\\\ odd'");
  });
});

describe('termFrequencies', () => {
  it('counts index terms of a short field, and all its words as its length', () => {
    const { tf, length } = termFrequencies('Blair and Brown: the Brown years');
    expect({ tf: { ...tf }, length }).toEqual({ tf: { blair: 1, brown: 2, year: 1 }, length: 6 });
  });
});

describe('phraseQuery', () => {
  it.each([
    { form: 'coalition of the willing', expected: "'=coalition' <-> '=of' <-> '=the' <-> '=willing'" },
    { form: 'troops', expected: "'=troops'" },
    { form: '', expected: null },
  ])('$form', ({ form, expected }) => {
    expect(phraseQuery(form)).toBe(expected);
  });
});

describe('arrayLiteral', () => {
  it.each([
    { values: [], expected: '{}' },
    { values: ['FR', 'GB'], expected: '{"FR","GB"}' },
    { values: ['a "quoted", \\ value', '{x}'], expected: '{"a \\"quoted\\", \\\\ value","{x}"}' },
  ])('$expected', ({ values, expected }) => {
    expect(arrayLiteral(values)).toBe(expected);
  });
});
