import type { EntityCatalog, TagFacet, Tags } from './types.ts';

/**
 * The one declaration of every filter and facet. The parameter parser, the query language's `name:value` prefixes,
 * filter compilation, facet counting, the view-models and the export all read this list, so adding a facet is one
 * entry here (or, for a field of the corpus's own, one name in DOSSIER_FACETS). Pure data and small pure functions.
 */

/** Where a field's values come from. */
export type FieldSource =
  /** A paragraph's tags: entity ids resolved through the entity catalogue. */
  | { kind: 'tag'; tags: TagField; entity: TagFacet }
  /** One value of the paragraph's article: a record field (source, author) or a metadata field (JSONL, front matter). */
  | { kind: 'document'; field: string }
  /** The article id: a filter that scopes a search to articles, never counted. */
  | { kind: 'doc' }
  /** The article's year: counted as a facet, filtered through the from/to date range. */
  | { kind: 'year' };

/** One filter and/or facet. */
export interface FacetField {
  /** The URL parameter, the `name:` prefix in `q`, and the facet's key in answers. */
  name: string;
  /** What the site calls it: 'Country', 'Source'. */
  label: string;
  source: FieldSource;
  /** Counted as a facet (with disjunctive counts). */
  facet: boolean;
  /** A list filter: `?name=a&name=b` and `name:a` in `q`, values of one filter OR-ed. The year filters through from/to. */
  filter: boolean;
  /** Values are ISO 3166-1 alpha-2 codes: checked and upper-cased wherever they are read. */
  countryCode: boolean;
  /** An example value for messages: `country:FR`. */
  example: string;
  /** Placeholder of the facet's filter box on the site. */
  filterPlaceholder: string;
}

/** The ordered list of fields an index answers with: the built-in ones, then the metadata facets configured. */
export interface FacetSchema {
  fields: readonly FacetField[];
  /** By name. */
  byName: ReadonlyMap<string, FacetField>;
  /** Names of the list filters, in order. */
  filterNames: readonly string[];
  /** Names of the facets, in order. */
  facetNames: readonly string[];
}

/** The facets a tagger fills, in the order the index file stores them, and the field of a paragraph or of the entity
 * catalog that holds each one's values. */
export const TAG_FACETS = ['country', 'person', 'topic', 'place'] as const satisfies readonly TagFacet[];
export const TAG_FIELD = {
  country: 'countries', person: 'persons', topic: 'topics', place: 'places',
} as const satisfies Record<TagFacet, keyof Tags & keyof EntityCatalog>;
export type TagField = (typeof TAG_FIELD)[TagFacet];

const BUILT_IN: readonly FacetField[] = [
  field('country', 'Country', { kind: 'tag', tags: 'countries', entity: 'country' }, { countryCode: true, example: 'FR', filterPlaceholder: 'Filter countries' }),
  field('person', 'Person', { kind: 'tag', tags: 'persons', entity: 'person' }, { example: 'emmanuel-macron', filterPlaceholder: 'Filter people' }),
  field('topic', 'Topic', { kind: 'tag', tags: 'topics', entity: 'topic' }, { example: 'troop-deployment', filterPlaceholder: 'Filter topics' }),
  field('place', 'Place', { kind: 'tag', tags: 'places', entity: 'place' }, { example: 'paris-fr', filterPlaceholder: 'Filter places' }),
  field('source', 'Source', { kind: 'document', field: 'source' }, { example: '"Le Monde"', filterPlaceholder: 'Filter sources' }),
  field('doc', 'Article', { kind: 'doc' }, { facet: false, example: '<document id>' }),
  field('year', 'Year', { kind: 'year' }, { filter: false, example: '2025' }),
];

