import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import SearchableMap from 'minisearch/SearchableMap';
import { foldWord, indexTerm, STOP_WORDS, words } from './text.ts';
import type {
  DocumentRecord, EntityCatalog, FacetName, Result, StoredParagraph,
} from './types.ts';

/**
 * The index file format, owned here alone. A file has three lines of JSON:
 *   1. the header (cheap to read on its own),
 *   2. the content: documents, paragraphs, entity catalog,
 *   3. the search structures: index terms, postings and field lengths (base64 typed arrays), vocabulary.
 * Lookups (facet columns, documents by id, recency order) are rebuilt at load from lines 2–3.
 */

/** Bump when the layout or the meaning of any line changes; older files are then refused. */
export const FORMAT_VERSION = 2;

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
  columns: Record<FacetName, FacetColumn>;
}

// ---------- the term index ----------

/** The searched fields, in field-id order. */
export const SEARCH_FIELDS = ['text', 'title', 'section'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** The paragraph text counts fully; the document title and section heading help, but weaker. */
export const FIELD_BOOST: Readonly<Record<SearchField, number>> = { text: 1, title: 0.3, section: 0.5 };

/** The paragraphs of one term in one field, ascending, with the term's frequency in each. */
export interface Postings {
  paragraphs: Int32Array;
  frequencies: Uint16Array;
}

/** One field's postings for every term: term t's entries run from offsets[t] to offsets[t + 1]. */
interface FieldPostings {
  offsets: Int32Array;
  paragraphs: Int32Array;
  frequencies: Uint16Array;
}

/**
 * The inverted index over paragraphs (id = paragraph ordinal): index terms (text.ts: words → fold → stop words
 * dropped → stem) → postings per field, in flat typed arrays. Flat arrays load in milliseconds and cost the
 * garbage collector nothing, where MiniSearch's nested Maps took seconds for 100k paragraphs; scoring is
 * MiniSearch's BM25+ (search.ts), and prefix and typo search use MiniSearch's radix tree over words (wordTree).
 */
export class TermIndex {
  private readonly ordinals: Map<string, number>;

  constructor(
    /** Index terms, by term ordinal. */
    readonly terms: readonly string[],
    private readonly fields: readonly FieldPostings[],
    /** Words per paragraph and field (paragraph × fields), for BM25 length normalisation. */
    private readonly lengths: Uint16Array,
    private readonly averages: readonly number[],
  ) {
    this.ordinals = new Map(terms.map((term, ordinal) => [term, ordinal]));
  }

  /** Number of paragraphs indexed. */
  get documentCount(): number {
    return this.lengths.length / SEARCH_FIELDS.length;
  }

  /** The postings of `term` in one field (by position in SEARCH_FIELDS), or undefined when it does not occur. */
  postings(term: string, field: number): Postings | undefined {
    const ordinal = this.ordinals.get(term);
    const postings = this.fields[field];
    if (ordinal === undefined || postings === undefined) return undefined;
    const start = postings.offsets[ordinal] ?? 0;
    const end = postings.offsets[ordinal + 1] ?? 0;
    if (start === end) return undefined;
    return { paragraphs: postings.paragraphs.subarray(start, end), frequencies: postings.frequencies.subarray(start, end) };
  }

  /** Words in a paragraph's field. */
  fieldLength(paragraph: number, field: number): number {
    return this.lengths[paragraph * SEARCH_FIELDS.length + field] ?? 0;
  }

  /** Average words in a field over all paragraphs. */
  averageFieldLength(field: number): number {
    return this.averages[field] ?? 0;
  }

  /** Indexes the fields of `count` paragraphs; `fieldText` gives a field's text or null. */
  static build(count: number, fieldText: (paragraph: number, field: SearchField) => string | null): TermIndex {
    const ordinals = new Map<string, number>();
    const terms: string[] = [];
    const lengths = new Uint16Array(count * SEARCH_FIELDS.length);
    const totals = SEARCH_FIELDS.map(() => 0);
    // Postings are gathered as (term, paragraph, frequency) triples, then grouped by term with a counting sort
    // that keeps paragraphs ascending.
    const triples = SEARCH_FIELDS.map(() => new GrowableTriples());
    const frequencies = new Map<number, number>();
    for (let paragraph = 0; paragraph < count; paragraph += 1) {
      SEARCH_FIELDS.forEach((field, fieldId) => {
        const text = fieldText(paragraph, field);
        if (text === null || text === '') return;
        const fieldWords = words(text);
        lengths[paragraph * SEARCH_FIELDS.length + fieldId] = Math.min(fieldWords.length, 0xffff);
        totals[fieldId] = (totals[fieldId] ?? 0) + fieldWords.length;
        frequencies.clear();
        for (const word of fieldWords) {
          const term = indexTerm(word);
          if (term === null) continue;
          let ordinal = ordinals.get(term);
          if (ordinal === undefined) {
            ordinal = terms.length;
            terms.push(term);
            ordinals.set(term, ordinal);
          }
          frequencies.set(ordinal, (frequencies.get(ordinal) ?? 0) + 1);
        }
        for (const [ordinal, frequency] of frequencies) triples[fieldId]?.push(ordinal, paragraph, frequency);
      });
    }
    const fields = triples.map((fieldTriples) => fieldTriples.groupByTerm(terms.length));
    const averages = totals.map((total) => (count === 0 ? 0 : total / count));
    return new TermIndex(terms, fields, lengths, averages);
  }

  /**
   * The stored form: terms as JSON; lengths as base64 of a little-endian Uint16Array; each field's postings as
   * base64 of a varint stream: per term, its posting count, then (paragraph gap, frequency) pairs.
   */
  toStored(): StoredTerms {
    return {
      terms: [...this.terms],
      averageFieldLength: [...this.averages],
      fieldLength: Buffer.from(this.lengths.buffer, this.lengths.byteOffset, this.lengths.byteLength).toString('base64'),
      fields: this.fields.map((field) => ({ count: field.paragraphs.length, postings: encodePostings(field) })),
    };
  }

  /** Rebuilds a term index from its stored form, or says what is inconsistent in it. */
  static fromStored(stored: StoredTerms, paragraphCount: number): Result<TermIndex> {
    const problem = (message: string): Result<TermIndex> => ({ ok: false, error: { code: 'index_corrupt', message } });
    const lengthBytes = Buffer.from(stored.fieldLength, 'base64');
    if (lengthBytes.length !== paragraphCount * SEARCH_FIELDS.length * 2) return problem('its field lengths are malformed');
    const lengths = new Uint16Array(paragraphCount * SEARCH_FIELDS.length);
    // Copied rather than viewed: a decoded Buffer may sit at an offset that is not aligned for Uint16.
    new Uint8Array(lengths.buffer).set(lengthBytes);
    const fields: FieldPostings[] = [];
    for (const field of stored.fields) {
      const decoded = decodePostings(Buffer.from(field.postings, 'base64'), stored.terms.length, field.count, paragraphCount);
      if (decoded === null) return problem('its term postings are malformed');
      fields.push(decoded);
    }
    return { ok: true, value: new TermIndex(stored.terms, fields, lengths, stored.averageFieldLength) };
  }
}

interface StoredTerms {
  terms: string[];
  averageFieldLength: number[];
  fieldLength: string;
  fields: Array<{ count: number; postings: string }>;
}

function encodePostings({ offsets, paragraphs, frequencies }: FieldPostings): string {
  const bytes = new GrowableBytes(paragraphs.length * 3 + offsets.length * 2);
  for (let term = 0; term + 1 < offsets.length; term += 1) {
    const start = offsets[term] ?? 0;
    const end = offsets[term + 1] ?? 0;
    bytes.varint(end - start);
    let previous = 0;
    for (let k = start; k < end; k += 1) {
      const paragraph = paragraphs[k] ?? 0;
      bytes.varint(paragraph - previous);
      bytes.varint(frequencies[k] ?? 0);
      previous = paragraph;
    }
  }
  return bytes.toBase64();
}

/** Decodes a field's varint stream; null unless it holds exactly `count` postings of valid, ascending paragraphs. */
function decodePostings(bytes: Uint8Array, termCount: number, count: number, paragraphCount: number): FieldPostings | null {
  if (!Number.isInteger(count) || count < 0 || count > bytes.length) return null;
  const offsets = new Int32Array(termCount + 1);
  const paragraphs = new Int32Array(count);
  const frequencies = new Uint16Array(count);
  let position = 0;
  let at = 0;
  const read = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      if (position >= bytes.length || shift > 28) return -1;
      const byte = bytes[position] ?? 0;
      position += 1;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  };
  for (let term = 0; term < termCount; term += 1) {
    const size = read();
    if (size < 0 || at + size > count) return null;
    let paragraph = 0;
    for (let k = 0; k < size; k += 1) {
      const gap = read();
      const frequency = read();
      if (gap < 0 || frequency < 0 || (k > 0 && gap === 0)) return null;
      paragraph += gap;
      if (paragraph >= paragraphCount) return null;
      paragraphs[at] = paragraph;
      frequencies[at] = frequency;
      at += 1;
    }
    offsets[term + 1] = at;
  }
  return at === count && position === bytes.length ? { offsets, paragraphs, frequencies } : null;
}

