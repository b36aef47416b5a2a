import { existsSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFromCorpus } from '../../index/build/pipeline.ts';
import type { LoadedIndex } from '../../index/store/format.ts';
import { indexTerm, indexTerms, phraseForm } from '../../index/text.ts';
import type { SearchPage } from '../../index/types.ts';
import { exportedRows } from '../helpers/export-rows.ts';
import { REPO_ROOT, SHARED_CORPORA } from '../helpers/run-cli.ts';
import { appFor } from '../helpers/test-app.ts';

/**
 * The counts a researcher quotes, checked against a brute-force oracle: every paragraph of the built index scanned
 * one by one (its words stemmed, its tags read), with no inverted index, no facet columns and no folding. The
 * totals, `distinct`, facet counts and export rows of the HTTP API must equal the oracle's, for words, co-mentions,
 * unions, exclusions and article scope. Runs on the seeds and, when ../shared is there, on the BBC corpus, with
 * entities picked from the corpus itself (its most frequent people and countries), not named by hand.
 */

const BBC = path.join(SHARED_CORPORA, 'bbc-news', 'articles.jsonl');

interface Unit {
  id: string;
  docId: string;
  terms: Set<string>;
  /** With the section heading and the article's title. */
  anywhere: Set<string>;
  countries: string[];
  persons: string[];
  topics: string[];
  copyKey: string;
}

interface Corpus {
  app: ReturnType<typeof appFor>;
  paragraphs: Unit[];
  /** Article id → its paragraphs. */
  articles: Map<string, Unit[]>;
  /** Person ids of leaders: the person facet lists up to facetSize leaders and facetSize other people. */
  leaders: Set<string>;
}

async function corpus(source: string): Promise<Corpus> {
  const built = await buildFromCorpus(source);
  if (!built.ok) throw new Error(built.error.message);
  const index: LoadedIndex = built.value.index;
  const titles = new Map(index.documents.map((doc) => [doc.id, doc.title]));
  const paragraphs = index.paragraphs.map((paragraph): Unit => ({
    id: `${paragraph.docId}#p-${paragraph.n}`,
    docId: paragraph.docId,
    // A paragraph matches the words of its own text; its article matches them in any paragraph, title or section.
    terms: new Set(indexTerms(paragraph.text)),
    anywhere: new Set(indexTerms(`${paragraph.text} ${paragraph.section ?? ''} ${titles.get(paragraph.docId) ?? ''}`)),
    countries: paragraph.countries,
    persons: paragraph.persons,
    topics: paragraph.topics,
    copyKey: phraseForm(paragraph.text),
  }));
  const articles = new Map<string, Unit[]>();
  for (const unit of paragraphs) articles.set(unit.docId, [...(articles.get(unit.docId) ?? []), unit]);
  const leaders = new Set(Object.values(index.entities.persons).filter((person) => person.leader).map((person) => person.id));
  return { app: appFor(index), paragraphs, articles, leaders };
}

type Kind = 'countries' | 'persons' | 'topics';
type Test = (unit: Unit) => boolean;

const hasWord = (word: string): Test => {
  const term = indexTerm(word);
  return (unit) => term !== null && unit.terms.has(term);
};
const inArticle = (word: string): Test => {
  const term = indexTerm(word);
  return (unit) => term !== null && unit.anywhere.has(term);
};
const tagged = (kind: Kind, id: string): Test => (unit) => unit[kind].includes(id);
const all = (...tests: Test[]): Test => (unit) => tests.every((test) => test(unit));
const any = (...tests: Test[]): Test => (unit) => tests.some((test) => test(unit));
const not = (test: Test): Test => (unit) => !test(unit);

async function searchPage(app: Corpus['app'], query: string): Promise<SearchPage> {
  return (await request(app).get(`/api/search?${query}`).expect(200)).body as SearchPage;
}

async function exportedIds(app: Corpus['app'], query: string): Promise<string[]> {
  return (await exportedRows<{ id: string }>(app, `format=jsonl&${query}`)).map((row) => row.id).sort();
}

