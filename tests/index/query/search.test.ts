import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../../index/store/builder.ts';
import type { IndexContent, LoadedIndex } from '../../../index/store/format.ts';
import { search } from '../../../index/query/search.ts';
import { totalsOf } from '../../../index/query/totals.ts';
import type { Filters, SearchPage, SearchRequest } from '../../../index/types.ts';
import { fixtureContent } from '../../fixtures/search/content.ts';

const index = buildIndex(fixtureContent());
const NO_FILTERS: Filters = { country: [], person: [], topic: [], place: [], source: [], doc: [], from: null, to: null };

function run(q: string, options: Partial<Omit<SearchRequest, 'filters'>> & { filters?: Partial<Filters> } = {}, on: LoadedIndex = index): SearchPage {
  const request: SearchRequest = {
    q, sort: 'relevance', page: 1, size: 100, facetSize: 10, ...options, filters: { ...NO_FILTERS, ...options.filters },
  };
  const result = search(on, request);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const ids = (q: string, filters: Partial<Filters> = {}) => run(q, { filters }).hits.map((hit) => hit.id);

/** A throwaway index of one-paragraph documents: [docId, date, text]. */
function indexOf(rows: Array<[string, string | null, string]>): LoadedIndex {
  const content: IndexContent = {
    ...fixtureContent(),
    documents: rows.map(([id, date]) => ({ id, title: id, date, author: null, source: null, url: null, metadata: {} })),
    paragraphs: rows.map(([docId, , text]) => ({ docId, n: 1, section: null, text, countries: [], persons: [], topics: [], places: [] })),
  };
  return buildIndex(content);
}

describe('words', () => {
  it.each([
    { rule: 'stems: troop = troops', q: 'troop', includes: ['paris-summit#p-2', 'kyiv-visit#p-2', 'berlin-debate#p-2'] },
    { rule: 'stems: troops = troop', q: 'troops', includes: ['paris-summit#p-2', 'kyiv-visit#p-2', 'berlin-debate#p-2'] },
    { rule: 'stems: deploy = deployed', q: 'deploy', includes: ['paris-summit#p-2', 'kyiv-visit#p-2'] },
    { rule: 'accents: Elysée = Élysée = Elysee', q: 'Elysée', includes: ['paris-summit#p-1', 'paris-summit#p-4'] },
    { rule: 'case: ELYSEE', q: 'ELYSEE', includes: ['paris-summit#p-1', 'paris-summit#p-4'] },
    { rule: 'typos on request: Zelensky ≈ Zelenskyy', q: 'Zelensky', fuzzy: true, includes: ['kyiv-visit#p-1', 'kyiv-visit#p-2'] },
    { rule: 'typos on request: Zelenskyy ≈ Zelensky', q: 'Zelenskyy', fuzzy: true, includes: ['kyiv-visit#p-1', 'kyiv-visit#p-2'] },
    { rule: 'typos for a word with no exact match: one typo from five letters (substitution)', q: 'soldiars', includes: ['kyiv-visit#p-3', 'berlin-debate#p-1'] },
    { rule: 'typos for a word with no exact match: two from nine letters', q: 'peacekepinf', includes: ['berlin-debate#p-2'] },
    { rule: 'prefix on the last word with no exact match', q: 'macr', includes: ['paris-summit#p-1'] },
    { rule: 'prefix on the last word on request', q: 'Zelen', fuzzy: true, includes: ['kyiv-visit#p-1', 'kyiv-visit#p-2'] },
    { rule: 'all words must match', q: 'troops British', includes: ['kyiv-visit#p-2'] },
  ])('$rule', ({ q, includes, fuzzy }) => {
    const found = run(q, { fuzzy: fuzzy ?? false }).hits.map((hit) => hit.id);
    expect(found.slice(0, includes.length).sort()).toEqual([...includes].sort());
  });

  it('matches a word exactly (its stem and folded forms) when the text has it: no typo or prefix matches', () => {
    const exact = run('Zelensky');
    expect(exact.hits.map((hit) => hit.id)).toEqual(['kyiv-visit#p-2']);
    expect(exact.expanded).toEqual([]);
    // What typo matching would add is offered, not counted.
    const fuzzy = run('Zelensky', { fuzzy: true });
    expect(fuzzy.total).toBeGreaterThan(exact.total);
    expect(exact.wider).toEqual({ count: fuzzy.total - exact.total, words: ['zelenskyy'] });
    expect(fuzzy.wider).toBeNull();
  });

  it('says which words were expanded, and why', () => {
    expect(run('soldiars').expanded).toEqual([{ word: 'soldiars', to: ['soldiers'], why: 'auto' }]);
    expect(run('Zelensky', { fuzzy: true }).expanded).toEqual([{ word: 'Zelensky', to: ['zelenskyy'], why: 'requested' }]);
  });

  it.each([
    { rule: 'no typo below five letters', q: 'trop' },
    { rule: 'three typos are too many for nine letters', q: 'peacekxpxnx' },
    { rule: 'prefix only on the last word', q: 'macr hosted' },
  ])('$rule', ({ q }) => {
    const page = run(q);
    expect(page.hits.filter((hit) => !page.relaxed)).toEqual([]);
  });

  it('ranks exact matches above typo matches, however strong the typo match', () => {
    const typoIndex = indexOf([
      ['exact', '2020-01-01', `The ${'long '.repeat(5)}report about the harbour mentions a ${'word '.repeat(40)}kingdom once.`],
      ['typo', '2024-01-01', 'Kingdon kingdon kingdon.'],
    ]);
    expect(run('kingdom', { fuzzy: true }, typoIndex).hits.map((hit) => hit.docId)).toEqual(['exact', 'typo']);
  });

  it('ranks equal scores newest first', () => {
    const tieIndex = indexOf([['old', '2020-01-01', 'Same words here.'], ['new', '2024-01-01', 'Same words here.'], ['undated', null, 'Same words here.']]);
    expect(run('words', { collapse: false }, tieIndex).hits.map((hit) => hit.docId)).toEqual(['new', 'old', 'undated']);
  });

  it('matches a paragraph by its own text, not by its article\'s title', () => {
    expect(ids('Elysée').sort()).toEqual(['paris-summit#p-1', 'paris-summit#p-4']);
    // "guarantees" is in the title of kyiv-visit only: no paragraph of it has both words.
    const paragraphs = run('Zelenskyy guarantees');
    expect(paragraphs.relaxed).toBe(true);
    expect(paragraphs.hits.map((hit) => hit.id)).toContain('kyiv-visit#p-1');
  });

  it('matches an article by its title too, at article scope', () => {
    const articles = run('Zelenskyy guarantees', { scope: 'article' });
    expect(articles.relaxed).toBe(false);
    expect(articles.hits.map((hit) => hit.docId)).toEqual(['kyiv-visit']);
  });

  it('ranks a matching paragraph higher when its article\'s title has the word too', () => {
    // The throwaway index titles each article with its id; the texts are the same, so only the title differs.
    const titled = indexOf([['troops', '2020-01-01', 'The troops left the town at dawn.'], ['other', '2024-01-01', 'The troops left the town at dawn.']]);
    expect(run('troops', { collapse: false }, titled).hits.map((hit) => hit.docId)).toEqual(['troops', 'other']);
    expect(run('town', { collapse: false }, titled).hits.map((hit) => hit.docId)).toEqual(['other', 'troops']);
  });
});

describe('a misspelt word whose stem is another word\'s', () => {
  // goverment stems to gover, the stem of governess; connection and flows, absent here, stem as connected and flow do.
  const stems = indexOf([
    ['governess', '2024-01-01', 'The governess taught the children.'],
    ['government', '2020-01-01', 'The government fell.'],
    ['connected', '2020-01-01', 'The towns are connected.'],
    ['correction', '2024-01-01', 'A correction was printed.'],
    ['flow', '2020-01-01', 'The flow of refugees grew.'],
    ['flaws', '2024-01-01', 'The plan has flaws.'],
  ]);

  it.each([
    { rule: 'a misspelling ranks its one-typo word above the word its stem collides with', q: 'goverment', expected: ['government', 'governess'] },
    { rule: 'the word as typed is exact', q: 'governess', expected: ['governess'] },
    { rule: 'a word absent from the text matches its stem exactly, and nothing else', q: 'connection', expected: ['connected'] },
    { rule: 'with typos on request, its typo neighbours come after it', q: 'connection', fuzzy: true, expected: ['connected', 'correction'] },
    { rule: 'a word with its stem in the text matches exactly', q: 'flows', expected: ['flow'] },
    { rule: 'with typos on request, a word within typo reach keeps its stem match first', q: 'flows', fuzzy: true, expected: ['flow', 'flaws'] },
  ])('$rule: $q', ({ q, expected, fuzzy }) => {
    expect(run(q, { fuzzy: fuzzy ?? false }, stems).hits.map((hit) => hit.docId)).toEqual(expected);
  });
});

describe('phrases, exclusions, OR', () => {
  it.each([
    { rule: 'straight quotes', q: '"coalition of the willing"', expected: ['paris-summit#p-2'] },
    { rule: 'curly quotes', q: '“coalition of the willing”', expected: ['paris-summit#p-2'] },
    { rule: 'punctuation and case ignored', q: '"PRICES in the cafe rose as"', expected: ['hostile-page#p-2'] },
    { rule: 'words out of order do not match', q: '"willing coalition of"', expected: [] },
    { rule: 'stop words are checked too', q: '"coalition at the willing"', expected: [] },
    { rule: 'a quoted word is exact, not stemmed', q: '"troop"', expected: ['berlin-debate#p-2'] },
    { rule: 'only stop words, beside another word', q: 'economy "as the"', expected: ['hostile-page#p-2'] },
    { rule: 'whole words only', q: '"coalition of the will"', expected: [] },
    { rule: '-word excludes', q: 'troops -peacekeeping', expected: ['kyiv-visit#p-2', 'paris-summit#p-2'] },
    { rule: '-"phrase" excludes', q: 'troops -"coalition of the willing"', expected: ['berlin-debate#p-2', 'kyiv-visit#p-2'] },
    { rule: '-word alone browses the rest', q: '-troops -soldiers -budget', expected: ['kyiv-visit#p-1', 'paris-summit#p-1', 'paris-summit#p-3', 'paris-summit#p-4', 'hostile-page#p-2', 'undated-note#p-1'] },
    { rule: 'OR between words', q: 'Macron OR Scholz', expected: ['paris-summit#p-1', 'paris-summit#p-3'] },
    { rule: 'OR binds tighter than AND', q: 'peacekeepers Macron OR Scholz', expected: ['paris-summit#p-3'] },
    { rule: 'OR between groups', q: '(Merz soldiers) OR "coalition of the willing"', expected: ['berlin-debate#p-1', 'paris-summit#p-2'] },
    { rule: 'filters inside q', q: 'troops country:GB', expected: ['kyiv-visit#p-2', 'paris-summit#p-2'] },
  ])('$rule: $q', ({ q, expected }) => {
    const page = run(q);
    expect(page.relaxed).toBe(false);
    expect(page.hits.map((hit) => hit.id).sort()).toEqual([...expected].sort());
  });

  it('finds acronyms written with dots, and stays fast on text built to make a phrase backtrack', () => {
    const dotted = indexOf([
      ['acronym', '2024-01-01', 'The U.S. troops left; the US troops came back.'],
      ['dots', '2024-01-02', `${'a. '.repeat(3000)}z`],
    ]);
    expect(run('"us troops"', {}, dotted).hits.map((hit) => hit.docId)).toEqual(['acronym']);
    expect(run('"U.S. troops left"', {}, dotted).total).toBe(1);
    expect(run(`"${'a '.repeat(40)}y"`, {}, dotted).total).toBe(0);
  });

  it('relaxes to any word when no paragraph has them all, and says so', () => {
    const page = run('soldiers Warsaw');
    expect(page.relaxed).toBe(true);
    expect(page.hits.map((hit) => hit.id).sort()).toEqual(['berlin-debate#p-1', 'kyiv-visit#p-3', 'undated-note#p-1']);
    // A paragraph with more of the words ranks first.
    expect(run('soldiers Donetsk xyzzy').hits[0]?.id).toBe('kyiv-visit#p-3');
    expect(run('soldiers Donetsk').relaxed).toBe(false);
    expect(run('xyzzy').relaxed).toBe(false);
    expect(run('xyzzy').total).toBe(0);
  });

  it('ranks a relaxed query by BM25: one rare word outweighs two common ones', () => {
    const common = Array.from({ length: 10 }, (_, k): [string, string, string] => [`common-${k}`, '2024-01-01', 'Market prices moved.']);
    const rarity = indexOf([...common, ['both-common', '2020-01-01', 'Market prices.'], ['rare', '2020-01-01', 'A zebra escaped.']]);
    const page = run('market prices zebra', {}, rarity);
    expect(page.relaxed).toBe(true);
    expect(page.hits[0]?.docId).toBe('rare');
    expect(page.total).toBe(12);
  });

  it.each([
    { rule: 'four plain words: the paragraph with all of them first, however long, then those with some', q: 'harbour cranes lift containers', first: 'all', total: 3, relaxed: false },
    { rule: 'three words are all required', q: 'harbour cranes lift', first: 'all', total: 1, relaxed: false },
    { rule: 'a phrase keeps every word required', q: '"harbour cranes" lift containers ships', first: 'all', total: 1, relaxed: false },
    { rule: 'four words that never meet: relaxed, the rarest word first', q: 'harbour cranes zebra giraffe', first: 'zebra', total: 3, relaxed: true },
  ])('long queries take words as optional: $rule', ({ q, first, total, relaxed }) => {
    const long = indexOf([
      ['all', '2020-01-01', `Harbour cranes lift containers ${'onto ships and trucks, day and night, '.repeat(6)}`],
      ['some', '2021-01-01', 'Harbour cranes.'],
      ['rare', '2022-01-01', 'Containers containers containers.'],
      ['zebra', '2023-01-01', 'A zebra.'],
    ]);
    const page = run(q, {}, long);
    expect(page.hits[0]?.docId).toBe(first);
    expect(page.total).toBe(total);
    expect(page.relaxed).toBe(relaxed);
  });

  it('keeps exclusions when relaxing', () => {
    expect(run('soldiers Warsaw -Merz').hits.map((hit) => hit.id).sort()).toEqual(['kyiv-visit#p-3', 'undated-note#p-1']);
  });
});

describe('filters', () => {
  it.each([
    { filters: { country: ['DE'] }, expected: ['paris-summit#p-3', 'berlin-debate#p-1', 'berlin-debate#p-3'] },
    { filters: { country: ['DE', 'PL'] }, expected: ['paris-summit#p-3', 'berlin-debate#p-1', 'berlin-debate#p-3', 'undated-note#p-1'] },
    { filters: { country: ['DE'], topic: ['troop-deployment'] }, expected: ['paris-summit#p-3', 'berlin-debate#p-1'] },
    { filters: { person: ['volodymyr-zelenskyy'] }, expected: ['kyiv-visit#p-1', 'kyiv-visit#p-2'] },
    { filters: { person: ['keir-starmer', 'olaf-scholz'] }, expected: ['kyiv-visit#p-2', 'paris-summit#p-3'] },
    { filters: { topic: ['defence-spending'] }, expected: ['berlin-debate#p-3', 'hostile-page#p-1'] },
    { filters: { source: ['Le Monde'] }, expected: ['paris-summit#p-1', 'paris-summit#p-2', 'paris-summit#p-3', 'paris-summit#p-4', 'hostile-page#p-1', 'hostile-page#p-2'] },
    { filters: { source: ['Der Spiegel', 'Kyiv Independent'], topic: ['troop-deployment'] }, expected: ['kyiv-visit#p-2', 'berlin-debate#p-1', 'berlin-debate#p-2'] },
    { filters: { doc: ['hostile-page'] }, expected: ['hostile-page#p-1', 'hostile-page#p-2'] },
    { filters: { from: '2025-01-01' }, expected: ['kyiv-visit#p-1', 'kyiv-visit#p-2', 'kyiv-visit#p-3', 'paris-summit#p-1', 'paris-summit#p-2', 'paris-summit#p-3', 'paris-summit#p-4'] },
    { filters: { from: '2024-06-01', to: '2024-11-25' }, expected: ['berlin-debate#p-1', 'berlin-debate#p-2', 'berlin-debate#p-3', 'hostile-page#p-1', 'hostile-page#p-2'] },
    { filters: { to: '2024-06-01' }, expected: ['hostile-page#p-1', 'hostile-page#p-2'] },
    { filters: { country: ['IS'] }, expected: [] },
    // Names and short forms are resolved to the ids the index stores.
    { filters: { country: ['germany'] }, expected: ['paris-summit#p-3', 'berlin-debate#p-1', 'berlin-debate#p-3'] },
    { filters: { person: ['Volodymyr Zelenskyy'] }, expected: ['kyiv-visit#p-1', 'kyiv-visit#p-2'] },
    { filters: { source: ['le monde'], country: ['DE'] }, expected: ['paris-summit#p-3'] },
  ])('$filters', ({ filters, expected }) => {
    expect(ids('', filters).sort()).toEqual([...expected].sort());
  });

  it.each([
    { filters: { country: ['ZZ'] }, message: 'country: no country "ZZ" in this index' },
    { filters: { person: ['nobody-at-all'], country: ['DE'] }, message: 'person: no person "nobody-at-all" in this index' },
    { filters: { person: ['Zelensky'] }, message: 'did you mean Volodymyr Zelenskyy (volodymyr-zelenskyy)?' },
    { filters: { doc: ['no-such-article'] }, message: 'doc: no article "no-such-article"' },
  ])('refuses an unknown value with unknown_value and suggestions: $filters', ({ filters, message }) => {
    const result = search(index, { q: '', filters: { ...NO_FILTERS, ...filters }, sort: 'relevance', page: 1, size: 10, facetSize: 10 });
    expect(result.ok ? 'ok' : result.error.code).toBe('unknown_value');
    expect(result.ok ? '' : result.error.message).toContain(message);
  });

  it('combine with q', () => {
    expect(ids('troops', { country: ['FR'] })).toEqual(['paris-summit#p-2']);
  });
});

describe('order, paging and hits', () => {
  it('browses with an empty q: newest document first, then paragraph order, undated last', () => {
    const browse = ids('');
    expect(browse).toEqual([
      'kyiv-visit#p-1', 'kyiv-visit#p-2', 'kyiv-visit#p-3',
      'paris-summit#p-1', 'paris-summit#p-2', 'paris-summit#p-3', 'paris-summit#p-4',
      'berlin-debate#p-1', 'berlin-debate#p-2', 'berlin-debate#p-3',
      'hostile-page#p-1', 'hostile-page#p-2', 'undated-note#p-1',
    ]);
  });

  it('sorts by document date with sort=date', () => {
    const byRelevance = run('troop').hits.map((hit) => hit.date);
    const byDate = run('troop', { sort: 'date' }).hits.map((hit) => hit.date);
    expect(byDate).toEqual([...byRelevance].sort().reverse());
    expect(byDate).not.toEqual(byRelevance);
  });

  it.each(['relevance', 'date'] as const)('gives every page of size 1 the hit at that rank of the full order (%s)', (sort) => {
    const full = run('said OR met OR troops OR the', { sort }).hits.map((hit) => hit.id);
    expect(full.length).toBeGreaterThan(4);
    const paged = full.map((_, k) => run('said OR met OR troops OR the', { sort, page: k + 1, size: 1 }).hits[0]?.id);
    expect(paged).toEqual(full);
  });

  it('pages: total counts every hit, page and size pick a slice', () => {
    const all = ids('');
    const second = run('', { page: 2, size: 5 });
    expect(second.total).toBe(all.length);
    expect(second.hits.map((hit) => hit.id)).toEqual(all.slice(5, 10));
    expect(run('', { page: 4, size: 5 }).hits).toEqual([]);
  });

  it('gives each hit its permalink, document fields, resolved tags and a snippet', () => {
    const [hit] = run('Starmer').hits;
    expect(hit).toMatchObject({
      id: 'kyiv-visit#p-2', docId: 'kyiv-visit', n: 2, url: '/doc/kyiv-visit#p-2', title: 'Zelenskyy asks for guarantees',
      date: '2025-03-02', source: 'Kyiv Independent', section: null,
      countries: [{ code: 'UA', name: 'Ukraine' }, { code: 'GB', name: 'United Kingdom' }],
      persons: [
        { id: 'volodymyr-zelenskyy', name: 'Volodymyr Zelenskyy', leader: true, role: 'President of Ukraine' },
        { id: 'keir-starmer', name: 'Keir Starmer', leader: true, role: 'Prime Minister of the United Kingdom' },
      ],
      topics: [{ id: 'troop-deployment', label: 'Troop deployment' }],
    });
    expect(hit?.snippet).toContain('<mark>Starmer</mark>');
    expect(hit?.score).toBeGreaterThan(0);
  });

  it('marks stem, typo and prefix matches in snippets, and escapes the text', () => {
    expect(run('deploy').hits.map((hit) => hit.snippet).join(' ')).toContain('<mark>deployed</mark>');
    expect(run('Zelenskyy', { fuzzy: true }).hits.map((hit) => hit.snippet).join(' ')).toContain('<mark>Zelensky</mark> also');
    expect(run('Zelenskyy').hits.map((hit) => hit.snippet).join(' ')).not.toContain('<mark>Zelensky</mark> also');
    expect(run('macr').hits[0]?.snippet).toContain('<mark>Macron</mark>');
    const hostile = run('script').hits[0];
    expect(hostile?.snippet).toContain('&lt;<mark>script</mark>&gt;alert(&quot;pwned&quot;)');
    expect(hostile?.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(run('troops -British').hits[0]?.snippet).not.toContain('<mark>British');
  });

  it('answers bad_query for a query the parser refuses', () => {
    const result = search(index, { q: 'macron OR -scholz', filters: NO_FILTERS, sort: 'relevance', page: 1, size: 10, facetSize: 10 });
    expect(result.ok ? 'ok' : result.error.code).toBe('bad_query');
  });
});

describe('bounded work per request', () => {
  const attempt = (q: string, options: Partial<Omit<SearchRequest, 'filters'>> = {}, workBudgetMs?: number) =>
    search(index, { q, sort: 'relevance', page: 1, size: 100, facetSize: 10, ...options, filters: NO_FILTERS }, workBudgetMs === undefined ? {} : { workBudgetMs });
  const codeOf = (result: ReturnType<typeof attempt>) => (result.ok ? 'ok' : result.error.code);

  it.each([
    { q: '"a"', code: 'bad_query', says: 'only common words' },
    { q: '-"the" -"of"', code: 'bad_query', says: 'only common words' },
    { q: 'troops OR "the"', code: 'bad_query', says: 'only common words' },
    { q: Array.from({ length: 11 }, (_, k) => `"troops ${k}"`).join(' '), code: 'bad_query', says: 'at most 10 quoted phrases, got 11' },
    { q: 'troops "the"', code: 'ok', says: '' },
    { q: '"a" country:FR', code: 'ok', says: '' },
  ])('$q → $code', ({ q, code, says }) => {
    const result = attempt(q);
    expect(codeOf(result)).toBe(code);
    if (!result.ok) expect(result.error.message).toContain(says);
  });

  it.each([
    { q: 'troops "the"', has: true },
    { q: 'troops -"the"', has: false },
    { q: 'troops -"coalition of the willing"', has: false, phrase: 'coalition of the willing' },
  ])('checks "$q" on the paragraphs of its other words, exactly', ({ q, has, phrase = 'the' }) => {
    for (const scope of ['paragraph', 'article'] as const) {
      const troops = run('troops', { collapse: false, scope }).hits.map((hit) => hit.docId);
      expect(troops.length).toBeGreaterThan(0);
      const result = attempt(q, { collapse: false, scope });
      if (!result.ok) throw new Error(result.error.message);
      const pattern = new RegExp(`\\b${phrase.replaceAll(' ', '\\W+')}\\b`, 'i');
      const expected = scope === 'paragraph'
        ? run('troops', { collapse: false }).hits.filter((hit) => pattern.test(hit.text) === has).map((hit) => hit.id)
        : run('troops', { collapse: false, scope }).hits
          .filter((hit) => index.paragraphs.some((p) => p.docId === hit.docId && pattern.test(p.text)) === has).map((hit) => hit.id);
      expect(result.value.hits.map((hit) => hit.id).sort(), scope).toEqual(expected.sort());
    }
  });

  it('shares one deadline between the searches of one request: totals past it are null', () => {
    const past = performance.now() - 1;
    const requests = ['troops "the"', 'troops'].map((q): SearchRequest => ({ q, sort: 'relevance', page: 1, size: 10, facetSize: 10, filters: NO_FILTERS }));
    expect(totalsOf(index, requests, { deadline: past })).toEqual([null, null]);
    expect(totalsOf(index, requests).every((total) => typeof total === 'number')).toBe(true);
    const late = search(index, requests[0] as SearchRequest, { deadline: past });
    expect(late.ok ? 'ok' : late.error.code).toBe('too_much_work');
  });

  it('answers too_much_work, not a late answer, when the evaluation passes its deadline', () => {
    expect(codeOf(attempt('troops "the"', {}, -1))).toBe('too_much_work');
    expect(codeOf(attempt('troops', {}, -1))).toBe('ok');
  });
});