/** A byte buffer that doubles as it fills, for varint streams. */
class GrowableBytes {
  private bytes: Uint8Array;
  private size = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(capacity, 16));
  }

  /** Appends a non-negative integer, 7 bits per byte, low bits first. */
  varint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.byte((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.byte(rest);
  }

  toBase64(): string {
    return Buffer.from(this.bytes.buffer, 0, this.size).toString('base64');
  }

  private byte(value: number): void {
    if (this.size === this.bytes.length) {
      const bigger = new Uint8Array(this.size * 2);
      bigger.set(this.bytes);
      this.bytes = bigger;
    }
    this.bytes[this.size] = value;
    this.size += 1;
  }
}

/** An append-only list of (term, paragraph, frequency) triples in typed arrays that double as they fill. */
class GrowableTriples {
  private terms = new Int32Array(1024);
  private paragraphs = new Int32Array(1024);
  private frequencies = new Uint16Array(1024);
  private size = 0;

  push(term: number, paragraph: number, frequency: number): void {
    if (this.size === this.terms.length) {
      this.terms = grow(this.terms, new Int32Array(this.size * 2));
      this.paragraphs = grow(this.paragraphs, new Int32Array(this.size * 2));
      this.frequencies = grow(this.frequencies, new Uint16Array(this.size * 2));
    }
    this.terms[this.size] = term;
    this.paragraphs[this.size] = paragraph;
    this.frequencies[this.size] = Math.min(frequency, 0xffff);
    this.size += 1;
  }

