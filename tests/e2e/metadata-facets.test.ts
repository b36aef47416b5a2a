import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countByValue, metadataByArticle } from '../helpers/facet-oracle.ts';
import { REPO_ROOT, SHARED_CORPORA } from '../helpers/run-cli.ts';
import { runServerToExit, startServer, type ServerProcess } from '../helpers/server-process.ts';

/**
 * DOSSIER_FACETS through `npm start`'s own code path: the server builds the index and answers with the named
 * metadata field as a facet, a filter and an export column; on the BBC corpus (when ../shared is there) the Category
 * facet has the five BBC categories with exact disjunctive counts, checked against the corpus file.
 */

const FIXTURE = path.join(REPO_ROOT, 'tests', 'fixtures', 'metadata', 'articles.jsonl');
const BBC = path.join(SHARED_CORPORA, 'bbc-news', 'articles.jsonl');

let dir: string;
let servers: ServerProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-facets-'));
});
afterEach(async () => {
  await Promise.all(servers.map((server) => server.stop(5_000)));
  servers = [];
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function serve(corpus: string, facets: string): Promise<ServerProcess> {
  const server = await startServer({ DOSSIER_CORPUS: corpus, DOSSIER_INDEX: path.join(dir, `${path.basename(corpus)}-index.json`), DOSSIER_FACETS: facets });
  servers.push(server);
  return server;
}

async function json<T>(server: ServerProcess, pathAndQuery: string): Promise<T> {
  const response = await fetch(server.url(pathAndQuery));
  expect(response.status, pathAndQuery).toBe(200);
  return (await response.json()) as T;
}

async function exported(server: ServerProcess, query: string): Promise<Array<{ docId: string; metadata?: Record<string, string | null> }>> {
  const response = await fetch(server.url(`/api/export?format=jsonl&${query}`));
  expect(response.status).toBe(200);
  return (await response.text()).split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as { docId: string });
}

type Page = { total: number; facets: Record<string, Array<{ value: string; count: number }>> };

async function checkCounts(server: ServerProcess, corpus: string, query: string): Promise<Page> {
  const page = await json<Page>(server, `/api/search?${query}&facetSize=100`);
  const without = new URLSearchParams(query);
  without.delete('category');
  const expected = countByValue(await exported(server, without.toString()), metadataByArticle(corpus, 'category'));
  expect(new Map((page.facets.category ?? []).map((value) => [value.value, value.count]))).toEqual(expected);
  expect(page.total).toBe((await exported(server, query)).length);
  return page;
}

describe('DOSSIER_FACETS', () => {
  it('serves a metadata facet, filter and export column from the configuration alone', async () => {
    const server = await serve(FIXTURE, 'category');
    const page = await checkCounts(server, FIXTURE, 'category=sport&category=tech');
    expect(page.facets.category?.map((value) => value.value)).toContain('business');
    const csv = await (await fetch(server.url('/api/export?format=csv&category=politics'))).text();
    expect(csv.split('\r\n')[0]?.split(',')).toContain('category');
  });

  it('stops with a message naming DOSSIER_FACETS when a name cannot be a facet', async () => {
    const exit = await runServerToExit({ DOSSIER_CORPUS: FIXTURE, DOSSIER_INDEX: path.join(dir, 'refused.json'), DOSSIER_FACETS: 'country' });
    expect(exit.code).not.toBe(0);
    expect(exit.output).toMatch(/DOSSIER_FACETS: "country"/);
  });

  it.skipIf(!existsSync(BBC))('shows the five BBC categories with exact disjunctive counts', async () => {
    const server = await serve(BBC, 'category');
    const all = await checkCounts(server, BBC, '');
    expect(all.facets.category?.map((value) => value.value).sort()).toEqual(['business', 'entertainment', 'politics', 'sport', 'tech']);
    await checkCounts(server, BBC, 'category=sport');
    await checkCounts(server, BBC, 'q=election&category=politics&category=business&country=GB');
    const sport = await json<{ hits: Array<{ docId: string }> }>(server, '/api/search?category=sport&size=100');
    const categories = metadataByArticle(BBC, 'category');
    expect(sport.hits.length).toBeGreaterThan(0);
    expect(new Set(sport.hits.map((hit) => categories.get(hit.docId)))).toEqual(new Set(['sport']));
  });
});
