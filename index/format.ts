import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { foldWord, indexTerm, STOP_WORDS, words } from './text.ts';
import type {
  DocumentRecord, EntityCatalog, FacetName, Result, StoredParagraph,
} from './types.ts';

/**
 * The index file format, owned here alone. A file has three lines of JSON:
 *   1. the header (cheap to read on its own),
 *   2. the content: documents, paragraphs, entity catalog,
 *   3. the search structures: term postings per field, field lengths, vocabulary.
 * Lookups (facet columns, documents by id, recency order) are rebuilt at load from lines 2–3.
 */

/** Bump when the layout or the meaning of any line changes; older files are then refused. */
export const FORMAT_VERSION = 1;

/** What an index file says about itself; the first line of the file. */
export interface IndexHeader {
  formatVersion: number;
  builtAt: string;
  corpusHash: string;
  corpus: string;
  documents: number;
  paragraphs: number;
  stats: Record<string, number>;
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

/** Folded surface words of the text, sorted, with the number of paragraphs that contain each and its index term. */
export interface Vocabulary {
  words: string[];
  counts: number[];
  terms: string[];
}

/** An index ready to answer queries: the content plus the term index and lookups built at load. */
export interface LoadedIndex extends IndexContent {
  terms: ParagraphIndex;
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
  columns: Record<FacetName, FacetColumn>;
}

// ---------- minisearch options ----------

/** The searched fields, in field-id order. */
export const SEARCH_FIELDS = ['text', 'title', 'section'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** The paragraph text counts fully; the document title and section heading help, but weaker. */
export const FIELD_BOOST: Readonly<Record<SearchField, number>> = { text: 1, title: 0.3, section: 0.5 };

/** How query and document words become index terms: fold, drop stop words, stem (text.ts). */
export function processTerm(word: string): string | null {
  return indexTerm(word);
}

/** Splits a field or a query into words, the same way on both sides (text.ts). */
export function tokenizeForIndex(text: string): string[] {
  return words(text);
}

function miniSearchOptions(content?: Pick<IndexContent, 'documents' | 'paragraphs'>, docOf?: Int32Array) {
  return {
    fields: [...SEARCH_FIELDS],
    idField: 'id',
    storeFields: [],
    tokenize: tokenizeForIndex,
    processTerm,
    autoVacuum: false as const,
    // Documents are paragraph ordinals; the fields are read from the content arrays, not copied.
    extractField: (ordinal: number, field: string): string | number | null => {
      if (field === 'id') return ordinal;
      const paragraph = content?.paragraphs[ordinal];
      if (paragraph === undefined) return null;
      if (field === 'text') return paragraph.text;
      if (field === 'section') return paragraph.section;
      return content?.documents[docOf?.[ordinal] ?? -1]?.title ?? null;
    },
  };
}

/** A query term's reach in the index: an index term and how it was reached. */
export interface TermMatch {
  term: string;
  kind: 'exact' | 'prefix' | 'fuzzy';
  /** Edit distance for fuzzy matches, extra letters for prefix matches, 0 for exact. */
  distance: number;
}

/** Postings of one term, flattened per field: [paragraph delta, frequency, paragraph delta, frequency, …] or 0. */
type StoredTermEntry = [string, ...Array<number[] | 0>];

interface StoredTerms {
  averageFieldLength: number[];
  /** Per paragraph, the distinct-word count of each field, flattened (paragraph × fields). */
  fieldLength: number[];
  entries: StoredTermEntry[];
}

/**
 * The term index: a MiniSearch over paragraphs (id = paragraph ordinal) with read access to its postings, so the
 * query side can combine terms, phrases and filters itself and know how each term matched (exact, prefix, typo).
 */
export class ParagraphIndex extends MiniSearch<number> {
  /** Index terms reached by `term`: itself, longer terms it starts (when `prefix`), terms within `maxTypos` edits. */
  expand(term: string, maxTypos: number, prefix: boolean): TermMatch[] {
    const found = new Map<string, TermMatch>();
    if (this._index.has(term)) found.set(term, { term, kind: 'exact', distance: 0 });
    if (prefix) {
      for (const key of this._index.atPrefix(term).keys()) {
        if (!found.has(key)) found.set(key, { term: key, kind: 'prefix', distance: key.length - term.length });
      }
    }
    if (maxTypos > 0) {
      for (const [key, [, distance]] of this._index.fuzzyGet(term, maxTypos)) {
        if (!found.has(key)) found.set(key, { term: key, kind: 'fuzzy', distance });
      }
    }
    return [...found.values()];
  }

  /** Paragraph ordinal → frequency of `term` in one field (by id in SEARCH_FIELDS), or undefined. */
  postings(term: string, field: number): ReadonlyMap<number, number> | undefined {
    return this._index.get(term)?.get(field);
  }

  /** Distinct words of a paragraph's field, for BM25 length normalisation. */
  fieldLength(paragraph: number, field: number): number {
    return this._fieldLength.get(paragraph)?.[field] ?? 0;
  }

  /** Average distinct-word count of a field over all paragraphs. */
  averageFieldLength(field: number): number {
    return this._avgFieldLength[field] ?? 0;
  }

  /** Every index term starting with `prefix`, in no particular order. */
  termsWithPrefix(prefix: string): string[] {
    return [...this._index.atPrefix(prefix).keys()];
  }

  /** The compact stored form: postings as flat delta-encoded number arrays, nothing MiniSearch can recompute. */
  toStored(): StoredTerms {
    const entries: StoredTermEntry[] = [];
    for (const [term, fields] of this._index) {
      const entry: StoredTermEntry = [term];
      for (let field = 0; field < SEARCH_FIELDS.length; field += 1) {
        const postings = fields.get(field);
        if (postings === undefined || postings.size === 0) {
          entry.push(0);
          continue;
        }
        const flat: number[] = [];
        let previous = 0;
        for (const paragraph of [...postings.keys()].sort((a, b) => a - b)) {
          flat.push(paragraph - previous, postings.get(paragraph) ?? 0);
          previous = paragraph;
        }
        entry.push(flat);
      }
      entries.push(entry);
    }
    const fieldLength: number[] = [];
    for (let paragraph = 0; paragraph < this._documentCount; paragraph += 1) {
      const lengths = this._fieldLength.get(paragraph);
      for (let field = 0; field < SEARCH_FIELDS.length; field += 1) fieldLength.push(lengths?.[field] ?? 0);
    }
    // A field no paragraph has (no sections at all) leaves a hole in MiniSearch's averages.
    const averageFieldLength = SEARCH_FIELDS.map((_, field) => this._avgFieldLength[field] ?? 0);
    return { averageFieldLength, fieldLength, entries };
  }

  /** Rebuilds the term index of `paragraphCount` paragraphs from its stored form. */
  static fromStored(stored: StoredTerms, paragraphCount: number): ParagraphIndex {
    const index = new ParagraphIndex(miniSearchOptions());
    index._documentCount = paragraphCount;
    index._nextId = paragraphCount;
    index._avgFieldLength = [...stored.averageFieldLength];
    for (let paragraph = 0; paragraph < paragraphCount; paragraph += 1) {
      index._documentIds.set(paragraph, paragraph);
      index._idToShortId.set(paragraph, paragraph);
      const base = paragraph * SEARCH_FIELDS.length;
      index._fieldLength.set(paragraph, stored.fieldLength.slice(base, base + SEARCH_FIELDS.length));
    }
    for (const [term, ...fields] of stored.entries) {
      const data = new Map<number, Map<number, number>>();
      fields.forEach((flat, field) => {
        if (flat === 0) return;
        const postings = new Map<number, number>();
        let paragraph = 0;
        for (let k = 0; k + 1 < flat.length; k += 2) {
          paragraph += flat[k] ?? 0;
          postings.set(paragraph, flat[k + 1] ?? 0);
        }
        data.set(field, postings);
      });
      index._index.set(term, data);
    }
    return index;
  }
}

// ---------- build ----------

/** Builds the in-memory index from content: MiniSearch over paragraphs, vocabulary, lookups. */
export function buildIndex(content: IndexContent): LoadedIndex {
  const lookups = buildLookups(content.documents, content.paragraphs);
  const terms = new ParagraphIndex(miniSearchOptions(content, lookups.paragraphDocument));
  terms.addAll(content.paragraphs.map((_, ordinal) => ordinal));
  const header: IndexHeader = {
    ...content.header,
    formatVersion: FORMAT_VERSION,
    documents: content.documents.length,
    paragraphs: content.paragraphs.length,
  };
  const vocabulary = buildVocabulary(content.paragraphs);
  return { ...content, header, terms, vocabulary, wordTree: buildWordTree(vocabulary), ...lookups };
}

function buildVocabulary(paragraphs: readonly StoredParagraph[]): Vocabulary {
  const counts = new Map<string, number>();
  for (const paragraph of paragraphs) {
    const seen = new Set<string>();
    for (const word of words(paragraph.text)) {
      const folded = foldWord(word);
      if (folded.length < 2 || STOP_WORDS.has(folded) || seen.has(folded)) continue;
      seen.add(folded);
      counts.set(folded, (counts.get(folded) ?? 0) + 1);
    }
  }
  const sorted = [...counts.keys()].sort();
  return {
    words: sorted,
    counts: sorted.map((word) => counts.get(word) ?? 0),
    terms: sorted.map((word) => indexTerm(word) ?? word),
  };
}

function buildWordTree(vocabulary: Vocabulary): SearchableMap<number> {
  const tree = new SearchableMap<number>();
  vocabulary.words.forEach((word, position) => tree.set(word, position));
  return tree;
}

type Lookups = Pick<
  LoadedIndex,
  'documentOrdinal' | 'paragraphDocument' | 'documentParagraphs' | 'recencyRank' | 'columns'
>;

function buildLookups(documents: readonly DocumentRecord[], paragraphs: readonly StoredParagraph[]): Lookups {
  const documentOrdinal = new Map<string, number>();
  documents.forEach((document, ordinal) => documentOrdinal.set(document.id, ordinal));

  const paragraphDocument = new Int32Array(paragraphs.length);
  const byDocument: number[][] = documents.map(() => []);
  paragraphs.forEach((paragraph, ordinal) => {
    const doc = documentOrdinal.get(paragraph.docId) ?? -1;
    paragraphDocument[ordinal] = doc;
    byDocument[doc]?.push(ordinal);
  });
  const documentParagraphs = byDocument.map((ordinals) => {
    ordinals.sort((a, b) => (paragraphs[a]?.n ?? 0) - (paragraphs[b]?.n ?? 0));
    return Int32Array.from(ordinals);
  });

  // Newest document first; undated documents last; then document order, then paragraph number.
  const documentOrder = documents.map((_, ordinal) => ordinal).sort((a, b) => {
    const dateA = documents[a]?.date ?? '';
    const dateB = documents[b]?.date ?? '';
    return dateA === dateB ? a - b : dateA < dateB ? 1 : -1;
  });
  const recencyRank = new Int32Array(paragraphs.length);
  let rank = 0;
  for (const doc of documentOrder) {
    for (const ordinal of documentParagraphs[doc] ?? []) recencyRank[ordinal] = rank++;
  }

  const documentOf = (ordinal: number): DocumentRecord | undefined => documents[paragraphDocument[ordinal] ?? -1];
  const columns: Record<FacetName, FacetColumn> = {
    country: buildColumn(paragraphs.map((paragraph) => paragraph.countries)),
    person: buildColumn(paragraphs.map((paragraph) => paragraph.persons)),
    topic: buildColumn(paragraphs.map((paragraph) => paragraph.topics)),
    source: buildColumn(paragraphs.map((_, ordinal) => optional(documentOf(ordinal)?.source))),
    year: buildColumn(paragraphs.map((_, ordinal) => optional(documentOf(ordinal)?.date?.slice(0, 4)))),
  };
  return { documentOrdinal, paragraphDocument, documentParagraphs, recencyRank, columns };
}

function optional(value: string | null | undefined): string[] {
  return value === null || value === undefined || value === '' ? [] : [value];
}

function buildColumn(valuesPerParagraph: readonly string[][]): FacetColumn {
  const values: string[] = [];
  const ordinalOf = new Map<string, number>();
  const offsets = new Int32Array(valuesPerParagraph.length + 1);
  const ids: number[] = [];
  valuesPerParagraph.forEach((paragraphValues, paragraph) => {
    for (const value of new Set(paragraphValues)) {
      let ordinal = ordinalOf.get(value);
      if (ordinal === undefined) {
        ordinal = values.length;
        values.push(value);
        ordinalOf.set(value, ordinal);
      }
      ids.push(ordinal);
    }
    offsets[paragraph + 1] = ids.length;
  });
  return { values, ordinalOf, offsets, ids: Int32Array.from(ids) };
}

// ---------- save ----------

/** Writes the index atomically: a temporary file in the same folder, flushed to disk, then renamed over `file`. */
export async function saveIndex(file: string, index: LoadedIndex): Promise<void> {
  const directory = path.dirname(path.resolve(file));
  await mkdir(directory, { recursive: true });
  const temporary = path.join(directory, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await open(temporary, 'w');
  try {
    const content = { documents: index.documents, paragraphs: index.paragraphs, entities: index.entities };
    const search = { terms: index.terms.toStored(), vocabulary: index.vocabulary };
    // JSON.stringify never emits a raw newline, so lines are a safe frame.
    for (const part of [index.header, content, search]) await handle.write(`${JSON.stringify(part)}\n`);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, file);
}

// ---------- load ----------

const HEADER_LIMIT = 1 << 20;

/** Reads only the header line of an index file. */
export async function readIndexHeader(file: string): Promise<Result<IndexHeader>> {
  let firstLine: string;
  try {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(HEADER_LIMIT);
      const { bytesRead } = await handle.read(buffer, 0, HEADER_LIMIT, 0);
      const end = buffer.subarray(0, bytesRead).indexOf(0x0a);
      if (end < 0) return corrupt(file, 'its first line (the header) is incomplete');
      firstLine = buffer.toString('utf8', 0, end);
    } finally {
      await handle.close();
    }
  } catch (error) {
    return missingOrUnreadable(file, error);
  }
  return parseHeader(file, firstLine);
}

/** Loads an index file; a missing, corrupt or other-version file is an error value naming the file, never a throw. */
export async function loadIndex(file: string): Promise<Result<LoadedIndex>> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    return missingOrUnreadable(file, error);
  }
  const firstBreak = raw.indexOf('\n');
  const header = parseHeader(file, firstBreak < 0 ? raw : raw.slice(0, firstBreak));
  if (!header.ok) return header;
  const secondBreak = firstBreak < 0 ? -1 : raw.indexOf('\n', firstBreak + 1);
  const thirdBreak = secondBreak < 0 ? -1 : raw.indexOf('\n', secondBreak + 1);
  if (thirdBreak < 0 || raw.length !== thirdBreak + 1) {
    return corrupt(file, 'it is truncated or has extra data (expected exactly three lines)');
  }
  const content = parseJson(raw.slice(firstBreak + 1, secondBreak));
  const search = parseJson(raw.slice(secondBreak + 1, thirdBreak));
  const shapeProblem = contentProblem(content) ?? searchProblem(search, header.value.paragraphs);
  if (shapeProblem !== null) return corrupt(file, shapeProblem);
  const { documents, paragraphs, entities } = content as Omit<IndexContent, 'header'>;
  const { terms, vocabulary } = search as { terms: StoredTerms; vocabulary: Vocabulary };
  if (documents.length !== header.value.documents || paragraphs.length !== header.value.paragraphs) {
    return corrupt(file, 'its header counts do not match its content');
  }
  const lookups = buildLookups(documents, paragraphs);
  return {
    ok: true,
    value: {
      header: header.value,
      documents,
      paragraphs,
      entities,
      terms: ParagraphIndex.fromStored(terms, paragraphs.length),
      vocabulary,
      wordTree: buildWordTree(vocabulary),
      ...lookups,
    },
  };
}

