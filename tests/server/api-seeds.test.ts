import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFromCorpus } from '../../index/build/pipeline.ts';
import type { LoadedIndex } from '../../index/store/format.ts';
import { indexTerm, phraseForm, words } from '../../index/text.ts';
import type { BuiltInFacet, Hit, SearchPage } from '../../index/types.ts';
import { createApp } from '../../server/app.ts';
import { appFor } from '../helpers/test-app.ts';
import { exportedRows } from '../helpers/export-rows.ts';

/** The JSON API over the seeds corpus as the real pipeline indexes it: properties, not hand-picked answers. */

let index: LoadedIndex;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  const built = await buildFromCorpus('seeds');
  if (!built.ok) throw new Error(built.error.message);
  index = built.value.index;
  app = appFor(index);
});

async function page(query: string): Promise<SearchPage> {
  return (await request(app).get(`/api/search?${query}`).expect(200)).body as SearchPage;
}

type Row = Omit<Hit, 'snippet'>;

async function exported(query: string): Promise<Row[]> {
  return exportedRows<Row>(app, `${query}`);
}

/** Levenshtein distance, the plain dynamic programme. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

const stems = (text: string) => new Set(words(text).map((word) => indexTerm(word)).filter((term) => term !== null));
const marked = (snippet: string) => [...snippet.matchAll(/<mark>(.*?)<\/mark>/g)].map((match) => match[1] ?? '');

describe('seeds: search rules hold on real articles', () => {
  it.each(['troops', 'deploy', 'missiles', 'summit', 'Europe'])('every hit of "%s" has the word (same stem, longer word, or a typo away) in its text, title or section', async (q) => {
    const body = await page(`q=${q}&size=100`);
    expect(body.total).toBeGreaterThan(0);
    const folded = q.toLowerCase();
    const budget = folded.length >= 9 ? 2 : folded.length >= 5 ? 1 : 0;
    const matches = (word: string) => {
      const lower = word.toLowerCase();
      return indexTerm(word) === indexTerm(q) || lower.startsWith(folded) || editDistance(lower, folded) <= budget;
    };
    for (const hit of body.hits) {
      expect(words(`${hit.text} ${hit.title} ${hit.section ?? ''}`).some(matches), hit.id).toBe(true);
    }
  });

  it.each(['coalition of the willing', 'ground troops', 'Prime Minister'])('every hit of the phrase "%s" contains it, and no other paragraph does', async (phrase) => {
    const rows = await exported(`q="${encodeURIComponent(phrase)}"`);
    expect(rows.length).toBeGreaterThan(0);
    const form = ` ${phraseForm(phrase)} `;
    const expected = index.paragraphs.filter((paragraph) => ` ${phraseForm(paragraph.text)} `.includes(form))
      .map((paragraph) => `${paragraph.docId}#p-${paragraph.n}`);
    expect(rows.map((row) => row.id).sort()).toEqual(expected.sort());
  });

  it('excludes: "troops -Macron" is the troops hits that "troops Macron" does not count, none of them naming Macron', async () => {
    const all = await exported('q=troops');
    const both = new Set((await exported('q=troops%20Macron')).map((row) => row.id));
    const without = await exported('q=troops%20-Macron');
    expect(without.map((row) => row.id).sort()).toEqual(all.filter((row) => !both.has(row.id)).map((row) => row.id).sort());
    expect(without.every((row) => !stems(`${row.text} ${row.title} ${row.section ?? ''}`).has('macron'))).toBe(true);
    expect(without.length).toBeLessThan(all.length);
    expect(both.size).toBeGreaterThan(0);
  });

  it('OR is the union of both words', async () => {
    const a = await exported('q=Starmer');
    const b = await exported('q=Merz');
    const either = await exported('q=Starmer%20OR%20Merz');
    expect(either.map((row) => row.id).sort()).toEqual([...new Set([...a, ...b].map((row) => row.id))].sort());
  });

  it('marks in snippets only words that match the query', async () => {
    const body = await page('q=troops%20deployed&size=100');
    const wanted = new Set([indexTerm('troops'), indexTerm('deployed')]);
    for (const hit of body.hits) {
      for (const word of marked(hit.snippet)) expect(wanted.has(indexTerm(word)), `${hit.id}: ${word}`).toBe(true);
    }
  });

  it('relaxes a query whose words never meet', async () => {
    const body = await page('q=troops%20zzxqv');
    expect(body.relaxed).toBe(true);
    expect(body.total).toBe((await page('q=troops')).total);
  });
});

describe('seeds: filters and disjunctive facets agree with /api/export', () => {
  const valuesOf = (row: Row, facet: BuiltInFacet): string[] => {
    if (facet === 'country') return row.countries.map((country) => country.code);
    if (facet === 'person') return row.persons.map((person) => person.id);
    if (facet === 'topic') return row.topics.map((topic) => topic.id);
    if (facet === 'place') return row.places.map((place) => place.id);
    if (facet === 'source') return row.source === null ? [] : [row.source];
    return row.date === null ? [] : [row.date.slice(0, 4)];
  };
  const OWN: Record<BuiltInFacet, string[]> = { country: ['country'], person: ['person'], topic: ['topic'], place: ['place'], source: ['source'], year: ['from', 'to'] };

  it.each(['country', 'person', 'topic', 'place'] as const)('picks the two most frequent %s values and checks every facet by brute force', async (facet) => {
    const top = (await page('facetSize=2')).facets[facet].sort((a, b) => b.count - a.count).slice(0, 2).map((value) => value.value);
    expect(top).toHaveLength(2);
    const query = new URLSearchParams([['q', 'Ukraine'], ...top.map((value): [string, string] => [facet, value])]);
    const rows = await exported(query.toString());
    expect(rows.every((row) => valuesOf(row, facet).some((value) => top.includes(value)))).toBe(true);
    const body = await page(`${query.toString()}&facetSize=100`);
    expect(body.total).toBe(rows.length);
    for (const other of Object.keys(OWN) as BuiltInFacet[]) {
      const without = new URLSearchParams(query);
      for (const name of OWN[other]) without.delete(name);
      const counts = new Map<string, number>();
      for (const row of await exported(without.toString())) {
        for (const value of valuesOf(row, other)) counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      const listed = new Map(body.facets[other].filter((value) => value.count > 0).map((value) => [value.value, value.count]));
      expect(listed, other).toEqual(counts);
    }
  });

  it('lists leaders and other people in one person facet', async () => {
    const persons = (await page('facetSize=5')).facets.person;
    expect(persons.some((value) => value.leader === true)).toBe(true);
    expect(persons.some((value) => value.leader === false)).toBe(true);
    expect(persons.filter((value) => value.leader === true).length).toBeLessThanOrEqual(5);
  });

  it('keeps dated documents in a date range, newest first when browsing', async () => {
    const rows = await exported('from=2025-01-01&to=2025-12-31');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.date !== null && row.date.startsWith('2025'))).toBe(true);
    const browse = await exported('');
    const dates = browse.map((row) => row.date ?? '');
    const firstUndated = dates.indexOf('');
    const dated = firstUndated < 0 ? dates : dates.slice(0, firstUndated);
    expect(dated).toEqual([...dated].sort().reverse());
    expect(dates.slice(dated.length).every((date) => date === '')).toBe(true);
  });
});

describe('seeds: documents, suggestions, health', () => {
  it('serves every document with all its paragraphs, numbered from 1', async () => {
    for (const document of index.documents) {
      const body = (await request(app).get(`/api/doc/${encodeURIComponent(document.id)}`).expect(200)).body as { paragraphs: Array<{ n: number; url: string }> };
      expect(body.paragraphs.map((paragraph) => paragraph.n)).toEqual(body.paragraphs.map((_, k) => k + 1));
      expect(body.paragraphs[0]?.url).toBe(`/doc/${encodeURIComponent(document.id)}#p-1`);
    }
  });

  it('suggests words and entities that start with what was typed', async () => {
    const body = (await request(app).get('/api/suggest?q=ma').expect(200)).body as { suggestions: Array<{ type: string; label: string; count: number }> };
    expect(body.suggestions.length).toBeGreaterThan(0);
    for (const suggestion of body.suggestions) {
      expect(phraseForm(suggestion.label).split(' ').some((word) => word.startsWith('ma')), suggestion.label).toBe(true);
      expect(suggestion.count).toBeGreaterThan(0);
    }
    expect(body.suggestions.some((suggestion) => suggestion.type === 'person')).toBe(true);
  });

  it('reports the index it serves', async () => {
    const body = (await request(app).get('/healthz').expect(200)).body;
    expect(body).toMatchObject({ status: 'ok', documents: index.documents.length, paragraphs: index.paragraphs.length });
  });
});

describe('seeds: evidence for every tag', () => {
  interface DocBody {
    paragraphs: Array<{
      n: number; text: string;
      countries: Array<{ code: string }>; persons: Array<{ id: string }>; topics: Array<{ id: string }>; places: Array<{ id: string }>;
      evidence: Array<{ facet: string; value: string; start: number; end: number; text: string; rule: string }>;
    }>;
  }

  it('gives each paragraph of /api/doc evidence whose text is the paragraph\'s own words, for every tag it has', async () => {
    let entries = 0;
    for (const document of index.documents) {
      const body = (await request(app).get(`/api/doc/${encodeURIComponent(document.id)}`).expect(200)).body as DocBody;
      for (const paragraph of body.paragraphs) {
        const tags = [
          ...paragraph.countries.map((c) => `country:${c.code}`),
          ...paragraph.persons.map((p) => `person:${p.id}`),
          ...paragraph.topics.map((t) => `topic:${t.id}`),
          ...paragraph.places.map((p) => `place:${p.id}`),
        ];
        for (const entry of paragraph.evidence) {
          expect(entry.text).toBe(paragraph.text.slice(entry.start, entry.end));
          expect(entry.text.trim()).not.toBe('');
          expect(entry.rule).not.toBe('');
          expect(tags).toContain(`${entry.facet}:${entry.value}`);
        }
        for (const tag of tags) expect(paragraph.evidence.some((entry) => `${entry.facet}:${entry.value}` === tag), `${tag} on ¶${paragraph.n}`).toBe(true);
        entries += paragraph.evidence.length;
      }
    }
    expect(entries).toBeGreaterThan(100);
  });

  it('underlines the evidence of the selected tag on the article page, and only there', async () => {
    const document = index.documents.find((doc) => index.paragraphs.some((p) => p.docId === doc.id && p.persons.length > 0));
    const paragraph = index.paragraphs.find((p) => p.docId === document?.id && p.persons.length > 0);
    const person = paragraph?.persons[0] ?? '';
    const page = await request(app).get(`/doc/${encodeURIComponent(document?.id ?? '')}?evidence=person:${person}`).expect(200);
    const expected = (paragraph?.evidence ?? []).filter((entry) => entry.facet === 'person' && entry.value === person)
      .map((entry) => paragraph?.text.slice(entry.start, entry.end));
    const underlined = [...page.text.matchAll(new RegExp(`<p id="p-${paragraph?.n}"[^]*?</p>`, 'g'))]
      .flatMap((match) => [...match[0].matchAll(/<span class="evidence-span">(.*?)<\/span>/g)].map((span) => span[1]));
    expect(underlined.length).toBeGreaterThan(0);
    expect(underlined).toEqual(expected.map((text) => (text ?? '').replaceAll('&', '&amp;').replaceAll("'", '&#39;')));
    expect(page.text).toMatch(/Underlining the evidence for Person: [^<]+ in \d+ paragraph/);
    const plain = await request(app).get(`/doc/${encodeURIComponent(document?.id ?? '')}`).expect(200);
    expect(plain.text).not.toContain('class="evidence-span"');
    expect(plain.text).toContain('class="tag-evidence"');
  });

  it.each(['nonsense', 'planet:mars', 'person:', `person:${'x'.repeat(300)}`])('answers a malformed evidence parameter (%s) with a 400 naming it', async (value) => {
    const document = index.documents[0];
    const response = await request(app).get(`/doc/${encodeURIComponent(document?.id ?? '')}?evidence=${encodeURIComponent(value)}`).expect(400);
    expect(response.text).toContain('evidence');
    expect(response.text).not.toMatch(/at .*\.ts:\d+/);
  });
});
