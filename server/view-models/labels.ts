import { memoPerObject, type FacetSchema, type LoadedIndex } from '../../index/query/index.ts';

/** Words people read: entity and article names, counts with their noun, dates. */

/** Display names for entity ids and document ids, falling back to the id itself. */
export interface Labeller {
  country(code: string): string;
  person(id: string): string;
  topic(id: string): string;
  place(id: string): string;
  doc(id: string): string;
  /** The label of a value of any filter of the schema: entity names for tags, titles for articles, else the value. */
  value(filter: string, value: string): string;
  /** The filters and facets of the index the labels come from. */
  schema: FacetSchema;
}

const documentTitles = memoPerObject((index: LoadedIndex) => new Map(index.documents.map((doc) => [doc.id, doc.title])));

/** Labels from an index's entity catalogue and document titles (the title map is built once per index). */
export function labellerFor(index: LoadedIndex): Labeller {
  const byId = documentTitles(index);
  const labeller: Labeller = {
    country: (code) => index.entities.countries[code]?.name ?? code,
    person: (id) => index.entities.persons[id]?.name ?? id,
    topic: (id) => index.entities.topics[id]?.label ?? id,
    place: (id) => index.entities.places[id]?.label ?? id,
    doc: (id) => byId.get(id) ?? id,
    value: (filter, value) => {
      const source = index.schema.byName.get(filter)?.source;
      if (source?.kind === 'tag') return labeller[source.entity](value);
      return source?.kind === 'doc' ? labeller.doc(value) : value;
    },
    schema: index.schema,
  };
  return labeller;
}

// One formatter for every count: `toLocaleString('en-GB')` builds a new one per call, which shows on long facets.
const COUNT_FORMAT = new Intl.NumberFormat('en-GB');

/** "2,345": a count with thousands separators. */
export function formatCount(count: number): string {
  return COUNT_FORMAT.format(count);
}

/** "1 paragraph", "2,345 paragraphs". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

/** Three-letter month names, January first. */
export const MONTHS: readonly string[] = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "25 Nov 2024" from an ISO date; other strings are returned as they are. */
export function formatDate(date: string | null): string | null {
  if (date === null) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (match === null) return date;
  const month = MONTHS[Number(match[2]) - 1];
  return month === undefined ? date : `${Number(match[3])} ${month} ${match[1]}`;
}