function parseHeader(file: string, line: string): Result<IndexHeader> {
  const value = parseJson(line);
  if (!isRecord(value)) return corrupt(file, 'its first line is not a JSON header');
  if (typeof value.formatVersion === 'number' && value.formatVersion !== FORMAT_VERSION) {
    return {
      ok: false,
      error: {
        code: 'index_version',
        message: `index file ${file} has format version ${value.formatVersion}, this Dossier reads version ${FORMAT_VERSION}: rebuild it with "npm run index"`,
      },
    };
  }
  const ok = typeof value.formatVersion === 'number' && typeof value.builtAt === 'string'
    && typeof value.corpusHash === 'string' && typeof value.corpus === 'string'
    && isCount(value.documents) && isCount(value.paragraphs)
    && isRecord(value.stats) && Object.values(value.stats).every((stat) => typeof stat === 'number');
  if (!ok) return corrupt(file, 'its header does not have the expected fields');
  return { ok: true, value: value as unknown as IndexHeader };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function contentProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'its content line is not JSON';
  const { documents, paragraphs, entities } = value;
  if (!Array.isArray(documents) || !documents.every(isDocumentRecord)) return 'its documents are malformed';
  if (!Array.isArray(paragraphs) || !paragraphs.every(isStoredParagraph)) return 'its paragraphs are malformed';
  if (!isRecord(entities) || !isRecord(entities.countries) || !isRecord(entities.persons) || !isRecord(entities.topics)) {
    return 'its entity catalog is malformed';
  }
  return null;
}

