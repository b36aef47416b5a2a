import type { BuiltInFacet as FacetName } from '../index/types.ts';
import type { BenchParagraph } from './paragraph-file.ts';

/**
 * The fixed query mix of the latency stages: one word, two words, a phrase, a typo, a filter-only browse and a
 * query with three facet filters. Filter values are picked from the corpus (the most frequent co-occurring ones),
 * so the filtered queries have answers on any corpus without naming any corpus's entities here.
 */

export type QueryKind = 'one-word' | 'two-words' | 'phrase' | 'typo' | 'browse' | 'three-filters';

export interface BenchQuery {
  kind: QueryKind;
  /** The words typed; empty for the browse. */
  words: string[];
  phrase: boolean;
  filters: Partial<Record<FacetName, string[]>>;
}

/** Words of the mix: frequent in news of any kind, so every corpus exercises long posting lists. */
export const MIX_WORDS = {
  oneWord: ['government'],
  twoWords: ['economic', 'growth'],
  phrase: ['prime', 'minister'],
  typo: ['elecion'],
  filtered: ['minister'],
} as const;

/** The query mix for a corpus. */
export function queryMix(paragraphs: readonly BenchParagraph[]): BenchQuery[] {
  const filterFacets: FacetName[] = ['country', 'topic', 'person'];
  const withWord = paragraphs.filter((paragraph) => containsWord(paragraph.text, MIX_WORDS.filtered[0]));
  const browseFilter = pickFilters(paragraphs, ['country']);
  return [
    { kind: 'one-word', words: [...MIX_WORDS.oneWord], phrase: false, filters: {} },
    { kind: 'two-words', words: [...MIX_WORDS.twoWords], phrase: false, filters: {} },
    { kind: 'phrase', words: [...MIX_WORDS.phrase], phrase: true, filters: {} },
    { kind: 'typo', words: [...MIX_WORDS.typo], phrase: false, filters: {} },
    { kind: 'browse', words: [], phrase: false, filters: browseFilter },
    { kind: 'three-filters', words: [...MIX_WORDS.filtered], phrase: false, filters: pickFilters(withWord, filterFacets) },
  ];
}

/**
 * Filters on `facets`, one value each, chosen greedily: the most frequent value of the first facet, then the most
 * frequent value of the next facet among paragraphs that have the values chosen so far (ties: smallest value).
 * A facet with no value left is omitted.
 */
export function pickFilters(
  paragraphs: readonly BenchParagraph[],
  facets: readonly FacetName[],
): Partial<Record<FacetName, string[]>> {
  const filters: Partial<Record<FacetName, string[]>> = {};
  let remaining = paragraphs;
  for (const facet of facets) {
    const counts = new Map<string, number>();
    for (const paragraph of remaining) {
      for (const value of new Set(paragraph.facets[facet])) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    let best: string | null = null;
    let bestCount = 0;
    for (const [value, count] of counts) {
      if (count > bestCount || (count === bestCount && best !== null && value < best)) {
        best = value;
        bestCount = count;
      }
    }
    if (best === null) continue;
    const chosen = best;
    filters[facet] = [chosen];
    remaining = remaining.filter((paragraph) => paragraph.facets[facet].includes(chosen));
  }
  return filters;
}

/** Whether `text` has `word` as a whole word, ignoring case. */
export function containsWord(text: string, word: string): boolean {
  return new RegExp(`(^|[^\\p{L}\\p{N}])${word}($|[^\\p{L}\\p{N}])`, 'iu').test(text);
}
