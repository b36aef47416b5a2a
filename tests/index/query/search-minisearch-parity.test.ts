import MiniSearch from 'minisearch';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFromCorpus } from '../../../index/build/pipeline.ts';
import { buildIndex } from '../../../index/store/builder.ts';
import { FIELD_BOOST, SEARCH_FIELDS, type LoadedIndex } from '../../../index/store/format.ts';
import { DEFAULT_SCORING, matchParagraphs, type Scoring } from '../../../index/query/search.ts';
import { indexTerm, words } from '../../../index/text.ts';
import type { Filters } from '../../../index/types.ts';
import { fixtureContent } from '../../fixtures/search/content.ts';

/**
 * MiniSearch is the reference for scoring: Dossier keeps its own postings (typed arrays, for load speed) but scores
 * them with MiniSearch's BM25+. Here a real MiniSearch indexes the same paragraphs, fields and boosts, with text.ts's
 * words and index terms, and for queries without typos or prefixes (MiniSearch's defaults; Dossier's weights for
 * them set to 0) each paragraph's score must be the same.
 *
 * Three differences are on purpose, and bridged here rather than hidden:
 *   - MiniSearch takes a field's length as its number of distinct tokens, Dossier as its number of words (repeats
 *     and stop words included, as BM25 defines document length). MiniSearch's tokenizer below makes every
 *     occurrence distinct (position-tagged), so that its length is the word count too.
 *   - MiniSearch multiplies a result's BM25 sum by the number of query terms it matched (a coordination factor);
 *     Dossier does not, since BM25's sum over terms already rewards matching more of them, weighted by rarity
 *     (the factor cost 0.04 of Cranfield MAP). The comparison searches MiniSearch one word at a time, so there is
 *     no factor to divide out.
 *   - MiniSearch matches a word in any field; Dossier matches a paragraph by its own text, and the title and
 *     section only rank the paragraphs that match (a paragraph count never includes paragraphs that merely sit in
 *     an article whose title has the word). The comparison asks MiniSearch which paragraphs' text has each word.
 */

interface ParityDocument {
  id: number;
  text: string;
  title: string;
  section: string;
}

const NO_FILTERS: Filters = { country: [], person: [], topic: [], place: [], source: [], doc: [], from: null, to: null };
/** Dossier's defaults with typo and prefix matches worth nothing: MiniSearch's default search has neither. */
const EXACT_ONLY: Scoring = { ...DEFAULT_SCORING, typoWeight: 0, prefixWeight: 0 };
const TAG = '\u0001';

function miniSearchOf(index: LoadedIndex): MiniSearch<ParityDocument> {
  const mini = new MiniSearch<ParityDocument>({
    fields: [...SEARCH_FIELDS],
    // An empty field still counts as length 0 in the average, as Dossier's term index counts it.
    extractField: (document, field) => String(document[field as keyof ParityDocument] ?? ''),
    tokenize: (text) => words(text).map((word, position) => `${position}${TAG}${word}`),
    processTerm: (token) => indexTerm(token.slice(token.indexOf(TAG) + 1)),
    searchOptions: {
      tokenize: (text) => words(text),
      processTerm: (word) => indexTerm(word),
      boost: { ...FIELD_BOOST },
      bm25: { k: DEFAULT_SCORING.k, b: DEFAULT_SCORING.b, d: DEFAULT_SCORING.d },
    },
  });
  mini.addAll(index.paragraphs.map((paragraph, id) => ({
    id,
    text: paragraph.text,
    title: index.documents[index.paragraphDocument[id] ?? -1]?.title ?? '',
    section: paragraph.section ?? '',
  })));
  return mini;
}

/** Dossier's score of every paragraph that `q` reaches with a positive score. */
function dossierScores(index: LoadedIndex, q: string): Map<number, number> {
  const result = matchParagraphs(index, { q, filters: NO_FILTERS, sort: 'relevance', page: 1, size: 10, facetSize: 10 }, { scoring: EXACT_ONLY });
  if (!result.ok) throw new Error(result.error.message);
  const scores = new Map<number, number>();
  for (const paragraph of result.value.ordered()) {
    const score = result.value.scoreOf(paragraph);
    if (score > 0) scores.set(paragraph, score);
  }
  return scores;
}

