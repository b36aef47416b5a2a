import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type SearchableMap from 'minisearch/SearchableMap';
import { IndexBuilder } from './index-builder.ts';
import { assembleIndex, ColumnBuilder } from './lookups.ts';
import { lazyParagraphs } from './paragraph-store.ts';
import { SEARCH_FIELDS, TermIndex, type FieldPostings } from './term-index.ts';
import type {
  DocumentRecord, EntityCatalog, FacetName, Result, StoredParagraph,
} from './types.ts';

export { FIELD_BOOST, SEARCH_FIELDS, TermIndex, type Postings, type SearchField } from './term-index.ts';

/**
 * The index file format, owned here alone. A file is:
 *   1. the header, one line of JSON (cheap to read on its own);
 *   2. the catalog, one line of JSON: documents, entities, vocabulary, index terms, section headings, tag values,
 *      and the name and byte length of each block that follows;
 *   3. the blocks, each followed by a newline: the paragraph texts as UTF-8, then the paragraph columns, tag
 *      columns, field lengths and postings, each a little-endian typed array in base64.
 * The file stays valid UTF-8 text, and loading is a few bulk decodes instead of a parse of every paragraph:
 * texts are sliced out of one decoded block, and typed arrays are copied, not rebuilt.
 */

/** Bump when the layout or the meaning of any part changes; older files are then refused. */
export const FORMAT_VERSION = 3;

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

// ---------- build ----------

/** Builds the in-memory index from content: term index over paragraphs, vocabulary, lookups. */
export function buildIndex(content: IndexContent): LoadedIndex {
  const builder = new IndexBuilder();
  const documentOrdinal = new Map<string, number>();
  for (const document of content.documents) documentOrdinal.set(document.id, builder.addDocument(document));
  for (const paragraph of content.paragraphs) builder.addParagraph(documentOrdinal.get(paragraph.docId) ?? -1, paragraph, null);
  const header: IndexHeader = {
    ...content.header,
    formatVersion: FORMAT_VERSION,
    documents: content.documents.length,
    paragraphs: content.paragraphs.length,
  };
  return builder.finish(header, content.entities);
}

// ---------- the blocks ----------

type TypedArray = Int32Array | Uint16Array;
type ArrayKind = 'int32' | 'uint16';
const TAG_FACETS = ['country', 'person', 'topic'] as const;
type TagFacet = (typeof TAG_FACETS)[number];
const TAG_FIELD: Record<TagFacet, 'countries' | 'persons' | 'topics'> = { country: 'countries', person: 'persons', topic: 'topics' };

/** The typed-array blocks, in file order, with their element type. */
const ARRAY_BLOCKS: ReadonlyArray<readonly [string, ArrayKind]> = [
  ['textOffsets', 'int32'],
  ['wideTexts', 'int32'],
  ['paragraphDocument', 'int32'],
  ['paragraphNumber', 'int32'],
  ['paragraphSection', 'int32'],
  ...TAG_FACETS.flatMap((facet) => [[`${facet}Offsets`, 'int32'], [`${facet}Ids`, 'int32']] as const),
  ['fieldLengths', 'uint16'],
  ...SEARCH_FIELDS.flatMap((field) => [
    [`${field}PostingOffsets`, 'int32'], [`${field}PostingParagraphs`, 'int32'], [`${field}PostingFrequencies`, 'uint16'],
  ] as const),
];
const TEXT_BLOCK = 'text';
const BLOCK_NAMES = [...ARRAY_BLOCKS.map(([name]) => name), TEXT_BLOCK];

/** The second line of the file. */
interface Catalog {
  documents: DocumentRecord[];
  entities: EntityCatalog;
  vocabulary: Vocabulary;
  terms: string[];
  averageFieldLength: number[];
  sections: string[];
  tagValues: Record<TagFacet, string[]>;
  /** Texts that are not well-formed UTF-16 (a lone surrogate from a JSON escape): kept here, exactly, as JSON. */
  irregularTexts: Array<[number, string]>;
  /** Name and byte length of each block after this line, in file order. */
  blocks: Array<[string, number]>;
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
    // JSON.stringify never emits a raw newline, so the two JSON lines are safe frames; blocks are framed by length.
    for (const part of encodeIndex(index)) await handle.write(part);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, file);
}

