import type { LoadedIndex } from '../store/loaded-index.ts';
import type { SearchRequest } from '../types.ts';
import { matchParagraphs } from './search.ts';

/** How many paragraphs other searches would find, without facet counts or hits: what "try without …" offers. */

/** The total of each request, in order; a request whose `q` does not parse counts null. */
export function totalsOf(index: LoadedIndex, requests: readonly SearchRequest[]): Array<number | null> {
  return requests.map((request) => {
    const matched = matchParagraphs(index, request);
    return matched.ok ? matched.value.total : null;
  });
}
