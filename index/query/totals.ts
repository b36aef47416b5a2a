import type { LoadedIndex } from '../store/loaded-index.ts';
import type { SearchRequest } from '../types.ts';
import { matchParagraphs, type SearchOptions } from './search.ts';

/** How many paragraphs other searches would find, without facet counts or hits: what "try without …" offers. */

/** The total of each request, in order; a request whose `q` does not parse, or past the deadline, counts null. */
export function totalsOf(index: LoadedIndex, requests: readonly SearchRequest[], options: Pick<SearchOptions, 'deadline'> = {}): Array<number | null> {
  return requests.map((request) => {
    if (options.deadline !== undefined && performance.now() > options.deadline) return null;
    const matched = matchParagraphs(index, request, options);
    return matched.ok ? matched.value.total : null;
  });
}