/** The file's parts in order: header line, catalog line, blocks. */
function encodeIndex(index: LoadedIndex): Buffer[] {
  const { paragraphs } = index;
  const texts = encodeTexts(paragraphs);
  const sections: string[] = [];
  const sectionOrdinal = new Map<string, number>();
  const paragraphSection = Int32Array.from(paragraphs, ({ section }) => {
    if (section === null) return -1;
    let ordinal = sectionOrdinal.get(section);
    if (ordinal === undefined) {
      ordinal = sections.length;
      sections.push(section);
      sectionOrdinal.set(section, ordinal);
    }
    return ordinal;
  });
  const terms = index.terms.parts();
  const arrays: Record<string, TypedArray> = {
    textOffsets: texts.offsets,
    wideTexts: texts.wide,
    paragraphDocument: index.paragraphDocument,
    paragraphNumber: Int32Array.from(paragraphs, ({ n }) => n),
    paragraphSection,
    fieldLengths: terms.lengths,
  };
  const tagValues = {} as Record<TagFacet, string[]>;
  for (const facet of TAG_FACETS) {
    const column = tagColumnOf(paragraphs, TAG_FIELD[facet]);
    tagValues[facet] = column.values;
    arrays[`${facet}Offsets`] = column.offsets;
    arrays[`${facet}Ids`] = column.ids;
  }
  SEARCH_FIELDS.forEach((field, fieldId) => {
    const postings = terms.fields[fieldId] as FieldPostings;
    arrays[`${field}PostingOffsets`] = postings.offsets;
    arrays[`${field}PostingParagraphs`] = postings.paragraphs;
    arrays[`${field}PostingFrequencies`] = postings.frequencies;
  });
  const blocks: Buffer[] = [];
  for (const [name] of ARRAY_BLOCKS) {
    const array = arrays[name] as TypedArray;
    blocks.push(Buffer.from(Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64'), 'latin1'));
  }
  blocks.push(texts.bytes);
  const catalog: Catalog = {
    documents: index.documents,
    entities: index.entities,
    vocabulary: index.vocabulary,
    terms: [...terms.terms],
    averageFieldLength: [...terms.averages],
    sections,
    tagValues,
    irregularTexts: texts.irregular,
    blocks: blocks.map((block, k) => [BLOCK_NAMES[k] as string, block.length]),
  };
  const newline = Buffer.from('\n');
  const lines = [index.header, catalog].map((part) => Buffer.from(`${JSON.stringify(part)}\n`, 'utf8'));
  return [...lines, ...blocks.flatMap((block) => [block, newline])];
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The paragraph texts as one UTF-8 block with byte offsets, and the ordinals of the texts that are not plain
 * ASCII (the loader decodes those alone; the rest it slices out of one Latin-1 decode of the block).
 */
function encodeTexts(paragraphs: readonly StoredParagraph[]): {
  bytes: Buffer; offsets: Int32Array; wide: Int32Array; irregular: Array<[number, string]>;
} {
  const offsets = new Int32Array(paragraphs.length + 1);
  const wide: number[] = [];
  const irregular: Array<[number, string]> = [];
  const texts: string[] = [];
  let total = 0;
  paragraphs.forEach(({ text }, ordinal) => {
    let stored = text;
    let length = Buffer.byteLength(stored, 'utf8');
    // UTF-8 cannot hold a lone surrogate, and only a text longer in UTF-8 than in UTF-16 can have one.
    if (length !== stored.length && LONE_SURROGATE.test(text)) {
      irregular.push([ordinal, text]);
      stored = '';
      length = 0;
    }
    if (length !== stored.length) wide.push(ordinal);
    texts.push(stored);
    total += length;
    offsets[ordinal + 1] = total;
  });
  return { bytes: Buffer.from(texts.join(''), 'utf8'), offsets, wide: Int32Array.from(wide), irregular };
}

/** A tag column with each paragraph's own values, in its own order (repeats kept); values by first appearance. */
function tagColumnOf(paragraphs: readonly StoredParagraph[], field: 'countries' | 'persons' | 'topics') {
  const values: string[] = [];
  const ordinalOf = new Map<string, number>();
  const offsets = new Int32Array(paragraphs.length + 1);
  const ids: number[] = [];
  paragraphs.forEach((paragraph, ordinal) => {
    for (const value of paragraph[field]) {
      let id = ordinalOf.get(value);
      if (id === undefined) {
        id = values.length;
        values.push(value);
        ordinalOf.set(value, id);
      }
      ids.push(id);
    }
    offsets[ordinal + 1] = ids.length;
  });
  return { values, offsets, ids: Int32Array.from(ids) };
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
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    return missingOrUnreadable(file, error);
  }
  try {
    return await loadFrom(file, handle);
  } catch (error) {
    return missingOrUnreadable(file, error);
  } finally {
    await handle.close();
  }
}

/**
 * Reads the two JSON lines, then each block into a buffer of its own: the texts stay in memory as they are, and
 * nothing else of the file outlives the load.
 */
async function loadFrom(file: string, handle: FileHandle): Promise<Result<LoadedIndex>> {
  const size = (await handle.stat()).size;
  const { lines, end } = await readLines(handle, size, 2);
  const header = parseHeader(file, lines[0] ?? '');
  if (!header.ok) return header;
  if (lines.length < 2) return corrupt(file, 'it is truncated after its header');
  const catalog = parseJson(lines[1] as string);
  const catalogProblem = problemOfCatalog(catalog);
  if (catalogProblem !== null) return corrupt(file, catalogProblem);
  const blocks = await readBlocks(handle, end, size, (catalog as Catalog).blocks);
  if (typeof blocks === 'string') return corrupt(file, blocks);
  const decoded = decodeBody(blocks, catalog as Catalog, header.value);
  if (typeof decoded === 'string') return corrupt(file, decoded);
  return { ok: true, value: decoded };
}

/**
 * The first `count` lines of the file (without their newline) and the byte position after them; when the file
 * has fewer, its last piece of text is the last line.
 */
async function readLines(handle: FileHandle, size: number, count: number): Promise<{ lines: string[]; end: number }> {
  let buffer = Buffer.allocUnsafe(Math.min(size, 1 << 22));
  let filled = 0;
  const lines: string[] = [];
  let lineStart = 0;
  let searchFrom = 0;
  while (lines.length < count) {
    const end = buffer.indexOf(0x0a, searchFrom);
    if (end >= 0 && end < filled) {
      lines.push(buffer.toString('utf8', lineStart, end));
      lineStart = end + 1;
      searchFrom = lineStart;
      continue;
    }
    searchFrom = filled;
    if (filled === size) return { lines: [...lines, buffer.toString('utf8', lineStart, filled)], end: size };
    if (filled === buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.min(size, buffer.length * 2));
      buffer.copy(bigger, 0, 0, filled);
      buffer = bigger;
    }
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
    if (bytesRead === 0) return { lines: [...lines, buffer.toString('utf8', lineStart, filled)], end: filled };
    filled += bytesRead;
  }
  return { lines, end: lineStart };
}

/** Each block's bytes by name; the blocks must be the expected ones and fill the rest of the file exactly. */
async function readBlocks(handle: FileHandle, start: number, size: number, blocks: Array<[string, number]>): Promise<Map<string, Buffer> | string> {
  let total = 0;
  const names = new Set<string>();
  for (const [name, length] of blocks) {
    if (!BLOCK_NAMES.includes(name) || names.has(name)) return `it has an unknown block "${name}"`;
    names.add(name);
    total += length + 1;
  }
  if (names.size !== BLOCK_NAMES.length) return 'it is truncated or misses a block';
  if (start + total !== size) return start + total > size ? 'it is truncated' : 'it has extra data after its last block';
  const located = new Map<string, Buffer>();
  let at = start;
  for (const [name, length] of blocks) {
    const bytes = Buffer.allocUnsafe(length + 1);
    if (!(await readFully(handle, bytes, at)) || bytes[length] !== 0x0a) return 'it is truncated or its blocks are malformed';
    located.set(name, bytes.subarray(0, length));
    at += length + 1;
  }
  return located;
}

async function readFully(handle: FileHandle, buffer: Buffer, position: number): Promise<boolean> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, position + filled);
    if (bytesRead === 0) return false;
    filled += bytesRead;
  }
  return true;
}

