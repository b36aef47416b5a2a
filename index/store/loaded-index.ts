import type SearchableMap from 'minisearch/SearchableMap';
import type { TermIndex } from './term-index.ts';
import type { FacetSchema } from '../schema.ts';
import type { BuiltInFacet, DocumentRecord, EntityCatalog, StoredParagraph } from '../types.ts';

export { FIELD_BOOST, SEARCH_FIELDS, TermIndex, type Postings, type SearchField } from './term-index.ts';

/**
 * The index as data, in memory: what the builder makes, the file stores and the query engine reads. Types and the
 * format version only; format.ts reads and writes files, builder.ts makes indexes, assemble.ts completes them.
 */

/** Bump when the layout or the meaning of any part changes; older files are then refused. */
export const FORMAT_VERSION = 8;

/** What an index file says about itself; the first line of the file. */
export interface IndexHeader {
  formatVersion: number;
  builtAt: string;
  corpusHash: string;
  corpus: string;
  documents: number;
  paragraphs: number;
  stats: Record<string, number>;
  /**
   * The corpus as listed when it was read (paths, sizes, times: see read-corpus.ts) and the hash of its contents:
   * while the listing is the same, the staleness check reuses the hash instead of reading every file again.
   */
  corpusListing?: { manifest: string; contentHash: string };
}

/** Everything the builder hands over; paragraph ordinals (array positions) are the search ids. */
export interface IndexContent {
  header: IndexHeader;
  documents: DocumentRecord[];
  paragraphs: StoredParagraph[];
  entities: EntityCatalog;
}

/**
 * One facet as a column over paragraphs, in compressed-row form: the values of paragraph p are
 * `values[ids[k]]` for k from `offsets[p]` to `offsets[p + 1]`. Counting a facet over N hits is O(N × tags).
 */
export interface FacetColumn {
  values: string[];
  ordinalOf: Map<string, number>;
  offsets: Int32Array;
  ids: Int32Array;
}

/** The facet columns by facet name; the built-in ones are always there. */
export type FacetColumns = Record<BuiltInFacet, FacetColumn> & Partial<Record<string, FacetColumn>>;

/** Folded surface words of the text, sorted, with the number of paragraphs that contain each and its index term. */
export interface Vocabulary {
  words: string[];
  counts: number[];
  terms: string[];
}

/** An index ready to answer queries: the content plus the term index and lookups built at load. */
export interface LoadedIndex extends IndexContent {
  terms: TermIndex;
  vocabulary: Vocabulary;
  /** Vocabulary word → its position in `vocabulary`, as a radix tree for typo search over whole words. */
  wordTree: SearchableMap<number>;
  /** Document id → position in `documents`. */
  documentOrdinal: Map<string, number>;
  /** Paragraph ordinal → document ordinal. */
  paragraphDocument: Int32Array;
  /** Document ordinal → its paragraph ordinals, by paragraph number. */
  documentParagraphs: Int32Array[];
  /** Paragraph ordinal → rank in browse order (newest document first, then paragraph order). */
  recencyRank: Int32Array;
  /** Paragraph ordinal → the first paragraph with the same folded words (itself when none comes before). */
  copyOf: Int32Array;
  /** By first copy: how many paragraphs share its words (0 for a paragraph that is a later copy). */
  copyCount: Int32Array;
  /** The filters and facets this index answers with: the built-in ones and the metadata facets it was loaded with. */
  schema: FacetSchema;
  /** A column per facet of the schema. */
  columns: FacetColumns;
}

