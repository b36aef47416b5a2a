import MiniSearch, { type SearchResult } from 'minisearch';

/**
 * The raw MiniSearch baseline: default options on one field, `addAll`, default `search()`. Documents are
 * `{ id: ordinal, text }`, the ids being Dossier's paragraph ordinals so that answers can be compared.
 */

/** MiniSearch defaults apart from the one field there is. */
export const RAW_OPTIONS = { fields: ['text'] };

export interface RawDocument {
  id: number;
  text: string;
}

/** A MiniSearch with default options holding `texts`, document id = position. */
export function buildRawMiniSearch(texts: readonly string[]): MiniSearch<RawDocument> {
  const index = new MiniSearch<RawDocument>(RAW_OPTIONS);
  index.addAll(texts.map((text, id) => ({ id, text })));
  return index;
}

/** Serialises an index the way MiniSearch documents it (`JSON.stringify`). */
export function saveRawMiniSearch(index: MiniSearch<RawDocument>): string {
  return JSON.stringify(index);
}

/** Loads a serialised index with `MiniSearch.loadJSON` and the same options. */
export function loadRawMiniSearch(json: string): MiniSearch<RawDocument> {
  return MiniSearch.loadJSON<RawDocument>(json, RAW_OPTIONS);
}

/** `search()` of `words`, OR (the default) or AND of the words; everything else default. */
export function searchRaw(index: MiniSearch<RawDocument>, words: string, combineWith: 'OR' | 'AND' = 'OR'): SearchResult[] {
  return index.search(words, combineWith === 'OR' ? {} : { combineWith: 'AND' });
}