/** The index from the catalog and the blocks after it, or what is wrong with them. */
function decodeBody(located: Map<string, Buffer>, catalog: Catalog, header: IndexHeader): LoadedIndex | string {
  const { documents } = catalog;
  const count = header.paragraphs;
  if (documents.length !== header.documents) return 'its header counts do not match its content';
  const arrays: Record<string, TypedArray> = {};
  for (const [name, kind] of ARRAY_BLOCKS) {
    const array = decodeArray(located.get(name) as Buffer, kind);
    if (array === null) return `its ${name} block is malformed`;
    arrays[name] = array;
  }
  const int32 = (name: string): Int32Array => arrays[name] as Int32Array;
  const textBytes = located.get(TEXT_BLOCK) as Buffer;
  const textOffsets = int32('textOffsets');
  const paragraphDocument = int32('paragraphDocument');
  const paragraphNumber = int32('paragraphNumber');
  const paragraphSection = int32('paragraphSection');
  const fieldLengths = arrays.fieldLengths as Uint16Array;
  if (textOffsets.length !== count + 1 || paragraphDocument.length !== count || paragraphNumber.length !== count
    || paragraphSection.length !== count || fieldLengths.length !== count * SEARCH_FIELDS.length) {
    return 'its header counts do not match its content';
  }
  if (!isOffsets(textOffsets, textBytes.length) || !isAscendingWithin(int32('wideTexts'), 0, count)) {
    return 'its paragraph texts are malformed';
  }
  if (!allWithin(paragraphDocument, -1, documents.length) || !allWithin(paragraphSection, -1, catalog.sections.length)
    || !allWithin(paragraphNumber, 0, 0x7fffffff)) {
    return 'its paragraphs are malformed';
  }
  const tagColumns = {} as Record<TagFacet, FacetColumn>;
  for (const facet of TAG_FACETS) {
    const column = storedColumn(catalog.tagValues[facet], int32(`${facet}Offsets`), int32(`${facet}Ids`), count);
    if (column === null) return `its ${facet} tags are malformed`;
    tagColumns[facet] = column;
  }
  const fields: FieldPostings[] = [];
  for (const field of SEARCH_FIELDS) {
    const postings = {
      offsets: int32(`${field}PostingOffsets`),
      paragraphs: int32(`${field}PostingParagraphs`),
      frequencies: arrays[`${field}PostingFrequencies`] as Uint16Array,
    };
    if (!isPostings(postings, catalog.terms.length, count)) return 'its term postings are malformed';
    fields.push(postings);
  }
  const paragraphs = lazyParagraphs({
    documents,
    paragraphDocument,
    numbers: paragraphNumber,
    sections: paragraphSection,
    sectionNames: catalog.sections,
    text: textBytes,
    textOffsets,
    wideTexts: int32('wideTexts'),
    irregularTexts: new Map(catalog.irregularTexts),
    tags: { countries: tagColumns.country, persons: tagColumns.person, topics: tagColumns.topic },
  });
  return assembleIndex({
    header,
    documents,
    paragraphs,
    entities: catalog.entities,
    terms: new TermIndex({ terms: catalog.terms, fields, lengths: fieldLengths, averages: catalog.averageFieldLength }),
    vocabulary: catalog.vocabulary,
    paragraphDocument,
    paragraphNumbers: paragraphNumber,
    tagColumns: {
      country: withoutRepeats(tagColumns.country),
      person: withoutRepeats(tagColumns.person),
      topic: withoutRepeats(tagColumns.topic),
    },
  });
}

