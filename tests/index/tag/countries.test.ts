import { describe, expect, it } from 'vitest';
import { tagParagraphs } from '../../fixtures/tagging/tag-text.ts';

const countriesOf = (text: string): string[] => tagParagraphs(text).paragraphs[0]?.countries ?? [];

describe('country tagging', () => {
  it.each([
    { text: 'Talks between Canada and Mexico resumed.', expected: ['CA', 'MX'] },
    { text: 'The UK and the US signed the accord.', expected: ['GB', 'US'] },
    { text: 'Officials in the U.S. and the U.K. disagreed.', expected: ['GB', 'US'] },
    { text: 'Britain and America have long been allies.', expected: ['GB', 'US'] },
    { text: 'French and British diplomats met North Korean envoys.', expected: ['FR', 'GB', 'KP'] },
    { text: 'A Frenchman, two Britons and several Poles were hurt.', expected: ['FR', 'GB', 'PL'] },
    { text: 'The Franco-German plan was welcomed.', expected: ['DE', 'FR'] },
    { text: 'The Kremlin rejected the offer made by the White House.', expected: ['RU', 'US'] },
    { text: 'Downing Street and the Élysée issued a joint statement.', expected: ['FR', 'GB'] },
    { text: 'A statement from the Elysee followed.', expected: ['FR'] },
    { text: 'Officials in Kyiv and Kiev spellings both appear; Pyongyang stayed silent.', expected: ['KP', 'UA'] },
    { text: 'Britain’s envoy flew to Beijing.', expected: ['CN', 'GB'] },
    { text: 'South Korea and South Sudan sent delegations to Papua New Guinea.', expected: ['KR', 'PG', 'SS'] },
    { text: 'The ambassador to Côte d’Ivoire arrived from Guinea-Bissau.', expected: ['CI', 'GW'] },
    { text: 'We sent us a letter from Washington.', expected: ['US'] },
    { text: 'Let us polish the china and cook the turkey.', expected: [] },
    { text: 'Polish farmers protested and Turkey objected.', expected: ['PL', 'TR'] },
    { text: 'She flew to Chad, then Jordan and Georgia.', expected: ['GE', 'JO', 'TD'] },
    { text: 'Chad Johnson caught the pass.', expected: [] },
    { text: 'Jordan Henderson captained the side.', expected: [] },
    { text: 'Israel Adesanya won the fight.', expected: [] },
    { text: 'George Washington crossed the river.', expected: [] },
    // Not Mexico; New Mexico and New Jersey are states, so their country is the United States.
    { text: 'The company opened an office in New Mexico and New Jersey.', expected: ['US'] },
    { text: 'Europe, the EU, NATO and the Baltic states were not consulted, nor was Africa.', expected: [] },
    { text: 'The West and Latin America reacted.', expected: [] },
    { text: 'Prices of guinea pigs rose in Guinea.', expected: ['GN'] },
    { text: 'Imports into the Niger Delta and Niger rose.', expected: ['NE', 'NG'] },
    { text: 'The paris office and london staff were informed.', expected: [] },
    { text: 'TELL US WHAT YOU THINK ABOUT TURKEY', expected: [] },
    { text: 'Investors in FRANCE and Germany', expected: ['DE', 'FR'] },
    { text: 'The Indo-Pacific strategy and the Indian Ocean route were discussed.', expected: [] },
    { text: 'Indian and Pakistani troops clashed.', expected: ['IN', 'PK'] },
  ])('$text', ({ text, expected }) => {
    expect(countriesOf(text)).toEqual(expected);
  });

  it('names each tagged country in the entity catalog with a short display name', () => {
    const tags = tagParagraphs('The United Kingdom, the United States, Russia and South Korea met.');
    expect(tags.entities.countries).toMatchObject({
      GB: { code: 'GB', name: 'United Kingdom' },
      US: { code: 'US', name: 'United States' },
      RU: { code: 'RU', name: 'Russia' },
      KR: { code: 'KR', name: 'South Korea' },
    });
    expect(Object.keys(tags.entities.countries).sort()).toEqual(['GB', 'KR', 'RU', 'US']);
    // Their other names, so that a filter may say country:UK or country=britain.
    expect(tags.entities.countries.GB?.names).toEqual(expect.arrayContaining(['UK', 'Britain', 'Great Britain']));
  });
});