/** Checks a paragraph-level query: total, export rows, distinct texts, and one facet's counts over the same hits. */
async function expectParagraphs(data: Corpus, query: string, oracle: Test): Promise<number> {
  const expected = data.paragraphs.filter(oracle);
  const page = await searchPage(data.app, `${query}&size=0&facetSize=100`);
  expect(page.total, query).toBe(expected.length);
  expect(page.distinct, `${query}: distinct`).toBe(new Set(expected.map((unit) => unit.copyKey)).size);
  expect(page.folded.copies, `${query}: folded copies`).toBe(expected.length - page.distinct);
  expect(await exportedIds(data.app, query), `${query}: export`).toEqual(expected.map((unit) => unit.id).sort());
  return expected.length;
}

/** Each value's count over the oracle's hits, as a facet lists it (values with no hit left out). */
function tally(units: Unit[], kind: Kind): Map<string, number> {
  const counts = new Map<string, number>();
  for (const unit of units) for (const value of unit[kind]) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/**
 * A facet as listed (at most 100 values per group, the API's cap; people in two groups, leaders and others) against
 * the oracle's counts: every listed count exact, as many values as the cap allows, and no value left out that has
 * more paragraphs than a listed one of its group.
 */
function expectFacet(data: Corpus, page: SearchPage, facet: 'country' | 'person', expected: Map<string, number>): void {
  const groupOf = (value: string): boolean => facet === 'person' && data.leaders.has(value);
  for (const group of [false, true]) {
    const shown = page.facets[facet].filter((value) => value.count > 0 && groupOf(value.value) === group);
    const wanted = [...expected].filter(([value]) => groupOf(value) === group);
    for (const value of shown) expect(value.count, `${facet} ${value.value}`).toBe(expected.get(value.value));
    expect(shown, `${facet} values (leaders: ${group})`).toHaveLength(Math.min(100, wanted.length));
    const listedValues = new Set(shown.map((value) => value.value));
    const lowest = Math.min(...shown.map((value) => value.count));
    const missed = wanted.filter(([value, count]) => !listedValues.has(value) && count > lowest);
    expect(missed, `${facet}: values with more paragraphs than a listed one`).toEqual([]);
  }
}

/** The corpus's most frequent values of a kind, ranked by the oracle's own count. */
function mostFrequent(data: Corpus, kind: Kind, howMany: number): string[] {
  return [...tally(data.paragraphs, kind)].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, howMany).map(([id]) => id);
}

const CORPORA = [
  { name: 'seeds', source: path.join(REPO_ROOT, 'seeds'), words: ['troops', 'Macron', 'deploy', 'Europe'], present: true },
  { name: 'BBC', source: BBC, words: ['howard', 'blair', 'brown', 'election', 'kilroy'], present: existsSync(BBC) },
];

