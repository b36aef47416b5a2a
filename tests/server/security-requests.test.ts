import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedIndex } from '../../index/store/format.ts';
import { MAX_QUERY_LENGTH } from '../../index/query/parse.ts';
import { createApp } from '../../server/app.ts';
import { ERROR_STATUS } from '../../server/errors.ts';
import { MAX_FILTER_VALUES, MAX_RESULT_WINDOW, MAX_SIZE } from '../../server/params.ts';
import { hostileCorpusIndex } from '../fixtures/hostile/hostile-index.ts';
import { appFor } from '../helpers/test-app.ts';

/**
 * Request bounds (query length, values per filter, deep paging, URL and body size), path traversal in document and
 * asset URLs, and error answers that never reveal a stack trace or a file path.
 */

let index: LoadedIndex;
let app: ReturnType<typeof createApp>;
let server: http.Server;
let port = 0;
let cleanup: () => Promise<void> = async () => {};

beforeAll(async () => {
  const built = await hostileCorpusIndex();
  index = built.index;
  cleanup = built.cleanup;
  app = appFor(index);
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await cleanup();
});

/** GET with the path sent byte for byte: no client-side normalisation of `..`, `\` or `%2e`. */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', headers: { Accept: 'text/html', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const FILE_CONTENT = /"dependencies"|"devDependencies"|root:x:0:0|"compilerOptions"/;
const STACK = /\n\s+at |\bat [\w$.<>]+ \(|\.(?:ts|js|mjs):\d+|node_modules/;

async function errorCode(url: string): Promise<{ status: number; code: string }> {
  const response = await request(app).get(url);
  const body = response.body as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.message).toBe('string');
  return { status: response.status, code: String(body.error?.code) };
}

