import SearchableMap from 'minisearch/SearchableMap';
import { BUILT_IN_SCHEMA, type FacetSchema } from '../schema.ts';
import type { FacetColumn, FacetColumns, LoadedIndex, Vocabulary } from './loaded-index.ts';
import type { TermIndex } from './term-index.ts';
import type { DocumentRecord, EntityCatalog, StoredParagraph, TagFacet } from '../types.ts';

/**
 * The lookups an index answers with besides its terms (documents by id, paragraphs by document, browse order,
 * facet columns), derived from the stored columns by linear passes. The builder and the loader both end here,
 * so a built index and a loaded one are the same.
 */

/** What the builder and the index file both provide. */
export interface IndexParts {
  header: LoadedIndex['header'];
  documents: DocumentRecord[];
  paragraphs: StoredParagraph[];
  entities: EntityCatalog;
  terms: TermIndex;
  vocabulary: Vocabulary;
  /** Paragraph ordinal → document ordinal (-1 for a paragraph whose document is unknown). */
  paragraphDocument: Int32Array;
  /** Paragraph ordinal → its number in its document (`n`), so that lookups never touch the paragraph objects. */
  paragraphNumbers: Int32Array;
  /** Paragraph ordinal → the first paragraph with the same folded words (itself when none comes before). */
  copyOf: Int32Array;
  /** The tag columns; their per-paragraph values are the paragraphs' own tags, without repeats. */
  tagColumns: Record<TagFacet, FacetColumn>;
  /** The filters and facets to answer with; the built-in ones when absent. */
  schema?: FacetSchema;
}

/** Completes the parts into an index: document lookups, browse order, document facets, the word tree on demand. */
export function assembleIndex(parts: IndexParts): LoadedIndex {
  const { documents, paragraphs, paragraphDocument } = parts;
  const documentOrdinal = new Map<string, number>();
  documents.forEach((document, ordinal) => documentOrdinal.set(document.id, ordinal));
  const documentParagraphs = paragraphsByDocument(documents.length, parts.paragraphNumbers, paragraphDocument);
  const schema = parts.schema ?? BUILT_IN_SCHEMA;
  const columns = facetColumns(schema, parts.tagColumns, documents, paragraphDocument);
  let wordTree: SearchableMap<number> | null = null;
  const vocabulary = parts.vocabulary;
  return {
    header: parts.header,
    documents,
    paragraphs,
    entities: lookupSafe(parts.entities),
    terms: parts.terms,
    vocabulary,
    // The radix tree serves prefix and typo search only; building it waits for the first such query.
    get wordTree(): SearchableMap<number> {
      wordTree ??= buildWordTree(vocabulary);
      return wordTree;
    },
    documentOrdinal,
    paragraphDocument,
    documentParagraphs,
    recencyRank: recencyRanks(documents, documentParagraphs, paragraphs.length),
    copyOf: parts.copyOf,
    copyCount: copyCounts(parts.copyOf),
    schema,
    columns,
  };
}

/** How many paragraphs share each first copy's words (1 for a paragraph with no copy), by the first copy's ordinal. */
function copyCounts(copyOf: Int32Array): Int32Array {
  const counts = new Int32Array(copyOf.length);
  for (let k = 0; k < copyOf.length; k += 1) {
    const first = copyOf[k] ?? k;
    counts[first] = (counts[first] ?? 0) + 1;
  }
  return counts;
}

/**
 * The catalog with prototype-free maps: ids come from the corpus and the URL, and an id such as `constructor`
 * must find nothing rather than `Object.prototype.constructor`.
 */
function lookupSafe(entities: EntityCatalog): EntityCatalog {
  const copy = <T>(map: Record<string, T>): Record<string, T> => Object.assign(Object.create(null) as Record<string, T>, map);
  return { countries: copy(entities.countries), persons: copy(entities.persons), topics: copy(entities.topics), places: copy(entities.places) };
}

function buildWordTree(vocabulary: Vocabulary): SearchableMap<number> {
  const tree = new SearchableMap<number>();
  vocabulary.words.forEach((word, position) => tree.set(word, position));
  return tree;
}

/** Each document's paragraph ordinals, by paragraph number. */
function paragraphsByDocument(documentCount: number, numbers: Int32Array, paragraphDocument: Int32Array): Int32Array[] {
  const counts = new Int32Array(documentCount + 1);
  for (const doc of paragraphDocument) if (doc >= 0) counts[doc + 1] = (counts[doc + 1] ?? 0) + 1;
  for (let doc = 0; doc < documentCount; doc += 1) counts[doc + 1] = (counts[doc + 1] ?? 0) + (counts[doc] ?? 0);
  const all = new Int32Array(counts[documentCount] ?? 0);
  const next = counts.slice(0, documentCount);
  paragraphDocument.forEach((doc, ordinal) => {
    if (doc < 0) return;
    all[next[doc] ?? 0] = ordinal;
    next[doc] = (next[doc] ?? 0) + 1;
  });
  const byDocument: Int32Array[] = [];
  for (let doc = 0; doc < documentCount; doc += 1) {
    const ordinals = all.subarray(counts[doc] ?? 0, counts[doc + 1] ?? 0);
    // The builder emits a document's paragraphs in order; sorting is for content assembled by hand.
    if (!isSortedBy(ordinals, numbers)) ordinals.set([...ordinals].sort((a, b) => (numbers[a] ?? 0) - (numbers[b] ?? 0)));
    byDocument.push(ordinals);
  }
  return byDocument;
}