/** A base64 block → a typed array of its own, decoded straight into its memory; null when damaged. */
function decodeArray(block: Buffer, kind: ArrayKind): TypedArray | null {
  const length = block.length;
  if (length % 4 !== 0) return null;
  const padding = length === 0 ? 0 : block[length - 1] !== 0x3d ? 0 : block[length - 2] === 0x3d ? 2 : 1;
  const bytes = (length / 4) * 3 - padding;
  const width = kind === 'int32' ? 4 : 2;
  if (bytes % width !== 0) return null;
  const array = kind === 'int32' ? new Int32Array(bytes / 4) : new Uint16Array(bytes / 2);
  // The decoder skips characters outside the alphabet, so a damaged block decodes to fewer bytes.
  const written = Buffer.from(array.buffer).write(block.toString('latin1'), 'base64');
  return written === bytes ? array : null;
}

/** A stored tag column, checked: offsets ascend over `ids`, ids name values. */
function storedColumn(values: string[], offsets: Int32Array, ids: Int32Array, count: number): FacetColumn | null {
  if (offsets.length !== count + 1 || !isOffsets(offsets, ids.length) || !allWithin(ids, 0, values.length - 1)) return null;
  return { values, ordinalOf: new Map(values.map((value, ordinal) => [value, ordinal])), offsets, ids };
}

/** The facet column of tag lists: the same, unless some paragraph repeats a value (only hand-made content can). */
function withoutRepeats(column: FacetColumn): FacetColumn {
  const { offsets, ids, values } = column;
  for (let p = 0; p + 1 < offsets.length; p += 1) {
    const from = offsets[p] as number;
    const to = offsets[p + 1] as number;
    if (!hasRepeat(ids, from, to)) continue;
    const builder = new ColumnBuilder(offsets.length - 1);
    for (let q = 0; q + 1 < offsets.length; q += 1) {
      builder.add(Array.from(ids.subarray(offsets[q], offsets[q + 1]), (id) => values[id] as string));
    }
    return builder.finish();
  }
  return column;
}

