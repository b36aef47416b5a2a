import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { INDEX_FILES, type Engine } from './engines.ts';
import type { BenchQuery } from './query-mix.ts';

/**
 * Each engine loaded from its saved index and wrapped as one function that answers a query of the mix the way
 * that engine would be used, returning the number of matches (so the work cannot be optimised away).
 */

/** A way of answering queries of the mix; the latency stage times these. */
export type Variant = 'dossier' | 'minisearch-and' | 'minisearch-or' | 'fts5';

/** The variants run on one loaded engine: raw MiniSearch is timed with AND (as Dossier's first try) and with OR. */
export const VARIANTS: Record<Engine, readonly Variant[]> = {
  dossier: ['dossier'],
  minisearch: ['minisearch-and', 'minisearch-or'],
  fts5: ['fts5'],
};

/** Answers a query, or returns null when the variant has no equivalent (raw MiniSearch cannot browse by facet). */
export type Answer = (query: BenchQuery) => number | null;

export interface LoadedEngine {
  answers: Partial<Record<Variant, Answer>>;
  /** Keeps the loaded data reachable until the caller lets go of this object. */
  data: unknown;
}

/** Imports one engine's code and returns its loader; loading (the work timed as "load") is the loader's call. */
export async function engineLoader(engine: Engine): Promise<(workDir: string) => Promise<LoadedEngine>> {
  if (engine === 'dossier') {
    const { loadIndex } = await import('../index/store/format.ts');
    const { search } = await import('../index/query/search.ts');
    const { dossierRequest } = await import('./dossier.ts');
    return async (workDir) => {
      const loaded = await loadIndex(path.join(workDir, INDEX_FILES.dossier));
      if (!loaded.ok) throw new Error(loaded.error.message);
      const index = loaded.value;
      const answer: Answer = (query) => {
        const page = search(index, dossierRequest(query));
        if (!page.ok) throw new Error(`dossier search failed: ${page.error.message}`);
        return page.value.total;
      };
      return { answers: { dossier: answer }, data: index };
    };
  }
  if (engine === 'minisearch') {
    const { loadRawMiniSearch, searchRaw } = await import('./baselines/minisearch-raw.ts');
    return async (workDir) => {
      const index = loadRawMiniSearch(await readFile(path.join(workDir, INDEX_FILES.minisearch), 'utf8'));
      const by = (combineWith: 'AND' | 'OR'): Answer => (query) =>
        query.words.length === 0 ? null : searchRaw(index, query.words.join(' '), combineWith).length;
      return { answers: { 'minisearch-and': by('AND'), 'minisearch-or': by('OR') }, data: index };
    };
  }
  const { openFts5, fts5Searcher, matchExpression } = await import('./baselines/fts5.ts');
  const { PAGE_SIZE, FACET_SIZE } = await import('./dossier.ts');
  return async (workDir) => {
    const db = openFts5(path.join(workDir, INDEX_FILES.fts5));
    const searcher = fts5Searcher(db);
    const answer: Answer = (query) => searcher({
      match: query.words.length === 0 ? null : matchExpression(query.words, query.phrase ? 'PHRASE' : 'AND'),
      filters: query.filters,
      size: PAGE_SIZE,
      facetSize: FACET_SIZE,
    }).total;
    return { answers: { fts5: answer }, data: db };
  };
}
