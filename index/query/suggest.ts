import { memoPerObject } from '../cache.ts';
import type { FacetColumn, LoadedIndex } from '../store/loaded-index.ts';
import { phraseForm } from '../text.ts';

/** A completion for search-as-you-type: an index word, or an entity to filter by. */
export interface Suggestion {
  type: 'word' | 'person' | 'country' | 'topic' | 'place';
  /** The word, or the entity id (person slug, ISO code, topic id). */
  value: string;
  label: string;
  /** Paragraphs containing the word, or tagged with the entity. */
  count: number;
  /** The typed query with its last word completed (for words) — what a search box would submit. */
  query: string;
  /** Only on persons. */
  leader?: boolean;
}

/** Paragraph counts of every value of a column over the whole index, computed once per loaded index. */
const totals = memoPerObject((column: FacetColumn): Int32Array => {
  const counts = new Int32Array(column.values.length);
  for (const id of column.ids) counts[id] = (counts[id] ?? 0) + 1;
  return counts;
});

/**
 * Completions of `typed`: entities whose name has a word starting with the typed text (or its last word), most
 * tagged first, then index words starting with the last typed word, most frequent first; at most `size` of each.
 */
export function suggest(index: LoadedIndex, typed: string, size: number): Suggestion[] {
  const form = phraseForm(typed);
  if (form === '') return [];
  const words = form.split(' ');
  const lastWord = words[words.length - 1] ?? '';
  const before = words.slice(0, -1).join(' ');

  const entities: Suggestion[] = [];
  const consider = (type: Suggestion['type'], column: FacetColumn, value: string, label: string, leader?: boolean) => {
    const labelForm = phraseForm(`${label} ${type === 'person' ? '' : value}`);
    const matches = [form, lastWord].some((wanted) => labelForm.startsWith(wanted) || labelForm.includes(` ${wanted}`));
    const ordinal = column.ordinalOf.get(value);
    const count = ordinal === undefined ? 0 : (totals(column)[ordinal] ?? 0);
    if (!matches || count === 0) return;
    entities.push({ type, value, label, count, query: typed, ...(leader === undefined ? {} : { leader }) });
  };
  for (const person of Object.values(index.entities.persons)) {
    consider('person', index.columns.person, person.id, person.name, person.leader);
  }
  for (const country of Object.values(index.entities.countries)) {
    consider('country', index.columns.country, country.code, country.name);
  }
  for (const topic of Object.values(index.entities.topics)) consider('topic', index.columns.topic, topic.id, topic.label);
  for (const place of Object.values(index.entities.places)) consider('place', index.columns.place, place.id, place.label);
  entities.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'en'));

  const completions: Suggestion[] = [];
  const { words: vocabulary, counts } = index.vocabulary;
  for (let k = lowerBound(vocabulary, lastWord); k < vocabulary.length; k += 1) {
    const word = vocabulary[k] ?? '';
    if (!word.startsWith(lastWord)) break;
    completions.push({
      type: 'word', value: word, label: word, count: counts[k] ?? 0, query: before === '' ? word : `${before} ${word}`,
    });
  }
  completions.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  return [...entities.slice(0, size), ...completions.slice(0, size)];
}

/** First position in a sorted array whose element is not below `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? '') < key) low = middle + 1;
    else high = middle;
  }
  return low;
}