  /** Groups the triples by term (counting sort: stable, so paragraphs stay ascending within a term). */
  groupByTerm(termCount: number): FieldPostings {
    const offsets = new Int32Array(termCount + 1);
    for (let k = 0; k < this.size; k += 1) {
      const slot = (this.terms[k] ?? 0) + 1;
      offsets[slot] = (offsets[slot] ?? 0) + 1;
    }
    for (let t = 0; t < termCount; t += 1) offsets[t + 1] = (offsets[t + 1] ?? 0) + (offsets[t] ?? 0);
    const next = offsets.slice(0, termCount);
    const paragraphs = new Int32Array(this.size);
    const frequencies = new Uint16Array(this.size);
    for (let k = 0; k < this.size; k += 1) {
      const term = this.terms[k] ?? 0;
      const at = next[term] ?? 0;
      paragraphs[at] = this.paragraphs[k] ?? 0;
      frequencies[at] = this.frequencies[k] ?? 0;
      next[term] = at + 1;
    }
    return { offsets, paragraphs, frequencies };
  }
}

function grow<T extends Int32Array | Uint16Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

// ---------- build ----------

/** Builds the in-memory index from content: term index over paragraphs, vocabulary, lookups. */
export function buildIndex(content: IndexContent): LoadedIndex {
  const lookups = buildLookups(content.documents, content.paragraphs);
  const { paragraphs, documents } = content;
  const terms = TermIndex.build(paragraphs.length, (ordinal, field) => {
    const paragraph = paragraphs[ordinal];
    if (field === 'text') return paragraph?.text ?? null;
    if (field === 'section') return paragraph?.section ?? null;
    return documents[lookups.paragraphDocument[ordinal] ?? -1]?.title ?? null;
  });
  const header: IndexHeader = {
    ...content.header,
    formatVersion: FORMAT_VERSION,
    documents: content.documents.length,
    paragraphs: content.paragraphs.length,
  };
  const vocabulary = buildVocabulary(content.paragraphs);
  const entities = lookupSafe(content.entities);
  return { ...content, entities, header, terms, vocabulary, wordTree: buildWordTree(vocabulary), ...lookups };
}

