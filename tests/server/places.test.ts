import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFromCorpus } from '../../index/build/pipeline.ts';
import { loadIndex, saveIndex, type LoadedIndex } from '../../index/store/format.ts';
import type { SearchPage } from '../../index/types.ts';
import { exportedRows, exportedCsv } from '../helpers/export-rows.ts';
import { REPO_ROOT } from '../helpers/run-cli.ts';
import { appFor } from '../helpers/test-app.ts';

/**
 * The place facet through the public surface, on a corpus written for it: the filter by id and by name, exact
 * disjunctive counts against a scan of the paragraphs, roll-up to the country, the entity page, the article's
 * evidence and the export columns.
 */

const CORPUS = path.join(REPO_ROOT, 'tests', 'fixtures', 'places', 'articles.jsonl');
let app: ReturnType<typeof appFor>;
let index: LoadedIndex;
let folder: string;

interface Row { id: string; countries: Array<{ code: string }>; places: Array<{ id: string; name: string; label: string }> }

beforeAll(async () => {
  const built = await buildFromCorpus(CORPUS);
  if (!built.ok) throw new Error(built.error.message);
  folder = mkdtempSync(path.join(tmpdir(), 'dossier-places-'));
  const file = path.join(folder, 'index.json');
  await saveIndex(file, built.value.index);
  const loaded = await loadIndex(file);
  if (!loaded.ok) throw new Error(loaded.error.message);
  index = loaded.value;
  app = appFor(index);
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function search(query: string): Promise<SearchPage> {
  return (await request(app).get(`/api/search?${query}`).expect(200)).body as SearchPage;
}

/** Paragraphs tagged with a place, by a scan of the stored paragraphs. */
function scanCount(id: string): number {
  return index.paragraphs.filter((paragraph) => paragraph.places.includes(id)).length;
}

describe('place facet', () => {
  it.each([
    // A city named twice in one article counts its paragraphs; a qualifier picks the Texan Paris.
    { place: 'manchester-gb', total: 2 },
    { place: 'paris-us', total: 1 },
    { place: 'paris-fr', total: 1 },
    { place: 'gb-wls', total: 1 },
    { place: 'us-ga', total: 1 },
    { place: 'nairobi-ke', total: 2 },
  ])('?place=$place finds $total paragraphs, as a scan of the paragraphs does', async ({ place, total }) => {
    expect(scanCount(place)).toBe(total);
    expect((await search(`place=${place}&size=0`)).total).toBe(total);
    expect((await search(`q=place:${place}&size=0`)).total).toBe(total);
  });

  it('counts every place disjunctively and exactly: each value adds what its filter would give', async () => {
    const page = await search('size=0&facetSize=100');
    expect(page.facets.place.length).toBeGreaterThan(10);
    for (const value of page.facets.place) expect(value.count, value.value).toBe(scanCount(value.value));
    const narrowed = await search('place=manchester-gb&facetSize=100&size=0');
    const leeds = narrowed.facets.place.find((value) => value.value === 'leeds-gb');
    expect(leeds?.count).toBe(scanCount('leeds-gb'));
  });

  it('resolves a place name, and answers a name several places share with a 400 listing them', async () => {
    expect((await search('place=Cardiff&size=0')).total).toBe(scanCount('cardiff-gb'));
    // Other names find it too: an old spelling, the name with its region.
    expect((await search('place=Kiev&size=0')).total).toBe(scanCount('kyiv-ua'));
    expect((await search(`place=${encodeURIComponent('Paris, Texas')}&size=0`)).total).toBe(scanCount('paris-us'));
    const ambiguous = await request(app).get('/api/search?place=Paris').expect(400);
    expect(ambiguous.body.error.code).toBe('unknown_value');
    expect(JSON.stringify(ambiguous.body)).toContain('paris-us');
  });

  it('rolls places up to their country, the state to the US and not to Georgia the country', async () => {
    const rows = await exportedRows<Row>(app, 'place=us-ga');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.countries.map((country) => country.code)).toEqual(['US']);
    const tbilisi = await exportedRows<Row>(app, 'place=tbilisi-ge');
    expect(tbilisi[0]?.countries.map((country) => country.code)).toEqual(['GE']);
  });

  it('leaves out English words and small towns without a locative word', async () => {
    const page = await search('size=0&facetSize=100');
    const ids = page.facets.place.map((value) => value.value);
    expect(ids).not.toContain('reading-gb');
    expect(ids).toEqual(expect.arrayContaining(['mombasa-ke', 'lagos-ng', 'johannesburg-za', 'odessa-ua', 'lyon-fr']));
  });

  it('gives each place tag evidence on /api/doc: the words, and the rule that read them', async () => {
    const body = (await request(app).get('/api/doc/texas-heat').expect(200)).body as {
      paragraphs: Array<{ text: string; places: Array<{ id: string }>; evidence: Array<{ facet: string; value: string; text: string; rule: string }> }>;
    };
    const first = body.paragraphs[0];
    expect(first?.places.map((place) => place.id)).toEqual(['paris-us', 'us-tx']);
    expect(first?.evidence.filter((entry) => entry.facet === 'place').map((entry) => [entry.value, entry.text])).toEqual([
      ['paris-us', 'Paris'], ['us-tx', 'Texas'],
    ]);
    for (const paragraph of body.paragraphs) {
      for (const place of paragraph.places) expect(paragraph.evidence.some((entry) => entry.facet === 'place' && entry.value === place.id)).toBe(true);
    }
  });

  it('has an entity page per place with its count and country, and the article page links to it', async () => {
    const page = await request(app).get('/place/manchester-gb').expect(200);
    expect(page.text).toContain('Manchester');
    expect(page.text).toContain('2 paragraphs');
    expect(page.text).toContain('City in England');
    expect(page.text).toContain('href="/country/GB"');
    await request(app).get('/place/no-such-place').expect(404);
    const doc = await request(app).get('/doc/floods-north').expect(200);
    expect(doc.text).toContain('href="/place/manchester-gb"');
  });

  it('exports places as names and ids', async () => {
    const { rows } = await exportedCsv(app, 'place=cardiff-gb');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.placeIds).toBe('cardiff-gb;gb-sct;gb-wls');
    expect(rows[0]?.places).toBe('Cardiff; Scotland; Wales');
  });
});
