import type { FacetName } from '../index/types.ts';
import { FACET_NAMES } from './paragraph-file.ts';
import { record, stringAt, stringsAt } from './parse.ts';
import type { BenchQuery, QueryKind } from './query-mix.ts';

/** The query mix crosses to the latency children as a JSON file; this parses it back. */

const KINDS: readonly QueryKind[] = ['one-word', 'two-words', 'phrase', 'typo', 'browse', 'three-filters'];

/** Parses a JSON array of queries written from `queryMix`. */
export function parseQueries(value: unknown): BenchQuery[] {
  if (!Array.isArray(value)) throw new Error('queries: expected an array');
  return value.map((item, i) => {
    const what = `queries[${i}]`;
    const object = record(item, what);
    const kind = stringAt(object, 'kind', what);
    if (!(KINDS as readonly string[]).includes(kind)) throw new Error(`${what}.kind: unknown kind ${kind}`);
    if (typeof object.phrase !== 'boolean') throw new Error(`${what}.phrase: expected a boolean`);
    const filterObject = record(object.filters, `${what}.filters`);
    const filters: Partial<Record<FacetName, string[]>> = {};
    for (const facet of FACET_NAMES) {
      if (facet in filterObject) filters[facet] = stringsAt(filterObject, facet, `${what}.filters`);
    }
    return { kind: kind as QueryKind, words: stringsAt(object, 'words', what), phrase: object.phrase, filters };
  });
}