/**
 * The catalog with prototype-free maps: ids come from the corpus and the URL, and an id such as `constructor`
 * must find nothing rather than `Object.prototype.constructor`.
 */
function lookupSafe(entities: EntityCatalog): EntityCatalog {
  const copy = <T>(map: Record<string, T>): Record<string, T> => Object.assign(Object.create(null) as Record<string, T>, map);
  return { countries: copy(entities.countries), persons: copy(entities.persons), topics: copy(entities.topics) };
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

/** Temporary files of writers that were killed before their rename; a live writer's own file is kept. */
async function removeStaleTemporaries(directory: string, base: string): Promise<void> {
  const pattern = new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.\\d+\\.tmp$`);
  for (const name of await readdir(directory).catch(() => [] as string[])) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (!Number.isInteger(pid) || isRunning(pid)) continue;
    await rm(path.join(directory, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes the index atomically: a temporary file in the same folder, flushed to disk, then renamed over `file`. */
export async function saveIndex(file: string, index: LoadedIndex): Promise<void> {
  const directory = path.dirname(path.resolve(file));
  await mkdir(directory, { recursive: true });
  await removeStaleTemporaries(directory, path.basename(file));
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
  const shapeProblem = contentProblem(content) ?? searchProblem(search);
  if (shapeProblem !== null) return corrupt(file, shapeProblem);
  const { documents, paragraphs, entities } = content as Omit<IndexContent, 'header'>;
  const { terms, vocabulary } = search as { terms: StoredTerms; vocabulary: Vocabulary };
  if (documents.length !== header.value.documents || paragraphs.length !== header.value.paragraphs) {
    return corrupt(file, 'its header counts do not match its content');
  }
  const termIndex = TermIndex.fromStored(terms, paragraphs.length);
  if (!termIndex.ok) return corrupt(file, termIndex.error.message);
  const lookups = buildLookups(documents, paragraphs);
  return {
    ok: true,
    value: {
      header: header.value,
      documents,
      paragraphs,
      entities: lookupSafe(entities),
      terms: termIndex.value,
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

function searchProblem(value: unknown): string | null {
  if (!isRecord(value) || !isRecord(value.terms) || !isRecord(value.vocabulary)) return 'its search line is not JSON';
  const { terms: indexTerms, averageFieldLength, fieldLength, fields } = value.terms;
  if (!Array.isArray(indexTerms) || !indexTerms.every((term) => typeof term === 'string')) return 'its terms are malformed';
  if (!isNumberArray(averageFieldLength) || averageFieldLength.length !== SEARCH_FIELDS.length
    || typeof fieldLength !== 'string') {
    return 'its field lengths are malformed';
  }
  const fieldOk = (field: unknown): boolean => isRecord(field) && typeof field.count === 'number'
    && typeof field.postings === 'string';
  if (!Array.isArray(fields) || fields.length !== SEARCH_FIELDS.length || !fields.every(fieldOk)) {
    return 'its term postings are malformed';
  }
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