describe('bounds', () => {
  const countries = (n: number) => ['FR', 'DE', 'GB', 'UA', 'PL', 'IT', 'ES', 'US', 'RU', 'CN', 'JP', 'IN', 'BR', 'CA', 'AU', 'NL', 'BE', 'SE', 'NO', 'FI', 'DK', 'AT']
    .slice(0, n).map((code) => `country=${code}`).join('&');

  it.each([
    { name: `q of ${MAX_QUERY_LENGTH} characters`, url: `/api/search?q=${'a'.repeat(MAX_QUERY_LENGTH)}`, status: 200 },
    { name: `q of ${MAX_QUERY_LENGTH + 1} characters`, url: `/api/search?q=${'a'.repeat(MAX_QUERY_LENGTH + 1)}`, status: 400 },
    { name: `${MAX_FILTER_VALUES} countries`, url: `/api/search?${countries(MAX_FILTER_VALUES)}`, status: 200 },
    { name: `${MAX_FILTER_VALUES + 1} countries`, url: `/api/search?${countries(MAX_FILTER_VALUES + 1)}`, status: 400 },
    { name: `${MAX_FILTER_VALUES + 1} sources`, url: `/api/search?${Array.from({ length: MAX_FILTER_VALUES + 1 }, (_v, i) => `source=s${i}`).join('&')}`, status: 400 },
    { name: 'a 200-character filter value', url: `/api/search?source=${'p'.repeat(200)}`, status: 400, code: 'unknown_value' },
    { name: 'a 201-character filter value', url: `/api/search?person=${'p'.repeat(201)}`, status: 400 },
    { name: 'page × size at the window', url: `/api/search?page=${MAX_RESULT_WINDOW / MAX_SIZE}&size=${MAX_SIZE}`, status: 200 },
    { name: 'page × size past the window', url: `/api/search?page=${MAX_RESULT_WINDOW / MAX_SIZE + 1}&size=${MAX_SIZE}`, status: 400 },
    { name: 'deep page at the default size', url: `/api/search?page=${MAX_RESULT_WINDOW}`, status: 400 },
    { name: 'deep page on the search page', url: `/search?page=${MAX_RESULT_WINDOW}`, status: 400 },
    { name: 'deep page on an entity page', url: `/country/FR?page=${MAX_RESULT_WINDOW}`, status: 400 },
    { name: `size ${MAX_SIZE + 1}`, url: `/api/search?size=${MAX_SIZE + 1}`, status: 400 },
    { name: 'facetSize 101', url: '/api/search?facetSize=101', status: 400 },
    { name: 'a 201-character suggestion prefix', url: `/api/suggest?q=${'s'.repeat(201)}`, status: 400 },
    { name: 'suggest size 51', url: '/api/suggest?q=tr&size=51', status: 400 },
    { name: 'a 201-character facet prefix', url: `/api/facets/country?prefix=${'f'.repeat(201)}`, status: 400 },
    { name: 'an export with q past the limit', url: `/api/export?q=${'a'.repeat(MAX_QUERY_LENGTH + 1)}`, status: 400 },
    { name: '10 quoted phrases', url: `/api/search?q=${encodeURIComponent(Array.from({ length: 10 }, (_v, i) => `"troops ${i}"`).join(' '))}`, status: 200 },
    { name: '11 quoted phrases', url: `/api/search?q=${encodeURIComponent(Array.from({ length: 11 }, (_v, i) => `"troops ${i}"`).join(' '))}`, status: 400, code: 'bad_query' },
    { name: '333 phrases of a stop word', url: `/api/search?q=${encodeURIComponent(Array(333).fill('"a"').join(' ').slice(0, MAX_QUERY_LENGTH))}`, status: 400, code: 'bad_query' },
    { name: 'a phrase of stop words alone', url: `/api/search?q=${encodeURIComponent('"the who"')}`, status: 400, code: 'bad_query' },
    { name: 'a phrase of stop words alone, exported', url: `/api/export?q=${encodeURIComponent('"the who"')}`, status: 400, code: 'bad_query' },
    { name: 'a phrase of stop words alone, faceted', url: `/api/facets/country?q=${encodeURIComponent('-"a"')}`, status: 400, code: 'bad_query' },
    { name: 'a phrase of stop words alone, on the page', url: `/search?q=${encodeURIComponent('"a"')}`, status: 400 },
    { name: '20 typed filters in q', url: `/api/search?q=${encodeURIComponent(Array.from({ length: 20 }, () => 'country:FR').join(' OR '))}`, status: 200 },
    { name: '21 typed filters in q', url: `/api/search?q=${encodeURIComponent(Array.from({ length: 21 }, () => 'country:FR').join(' OR '))}`, status: 400, code: 'bad_query' },
    { name: 'a phrase of stop words beside a word', url: `/api/search?q=${encodeURIComponent('troops "the"')}`, status: 200 },
  ])('$name → $status', async ({ url, status, code }: { url: string; status: number; code?: string }) => {
    const response = await request(app).get(url);
    expect(response.status).toBe(status);
    // A value within the length bound passes the parser, and is then looked up (unknown_value) rather than refused.
    if (status === 400 && url.startsWith('/api/')) expect((response.body as { error: { code: string } }).error.code).toBe(code ?? 'bad_parameter');
  });

  it('refuses an oversized request line or header before any handler runs', async () => {
    const longUrl = await rawGet(`/api/search?q=${'a'.repeat(20_000)}`);
    expect([414, 431]).toContain(longUrl.status);
    const longHeader = await rawGet('/api/search?q=troops', { Cookie: `c=${'x'.repeat(40_000)}` });
    expect([400, 431]).toContain(longHeader.status);
  });

  it('ignores request bodies: a large POST is answered without being buffered', async () => {
    const body = 'x'.repeat(2_000_000);
    const reindex = await request(app).post('/admin/reindex').set('Content-Type', 'application/json').send(body);
    expect(reindex.status).toBe(ERROR_STATUS.unavailable);
    const search = await request(app).post('/api/search').set('Content-Type', 'application/x-www-form-urlencoded').send(body);
    expect(search.status).toBe(404);
    await request(app).get('/api/search?q=troops').expect(200);
  });
});

