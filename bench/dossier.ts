import type { LoadedIndex } from '../index/store/format.ts';
import type { SearchRequest } from '../index/types.ts';
import type { BenchParagraph } from './paragraph-file.ts';
import type { BenchQuery } from './query-mix.ts';

/** Dossier as the benchmark drives it: requests from the query mix, and its paragraphs handed to the baselines. */

/** Hits per page and values per facet of every full answer measured, as the search page shows them. */
export const PAGE_SIZE = 20;
export const FACET_SIZE = 10;

/** Dossier's search request for a query of the mix: the typed words (a phrase in quotes) and its filters. */
export function dossierRequest(query: BenchQuery, size = PAGE_SIZE, page = 1): SearchRequest {
  const typed = query.words.join(' ');
  return {
    q: query.phrase ? `"${typed}"` : typed,
    filters: {
      country: query.filters.country ?? [],
      person: query.filters.person ?? [],
      topic: query.filters.topic ?? [],
      place: query.filters.place ?? [],
      source: query.filters.source ?? [],
      doc: [],
      from: null,
      to: null,
    },
    sort: 'relevance',
    page,
    size,
    facetSize: FACET_SIZE,
  };
}

/** The indexed paragraphs with their facet values, in ordinal order: exactly what the baselines must index. */
export function* benchParagraphs(index: LoadedIndex): Generator<BenchParagraph> {
  for (const [ordinal, paragraph] of index.paragraphs.entries()) {
    const document = index.documents[index.paragraphDocument[ordinal] ?? -1];
    const year = document?.date?.slice(0, 4);
    yield {
      text: paragraph.text,
      facets: {
        country: paragraph.countries,
        person: paragraph.persons,
        topic: paragraph.topics,
        place: paragraph.places,
        source: document?.source ? [document.source] : [],
        year: year ? [year] : [],
      },
    };
  }
}
