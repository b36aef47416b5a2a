import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../index/knowledge/load.ts';
import { compileCountries } from '../../../index/tag/countries.ts';
import { compilePeople } from '../../../index/tag/people.ts';
import { compileNameFinder } from '../../../index/tag/person-names.ts';
import { nameSkeleton, nameWordsOfPhrase } from '../../../index/tag/name-words.ts';
import { wordTokens } from '../../../index/tag/tokens.ts';

const knowledge = loadKnowledge();
if (!knowledge.ok) throw new Error(knowledge.error.message);
const countries = compileCountries(knowledge.value);
const names = compileNameFinder(knowledge.value, countries);
const people = compilePeople(knowledge.value, countries);

/** The rule of each person hit of one article, as "id=rule". */
function rulesOf(...texts: string[]): string[][] {
  const mentions = texts.map((text) => {
    const tokens = wordTokens(text);
    return names.find(tokens, countries.find(tokens, false));
  });
  return people.resolveArticle(mentions).hits.map((hits) => hits.map((hit) => `${hit.id}=${hit.rule ?? ''}`));
}

describe('hit.rule names the rule or knowledge entry that decided a person', () => {
  it.each([
    { texts: ['Senator Ruth Okonjo spoke.'], expected: [['ruth-okonjo=title:Senator']] },
    { texts: ['Helga Brandt spoke.'], expected: [['helga-brandt=first-name:Helga']] },
    { texts: ['Emmanuel Macron spoke.'], expected: [['emmanuel-macron=known:Emmanuel Macron']] },
    { texts: ['Putin spoke.'], expected: [['vladimir-putin=known-as:putin']] },
    { texts: ['Dr Ivo Sandt spoke.', 'Sandt left.'], expected: [['ivo-sandt=title:Dr'], ['ivo-sandt=surname:ivo-sandt']] },
    { texts: ['Pope Gregory XVII prayed.'], expected: [['pope-gregory-xvii=regnal:Pope']] },
    { texts: ['Pope Leo XIV prayed.'], expected: [['pope-leo-xiv=known:Pope Leo XIV']] },
    { texts: ['Li Wenbo, an engineer, agreed.'], expected: [['li-wenbo=family-first:Li']] },
  ])('$texts', ({ texts, expected }) => {
    expect(rulesOf(...texts)).toEqual(expected);
  });
});

describe('name words', () => {
  it.each([
    { phrase: 'Robert Kilroy-Silk', words: ['robert', 'kilroy-silk'] },
    { phrase: "Eddie O'Sullivan", words: ['eddie', 'o-sullivan'] },
    { phrase: 'Lech Wałęsa', words: ['lech', 'walesa'] },
  ])('$phrase', ({ phrase, words }) => {
    expect(nameWordsOfPhrase(phrase)).toEqual(words);
  });

  it.each([
    { a: 'gaddafi', b: 'qadhafi', same: true },
    { a: 'kadhafi', b: 'gaddafi', same: true },
    { a: 'zelensky', b: 'zelenskyy', same: true },
    { a: 'putin', b: 'patten', same: false },
  ])('skeleton $a ~ $b', ({ a, b, same }) => {
    expect(nameSkeleton(a) === nameSkeleton(b)).toBe(same);
  });
});
