import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedIndex } from '../../index/store/format.ts';
import { createApp } from '../../server/app.ts';
import { swappableIndex, type IndexSource } from '../../server/index-source.ts';
import { hostileCorpusIndex } from '../fixtures/hostile/hostile-index.ts';
import { pageProblems, scanTags } from '../fixtures/hostile/inspect-html.ts';
import { appFor } from '../helpers/test-app.ts';

/**
 * A strict Content-Security-Policy and the usual security headers on every answer (pages, JSON, errors, assets),
 * and no inline script, style block, style attribute or event handler in any rendered page that would need the
 * policy loosened.
 */

let index: LoadedIndex;
let app: ReturnType<typeof createApp>;
let cleanup: () => Promise<void> = async () => {};

beforeAll(async () => {
  const built = await hostileCorpusIndex();
  index = built.index;
  cleanup = built.cleanup;
  app = appFor(index);
});
afterAll(() => cleanup());

function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), values);
  }
  return map;
}

function expectSecurityHeaders(headers: Record<string, string | string[] | undefined>): void {
  const policy = String(headers['content-security-policy'] ?? '');
  const csp = directives(policy);
  expect(csp.get('default-src')).toEqual(["'none'"]);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('style-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.get('form-action')).toEqual(["'self'"]);
  expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(String(headers['x-frame-options'])).toMatch(/^(DENY|SAMEORIGIN)$/i);
  expect(String(headers['referrer-policy'])).toMatch(/no-referrer|same-origin|strict-origin/);
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['cross-origin-resource-policy']).toBe('same-origin');
  // Served over plain HTTP with no https public URL: HSTS would be a claim the connection does not make.
  expect(headers['strict-transport-security']).toBeUndefined();
  expect(headers['x-powered-by']).toBeUndefined();
}

describe('HSTS', () => {
  it('is sent when readers reach the site at an https URL (DOSSIER_PUBLIC_URL), and not over plain HTTP otherwise', async () => {
    const behindTls = createApp({ index: swappableIndex(index), config: { adminToken: null, publicUrl: 'https://dossier.example' }, log: () => {} });
    const secure = await request(behindTls).get('/healthz').expect(200);
    expect(secure.headers['strict-transport-security']).toMatch(/^max-age=31536000; includeSubDomains$/);
    const plain = createApp({ index: swappableIndex(index), config: { adminToken: null, publicUrl: 'http://dossier.example' }, log: () => {} });
    expect((await request(plain).get('/healthz').expect(200)).headers['strict-transport-security']).toBeUndefined();
  });
});

describe('security headers', () => {
  const firstDoc = () => index.documents[0]?.id ?? '';
  const firstPerson = () => Object.keys(index.entities.persons)[0] ?? '';
  const rows: Array<{ name: string; url: () => string; status: number; headers?: Record<string, string> }> = [
    { name: 'home', url: () => '/', status: 200 },
    { name: 'search page', url: () => '/search?q=troops', status: 200 },
    { name: 'live results', url: () => '/search?q=troops', status: 200, headers: { 'X-Requested-With': 'fetch' } },
    { name: 'document page', url: () => `/doc/${firstDoc()}`, status: 200 },
    { name: 'entity page', url: () => `/person/${firstPerson()}`, status: 200 },
    { name: 'API search', url: () => '/api/search?q=troops', status: 200 },
    { name: 'API suggest', url: () => '/api/suggest?q=tro', status: 200 },
    { name: 'API facet values', url: () => '/api/facets/country', status: 200 },
    { name: 'API export', url: () => '/api/export?q=troops', status: 200 },
    { name: 'API document', url: () => `/api/doc/${firstDoc()}`, status: 200 },
    { name: 'health', url: () => '/healthz', status: 200 },
    { name: 'stylesheet', url: () => '/assets/site.css', status: 200 },
    { name: 'script', url: () => '/assets/site.js', status: 200 },
    { name: '404 page', url: () => '/no/such/page', status: 404 },
    { name: '404 document', url: () => '/doc/no-such-document', status: 404 },
    { name: '404 JSON', url: () => '/api/no-such-endpoint', status: 404 },
    { name: '400 page', url: () => '/search?size=101', status: 400 },
    { name: '400 JSON', url: () => '/api/search?page=abc', status: 400 },
  ];
  it.each(rows)('$name ($status)', async ({ url, status, headers }) => {
    const response = await request(app).get(url()).set({ Accept: 'text/html,application/json;q=0.9', ...headers });
    expect(response.status).toBe(status);
    expectSecurityHeaders(response.headers);
  });

  it.each([
    { name: 're-index without an indexer', method: 'post' as const, url: '/admin/reindex', status: 503 },
    { name: 'unknown method', method: 'delete' as const, url: '/api/search', status: 404 },
  ])('$name', async ({ method, url, status }) => {
    const response = await request(app)[method](url);
    expect(response.status).toBe(status);
    expectSecurityHeaders(response.headers);
  });

  it('500s carry the headers and reveal nothing', async () => {
    const broken: IndexSource = {
      current: () => {
        throw new Error(`index exploded at ${process.cwd()}/server/secret.ts`);
      },
    };
    const failing = createApp({ index: broken, config: { adminToken: null }, log: () => {} });
    for (const url of ['/api/search?q=x', '/search?q=x', '/', '/healthz']) {
      const response = await request(failing).get(url).set('Accept', 'text/html');
      expect(response.status).toBe(500);
      expectSecurityHeaders(response.headers);
      expect(response.text).not.toContain(process.cwd());
      expect(response.text).not.toMatch(/exploded|secret\.ts|\n\s+at /);
    }
  });
});

