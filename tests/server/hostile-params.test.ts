import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedIndex } from '../../index/store/format.ts';
import { MAX_QUERY_LENGTH, parseQuery } from '../../index/query/parse.ts';
import { search } from '../../index/query/search.ts';
import { createApp } from '../../server/app.ts';
import { ERROR_STATUS } from '../../server/errors.ts';
import {
  MAX_FILTER_VALUES, MAX_RESULT_WINDOW, parseExportParams, parseFacetSearchParams, parseSearchParams, parseSuggestParams,
} from '../../server/params.ts';
import { hostileCorpusIndex } from '../fixtures/hostile/hostile-index.ts';
import { appFor } from '../helpers/test-app.ts';

/**
 * Hostile input to the query parser, the parameter parsers and the HTTP endpoints: any string, any unicode, any
 * parameter shape (arrays, nested objects, prototype keys, broken percent-encoding), and 1,000-character adversarial
 * queries. Always a result or a 400, never an exception or a 500; error bodies never show stack frames or paths.
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

const KNOWN_CODES = new Set(Object.keys(ERROR_STATUS));

/** Stack frames, source locations or absolute paths of this machine in a response body. */
const LEAK = /\n\s+at |\bat [\w$.<>]+ \(|\.(?:ts|js|mjs):\d+|\/work\/|\/tmp\/|node_modules|\/home\/|\/root\//;

// ---------- generators ----------

/** Any UTF-16 string, lone surrogates included. */
const anyString = (maxLength: number) => fc.string({ unit: 'binary', maxLength });

/** Query syntax pieces, so that generated queries exercise the grammar rather than only plain words. */
const queryPiece = fc.constantFrom(
  '(', ')', '"', '\u201C', '\u201D', '\u00AB', '-', '-"', '-(', 'OR', 'OR ', ' ', '  ', ':', 'country:', 'country:FR',
  'country:"', 'person:', 'person:emmanuel-macron', 'topic:', 'source:"Le Monde"', 'doc:', 'doc:x', 'troops', 'macron',
  'trops', 'é', '\u0301', '\u0000', '\n', '😀', '<script>', '*', '~', '\\', '%', 'a',
);
const grammarQuery = fc.array(queryPiece, { maxLength: 80 }).map((pieces) => pieces.join(''));

const PARAM_NAMES = ['q', 'country', 'person', 'topic', 'source', 'doc', 'from', 'to', 'sort', 'page', 'size', 'facetSize', 'format', 'prefix', 'other'];

/** What Express's extended query parser can hand a route: strings, arrays of strings, nested objects. */
const paramValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    anyString(40),
    fc.constantFrom('', ' ', '0', '-1', '1e3', '99999999999', '1.5', '0x10', '2025-02-30', '2025-13-01', 'FR', 'fr', 'relevance', 'date', 'csv'),
    fc.array(anyString(20), { maxLength: 30 }),
    fc.dictionary(fc.constantFrom('a', 'b', '0', '__proto__', 'constructor', 'length', 'toString'), tie('value'), { maxKeys: 3 }),
  ),
})).value;

const paramObject = fc.dictionary(fc.constantFrom(...PARAM_NAMES), paramValue, { maxKeys: 8 });

/** Percent-encodes a string's UTF-8 bytes (lone surrogates become U+FFFD, as a browser would send them). */
function encodeBytes(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
}

/** A raw query string as a client could send it: names with bracket syntax, encoded or broken values. */
const rawQueryString = fc.array(
  fc.tuple(
    fc.constantFrom(...PARAM_NAMES),
    fc.constantFrom('', '[]', '[0]', '[1]', '[25]', '[a]', '[a][b]', '[__proto__]', '[constructor][prototype]', '[toString]', '[length]'),
    fc.oneof(
      anyString(30).map(encodeBytes),
      fc.constantFrom('%', '%zz', '%C0%AF', '%00', '%FF%FE', '%E0%A4%A', '..%2F..%2Fetc%2Fpasswd', '%3Cscript%3E', '+', '&', '='),
      fc.constantFrom('troops', 'FR', '2', '100', 'date', 'csv', 'jsonl'),
    ),
  ).map(([name, suffix, value]) => `${name}${suffix}=${value}`),
  { maxLength: 10 },
).map((pairs) => pairs.join('&'));

// ---------- pure parsers ----------

