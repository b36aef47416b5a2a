import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIndex, type LoadedIndex } from '../../index/store/format.ts';
import { appFor } from '../helpers/test-app.ts';
import { REPO_ROOT, runScript, type CliRun } from '../helpers/run-cli.ts';

/**
 * `npm run index` on a folder of real-world formats: saved pages (one gzipped, one saved as .txt, one in
 * Windows-1252), an RSS feed, an Atom feed named .xml, two PDFs, a plain text article, and bad inputs of each kind.
 * Every good article is indexed with its metadata and only its own paragraphs; every bad file is named with why.
 */

const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures', 'formats');

let dir: string;
let run: CliRun;
let index: LoadedIndex;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-formats-'));
  const corpus = path.join(dir, 'corpus');
  for (const folder of ['pages', 'feeds', 'pdf', 'notes']) await mkdir(path.join(corpus, folder), { recursive: true });
  const put = (from: string, to: string) => copyFile(path.join(FIXTURES, from), path.join(corpus, to));
  await put('html/harbour-strike.html', 'pages/harbour-strike.html');
  await put('html/malformed.html', 'pages/court-recount.txt');
  await put('html/quebec-cafes-cp1252.html', 'pages/quebec-cafes.html');
  await put('html/section-front.html', 'pages/section-front.html');
  await writeFile(path.join(corpus, 'pages', 'monsoon-relief.html.gz'), gzipSync(await readFile(path.join(FIXTURES, 'html', 'monsoon-relief.htm'))));
  await writeFile(path.join(corpus, 'pages', 'not-compressed.html.gz'), '<html><body><p>plain</p></body></html>');
  await put('feeds/coastal-wire.rss', 'feeds/coastal-wire.rss');
  await put('feeds/alpine-desk.atom', 'feeds/alpine-desk.xml');
  await put('feeds/sitemap.xml', 'feeds/sitemap.xml');
  await put('pdf/two-column.pdf', 'pdf/two-column.pdf');
  await put('pdf/running-headers.pdf', 'pdf/running-headers.pdf');
  await writeFile(path.join(corpus, 'pdf', 'truncated.pdf'), (await readFile(path.join(FIXTURES, 'pdf', 'two-column.pdf'))).subarray(0, 400));
  await writeFile(path.join(corpus, 'notes', 'briefing.txt'), '# Port of Tema briefing\n\nThe port of Tema in Ghana opened a new container berth on Monday, doubling the capacity of its southern terminal.\n');
  const out = path.join(dir, 'index.json');
  run = await runScript('index/cli.ts', ['--corpus', corpus, '--out', out]);
  const loaded = await loadIndex(out);
  if (!loaded.ok) throw new Error(`${loaded.error.message}\n${run.stderr}`);
  index = loaded.value;
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const documentOf = (id: string) => index.documents.find((document) => document.id === id);
const paragraphsOf = (id: string) => index.paragraphs.filter((paragraph) => paragraph.docId === id);

