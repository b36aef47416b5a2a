import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedIndex } from '../../index/store/format.ts';
import type { SearchPage } from '../../index/types.ts';
import { createApp } from '../../server/app.ts';
import { swappableIndex } from '../../server/index-source.ts';
import {
  CATALOG_IDS, HOSTILE_DOCS, PAYLOADS, UNESCAPED, hostileCatalogIndex, hostileCorpusIndex,
} from '../fixtures/hostile/hostile-index.ts';
import { pageProblems } from '../fixtures/hostile/inspect-html.ts';

/**
 * A hostile article (title, byline, source, metadata, text, section heading, id) and a hostile query are shown
 * escaped on every page and in every JSON snippet; a hand-made catalog adds hostile entity names, roles and ids.
 */

const appOf = (index: LoadedIndex) => createApp({ index: swappableIndex(index), config: { adminToken: null }, log: () => {} });
const enc = encodeURIComponent;

let corpusApp: ReturnType<typeof appOf>;
let cleanup: () => Promise<void> = async () => {};
const catalogApp = appOf(hostileCatalogIndex());

beforeAll(async () => {
  const built = await hostileCorpusIndex();
  cleanup = built.cleanup;
  corpusApp = appOf(built.index);
});
afterAll(() => cleanup());

async function html(app: ReturnType<typeof appOf>, url: string, headers: Record<string, string> = {}) {
  const response = await request(app).get(url).set({ Accept: 'text/html', ...headers });
  return { status: response.status, body: response.text, type: String(response.headers['content-type']) };
}

function expectClean(page: { status: number; body: string; type: string }): void {
  expect([200, 400, 404]).toContain(page.status);
  expect(page.type).toMatch(/^text\/html/);
  expect(pageProblems(page.body)).toEqual([]);
  for (const fragment of UNESCAPED) expect(page.body).not.toContain(fragment);
}