/** True when ids[from..to) holds a value twice; tag lists are a few values long. */
function hasRepeat(ids: Int32Array, from: number, to: number): boolean {
  for (let i = from + 1; i < to; i += 1) {
    for (let j = from; j < i; j += 1) if (ids[i] === ids[j]) return true;
  }
  return false;
}

// The checks below run once per load over millions of entries, before any of it is warm: plain indexed loops.

/** Offsets over the postings, and each term's paragraphs strictly ascending within the paragraph count. */
function isPostings(postings: FieldPostings, termCount: number, paragraphCount: number): boolean {
  const { offsets, paragraphs, frequencies } = postings;
  if (offsets.length !== termCount + 1 || frequencies.length !== paragraphs.length) return false;
  if (!isOffsets(offsets, paragraphs.length)) return false;
  let term = 0;
  let end = offsets[1] ?? 0;
  let previous = -1;
  for (let k = 0; k < paragraphs.length; k += 1) {
    while (k >= end) {
      term += 1;
      end = offsets[term + 1] as number;
      previous = -1;
    }
    const paragraph = paragraphs[k] as number;
    if (paragraph <= previous || paragraph >= paragraphCount) return false;
    previous = paragraph;
  }
  return true;
}

/** Offsets from 0, never decreasing, ending at `total`. */
function isOffsets(offsets: Int32Array, total: number): boolean {
  if (offsets[0] !== 0 || offsets[offsets.length - 1] !== total) return false;
  for (let k = 1; k < offsets.length; k += 1) if ((offsets[k] as number) < (offsets[k - 1] as number)) return false;
  return true;
}

/** Strictly ascending values in [min, limit). */
function isAscendingWithin(values: Int32Array, min: number, limit: number): boolean {
  let previous = min - 1;
  for (let k = 0; k < values.length; k += 1) {
    const value = values[k] as number;
    if (value <= previous || value >= limit) return false;
    previous = value;
  }
  return true;
}

/** Every value in [min, max]. */
function allWithin(values: Int32Array, min: number, max: number): boolean {
  for (let k = 0; k < values.length; k += 1) {
    const value = values[k] as number;
    if (value < min || value > max) return false;
  }
  return true;
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

function problemOfCatalog(value: unknown): string | null {
  if (!isRecord(value)) return 'its catalog line is not JSON';
  const { documents, entities, terms, averageFieldLength, sections, tagValues, irregularTexts, blocks } = value;
  if (!Array.isArray(documents) || !documents.every(isDocumentRecord)) return 'its documents are malformed';
  if (!isRecord(entities) || !isRecord(entities.countries) || !isRecord(entities.persons) || !isRecord(entities.topics)) {
    return 'its entity catalog is malformed';
  }
  if (!isStringArray(terms)) return 'its terms are malformed';
  if (!isNumberArray(averageFieldLength) || averageFieldLength.length !== SEARCH_FIELDS.length) return 'its field lengths are malformed';
  if (!isStringArray(sections)) return 'its section headings are malformed';
  if (!isRecord(tagValues) || !TAG_FACETS.every((facet) => isStringArray(tagValues[facet]))) return 'its tag values are malformed';
  const isIrregular = (entry: unknown): boolean => Array.isArray(entry) && entry.length === 2 && isCount(entry[0]) && typeof entry[1] === 'string';
  if (!Array.isArray(irregularTexts) || !irregularTexts.every(isIrregular)) return 'its paragraph texts are malformed';
  const isBlock = (entry: unknown): boolean => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && isCount(entry[1]);
  if (!Array.isArray(blocks) || !blocks.every(isBlock)) return 'its block list is malformed';
  return problemOfVocabulary(value.vocabulary);
}

function problemOfVocabulary(value: unknown): string | null {
  if (!isRecord(value)) return 'its vocabulary is malformed';
  const { words, counts, terms } = value;
  const ok = isStringArray(words) && isNumberArray(counts) && counts.length === words.length
    && isStringArray(terms) && terms.length === words.length;
  return ok ? null : 'its vocabulary is malformed';
}

function isDocumentRecord(value: unknown): boolean {
  return isRecord(value) && typeof value.id === 'string' && typeof value.title === 'string'
    && isStringOrNull(value.date) && isStringOrNull(value.author) && isStringOrNull(value.source)
    && isStringOrNull(value.url) && isRecord(value.metadata);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringOrNull(value: unknown): boolean {
  return value === null || typeof value === 'string';
}

function isStringArray(value: unknown): value is string[] {
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