function searchProblem(value: unknown, paragraphCount: number): string | null {
  if (!isRecord(value) || !isRecord(value.terms) || !isRecord(value.vocabulary)) return 'its search line is not JSON';
  const { averageFieldLength, fieldLength, entries } = value.terms;
  if (!isNumberArray(averageFieldLength) || averageFieldLength.length !== SEARCH_FIELDS.length) {
    return 'its field lengths are malformed';
  }
  if (!isNumberArray(fieldLength) || fieldLength.length !== paragraphCount * SEARCH_FIELDS.length) {
    return 'its field lengths are malformed';
  }
  const entryOk = (entry: unknown): boolean => Array.isArray(entry) && entry.length === SEARCH_FIELDS.length + 1
    && typeof entry[0] === 'string' && entry.slice(1).every((postings) => postings === 0 || isNumberArray(postings));
  if (!Array.isArray(entries) || !entries.every(entryOk)) return 'its term postings are malformed';
  const { words: vocabularyWords, counts, terms } = value.vocabulary;
  if (!Array.isArray(vocabularyWords) || !vocabularyWords.every((word) => typeof word === 'string')
    || !isNumberArray(counts) || counts.length !== vocabularyWords.length
    || !Array.isArray(terms) || terms.length !== vocabularyWords.length || !terms.every((term) => typeof term === 'string')) {
    return 'its vocabulary is malformed';
  }
  return null;
}

