/** The vocabulary shared by the build side and the read side. Types only: no code lives here. */

/** Extra fields kept from a JSONL line or front matter that Dossier does not interpret. */
export type Metadata = Record<string, string | number | boolean | null>;

/** One article as read from the corpus, before segmentation. */
export interface Article {
  /** URL-safe document id: the path inside the corpus without extension (`a/b.txt` → `a-b`), or the JSONL `id`. */
  id: string;
  /** Display title; derived from the first sentence when the article has none. */
  title: string;
  /** ISO date (YYYY-MM-DD), or null when the article does not say. Never invented. */
  date: string | null;
  author: string | null;
  source: string | null;
  url: string | null;
  /** The body: everything after front matter / JSONL fields, as written. */
  text: string;
  metadata: Metadata;
  /** Where the article came from, for messages: a path, or `path:line` for JSONL. */
  origin: string;
}

/** A clean paragraph of an article. `n` is 1-based; `/doc/<docId>#p-<n>` is its permalink. */
export interface Paragraph {
  docId: string;
  n: number;
  /** The section heading the paragraph sits under, or null. */
  section: string | null;
  text: string;
}

/** What a paragraph refers to, as ids: ISO alpha-2 codes, person slugs, topic ids. */
export interface Tags {
  countries: string[];
  persons: string[];
  topics: string[];
}

export interface CountryEntity {
  code: string;
  name: string;
}

export interface PersonEntity {
  /** Slug of the canonical name, e.g. `emmanuel-macron`. */
  id: string;
  name: string;
  /** Head of state or government, minister, party or international-organisation leader. */
  leader: boolean;
  role: string | null;
  /** ISO alpha-2 code of the person's country, when known. */
  country: string | null;
}

export interface TopicEntity {
  id: string;
  label: string;
}

/** Every entity that any paragraph of the index is tagged with, by id. */
export interface EntityCatalog {
  countries: Record<string, CountryEntity>;
  persons: Record<string, PersonEntity>;
  topics: Record<string, TopicEntity>;
}

/** An article's stored record: everything but its text and where it was read from. */
export type DocumentRecord = Omit<Article, 'text' | 'origin'>;

/** A paragraph as stored in the index, with its tags. */
export interface StoredParagraph extends Paragraph, Tags {}

/** A failure that is expected and reported to the user, never thrown. */
export interface DossierError {
  code: string;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DossierError };

/** A skipped input or a recovered problem, reported once by name. */
export interface Warning {
  origin: string;
  message: string;
}

// ---------- read side: requests and answers ----------

export type SortOrder = 'relevance' | 'date';

/**
 * A request's filters: every list filter of the facet schema (index/schema.ts) by name, values of one filter
 * OR-ed, different filters AND-ed; the built-in ones are named here, metadata facets (DOSSIER_FACETS) come by name.
 */
export interface Filters {
  country: string[];
  person: string[];
  topic: string[];
  source: string[];
  doc: string[];
  /** Inclusive ISO dates (YYYY-MM-DD) or null. */
  from: string | null;
  to: string | null;
  [metadataFacet: string]: string[] | string | null | undefined;
}

/** The entity kinds that have a page of their own. */
export type EntityKind = 'country' | 'person' | 'topic';

/** Values of each list filter: the built-in ones always there, metadata facets by name. */
export interface FilterLists {
  country: string[];
  person: string[];
  topic: string[];
  source: string[];
  doc: string[];
  [metadataFacet: string]: string[];
}

/** A facet of the schema: country, person, topic, source, year, or a metadata facet. */
export type FacetName = string;

/** The facets every index has. */
export type BuiltInFacet = 'country' | 'person' | 'topic' | 'source' | 'year';

/** Facet values by facet name; the built-in facets are always there. */
export interface FacetCounts {
  country: FacetValue[];
  person: FacetValue[];
  topic: FacetValue[];
  source: FacetValue[];
  year: FacetValue[];
  [metadataFacet: string]: FacetValue[];
}

export interface SearchRequest {
  q: string;
  filters: Filters;
  sort: SortOrder;
  /** 1-based. */
  page: number;
  size: number;
  facetSize: number;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
  selected: boolean;
  /** Only on person facet values. */
  leader?: boolean;
}

export interface Hit {
  /** `<docId>#p-<n>` */
  id: string;
  docId: string;
  n: number;
  /** `/doc/<docId>#p-<n>` */
  url: string;
  title: string;
  date: string | null;
  source: string | null;
  section: string | null;
  text: string;
  /** HTML: escaped text with matched words in `<mark>`; nothing else is markup. */
  snippet: string;
  countries: CountryEntity[];
  persons: Array<Pick<PersonEntity, 'id' | 'name' | 'leader' | 'role'>>;
  topics: TopicEntity[];
  score: number;
}

export interface SearchPage {
  query: SearchRequest;
  total: number;
  page: number;
  size: number;
  /** True when no paragraph matched every word and the answer matches any of them. */
  relaxed: boolean;
  tookMs: number;
  hits: Hit[];
  facets: FacetCounts;
}
