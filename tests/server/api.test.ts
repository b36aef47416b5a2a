import type { IncomingMessage } from 'node:http';
import type { Stream } from 'node:stream';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../index/store/builder.ts';
import { FORMAT_VERSION } from '../../index/store/format.ts';
import type { BuiltInFacet, SearchPage } from '../../index/types.ts';
import { createApp } from '../../server/app.ts';
import { swappableIndex, type IndexSource } from '../../server/index-source.ts';
import { fixtureContent } from '../fixtures/search/content.ts';

const index = buildIndex(fixtureContent());

function appWith(source: IndexSource = swappableIndex(index)) {
  return createApp({ index: source, config: { adminToken: null }, log: () => {} });
}
const app = appWith();

async function searchPage(query: string): Promise<SearchPage> {
  const response = await request(app).get(`/api/search?${query}`).expect(200);
  return response.body as SearchPage;
}

interface ExportedRow {
  id: string;
  docId: string;
  date: string | null;
  source: string | null;
  countries: Array<{ code: string }>;
  persons: Array<{ id: string }>;
  topics: Array<{ id: string }>;
  places: Array<{ id: string }>;
}

/** Supertest buffers only known text types; JSON Lines is read as plain text. */
function asText(res: Pick<IncomingMessage, 'setEncoding'> & Pick<Stream, 'on'>, done: (error: Error | null, body: string) => void): void {
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    text += chunk;
  });
  res.on('end', () => done(null, text));
}

async function exported(query: string): Promise<ExportedRow[]> {
  const response = await request(app).get(`/api/export?format=jsonl&${query}`).buffer(true).parse(asText).expect(200);
  expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
  return (response.body as string).split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as ExportedRow);
}

describe('GET /api/search', () => {
  it('answers the page: query, total, paging, relaxed, timing, hits and six facets', async () => {
    const body = await searchPage('q=troops&country=FR&country=GB&size=1');
    expect(body).toMatchObject({ total: 2, page: 1, size: 1, relaxed: false });
    expect(body.query).toMatchObject({ q: 'troops', filters: { country: ['FR', 'GB'] }, sort: 'relevance', facetSize: 10 });
    expect(typeof body.tookMs).toBe('number');
    expect(body.hits).toHaveLength(1);
    expect(Object.keys(body.facets).sort()).toEqual(['country', 'person', 'place', 'source', 'topic', 'year']);
    expect(body.facets.person.every((value) => typeof value.leader === 'boolean')).toBe(true);
    expect(Object.keys(body.hits[0] ?? {}).sort()).toEqual([
      'copies', 'countries', 'date', 'docId', 'id', 'more', 'n', 'persons', 'places', 'score', 'section', 'snippet', 'source', 'text',
      'title', 'topics', 'url',
    ]);
    expect(body).toMatchObject({ unit: 'paragraph', distinct: 2, folded: { copies: 0, inArticles: 0 }, dated: true });
  });

  it('shows a <script> in an article as text in the snippet', async () => {
    const body = await searchPage('q=alert');
    expect(body.hits[0]?.snippet).toBe(
      'Readers saw &lt;script&gt;<mark>alert</mark>(&quot;pwned&quot;)&lt;/script&gt; printed as text next to the word budget &amp; more.',
    );
  });

  it.each([
    { query: 'country=france', same: 'country=FR' },
    { query: 'country=UK', same: 'country=GB' },
    { query: 'country=great%20britain', same: 'country=GB' },
    { query: 'q=country:%22United%20Kingdom%22', same: 'country=GB' },
    { query: 'person=Emmanuel%20Macron', same: 'person=emmanuel-macron' },
    { query: 'person=Macron', same: 'person=emmanuel-macron' },
    { query: 'q=person:%22Emmanuel%20Macron%22', same: 'person=emmanuel-macron' },
    { query: 'source=le%20monde', same: 'source=Le%20Monde' },
  ])('takes a name for a code: $query finds what $same finds', async ({ query, same }) => {
    const named = await searchPage(query);
    expect(named.total).toBeGreaterThan(0);
    expect(named.total).toBe((await searchPage(same)).total);
  });

  it('takes a real country code the index has no paragraph about as matching nothing', async () => {
    expect((await searchPage('country=IS')).total).toBe(0);
  });

  it.each([
    { query: 'country=ZZ', message: 'country: no country "ZZ" in this index' },
    { query: 'person=nobody', message: 'person: no person "nobody" in this index' },
    { query: 'topic=nothing', message: 'topic: no topic "nothing" in this index' },
    { query: 'source=Nowhere', message: 'source: no source "Nowhere" in this index' },
    { query: 'doc=missing', message: 'doc: no article "missing" in this index' },
    { query: 'notcountry=Atlantis', message: 'notcountry: no country "Atlantis"' },
    { query: 'q=country:Atlantis', message: 'q: country:Atlantis: no country "Atlantis"' },
    { query: 'person=Emanuel%20Macron', message: 'did you mean Emmanuel Macron (emmanuel-macron)' },
  ])('refuses an unknown filter value with a 400 naming it: $query', async ({ query, message }) => {
    const response = await request(app).get(`/api/search?${query}`).expect(400);
    expect(response.body.error.code).toBe('unknown_value');
    expect(response.body.error.message).toContain(message);
  });

  it('takes the index once per request', async () => {
    let calls = 0;
    const counting = appWith({ current: () => { calls += 1; return index; } });
    for (const path of ['/api/search?q=troops', '/api/facets/country', '/api/export', '/api/suggest?q=tr', '/api/doc/kyiv-visit', '/healthz']) {
      calls = 0;
      await request(counting).get(path).expect(200);
      expect(calls, path).toBe(1);
    }
  });
});