function isDocumentRecord(value: unknown): boolean {
  return isRecord(value) && typeof value.id === 'string' && typeof value.title === 'string'
    && isStringOrNull(value.date) && isStringOrNull(value.author) && isStringOrNull(value.source)
    && isStringOrNull(value.url) && isRecord(value.metadata);
}

function isStoredParagraph(value: unknown): boolean {
  return isRecord(value) && typeof value.docId === 'string' && isCount(value.n) && isStringOrNull(value.section)
    && typeof value.text === 'string' && isStringArray(value.countries) && isStringArray(value.persons)
    && isStringArray(value.topics);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringOrNull(value: unknown): boolean {
  return value === null || typeof value === 'string';
}

function isStringArray(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number');
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function corrupt<T>(file: string, problem: string): Result<T> {
  return {
    ok: false,
    error: { code: 'index_corrupt', message: `index file ${file} is unreadable: ${problem}; rebuild it with "npm run index"` },
  };
}

function missingOrUnreadable<T>(file: string, error: unknown): Result<T> {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (code === 'ENOENT') {
    return {
      ok: false,
      error: { code: 'index_missing', message: `no index file at ${file}: build it with "npm run index"` },
    };
  }
  return corrupt(file, `it cannot be read (${String(code ?? error)})`);
}
