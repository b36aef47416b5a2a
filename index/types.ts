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

/** What a paragraph refers to, as ids: ISO alpha-2 codes, person slugs, topic ids, place ids. */
export interface Tags {
  countries: string[];
  persons: string[];
  topics: string[];
  /** Cities and regions (`paris-fr`, `gb-sct`); each one's country is among `countries`. */
  places: string[];
}

/** The facets a tagger fills. */
export type TagFacet = 'country' | 'person' | 'topic' | 'place';

/**
 * Why a paragraph has a tag: the characters of its text that decided it (`text.slice(start, end)`, UTF-16 offsets)
 * and the rule or knowledge entry that read them (`people.json: Tony Blair`, `countries.json: demonym`).
 */
export interface TagEvidence {
  facet: TagFacet;
  value: string;
  start: number;
  end: number;
  rule: string;
}

/** A paragraph's tags with their evidence: every tag has at least one entry. */
export interface EvidencedTags extends Tags {
  evidence: TagEvidence[];
}

export interface CountryEntity {
  code: string;
  name: string;
  /** Other names and short forms (UK, Britain): what a filter may be given instead of the code. */
  names?: string[];
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

/** A city or first-level region of the gazetteer. */
export interface PlaceEntity {
  /** `paris-fr`, `paris-us` (Texas), `gb-sct` (an ISO 3166-2 code for a region). */
  id: string;
  name: string;
  /** The name with what tells it apart: "Paris, Texas, United States", "Scotland, United Kingdom". */
  label: string;
  kind: 'city' | 'region';
  /** ISO alpha-2 code of the country it lies in. */
  country: string;
  /** ISO 3166-2 code of the region (its own for a region), when the gazetteer says. */
  region: string | null;
  /** Other names a filter may be given: aliases, "Paris, Texas". */
  names?: string[];
  /** The name of the region a city lies in ("Texas"), when the gazetteer says. */
  regionName?: string;
}

/** Every entity that any paragraph of the index is tagged with, by id. */
export interface EntityCatalog {
  countries: Record<string, CountryEntity>;
  persons: Record<string, PersonEntity>;
  topics: Record<string, TopicEntity>;
  places: Record<string, PlaceEntity>;
}

/** An article's stored record: everything but its text and where it was read from. */
export type DocumentRecord = Omit<Article, 'text' | 'origin'>;

/** A paragraph as stored in the index, with its tags. */
export interface StoredParagraph extends Paragraph, Tags {
  /** Absent only in hand-made content; every built index has it. */
  evidence?: TagEvidence[];
}

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

/** What a hit is: a paragraph (words and filters met in one paragraph) or an article (met anywhere in it). */
export type Scope = 'paragraph' | 'article';

/** `article`: one hit per article, its other matching paragraphs folded into it. */
export type Grouping = 'none' | 'article';

/**
 * A request's filters: every list filter of the facet schema (index/schema.ts) by name, values of one filter
 * OR-ed, different filters AND-ed; the built-in ones are named here, metadata facets (DOSSIER_FACETS) come by name.
 */
export interface Filters {
  country: string[];
  person: string[];
  topic: string[];
  place: string[];
  source: string[];
  doc: string[];
  /** Inclusive ISO dates (YYYY-MM-DD) or null. */
  from: string | null;
  to: string | null;
  [metadataFacet: string]: string[] | string | null | undefined;
}

/** The entity kinds that have a page of their own. */
export type EntityKind = 'country' | 'person' | 'topic' | 'place';

/** Values of each list filter: the built-in ones always there, metadata facets by name. */
export interface FilterLists {
  country: string[];
  person: string[];
  topic: string[];
  place: string[];
  source: string[];
  doc: string[];
  [metadataFacet: string]: string[];
}

/** A facet of the schema: country, person, topic, source, year, or a metadata facet. */
export type FacetName = string;

/** The facets every index has. */
export type BuiltInFacet = 'country' | 'person' | 'topic' | 'place' | 'source' | 'year';

/** Facet values by facet name; the built-in facets are always there. */
export interface FacetCounts {
  country: FacetValue[];
  person: FacetValue[];
  topic: FacetValue[];
  place: FacetValue[];
  source: FacetValue[];
  year: FacetValue[];
  [metadataFacet: string]: FacetValue[];
}

export interface SearchRequest {
  q: string;
  /** Values of one filter are OR-ed (disjunctive counts), unless the filter is in `allOf`. */
  filters: Filters;
  /** List filters whose values must all be present (`personMatch=all`): co-mentions; counted conjunctively. */
  allOf?: string[];
  /** Values excluded per list filter (`notcountry=GB`): a hit has none of them. */
  exclude?: Record<string, string[]>;
  sort: SortOrder;
  /** 1-based. */
  page: number;
  /** 0: facets and totals only. */
  size: number;
  facetSize: number;
  /** Typo and prefix matches for every word (`fuzzy=on`); otherwise only for a word with no exact match. Default off. */
  fuzzy?: boolean;
  /** Default `paragraph`. */
  scope?: Scope;
  /** Default `none`. */
  group?: Grouping;
  /** Fold identical paragraphs (normalised text) into one hit. Default on. */
  collapse?: boolean;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
  selected: boolean;
  /** Excluded by the request (`notcountry=GB`): no hit has it. */
  excluded?: boolean;
  /** Only on person facet values. */
  leader?: boolean;
}

/** A paragraph pointed at from a hit: a copy of it elsewhere, or another match in its article. */
export interface ParagraphLink {
  /** `<docId>#p-<n>` */
  id: string;
  docId: string;
  n: number;
  url: string;
  title: string;
  date: string | null;
  /** The paragraph's first words. */
  excerpt: string;
}

/** Paragraphs folded into a hit: how many, and the first few of them. */
export interface Folded {
  count: number;
  shown: ParagraphLink[];
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
  places: PlaceEntity[];
  score: number;
  /** Matching paragraphs with the same normalised text (in other articles, mostly), folded into this hit. */
  copies: Folded;
  /** Other matching paragraphs of the same article, folded into this hit by `group=article` or `scope=article`. */
  more: Folded;
}

/** A word of the query matched beyond its exact forms, and the words of the text it reached. */
export interface ExpandedWord {
  word: string;
  /** Words of the text reached by typo or prefix, most frequent first. */
  to: string[];
  /** `auto`: the word has no exact match in the corpus; `requested`: fuzzy=on. */
  why: 'auto' | 'requested';
}

/** Volume of the current result over time: per month when its dates span up to 36 months, else per year. */
export interface Timeline {
  unit: 'month' | 'year';
  /** Consecutive periods from the first dated hit to the last, empty ones included. */
  buckets: Array<{ period: string; from: string; to: string; count: number }>;
  /** Hits without a date (not in any bucket). */
  undated: number;
}

export interface SearchPage {
  query: SearchRequest;
  /** What `total`, facet counts and the timeline count: paragraphs, or articles under `scope=article`. */
  unit: Scope;
  /** Paragraphs (or articles) passing the query and every filter: exact, every copy counted. */
  total: number;
  /** Results after folding copies and grouping by article: what the pages list. */
  distinct: number;
  /** Matching paragraphs folded away: identical copies, and other paragraphs of an article under grouping. */
  folded: { copies: number; inArticles: number };
  page: number;
  size: number;
  /** True when no paragraph matched every word and the answer matches any of them. */
  relaxed: boolean;
  /** Words matched beyond their exact forms in this answer. */
  expanded: ExpandedWord[];
  /** When matching is exact: how many more hits typo and prefix matching would add, and through which words. */
  wider: { count: number; words: string[] } | null;
  /** Whether any article of the index has a date (else date sorting, ranges and the timeline mean nothing). */
  dated: boolean;
  timeline: Timeline;
  tookMs: number;
  hits: Hit[];
  facets: FacetCounts;
}