describe('facet counts match brute force over /api/export', () => {
  const OWN: Record<BuiltInFacet, string[]> = { country: ['country'], person: ['person'], topic: ['topic'], place: ['place'], source: ['source'], year: ['from', 'to'] };
  const valuesOf = (row: ExportedRow, facet: BuiltInFacet): string[] => {
    if (facet === 'country') return row.countries.map((country) => country.code);
    if (facet === 'person') return row.persons.map((person) => person.id);
    if (facet === 'topic') return row.topics.map((topic) => topic.id);
    if (facet === 'place') return row.places.map((place) => place.id);
    if (facet === 'source') return row.source === null ? [] : [row.source];
    return row.date === null ? [] : [row.date.slice(0, 4)];
  };

  it.each([
    'country=FR',
    'q=troops&country=GB&topic=troop-deployment',
    'country=DE&country=UA&person=olaf-scholz&person=volodymyr-zelenskyy',
    'source=Le%20Monde&from=2025-01-01',
    'q=said%20OR%20met&from=2024-01-01&to=2025-02-28&topic=diplomacy&topic=war',
    'q=soldiers%20Warsaw&country=PL',
  ])('%s', async (query) => {
    const params = new URLSearchParams(query);
    const page = await searchPage(`${query}&facetSize=100`);
    expect(page.total).toBe((await exported(query)).length);
    for (const facet of Object.keys(OWN) as BuiltInFacet[]) {
      const without = new URLSearchParams(params);
      for (const name of OWN[facet]) without.delete(name);
      const counts = new Map<string, number>();
      for (const row of await exported(without.toString())) {
        for (const value of valuesOf(row, facet)) counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      const listed = new Map(page.facets[facet].filter((value) => value.count > 0).map((value) => [value.value, value.count]));
      expect(listed, facet).toEqual(counts);
    }
  });
});

describe('GET /api/export', () => {
  it('streams every matching paragraph as JSON Lines, in search order, without paging', async () => {
    const rows = await exported('q=troops&page=1&size=1');
    const page = await searchPage('q=troops&size=100');
    expect(rows.map((row) => row.id)).toEqual(page.hits.map((hit) => hit.id));
    expect(rows[0]).not.toHaveProperty('snippet');
  });

  it('writes CSV with a header, quoted cells and tags as ids', async () => {
    const response = await request(app).get('/api/export?format=csv&doc=paris-summit').set('Host', 'dossier.example').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/attachment/);
    const lines = response.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('\uFEFFid,docId,n,url,title,date,source,section,countries,countryCodes,persons,personIds,topics,topicIds,places,placeIds,score,text');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toBe('paris-summit#p-2,paris-summit,2,http://dossier.example/doc/paris-summit#p-2,Leaders meet at the Élysée,2025-02-17,'
      + 'Le Monde,,United Kingdom; France,GB;FR,,,Troop deployment,troop-deployment,,,0,'
      + 'Britain and France said they were ready to deploy troops as part of a “coalition of the willing” after a ceasefire.');
    const hostile = await request(app).get('/api/export?format=csv&q=alert').expect(200);
    expect(hostile.text).toContain('"Readers saw <script>alert(""pwned"")</script> printed as text next to the word budget & more."');
  });
});