for (const { name, source, words, present } of CORPORA) {
  describe.skipIf(!present)(`exact counts on the ${name} corpus, against a brute-force scan`, () => {
    let data: Corpus;
    let persons: string[];
    let countries: string[];

    beforeAll(async () => {
      data = await corpus(source);
      persons = mostFrequent(data, 'persons', 2);
      countries = mostFrequent(data, 'countries', 2);
      expect(persons).toHaveLength(2);
      expect(countries).toHaveLength(2);
    }, 120_000);

    it.each(words)('"%s": total, distinct and export are the paragraphs with that word, exactly', async (word) => {
      expect(await expectParagraphs(data, `q=${encodeURIComponent(word)}`, hasWord(word))).toBeGreaterThan(0);
    });

    it('two words: the paragraphs with both (AND); OR: with either', async () => {
      const [a = '', b = ''] = words;
      await expectParagraphs(data, `q=${a}%20${b}`, all(hasWord(a), hasWord(b)));
      await expectParagraphs(data, `q=${a}%20OR%20${b}`, any(hasWord(a), hasWord(b)));
      await expectParagraphs(data, `q=${a}%20-${b}`, all(hasWord(a), not(hasWord(b))));
    });

    it('co-mention of the two most frequent people, as a filter, as typed filters and as a union', async () => {
      const [a = '', b = ''] = persons;
      const both = all(tagged('persons', a), tagged('persons', b));
      const together = await expectParagraphs(data, `person=${a}&person=${b}&personMatch=all`, both);
      await expectParagraphs(data, `q=${encodeURIComponent(`person:${a} person:${b}`)}`, both);
      const either = await expectParagraphs(data, `person=${a}&person=${b}`, any(tagged('persons', a), tagged('persons', b)));
      await expectParagraphs(data, `q=${encodeURIComponent(`person:${a} OR person:${b}`)}`, any(tagged('persons', a), tagged('persons', b)));
      expect(together).toBeLessThan(either);
    });

    it('facet counts with all-of people are what adding each person would give (conjunctive)', async () => {
      const [a = ''] = persons;
      const page = await searchPage(data.app, `person=${a}&personMatch=all&size=0&facetSize=100`);
      const expected = tally(data.paragraphs.filter(tagged('persons', a)), 'persons');
      expectFacet(data, page, 'person', expected);
    });

    it('facet counts with a union of people are disjunctive: each person counted without the person filter', async () => {
      const [a = '', b = ''] = persons;
      const word = words[0] ?? '';
      const page = await searchPage(data.app, `q=${word}&person=${a}&person=${b}&size=0&facetSize=100`);
      expectFacet(data, page, 'person', tally(data.paragraphs.filter(hasWord(word)), 'persons'));
      const hits = data.paragraphs.filter(all(hasWord(word), any(tagged('persons', a), tagged('persons', b))));
      expectFacet(data, page, 'country', tally(hits, 'countries'));
    });

    it('excludes a country by parameter and by -country: in the query, and counts the rest exactly', async () => {
      const [country = ''] = countries;
      const word = words[0] ?? '';
      await expectParagraphs(data, `notcountry=${country}`, not(tagged('countries', country)));
      await expectParagraphs(data, `q=${word}%20-country:${country}`, all(hasWord(word), not(tagged('countries', country))));
      const page = await searchPage(data.app, `q=${word}&notcountry=${country}&size=0&facetSize=100`);
      expectFacet(data, page, 'country', tally(data.paragraphs.filter(all(hasWord(word), not(tagged('countries', country)))), 'countries'));
    });

    it('article scope counts articles whose paragraphs together have every word and every person', async () => {
      const [a = '', b = ''] = persons;
      const [w1 = '', w2 = ''] = words;
      const cases: Array<[string, (units: Unit[]) => boolean]> = [
        [`q=${w1}%20${w2}`, (units) => units.some(inArticle(w1)) && units.some(inArticle(w2))],
        [`person=${a}&person=${b}&personMatch=all`, (units) => units.some(tagged('persons', a)) && units.some(tagged('persons', b))],
      ];
      for (const [query, oracle] of cases) {
        const expected = [...data.articles].filter(([, units]) => oracle(units)).map(([docId]) => docId).sort();
        const page = await searchPage(data.app, `${query}&scope=article&size=0`);
        expect(page.unit, query).toBe('article');
        expect(page.total, query).toBe(expected.length);
        const rows = await exportedRows<{ docId: string }>(data.app, `format=jsonl&${query}&scope=article`);
        expect(rows.map((row) => row.docId).sort(), query).toEqual(expected);
      }
    });

    it('grouping by article keeps the paragraph total and lists one hit per article', async () => {
      const word = words[0] ?? '';
      const hits = data.paragraphs.filter(hasWord(word));
      const page = await searchPage(data.app, `q=${word}&group=article&size=100`);
      expect(page.total).toBe(hits.length);
      const docIds = page.hits.map((hit) => hit.docId);
      expect(new Set(docIds).size).toBe(docIds.length);
      for (const hit of page.hits) {
        const inArticle = hits.filter((unit) => unit.docId === hit.docId).length;
        expect(1 + hit.more.count + hit.copies.count, hit.id).toBeGreaterThanOrEqual(inArticle);
      }
    });
  });
}