describe('path traversal', () => {
  const TRAVERSALS = [
    '..%2F..%2Fpackage.json',
    '..%2f..%2f..%2f..%2fetc%2fpasswd',
    '%2e%2e%2fpackage.json',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '%252e%252e%252fpackage.json',
    '..%5C..%5Cpackage.json',
    '..\\..\\package.json',
    '%2Fetc%2Fpasswd',
    '%2Fwork%2Fmain%2Fpackage.json',
    'C:%5CWindows%5Cwin.ini',
    'x%00',
    '%00',
    'package.json%00.txt',
    '..',
    '.',
    '....%2F%2F....%2F%2Fetc%2Fpasswd',
  ];

  it.each(TRAVERSALS.flatMap((suffix) => ['/doc/', '/api/doc/', '/person/', '/country/'].map((prefix) => `${prefix}${suffix}`)))(
    '%s is a 404 that shows no file',
    async (path) => {
      const response = await rawGet(path);
      expect(response.status).toBe(404);
      expect(response.body).not.toMatch(FILE_CONTENT);
      expect(response.body).not.toMatch(STACK);
    },
  );

  it.each(['/doc/../package.json', '/api/doc/../../package.json', '/doc/..%2F../package.json'])(
    '%s (unencoded dots) serves no file',
    async (path) => {
      const response = await rawGet(path);
      expect(response.status).toBe(404);
      expect(response.body).not.toMatch(FILE_CONTENT);
    },
  );

  it.each(['/doc/%E0%A4%A', '/api/doc/%', '/doc/%zz', '/doc/..%c0%af..%c0%afetc%c0%afpasswd', '/api/doc/..%c0%afpackage.json'])('%s (broken percent-encoding or overlong UTF-8) is refused cleanly', async (path) => {
    const response = await rawGet(path);
    expect([400, 404]).toContain(response.status);
    expect(response.body).not.toMatch(STACK);
  });

  it.each([
    '/assets/..%2Fpackage.json', '/assets/%2e%2e%2fpackage.json', '/assets/../package.json', '/assets/..%5Cpackage.json',
    '/assets/%2e%2e/%2e%2e/etc/passwd', '/assets/site.css%00.js', '/assets/', '/assets/..', '/assets/%2Fetc%2Fpasswd',
    '/assets/.git/config', '/assets/../../views/home.ejs',
  ])('%s serves no file outside public/', async (path) => {
    const response = await rawGet(path);
    expect([400, 403, 404]).toContain(response.status);
    expect(response.body).not.toMatch(FILE_CONTENT);
    expect(response.body).not.toMatch(/<%[=-]/);
    expect(response.body).not.toMatch(STACK);
  });

  it('still serves a real document and a real asset', async () => {
    const id = index.documents[0]?.id ?? '';
    expect((await rawGet(`/doc/${encodeURIComponent(id)}`)).status).toBe(200);
    expect((await rawGet('/assets/site.css')).status).toBe(200);
  });
});

describe('errors reveal nothing', () => {
  it.each([
    { url: '/api/search?size=abc', code: 'bad_parameter' },
    { url: '/api/search?q=macron%20OR%20-scholz', code: 'bad_query' },
    { url: '/api/search?q=country:Atlantis', code: 'unknown_value' },
    { url: '/api/facets/nope', code: 'unknown_facet' },
    { url: '/api/doc/no-such-doc', code: 'not_found' },
    { url: '/api/nothing-here', code: 'not_found' },
  ])('$url → $code with a one-line message', async ({ url, code }) => {
    const answer = await errorCode(url);
    expect(answer.code).toBe(code);
    expect(answer.status).toBe(ERROR_STATUS[code as keyof typeof ERROR_STATUS]);
    const response = await request(app).get(url);
    expect(response.text).not.toMatch(STACK);
    expect(response.text).not.toContain(process.cwd());
  });

  it('an exception inside a handler is a generic 500: no message, stack or path, and it is logged', async () => {
    const logged: string[] = [];
    const failing = createApp({
      index: { current: () => ({ ...index, documentOrdinal: null } as unknown as LoadedIndex) },
      config: { adminToken: null },
      log: (line) => logged.push(line),
    });
    for (const url of ['/api/doc/x', `/doc/${encodeURIComponent(index.documents[0]?.id ?? 'x')}`]) {
      const response = await request(failing).get(url).set('Accept', 'text/html');
      expect(response.status).toBe(500);
      expect(response.text).not.toMatch(STACK);
      expect(response.text).not.toContain(process.cwd());
      expect(response.text).not.toMatch(/TypeError|Cannot read|null/);
    }
    expect(logged.length).toBeGreaterThan(0);
  });
});