describe('GET /api/facets/:facet', () => {
  it('lists the values matching a prefix, with counts under the current filters', async () => {
    const response = await request(app).get('/api/facets/person?prefix=mac').expect(200);
    expect(response.body).toEqual({
      facet: 'person', prefix: 'mac',
      values: [{ value: 'emmanuel-macron', label: 'Emmanuel Macron', count: 1, selected: false, leader: true }],
    });
    const germany = await request(app).get('/api/facets/country?prefix=ger&q=soldiers').expect(200);
    expect(germany.body.values).toEqual([{ value: 'DE', label: 'Germany', count: 1, selected: false }]);
    const none = await request(app).get('/api/facets/topic?prefix=zzz').expect(200);
    expect(none.body.values).toEqual([]);
  });
});

describe('GET /api/suggest', () => {
  it('completes the last word from the index and entity names, with counts', async () => {
    const response = await request(app).get('/api/suggest?q=british%20tro').expect(200);
    expect(response.body.suggestions).toEqual(expect.arrayContaining([
      { type: 'word', value: 'troops', label: 'troops', count: 2, query: 'british troops' },
      { type: 'topic', value: 'troop-deployment', label: 'Troop deployment', count: 5, query: 'british tro' },
    ]));
    const people = await request(app).get('/api/suggest?q=zel').expect(200);
    expect(people.body.suggestions[0]).toMatchObject({ type: 'person', value: 'volodymyr-zelenskyy', count: 2, leader: true });
    expect((await request(app).get('/api/suggest?q=').expect(200)).body.suggestions).toEqual([]);
  });
});

describe('GET /api/doc/:docId and /healthz', () => {
  it('answers a document with all its paragraphs and tags', async () => {
    const response = await request(app).get('/api/doc/paris-summit').expect(200);
    expect(response.body).toMatchObject({ id: 'paris-summit', title: 'Leaders meet at the Élysée', date: '2025-02-17', source: 'Le Monde' });
    expect(response.body.paragraphs.map((paragraph: { id: string }) => paragraph.id)).toEqual(
      ['paris-summit#p-1', 'paris-summit#p-2', 'paris-summit#p-3', 'paris-summit#p-4']);
    expect(response.body.paragraphs[2]).toMatchObject({
      n: 3, url: '/doc/paris-summit#p-3', section: 'Reactions',
      persons: [{ id: 'olaf-scholz', name: 'Olaf Scholz', leader: true, role: 'Chancellor of Germany' }],
    });
    expect(response.body.countries[0]).toEqual({ code: 'FR', name: 'France' });
  });

  it('answers 404 in JSON for an unknown document', async () => {
    const response = await request(app).get('/api/doc/no-such-doc').expect(404);
    expect(response.body.error.code).toBe('not_found');
  });

  it('reports health', async () => {
    const response = await request(app).get('/healthz').expect(200);
    expect(response.body).toEqual({
      status: 'ok', documents: 5, paragraphs: 13, builtAt: '2025-03-10T12:00:00.000Z', formatVersion: FORMAT_VERSION,
    });
  });
});

