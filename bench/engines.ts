/** The engines the benchmark compares and the files each one's index is kept in, inside a corpus's work folder. */

export const INDEX_FILES = {
  dossier: 'dossier-index.json',
  minisearch: 'minisearch.json',
  fts5: 'fts5.sqlite',
} as const;

export type Engine = keyof typeof INDEX_FILES;

/** In build order: Dossier first, since its pipeline writes the paragraphs the baselines index. */
export const ENGINES: readonly Engine[] = ['dossier', 'minisearch', 'fts5'];

/** Dossier's paragraphs with their facet values, one JSON line each (paragraph-file.ts). */
export const PARAGRAPHS_FILE = 'paragraphs.jsonl';

/** Query mix of a corpus, as JSON (query-mix.ts). */
export const QUERIES_FILE = 'queries.json';

/** Narrows a command-line word to an engine name. */
export function isEngine(value: string | undefined): value is Engine {
  return value !== undefined && Object.hasOwn(INDEX_FILES, value);
}