/**
 * What Dossier's score should be, from MiniSearch word by word: a word matches the paragraphs whose text has it
 * (MiniSearch searching the text field alone) and adds its score in every field to them (MiniSearch searching all
 * fields, one query term, so no coordination factor); title and section rank but do not match. AND keeps the
 * paragraphs every word matches, OR those any word matches.
 */
function expectedScores(mini: MiniSearch<ParityDocument>, typed: string, combineWith: 'OR' | 'AND'): Map<number, number> {
  const perWord = words(typed).filter((word) => indexTerm(word) !== null).map((word) => {
    const matched = new Set(mini.search(word, { fields: ['text'] }).map((result) => Number(result.id)));
    return new Map(mini.search(word).filter((result) => matched.has(Number(result.id))).map((result) => [Number(result.id), result.score]));
  });
  const scores = new Map<number, number>();
  for (const word of perWord) {
    for (const [paragraph, score] of word) {
      if (combineWith === 'AND' && !perWord.every((other) => other.has(paragraph))) continue;
      scores.set(paragraph, (scores.get(paragraph) ?? 0) + score);
    }
  }
  return scores;
}

const corpora: Array<{ name: string; load: () => Promise<LoadedIndex>; queries: Array<{ q: string; words: string; combineWith: 'OR' | 'AND' }> }> = [
  {
    name: 'seeds (the real pipeline)',
    load: async () => {
      const built = await buildFromCorpus('seeds');
      if (!built.ok) throw new Error(built.error.message);
      return built.value.index;
    },
    queries: [
      { q: 'troops', words: 'troops', combineWith: 'OR' },
      { q: 'Ukraine', words: 'Ukraine', combineWith: 'OR' },
      { q: 'ceasefire', words: 'ceasefire', combineWith: 'OR' },
      { q: 'deployed', words: 'deployed', combineWith: 'OR' },
      { q: 'troops OR Ukraine', words: 'troops Ukraine', combineWith: 'OR' },
      { q: 'Macron OR Starmer OR Merz', words: 'Macron Starmer Merz', combineWith: 'OR' },
      { q: 'European OR security OR guarantees OR the', words: 'European security guarantees the', combineWith: 'OR' },
      { q: 'troops Ukraine', words: 'troops Ukraine', combineWith: 'AND' },
      { q: 'coalition willing', words: 'coalition willing', combineWith: 'AND' },
    ],
  },
  {
    name: 'search fixture (titles and sections)',
    load: async () => buildIndex(fixtureContent()),
    queries: [
      { q: 'Élysée', words: 'Élysée', combineWith: 'OR' },
      { q: 'meeting OR reactions', words: 'meeting reactions', combineWith: 'OR' },
      { q: 'peacekeeping OR guarantees', words: 'peacekeeping guarantees', combineWith: 'OR' },
      { q: 'troops OR soldiers OR front', words: 'troops soldiers front', combineWith: 'OR' },
      { q: 'Germany soldiers', words: 'Germany soldiers', combineWith: 'AND' },
    ],
  },
];

describe.each(corpora)('BM25 scores equal MiniSearch\'s: $name', ({ load, queries }) => {
  let index: LoadedIndex;
  let mini: MiniSearch<ParityDocument>;

  beforeAll(async () => {
    index = await load();
    mini = miniSearchOf(index);
  });

  it.each(queries)('$q', ({ q, words: typed, combineWith }) => {
    const expected = expectedScores(mini, typed, combineWith);
    expect(expected.size).toBeGreaterThan(0);
    const actual = dossierScores(index, q);
    expect([...actual.keys()].sort((a, b) => a - b)).toEqual([...expected.keys()].sort((a, b) => a - b));
    for (const [paragraph, bm25] of expected) {
      const score = actual.get(paragraph) ?? Number.NaN;
      expect(Math.abs(score - bm25) / bm25, `paragraph ${paragraph}`).toBeLessThan(1e-9);
    }
  });
});