/** Snippets are escaped text plus `<mark>` and nothing else. */
function expectSafeSnippet(snippet: string): void {
  expect(snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>"]/);
}

describe('a hostile article built through the whole pipeline', () => {
  const hostileQueries = PAYLOADS.map((payload) => `/search?q=${enc(payload)}`);
  it.each([
    '/',
    '/search?q=alert',
    '/search?q=onerror',
    '/search?q=textarea',
    '/search?q=alert&sort=date',
    `/search?source=${enc('"><img src=x onerror=alert(1)> Gazette')}`,
    `/search?source=${enc('<script>alert(1)</script>')}&q=summit`,
    ...hostileQueries,
    `/doc/${HOSTILE_DOCS.article}`,
    `/doc/${HOSTILE_DOCS.article}?q=${enc('<script>alert(1)</script>')}`,
    `/doc/${HOSTILE_DOCS.brokenId}`,
    `/doc/${HOSTILE_DOCS.formula}`,
    `/doc/${enc('"><svg onload=alert(1)>')}`,
    '/country/FR',
    '/country/DE',
    '/person/emmanuel-macron',
    `/person/${enc('<script>alert(1)</script>')}`,
    `/topic/${enc('"><img src=x onerror=alert(1)>')}`,
    `/no-such-page/${enc('<script>alert(1)</script>')}`,
    `/search?q=x&sort=${enc('"><img src=x onerror=alert(1)>')}`,
    `/search?country=${enc('<script>')}`,
  ])('%s has no injected markup', async (url) => {
    expectClean(await html(corpusApp, url));
  });

  it('shows the hostile text escaped, not dropped, on the article page', async () => {
    const page = await html(corpusApp, `/doc/${HOSTILE_DOCS.article}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).toContain('&lt;/textarea&gt;');
    expect(page.body).toContain('&lt;%= 7*7 %&gt;');
    expect(page.body).toContain('{{7*7}}');
  });

  it('shows the hostile query escaped in the search box and the live results region', async () => {
    for (const headers of [{}, { 'X-Requested-With': 'fetch' }] as Array<Record<string, string>>) {
      const page = await html(corpusApp, `/search?q=${enc('"><img src=x onerror=alert(1)> summit')}`, headers);
      expect(page.status).toBe(200);
      expectClean(page);
    }
  });

  it('answers JSON snippets with escaped text and <mark> only', async () => {
    for (const q of ['alert', 'script', 'onerror img', 'textarea', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>']) {
      const response = await request(corpusApp).get(`/api/search?q=${enc(q)}&size=50`).expect(200);
      const page = response.body as SearchPage;
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      for (const hit of page.hits) expectSafeSnippet(hit.snippet);
      if (q === 'alert') {
        expect(page.hits.map((hit) => hit.docId)).toEqual(expect.arrayContaining([HOSTILE_DOCS.article, HOSTILE_DOCS.brokenId]));
        expect(page.hits.some((hit) => hit.snippet.includes('&lt;script&gt;'))).toBe(true);
      }
    }
  });

  it('keeps JSON answers JSON: facets, suggestions and documents carry the raw strings with a JSON type', async () => {
    for (const url of ['/api/facets/source?prefix=%22', '/api/suggest?q=scr', '/api/suggest?q=onerr', `/api/doc/${HOSTILE_DOCS.article}`]) {
      const response = await request(corpusApp).get(url).expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('exports a formula-looking cell as text (leading apostrophe), never as a formula', async () => {
    const response = await request(corpusApp).get('/api/export?format=csv&doc=formula').buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => done(null, text));
      })
      .expect(200);
    const cells = (response.body as string).split(/\r\n/).slice(1).filter((line) => line !== '')
      .flatMap((line) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((cell) => cell.replace(/^"|"$/g, '')));
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) expect(cell).not.toMatch(/^[=+@]/);
    expect(cells.some((cell) => cell.startsWith("'=HYPERLINK"))).toBe(true);
  });
});

describe('a hand-made index with hostile entity names, roles, labels and ids', () => {
  it.each([
    '/',
    '/search',
    '/search?q=summit',
    `/search?country=${CATALOG_IDS.country}`,
    `/search?person=${enc(CATALOG_IDS.hostilePerson)}`,
    `/search?topic=${enc(CATALOG_IDS.hostileTopic)}&q=envoy`,
    `/search?q=${enc(`person:"${CATALOG_IDS.hostilePerson}"`)}`,
    `/country/${CATALOG_IDS.country}`,
    `/person/${CATALOG_IDS.person}`,
    `/person/${enc(CATALOG_IDS.hostilePerson)}`,
    `/topic/${CATALOG_IDS.topic}`,
    `/topic/${enc(CATALOG_IDS.hostileTopic)}`,
    `/doc/${CATALOG_IDS.doc}`,
    `/doc/${CATALOG_IDS.doc}?q=envoy`,
  ])('%s has no injected markup', async (url) => {
    const page = await html(catalogApp, url);
    expect(page.status).toBe(200);
    expectClean(page);
  });

  it('an unknown typed value echoed in the 400 page is escaped', async () => {
    const page = await html(catalogApp, `/search?q=${enc('person:<svg onload=alert(1)>')}`);
    expect(page.status).toBe(400);
    expectClean(page);
    expect(page.body).toContain('no person &#34;&lt;svg&#34; in this index');
  });

  it.each([
    { url: `/country/${CATALOG_IDS.country}`, shown: '&lt;script&gt;alert(1)&lt;/script&gt;' },
    { url: `/person/${CATALOG_IDS.person}`, shown: '&lt;/textarea&gt;&lt;script&gt;' },
    { url: `/person/${enc(CATALOG_IDS.hostilePerson)}`, shown: 'Ann &lt;script&gt;alert(1)&lt;/script&gt; Lee' },
    { url: `/topic/${CATALOG_IDS.topic}`, shown: '&gt;&lt;img src=x onerror=alert(1)&gt;' },
  ])('$url shows the hostile name escaped', async ({ url, shown }) => {
    const page = await html(catalogApp, url);
    expect(page.body).toContain(shown);
  });

  it('answers suggestions and facets for hostile entities as JSON with the raw names', async () => {
    const suggestions = await request(catalogApp).get('/api/suggest?q=ann').expect(200);
    expect(suggestions.headers['content-type']).toMatch(/^application\/json/);
    const facets = await request(catalogApp).get('/api/facets/person').expect(200);
    expect(JSON.stringify(facets.body)).toContain('onerror');
    const page = (await request(catalogApp).get('/api/search?q=summit').expect(200)).body as SearchPage;
    expect(page.hits.length).toBeGreaterThan(0);
    for (const hit of page.hits) expectSafeSnippet(hit.snippet);
  });
});