describe('no inline code in any rendered page', () => {
  it('the checker itself finds each kind of problem', () => {
    expect(pageProblems('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')).toEqual([]);
    expect(pageProblems('<a title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" href="/x">x</a>')).toEqual([]);
    expect(pageProblems('<script>alert(1)</script>')).toEqual([expect.stringMatching(/^inline or foreign script/)]);
    expect(pageProblems('<script src="/assets/site.js"></script>')).toEqual([]);
    expect(pageProblems('<p style="color:red">x</p>')).toHaveLength(1);
    expect(pageProblems('<style>p{}</style>')).toContainEqual(expect.stringMatching(/^style block/));
    expect(pageProblems('<a href="/x" onclick="f()">x</a>')).toHaveLength(1);
    expect(pageProblems('<a href="&#106;avascript:alert(1)">x</a>')).toHaveLength(1);
    expect(pageProblems('<a title="x"><img src=x onerror=alert(1)></a>').length).toBeGreaterThan(0);
    expect(scanTags('<title><b>not a tag</b></title><p>').map((tag) => tag.name)).toEqual(['title', 'title', 'p']);
  });

  it('holds for every page of the index: home, searches, each document, each entity, errors', async () => {
    const urls = [
      '/', '/search', '/search?q=troops', '/search?q=troops&sort=date&page=2&size=5', '/search?q=qqqzzzxxx',
      '/search?q=qqqzzzxxx&country=FR', '/search?q=trops', '/search?q=%22peace%20deal%22%20-russia',
      '/no/such/page', '/search?size=0', '/doc/no-such-document', '/person/no-such-person',
      ...index.documents.flatMap((document) => [`/doc/${encodeURIComponent(document.id)}`, `/doc/${encodeURIComponent(document.id)}?q=troops`]),
      ...Object.keys(index.entities.countries).map((code) => `/country/${code}`),
      ...Object.keys(index.entities.persons).map((id) => `/person/${encodeURIComponent(id)}`),
      ...Object.keys(index.entities.topics).map((id) => `/topic/${encodeURIComponent(id)}`),
    ];
    expect(urls.length).toBeGreaterThan(20);
    for (const url of urls) {
      for (const headers of [{}, { 'X-Requested-With': 'fetch' }] as Array<Record<string, string>>) {
        const response = await request(app).get(url).set({ Accept: 'text/html', ...headers });
        expect([200, 400, 404], url).toContain(response.status);
        expect(response.headers['content-type'], url).toMatch(/^text\/html; charset=utf-8/i);
        expect(pageProblems(response.text), url).toEqual([]);
      }
    }
  });

  it('the site script never writes inline styles or evaluates strings', async () => {
    const script = (await request(app).get('/assets/site.js').expect(200)).text;
    expect(script).not.toMatch(/setAttribute\(\s*['"]style|\.cssText|\beval\(|new Function\(|setTimeout\(\s*['"`]/);
  });
});