describe('bad input', () => {
  const many = (name: string, count: number) => Array.from({ length: count }, (_, k) => `${name}=v${k}`).join('&');
  it.each([
    { path: '/api/search?page=0', code: 'bad_parameter', names: 'page' },
    { path: '/api/search?page=abc', code: 'bad_parameter', names: 'page' },
    { path: '/api/search?page=1.5', code: 'bad_parameter', names: 'page' },
    { path: '/api/search?size=1000', code: 'bad_parameter', names: 'size' },
    { path: '/api/search?size=101', code: 'bad_parameter', names: 'size' },
    { path: '/api/search?scope=document', code: 'bad_parameter', names: 'scope' },
    { path: '/api/search?group=source', code: 'bad_parameter', names: 'group' },
    { path: '/api/search?collapse=maybe', code: 'bad_parameter', names: 'collapse' },
    { path: '/api/search?fuzzy=2', code: 'bad_parameter', names: 'fuzzy' },
    { path: '/api/search?personMatch=most', code: 'bad_parameter', names: 'personMatch' },
    { path: '/api/search?page=101&size=100', code: 'bad_parameter', names: 'page' },
    { path: '/api/search?facetSize=-1', code: 'bad_parameter', names: 'facetSize' },
    { path: '/api/search?sort=popularity', code: 'bad_parameter', names: 'sort' },
    { path: '/api/search?from=2025-13-01', code: 'bad_parameter', names: 'from' },
    { path: '/api/search?to=2025-02-30', code: 'bad_parameter', names: 'to' },
    { path: '/api/search?from=yesterday', code: 'bad_parameter', names: 'from' },
    { path: '/api/search?from=0099-02-29', code: 'bad_parameter', names: 'from' },
    { path: '/api/search?from=2025-03-01&to=2025-01-01', code: 'bad_parameter', names: 'from' },
    { path: '/api/search?country=FRA', code: 'unknown_value', names: 'country' },
    { path: '/api/search?country=F1', code: 'unknown_value', names: 'country' },
    { path: `/api/search?q=${'a'.repeat(1001)}`, code: 'bad_parameter', names: 'q' },
    { path: '/api/search?q=a&q=b', code: 'bad_parameter', names: 'q' },
    { path: '/api/search?q[x]=a', code: 'bad_parameter', names: 'q' },
    { path: `/api/search?${many('person', 21)}`, code: 'bad_parameter', names: 'person' },
    { path: '/api/search?q=macron%20OR%20-scholz', code: 'bad_query', names: 'q' },
    { path: '/api/search?q=country:Atlantis', code: 'unknown_value', names: 'q' },
    { path: '/api/facets/colour', code: 'unknown_facet', names: 'facet' },
    { path: '/api/facets/country?page=0', code: 'bad_parameter', names: 'page' },
    { path: '/api/export?format=xml', code: 'bad_parameter', names: 'format' },
    { path: '/api/export?country=FRA', code: 'unknown_value', names: 'country' },
    { path: '/api/suggest?size=500', code: 'bad_parameter', names: 'size' },
  ])('$path → 400 $code', async ({ path, code, names }) => {
    const response = await request(app).get(path).expect(400);
    expect(response.headers['content-type']).toMatch(/json/);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message.startsWith(`${names}:`)).toBe(true);
  });

  it('accepts the limits themselves', async () => {
    const countries = ['FR', 'GB', 'DE', 'PL', 'UA', 'US', 'IT', 'ES', 'NL', 'BE', 'AT', 'CH', 'SE', 'NO', 'DK', 'FI', 'IE', 'PT', 'GR', 'CZ'];
    await request(app).get(`/api/search?${countries.map((code) => `country=${code}`).join('&')}&page=100&size=100&q=${'a'.repeat(1000)}`).expect(200);
    await request(app).get('/api/search?size=0').expect(200);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const response = await request(app).get('/api/nothing-here').expect(404);
    expect(response.body.error.code).toBe('not_found');
  });

  it('never sends a stack trace', async () => {
    const broken = appWith({ current: () => { throw new Error('secret internals at /work/main/x.ts:1'); } });
    const response = await request(broken).get('/api/search?q=troops').expect(500);
    expect(response.body).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
    expect(response.text).not.toMatch(/secret|\.ts:|at /);
  });
});


describe('dates of the first centuries', () => {
  it.each(['0001-01-01', '0099-12-31', '0100-02-28'])('takes from=%s as a date', async (date) => {
    await request(app).get(`/api/search?from=${date}`).expect(200);
  });
});