describe('query parser on hostile input', () => {
  it('never throws on any string; an error is always bad_query', () => {
    fc.assert(
      fc.property(fc.oneof(anyString(1200), grammarQuery), (q) => {
        const result = parseQuery(q);
        if (!result.ok) {
          expect(result.error.code).toBe('bad_query');
          return;
        }
        // Names are kept for the engine to resolve; a two-letter code is upper-cased.
        for (const code of result.value.filters.country) expect(code === code.trim() && code !== '' && !/^[a-z]{2}$/i.test(code) || /^[A-Z]{2}$/.test(code)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a query longer than the limit instead of parsing it', () => {
    const result = parseQuery('a '.repeat(MAX_QUERY_LENGTH));
    expect(result.ok ? null : result.error.code).toBe('bad_query');
  });

  it('search answers any parsed query (or refuses it with a known code), never throws', () => {
    fc.assert(
      fc.property(grammarQuery, fc.constantFrom('relevance', 'date'), (q, sort) => {
        const request = parseSearchParams({ q: q.slice(0, MAX_QUERY_LENGTH), sort });
        if (!request.ok) return;
        const page = search(index, request.value);
        if (!page.ok) expect(KNOWN_CODES.has(page.error.code)).toBe(true);
        else expect(page.value.total).toBeGreaterThanOrEqual(page.value.hits.length);
      }),
      { numRuns: 400 },
    );
  });
});

describe('parameter parsers on hostile input', () => {
  it('parseSearchParams never throws; an accepted request is within every bound', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), paramObject), (query) => {
        const result = parseSearchParams(query);
        if (!result.ok) {
          expect(result.error.code).toBe('bad_parameter');
          return;
        }
        const { q, filters, page, size, sort } = result.value;
        expect(q.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
        expect(page * size).toBeLessThanOrEqual(MAX_RESULT_WINDOW);
        expect(['relevance', 'date']).toContain(sort);
        for (const name of ['country', 'person', 'topic', 'source', 'doc'] as const) {
          expect(filters[name].length).toBeLessThanOrEqual(MAX_FILTER_VALUES);
          for (const value of filters[name]) expect(typeof value).toBe('string');
        }
        for (const code of filters.country) expect(code === code.trim() && code !== '').toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('the export, facet and suggest parsers never throw and only refuse with known codes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), paramObject), anyString(30), (query, facet) => {
        for (const result of [parseExportParams(query), parseFacetSearchParams(facet, query), parseSuggestParams(query)]) {
          if (!result.ok) expect(['bad_parameter', 'unknown_facet']).toContain(result.error.code);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('search answers every request the parser accepts', () => {
    fc.assert(
      fc.property(paramObject, (query) => {
        const parsed = parseSearchParams(query);
        if (!parsed.ok) return;
        const page = search(index, parsed.value);
        if (!page.ok) expect(KNOWN_CODES.has(page.error.code)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

// ---------- adversarial queries: bounded work ----------

/** 1,000-character queries built to trip backtracking, deep recursion or expansion blow-ups. */
const ADVERSARIAL: Array<{ name: string; q: string }> = [
  { name: '"a repeated', q: '"a'.repeat(500) },
  { name: 'minus signs', q: '-'.repeat(1000) },
  { name: 'open parentheses', q: '('.repeat(1000) },
  { name: 'close parentheses', q: ')'.repeat(1000) },
  { name: 'nested groups', q: '(a '.repeat(333) },
  { name: 'OR OR OR', q: 'OR '.repeat(333) },
  { name: 'a OR a OR …', q: 'a OR '.repeat(200) },
  { name: 'troops OR macron OR …', q: 'troops OR macron OR '.repeat(50) },
  { name: 'country: repeated', q: 'country:'.repeat(125) },
  { name: 'country:FR repeated', q: 'country:FR '.repeat(90) },
  { name: 'person:" repeated', q: 'person:"'.repeat(125) },
  { name: 'excluded phrases', q: '-"'.repeat(500) },
  { name: 'curly quotes', q: '\u201C'.repeat(1000) },
  { name: 'one long word', q: 'a'.repeat(1000) },
  { name: 'one long real-looking word', q: 'troops'.repeat(166) },
  { name: 'many short words', q: 'ab '.repeat(333) },
  { name: '250 distinct words (typo and prefix expansion each)', q: Array.from({ length: 250 }, (_v, i) => `t${i.toString(36)}p`).join(' ').slice(0, 1000) },
  { name: 'prefix-heavy words', q: Array.from({ length: 333 }, (_v, i) => 'abcdefghijklmnopqrstuvwxyz'.charAt(i % 26)).join(' ').slice(0, 1000) },
  { name: 'accented letters', q: 'é'.repeat(1000) },
  { name: 'combining marks', q: `a${'\u0301'.repeat(999)}` },
  { name: 'emoji', q: '😀'.repeat(500) },
  { name: 'colons', q: 'x:'.repeat(500) },
  { name: 'backslashes', q: '\\'.repeat(1000) },
  { name: 'NUL characters', q: '\u0000'.repeat(1000) },
  { name: 'mixed grammar', q: '-("a" OR (b -c) OR "d e" country:FR '.repeat(30).slice(0, 1000) },
  { name: 'deep nesting at the limit', q: `${'('.repeat(8)}troops${')'.repeat(8)} `.repeat(45).slice(0, 1000) },
  { name: 'long phrase', q: `"${'troops deployed in ukraine '.repeat(36)}"`.slice(0, 1000) },
];

describe('adversarial 1,000-character queries', () => {
  it.each(ADVERSARIAL)('$name: parsed and searched in bounded work', ({ q }) => {
    expect(q.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    const parsed = parseQuery(q);
    if (!parsed.ok) expect(parsed.error.code).toBe('bad_query');
    for (const sort of ['relevance', 'date'] as const) {
      const request = parseSearchParams({ q, sort });
      if (!request.ok) continue;
      const page = search(index, request.value);
      if (!page.ok) expect(KNOWN_CODES.has(page.error.code)).toBe(true);
    }
  }, 20_000);

  it.each(ADVERSARIAL)('$name: 200 or 400 over HTTP, on every endpoint', async ({ q }) => {
    const encoded = encodeURIComponent(q);
    for (const url of [`/api/search?q=${encoded}`, `/search?q=${encoded}`, `/api/facets/country?q=${encoded}`, `/api/suggest?q=${encoded.slice(0, 600)}`]) {
      const response = await request(app).get(url);
      expect([200, 400], url).toContain(response.status);
      expect(response.text).not.toMatch(LEAK);
    }
  }, 20_000);
});

// ---------- hostile parameters over HTTP ----------

const ENDPOINTS = ['/api/search', '/search', '/api/suggest', '/api/facets/country', '/api/facets/person', '/api/export', '/person/emmanuel-macron', '/'];

describe('hostile parameters over HTTP', () => {
  it.each(ENDPOINTS)('%s: any query string is 200, 400 or 404, never a 500 or a leak', async (endpoint) => {
    await fc.assert(
      fc.asyncProperty(rawQueryString, async (query) => {
        const response = await request(app).get(`${endpoint}?${query}`).set('Accept', 'text/html');
        expect([200, 400, 404], `${endpoint}?${query}`).toContain(response.status);
        expect(response.text).not.toMatch(LEAK);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it.each([
    { name: 'a thousand array values', query: Array.from({ length: 1000 }, (_v, i) => `country[]=${i}`).join('&') },
    { name: 'sparse array indexes', query: 'country[999]=FR&country[0]=DE' },
    { name: 'deep nesting', query: 'q[a][b][c][d][e][f][g][h]=1' },
    { name: 'prototype pollution', query: '__proto__[polluted]=1&constructor[prototype][polluted]=1&q[__proto__][x]=1' },
    { name: 'toString as a parameter', query: 'q[toString]=1&size[valueOf]=2' },
    { name: 'q given twice', query: 'q=a&q=b' },
    { name: 'page given as an array', query: 'page[]=1&page[]=2' },
    { name: 'more parameters than the parser keeps', query: 'q=troops&'.concat(Array.from({ length: 1500 }, () => 'a=1').join('&')) },
    { name: 'bad percent-encoding', query: 'q=%E0%A4%A&country=%FF&source=%' },
    { name: 'NUL bytes', query: 'q=%00%00&doc=%00&from=2025-01-01%00' },
    { name: 'huge numbers', query: 'page=99999999999999999999&size=1e400' },
    { name: 'negative and fractional numbers', query: 'page=-1&size=2.5&facetSize=-0' },
  ])('$name', async ({ query }) => {
    for (const endpoint of ENDPOINTS) {
      const response = await request(app).get(`${endpoint}?${query}`);
      expect([200, 400, 404], `${endpoint}?${query.slice(0, 80)}`).toContain(response.status);
      expect(response.text).not.toMatch(LEAK);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps serving normally after the hostile requests', async () => {
    const response = await request(app).get('/api/search?q=troops').expect(200);
    expect(response.body.total).toBeGreaterThan(0);
  });
});
