import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFromCorpus } from '../../index/build/pipeline.ts';
import { facetSchema, type FacetSchema } from '../../index/schema.ts';
import { loadIndex, saveIndex } from '../../index/store/format.ts';
import type { SearchPage } from '../../index/types.ts';
import { countByValue, metadataByArticle } from '../helpers/facet-oracle.ts';
import { exportedRows } from '../helpers/export-rows.ts';
import { REPO_ROOT } from '../helpers/run-cli.ts';
import { appFor } from '../helpers/test-app.ts';

/**
 * A metadata facet (DOSSIER_FACETS=category) through the public surface: a filter (?category=, category: in q), a
 * disjunctive facet with exact counts, an export column, a facet group on the page. Counts are checked against
 * the corpus file itself.
 */

const CORPUS = path.join(REPO_ROOT, 'tests', 'fixtures', 'metadata', 'articles.jsonl');
const CATEGORY = metadataByArticle(CORPUS, 'category');
let app: ReturnType<typeof appFor>;
let folder: string;

function schemaWith(fields: string[]): FacetSchema {
  const schema = facetSchema(fields);
  if (!schema.ok) throw new Error(schema.message);
  return schema.value;
}

beforeAll(async () => {
  const built = await buildFromCorpus(CORPUS);
  if (!built.ok) throw new Error(built.error.message);
  folder = mkdtempSync(path.join(tmpdir(), 'dossier-metadata-'));
  const file = path.join(folder, 'index.json');
  await saveIndex(file, built.value.index);
  // As the server does: the index file knows nothing of the configuration; the loader applies the schema.
  const loaded = await loadIndex(file, { schema: schemaWith(['category']) });
  if (!loaded.ok) throw new Error(loaded.error.message);
  app = appFor(loaded.value);
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function searchPage(query: string): Promise<SearchPage> {
  return (await request(app).get(`/api/search?${query}`).expect(200)).body as SearchPage;
}

interface Row {
  docId: string;
  metadata?: Record<string, string | null>;
}

async function exported(query: string): Promise<Row[]> {
  return exportedRows<Row>(app, `format=jsonl&${query}`);
}

describe('a metadata facet named in the configuration', () => {
  it('counts every value of the field, labelled as written, numbers as text', async () => {
    const page = await searchPage('facetSize=100');
    expect(page.facets.category?.map((value) => value.value).sort()).toEqual(['7', 'business', 'entertainment', 'politics', 'sport', 'tech']);
    expect(page.facets.category?.every((value) => value.label === value.value)).toBe(true);
  });

  it.each([
    '',
    'category=sport',
    'category=sport&category=business',
    'q=match',
    'q=match&category=tech',
    'country=FR&category=politics',
    'q=category:business',
    'q=France%20category:sport&category=politics',
    'from=2005-01-01&to=2005-12-31&category=entertainment',
  ])('%s: disjunctive counts equal a brute-force count over the corpus file', async (query) => {
    const page = await searchPage(`${query}&facetSize=100`);
    const params = new URLSearchParams(query);
    expect(page.total).toBe((await exported(query)).length);
    // The category facet is counted with every filter but its own URL filter (disjunctive); a filter typed into q is
    // a clause of the query, like a word, and narrows the counts of its own facet too (conjunctive).
    params.delete('category');
    const expected = countByValue(await exported(params.toString()), CATEGORY);
    const listed = new Map((page.facets.category ?? []).filter((value) => value.count > 0).map((value) => [value.value, value.count]));
    expect(listed).toEqual(expected);
  });

  it('filters by ?category= and by category: in q alike, and the other facets follow', async () => {
    const byParam = await searchPage('category=sport&size=100');
    const typed = await searchPage('q=category:sport&size=100');
    expect(byParam.total).toBeGreaterThan(0);
    expect(typed.hits.map((hit) => hit.id)).toEqual(byParam.hits.map((hit) => hit.id));
    expect(new Set(byParam.hits.map((hit) => CATEGORY.get(hit.docId)))).toEqual(new Set(['sport']));
    expect(byParam.query.filters.category).toEqual(['sport']);
    expect(byParam.facets.country).toEqual(typed.facets.country);
  });

  it('exports the value of each paragraph, in JSON Lines and in a CSV column', async () => {
    const rows = await exported('');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.metadata).toEqual({ category: CATEGORY.get(row.docId) ?? null });
    const csv = (await request(app).get('/api/export?format=csv&category=tech').expect(200)).text;
    const [header, first] = csv.split('\r\n');
    const columns = header?.split(',') ?? [];
    expect(columns.slice(-3)).toEqual(['category', 'score', 'text']);
    expect(first?.split(',')[columns.indexOf('category')]).toBe('tech');
  });

  it('answers /api/facets/category with a prefix, and refuses a facet the schema lacks', async () => {
    const body = (await request(app).get('/api/facets/category?prefix=bu').expect(200)).body as { values: Array<{ value: string }> };
    expect(body.values.map((value) => value.value)).toEqual(['business']);
    const refused = await request(app).get('/api/facets/desk').expect(400);
    expect(refused.body.error.code).toBe('unknown_facet');
  });

  it('shows a Category facet group on the search page whose boxes filter, and a chip that removes the filter', async () => {
    const html = (await request(app).get('/search?q=&category=business').expect(200)).text;
    expect(html).toMatch(/<legend class="facet-title">Category<\/legend>/);
    expect(html).toMatch(/name="category" value="business" form="search-form" checked/);
    expect(html).toMatch(/name="category" value="sport" form="search-form"(?! checked)/);
    expect(html).toContain('Category');
    expect(html).toMatch(/class="chip[^"]*"[\s\S]*?business/);
  });
});

describe('without metadata facets', () => {
  it('the same corpus has no category facet, and ?category= is an unknown parameter, ignored', async () => {
    const built = await buildFromCorpus(CORPUS);
    if (!built.ok) throw new Error(built.error.message);
    const plain = appFor(built.value.index);
    const page = (await request(plain).get('/api/search?category=sport').expect(200)).body as SearchPage;
    expect(Object.keys(page.facets).sort()).toEqual(['country', 'person', 'place', 'source', 'topic', 'year']);
    expect(page.total).toBe((await request(plain).get('/api/search').expect(200)).body.total);
  });
});