/** Names a metadata facet may not take: the built-in names, the other search parameters and the export's columns. */
const RESERVED = new Set([
  ...BUILT_IN.map((builtIn) => builtIn.name),
  'q', 'sort', 'page', 'size', 'facetsize', 'format', 'prefix', 'from', 'to', 'or',
  'fuzzy', 'scope', 'group', 'collapse', 'compare',
  // Export columns, which a metadata facet's column would shadow.
  'id', 'docid', 'n', 'url', 'title', 'date', 'section', 'countries', 'countrycodes', 'persons', 'personids', 'topics',
  'topicids', 'places', 'placeids', 'score', 'text', 'metadata',
]);

/** At most this many metadata facets: each takes a bit of a filter mask, and 16 bits hold them all. */
export const MAX_METADATA_FACETS = 10;

/** The built-in fields only: what an index answers with when no metadata facet is configured. */
export const BUILT_IN_SCHEMA: FacetSchema = schemaOf(BUILT_IN);

/**
 * The schema with a metadata facet for each named field (e.g. `category` of the BBC corpus), or a message saying
 * which name cannot be one. A field is read from the article record when it has one of that name (author),
 * otherwise from the article's metadata.
 */
export function facetSchema(metadataFields: readonly string[]): { ok: true; value: FacetSchema } | { ok: false; message: string } {
  if (metadataFields.length === 0) return { ok: true, value: BUILT_IN_SCHEMA };
  if (metadataFields.length > MAX_METADATA_FACETS) {
    return { ok: false, message: `at most ${MAX_METADATA_FACETS} metadata facets, got ${metadataFields.length}` };
  }
  const fields = [...BUILT_IN];
  for (const name of metadataFields) {
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(name)) {
      return { ok: false, message: `"${name}" is not a facet name: use lower-case letters, digits and _, starting with a letter` };
    }
    if (RESERVED.has(name.toLowerCase())) return { ok: false, message: `"${name}" is already a filter or parameter of its own` };
    if (fields.some((existing) => existing.name === name)) return { ok: false, message: `"${name}" is named twice` };
    // `not<filter>` excludes a filter's values in URLs: a facet may not take such a name, nor one that makes one.
    const clash = [...fields.map((existing) => existing.name), ...metadataFields].find((other) => name === `not${other}` || other === `not${name}`);
    if (clash !== undefined) return { ok: false, message: `"${name}" would clash with the URL parameter that excludes values of "${clash.replace(/^not/, '')}"` };
    fields.push(field(name, titleCase(name), { kind: 'document', field: name }, { example: 'value', filterPlaceholder: `Filter ${name.replace(/_/g, ' ')}` }));
  }
  return { ok: true, value: schemaOf(fields) };
}

/** Parses a comma-separated list of metadata field names (DOSSIER_FACETS, --facets), ignoring blanks. */
export function metadataFieldList(text: string | undefined): string[] {
  return (text ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
}

/** The names of the metadata facets of a schema (those after the built-in fields), for saving and reloading. */
export function metadataFieldsOf(schema: FacetSchema): string[] {
  return schema.fields.slice(BUILT_IN.length).map((metadata) => metadata.name);
}

function field(
  name: string, label: string, source: FieldSource,
  options: Partial<Pick<FacetField, 'facet' | 'filter' | 'countryCode' | 'example' | 'filterPlaceholder'>>,
): FacetField {
  return {
    name,
    label,
    source,
    facet: options.facet ?? true,
    filter: options.filter ?? true,
    countryCode: options.countryCode ?? false,
    example: options.example ?? 'value',
    filterPlaceholder: options.filterPlaceholder ?? `Filter ${label.toLowerCase()}`,
  };
}

function schemaOf(fields: readonly FacetField[]): FacetSchema {
  return {
    fields,
    byName: new Map(fields.map((entry) => [entry.name, entry])),
    filterNames: fields.filter((entry) => entry.filter).map((entry) => entry.name),
    facetNames: fields.filter((entry) => entry.facet).map((entry) => entry.name),
  };
}

function titleCase(name: string): string {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