describe('npm run index on pages, feeds and PDFs', () => {
  it('exits 0 and counts documents per format', () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Documents by format: text 1, html 4, feed 5, pdf 2');
    expect(run.stdout).toMatch(/Indexed 12 documents, \d+ paragraphs from 13 files/);
  });

  it.each([
    { file: 'section-front.html', reason: 'no article text found in the page' },
    { file: 'not-compressed.html.gz', reason: 'not gzip-compressed' },
    { file: 'sitemap.xml', reason: 'neither an RSS or Atom feed nor a web page' },
    { file: 'truncated.pdf', reason: 'not a readable PDF' },
    { file: 'coastal-wire.rss', reason: '1 of 3 items have no text; skipped' },
    { file: 'coastal-wire.rss', reason: '1 of 3 items carry only a summary' },
  ])('names $file in the summary: $reason', ({ file, reason }) => {
    const line = run.stdout.split('\n').find((text) => text.includes(file) && text.includes(reason));
    expect(line).toBeDefined();
  });

  it.each([
    { id: 'pages-harbour-strike', title: 'Dockworkers walk out at Valparaíso as pay talks stall', date: '2024-03-01', author: 'Camila Fuentes, Tomás Rivera', source: 'The Pacific Ledger', url: 'https://pacificledger.example/world/2024/03/valparaiso-dock-strike', paragraphs: 9 },
    { id: 'pages-monsoon-relief', title: 'Relief boats reach cut-off villages in Sylhet', date: '2023-06-21', author: 'Rafiq Hasan', source: 'Dhaka Evening Post', url: 'https://www.dhakaeveningpost.example/national/relief-boats-sylhet', paragraphs: 5 },
    { id: 'pages-court-recount', title: 'Court orders recount in Nakuru governor race', date: '2022-09-14', author: 'Wanjiru Kamau', source: 'Rift Valley Courier', url: null, paragraphs: 4 },
    { id: 'pages-quebec-cafes', title: 'Les cafés de Québec face à la hausse du prix du lait', date: '2024-01-18', author: 'Hélène Tremblay', source: 'Le Fleuve — édition de Québec', url: null, paragraphs: 3 },
    { id: 'pdf-two-column', title: 'Delta authority approves higher dykes for Can Tho', date: '2024-02-14', author: 'Nguyen Thi Lan', source: null, url: null, paragraphs: 7 },
    { id: 'pdf-running-headers', title: 'Baltic grids join the European network', date: '2025-03-10', author: 'Liis Tamm', source: null, url: null, paragraphs: 9 },
  ])('indexes $id with its metadata and $paragraphs paragraphs', ({ id, paragraphs, ...fields }) => {
    expect(documentOf(id)).toMatchObject(fields);
    expect(paragraphsOf(id)).toHaveLength(paragraphs);
  });

  it('indexes each feed item as a document of its own', () => {
    const items = index.documents.filter((document) => document.metadata['filetype'] === 'feed');
    expect(items.map((document) => [document.title, document.date, document.metadata['feed_content']]).sort()).toEqual([
      ['Ghana’s cocoa board raises farm-gate price', '2024-05-13', 'summary'],
      ['Glacier loss forces Zermatt to move ski race & training camps', '2024-02-07', 'full'],
      ['Lagos ferry operators suspend night crossings after collision', '2024-05-15', 'full'],
      ['Liechtenstein bank levy rejected in referendum', '2024-02-04', 'summary'],
      ['Vienna approves night trains to the Balkans', '2024-02-05', 'full'],
    ]);
    expect(items.every((document) => /^feeds-(?:coastal-wire|alpine-desk)-[0-9a-f]{12}$/.test(document.id))).toBe(true);
  });
});

describe('the index of those formats, through HTTP', () => {
  it.each([
    { q: 'dockworkers valparaíso', docId: 'pages-harbour-strike' },
    { q: 'diarrhoea', docId: 'pages-monsoon-relief' },
    { q: 'mangroves estuaries', docId: 'pdf-two-column' },
    { q: 'restructuring OR regulators', docId: 'pdf-running-headers' },
    { q: '"navigation lights"', docId: null },
  ])('finds $q', async ({ q, docId }) => {
    const response = await request(appFor(index)).get('/api/search').query({ q });
    expect(response.status).toBe(200);
    expect(response.body.total).toBeGreaterThan(0);
    if (docId !== null) expect(response.body.hits.map((hit: { docId: string }) => hit.docId)).toContain(docId);
  });

  it.each(['cookies', 'Photograph', 'newsletter', 'portwatcher', 'Advertisement', '"Copper exports"', 'mwananchi', '"Quarterly Bulletin"', 'Facebook'])(
    'finds no furniture: %s',
    async (q) => {
      const response = await request(appFor(index)).get('/api/search').query({ q });
      expect(response.status).toBe(200);
      expect(response.body.total).toBe(0);
    },
  );

  it('shows a PDF paragraph with its page as its section', async () => {
    const response = await request(appFor(index)).get('/api/doc/pdf-running-headers');
    expect(response.status).toBe(200);
    const sections = response.body.paragraphs.map((paragraph: { section: string | null }) => paragraph.section);
    expect(sections[0]).toBe('Page 1');
    expect(sections).toContain('Page 4 · Prices and households');
  });
});