function isSortedBy(ordinals: Int32Array, numbers: Int32Array): boolean {
  for (let k = 1; k < ordinals.length; k += 1) {
    if ((numbers[ordinals[k - 1] as number] as number) > (numbers[ordinals[k] as number] as number)) return false;
  }
  return true;
}

/** Paragraph ordinal → rank in browse order: newest document first, undated last, then document order, then number. */
function recencyRanks(documents: readonly DocumentRecord[], documentParagraphs: readonly Int32Array[], paragraphCount: number): Int32Array {
  const documentOrder = documents.map((_, ordinal) => ordinal).sort((a, b) => {
    const dateA = documents[a]?.date ?? '';
    const dateB = documents[b]?.date ?? '';
    return dateA === dateB ? a - b : dateA < dateB ? 1 : -1;
  });
  const recencyRank = new Int32Array(paragraphCount);
  let rank = 0;
  for (const doc of documentOrder) {
    for (const ordinal of documentParagraphs[doc] ?? []) recencyRank[ordinal] = rank++;
  }
  return recencyRank;
}

/** A column for every facet of the schema: tags as stored, document fields and the year derived from documents. */
function facetColumns(
  schema: FacetSchema, tagColumns: IndexParts['tagColumns'], documents: readonly DocumentRecord[], paragraphDocument: Int32Array,
): FacetColumns {
  const columns: Partial<Record<string, FacetColumn>> = {};
  for (const { name, source } of schema.fields) {
    if (source.kind === 'tag') columns[name] = tagColumns[source.entity];
    else if (source.kind === 'year') columns[name] = documentColumn(documents, paragraphDocument, (document) => document.date?.slice(0, 4) ?? null);
    else if (source.kind === 'document') columns[name] = documentColumn(documents, paragraphDocument, (document) => documentField(document, source.field));
  }
  return columns as FacetColumns;
}

/** A document's value of a record field (source, author) or, failing that, of a metadata field. */
function documentField(document: DocumentRecord, field: string): string | null {
  const own = RECORD_FIELDS.has(field) ? document[field as 'source'] : undefined;
  const value = own ?? (Object.hasOwn(document.metadata, field) ? document.metadata[field] : null);
  return value === null || value === undefined ? null : String(value).trim();
}

const RECORD_FIELDS = new Set(['source', 'author']);

/** A facet column whose value per paragraph is one value of its document (source, year), or none. */
function documentColumn(
  documents: readonly DocumentRecord[],
  paragraphDocument: Int32Array,
  valueOf: (document: DocumentRecord) => string | null,
): FacetColumn {
  const builder = new ColumnBuilder(paragraphDocument.length);
  const byDocument = documents.map((document) => {
    const value = valueOf(document);
    return value === null || value === '' ? [] : [value];
  });
  for (const doc of paragraphDocument) builder.add(byDocument[doc] ?? []);
  return builder.finish();
}

/** Builds a facet column paragraph by paragraph; values get ordinals in order of first appearance. */
export class ColumnBuilder {
  private readonly values: string[] = [];
  private readonly ordinalOf = new Map<string, number>();
  private offsets: Int32Array;
  private ids = new Int32Array(1024);
  private paragraphs = 0;

  constructor(expectedParagraphs = 1024) {
    this.offsets = new Int32Array(Math.max(expectedParagraphs, 16) + 1);
  }

  /** Adds the next paragraph's values; a value repeated within the paragraph counts once. */
  add(paragraphValues: readonly string[]): void {
    const start = this.offsets[this.paragraphs] ?? 0;
    let end = start;
    for (const value of paragraphValues) {
      let ordinal = this.ordinalOf.get(value);
      if (ordinal === undefined) {
        ordinal = this.values.length;
        this.values.push(value);
        this.ordinalOf.set(value, ordinal);
      } else if (this.ids.subarray(start, end).includes(ordinal)) {
        continue;
      }
      if (end === this.ids.length) this.ids = grown(this.ids, end * 2);
      this.ids[end] = ordinal;
      end += 1;
    }
    this.paragraphs += 1;
    if (this.paragraphs === this.offsets.length) this.offsets = grown(this.offsets, this.offsets.length * 2);
    this.offsets[this.paragraphs] = end;
  }

  finish(): FacetColumn {
    return {
      values: this.values,
      ordinalOf: this.ordinalOf,
      offsets: this.offsets.slice(0, this.paragraphs + 1),
      ids: this.ids.slice(0, this.offsets[this.paragraphs] ?? 0),
    };
  }
}

/** A copy of `array` with room for `size` entries. */
export function grown<T extends Int32Array | Uint16Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(size);
  bigger.set(array);
  return bigger;
}
