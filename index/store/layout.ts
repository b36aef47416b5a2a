import { createHash, type Hash } from 'node:crypto';
import os from 'node:os';
import type { FacetColumn, IndexHeader, LoadedIndex, Vocabulary } from './loaded-index.ts';
import { TAG_FACETS, TAG_FIELD, type FacetSchema, type TagField } from '../schema.ts';
import { assembleIndex, ColumnBuilder } from './assemble.ts';
import { lazyParagraphs, type EvidenceColumns, type IntegerArray } from './paragraph-store.ts';
import { SEARCH_FIELDS, TermIndex, type FieldPostings } from './term-index.ts';
import type { DocumentRecord, EntityCatalog, StoredParagraph, TagFacet } from '../types.ts';

/**
 * The layout of an index file after its header line (format.ts reads and writes the file):
 *   - the catalog, one line of JSON: documents, entities, vocabulary, index terms, section headings, tag values,
 *     and the name, element type, byte length and checksum of each block that follows;
 *   - the blocks, from a multiple of 8 (the header line ends in up to 7 spaces to make it so), each padded with zero
 *     bytes to a multiple of 8: paragraph columns, tag columns, tag evidence, field lengths and postings as raw
 *     little-endian integer arrays, last the paragraph texts as UTF-8.
 * Loading reads the file into one buffer and views each array block in place (the alignment makes that possible),
 * so it is a hash and a few linear checks, not a parse; paragraphs are made from the columns on demand.
 */

/** How a block's bytes are read: a little-endian integer array of one element type, or bytes as they are. */
export type BlockKind = 'int32' | 'uint16' | 'uint8' | 'bytes';
const KIND_WIDTH: Readonly<Record<BlockKind, number>> = { int32: 4, uint16: 2, uint8: 1, bytes: 1 };

/** Blocks start at file offsets that are multiples of this, so that any element type can view them in place. */
export const BLOCK_ALIGNMENT = 8;

/** The byte length of `length` bytes padded to the block alignment. */
export function alignedLength(length: number): number {
  return Math.ceil(length / BLOCK_ALIGNMENT) * BLOCK_ALIGNMENT;
}

const LITTLE_ENDIAN = os.endianness() === 'LE';

/** Each paragraph's tag evidence as columns: offsets per paragraph, then per entry its facet, value, span and rule. */
const EVIDENCE_BLOCKS = ['evidenceOffsets', 'evidenceFacet', 'evidenceValue', 'evidenceStart', 'evidenceEnd', 'evidenceRule'] as const;

/**
 * Checksums: SHA-256 (Node's own; with the CPU's SHA instructions the fastest hash Node offers, about 1.7 GB/s,
 * ahead of SHA-1, BLAKE2b and MD5) of every block, listed in the catalog by block name, so a flipped byte or two
 * swapped blocks of one length are caught; and of the header and catalog lines together, kept in the header. The
 * zero padding is checked byte by byte, so no byte of the file goes unchecked.
 */
export const HEADER_CHECKSUM = 'sha256';

export function checksumOf(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The checksum of a header (without its checksum field) and the catalog line that follows it. */
export function headerChecksum(header: IndexHeader, catalogLine: string | Buffer): string {
  return createHash('sha256').update(JSON.stringify(header)).update('\n').update(catalogLine).digest('hex');
}

/**
 * The integer-array blocks, in file order, with the element types each may be stored as. A block read only through
 * index lookups (evidence, frequencies) is stored in the narrowest type that holds its values; one the query engine
 * reads as an Int32Array is always int32.
 */
const INT32: readonly BlockKind[] = ['int32'];
const FREQUENCIES: readonly BlockKind[] = ['uint8', 'uint16'];
const NARROWEST: readonly BlockKind[] = ['uint8', 'uint16', 'int32'];
const ARRAY_BLOCKS: ReadonlyArray<readonly [string, readonly BlockKind[]]> = [
  ['textOffsets', INT32],
  ['wideTexts', INT32],
  ['paragraphDocument', INT32],
  ['paragraphNumber', INT32],
  ['paragraphCopyOf', INT32],
  ['paragraphSection', INT32],
  ...TAG_FACETS.flatMap((facet) => [[`${facet}Offsets`, INT32], [`${facet}Ids`, INT32]] as const),
  ...EVIDENCE_BLOCKS.map((name) => [name, name === 'evidenceOffsets' ? INT32 : NARROWEST] as const),
  ['fieldLengths', ['uint16']],
  ...SEARCH_FIELDS.flatMap((field) => [
    [`${field}PostingOffsets`, INT32], [`${field}PostingParagraphs`, INT32], [`${field}PostingFrequencies`, FREQUENCIES],
  ] as const),
];
const TEXT_BLOCK = 'text';
/** Every block's name with the element types it may have; a file has each exactly once. */
const BLOCK_KINDS: ReadonlyMap<string, readonly BlockKind[]> = new Map([...ARRAY_BLOCKS, [TEXT_BLOCK, ['bytes']]]);
export const BLOCK_NAMES = [...BLOCK_KINDS.keys()];

/** The second line of the file. */
export interface Catalog {
  documents: DocumentRecord[];
  entities: EntityCatalog;
  vocabulary: Vocabulary;
  terms: string[];
  averageFieldLength: number[];
  sections: string[];
  tagValues: Record<TagFacet, string[]>;
  /** Whether the paragraphs carry tag evidence (hand-made content may not), and the rules it names. */
  evidence: { present: boolean; rules: string[] };
  /** Texts that are not well-formed UTF-16 (a lone surrogate from a JSON escape): kept here, exactly, as JSON. */
  irregularTexts: Array<[number, string]>;
  /** Name, element type, byte length (without padding) and checksum of each block after this line, in file order. */
  blocks: Array<[string, BlockKind, number, string]>;
}

/** The file's bytes, in order: header line, catalog line, blocks. */
export function encodeIndex(index: LoadedIndex): Buffer[] {
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
  const arrays: Record<string, IntegerArray> = {
    textOffsets: texts.offsets,
    wideTexts: texts.wide,
    paragraphDocument: index.paragraphDocument,
    paragraphNumber: Int32Array.from(paragraphs, ({ n }) => n),
    paragraphCopyOf: index.copyOf,
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
  const evidence = encodeEvidence(paragraphs, tagValues);
  for (const name of EVIDENCE_BLOCKS) arrays[name] = evidence.columns[name];
  SEARCH_FIELDS.forEach((field, fieldId) => {
    const postings = terms.fields[fieldId] as FieldPostings;
    arrays[`${field}PostingOffsets`] = postings.offsets;
    arrays[`${field}PostingParagraphs`] = postings.paragraphs;
    arrays[`${field}PostingFrequencies`] = postings.frequencies;
  });
  const blocks: Array<{ kind: BlockKind; bytes: Buffer }> = ARRAY_BLOCKS.map(([name, kinds]) => storedArray(arrays[name] as IntegerArray, kinds));
  blocks.push({ kind: 'bytes', bytes: texts.bytes });
  const catalog: Catalog = {
    documents: index.documents,
    entities: index.entities,
    vocabulary: index.vocabulary,
    terms: [...terms.terms],
    averageFieldLength: [...terms.averages],
    sections,
    tagValues,
    evidence: { present: evidence.present, rules: evidence.rules },
    irregularTexts: texts.irregular,
    blocks: blocks.map(({ kind, bytes }, k) => [BLOCK_NAMES[k] as string, kind, bytes.length, checksumOf(bytes)]),
  };
  const catalogLine = JSON.stringify(catalog);
  const header = { ...index.header, [HEADER_CHECKSUM]: headerChecksum(index.header, catalogLine) };
  // JSON.stringify never emits a raw newline, so the two JSON lines are safe frames; blocks are framed by length.
  // The header line is padded with spaces (JSON whitespace) so that the blocks begin aligned right after the
  // catalog: what follows the header line is then the same whatever the header holds.
  const headerJson = JSON.stringify(header);
  const catalogBytes = Buffer.from(`${catalogLine}\n`, 'utf8');
  const linesLength = Buffer.byteLength(headerJson, 'utf8') + 1 + catalogBytes.length;
  const headerLine = Buffer.from(`${headerJson}${' '.repeat(alignedLength(linesLength) - linesLength)}\n`, 'utf8');
  const parts: Buffer[] = [headerLine, catalogBytes];
  for (const { bytes } of blocks) parts.push(bytes, padding(bytes.length));
  return parts;
}

/** The zero bytes that follow `length` bytes up to the block alignment. */
function padding(length: number): Buffer {
  return Buffer.alloc(alignedLength(length) - length);
}

/** An array's bytes in the first of `kinds` that holds every value. */
function storedArray(array: IntegerArray, kinds: readonly BlockKind[]): { kind: BlockKind; bytes: Buffer } {
  let min = 0;
  let max = 0;
  for (let k = 0; k < array.length; k += 1) {
    const value = array[k] as number;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const holds = (kind: BlockKind): boolean => kind === 'int32' || (min >= 0 && max <= (kind === 'uint8' ? 0xff : 0xffff));
  const kind = kinds.find(holds) ?? 'int32';
  const Type = kind === 'int32' ? Int32Array : kind === 'uint16' ? Uint16Array : Uint8Array;
  return { kind, bytes: littleEndian(array instanceof Type ? array : Type.from(array)) };
}

/** The bytes of an integer array in little-endian order. */
function littleEndian(array: IntegerArray): Buffer {
  const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  if (LITTLE_ENDIAN || array.BYTES_PER_ELEMENT === 1) return bytes;
  const swapped = Buffer.from(bytes);
  return array.BYTES_PER_ELEMENT === 4 ? swapped.swap32() : swapped.swap16();
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


/** The paragraphs' evidence as columns, values as ordinals of the facet's tag values and rules of a rule table. */
function encodeEvidence(paragraphs: readonly StoredParagraph[], tagValues: Record<TagFacet, string[]>): {
  columns: Record<(typeof EVIDENCE_BLOCKS)[number], Int32Array>; present: boolean; rules: string[];
} {
  const valueOrdinal = TAG_FACETS.map((facet) => new Map(tagValues[facet].map((value, ordinal) => [value, ordinal])));
  const rules: string[] = [];
  const ruleOrdinal = new Map<string, number>();
  const offsets = new Int32Array(paragraphs.length + 1);
  const facets: number[] = [];
  const values: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const ruleIds: number[] = [];
  let present = false;
  paragraphs.forEach((paragraph, ordinal) => {
    if (paragraph.evidence !== undefined) present = true;
    for (const entry of paragraph.evidence ?? []) {
      const facet = TAG_FACETS.indexOf(entry.facet);
      const value = valueOrdinal[facet]?.get(entry.value);
      // Evidence for a tag the paragraph does not have (a correction removed it) is not evidence of anything.
      if (value === undefined) continue;
      let rule = ruleOrdinal.get(entry.rule);
      if (rule === undefined) {
        rule = rules.length;
        rules.push(entry.rule);
        ruleOrdinal.set(entry.rule, rule);
      }
      facets.push(facet);
      values.push(value);
      starts.push(entry.start);
      ends.push(entry.end);
      ruleIds.push(rule);
    }
    offsets[ordinal + 1] = facets.length;
  });
  return {
    columns: {
      evidenceOffsets: offsets,
      evidenceFacet: Int32Array.from(facets),
      evidenceValue: Int32Array.from(values),
      evidenceStart: Int32Array.from(starts),
      evidenceEnd: Int32Array.from(ends),
      evidenceRule: Int32Array.from(ruleIds),
    },
    present,
    rules,
  };
}


/** The stored evidence, checked: offsets over the entries, facets and values and rules that exist, spans in order. */
function storedEvidence(
  arrays: Record<string, IntegerArray>, catalog: Catalog, count: number,
): EvidenceColumns | null {
  const offsets = arrays.evidenceOffsets as Int32Array;
  const [facets, values, starts, ends, rules] = EVIDENCE_BLOCKS.slice(1).map((name) => arrays[name] as IntegerArray) as [IntegerArray, IntegerArray, IntegerArray, IntegerArray, IntegerArray];
  const total = facets.length;
  if (offsets.length !== count + 1 || !isOffsets(offsets, total)) return null;
  if (values.length !== total || starts.length !== total || ends.length !== total || rules.length !== total) return null;
  if (!allWithin(facets, 0, TAG_FACETS.length - 1) || !allWithin(rules, 0, catalog.evidence.rules.length - 1)) return null;
  for (let k = 0; k < total; k += 1) {
    const facet = TAG_FACETS[facets[k] as number] as TagFacet;
    const value = values[k] as number;
    const start = starts[k] as number;
    if (value < 0 || value >= catalog.tagValues[facet].length || start < 0 || (ends[k] as number) < start) return null;
  }
  return {
    present: catalog.evidence.present,
    facetNames: TAG_FACETS,
    valueNames: TAG_FACETS.map((facet) => catalog.tagValues[facet]),
    ruleNames: catalog.evidence.rules,
    offsets, facets, values, starts, ends, rules,
  };
}


/** A tag column with each paragraph's own values, in its own order (repeats kept); values by first appearance. */
function tagColumnOf(paragraphs: readonly StoredParagraph[], field: TagField) {
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


/** Where a block lies in the file, as its catalog entry says. */
export interface BlockPlace {
  name: string;
  kind: BlockKind;
  offset: number;
  length: number;
  checksum: string;
}

/**
 * Each block's place, the first at `start` (right after the catalog line), or what is wrong: the blocks must be
 * aligned, the expected ones with a type their name allows, whole elements, and fill the rest of the file exactly.
 */
export function placeBlocks(entries: Catalog['blocks'], start: number, size: number): BlockPlace[] | string {
  if (start % BLOCK_ALIGNMENT !== 0) return 'its blocks are not aligned';
  const places: BlockPlace[] = [];
  const names = new Set<string>();
  let at = start;
  for (const [name, kind, length, checksum] of entries) {
    const kinds = BLOCK_KINDS.get(name);
    if (kinds === undefined || names.has(name)) return `it has an unknown block "${name}"`;
    if (!kinds.includes(kind) || length % KIND_WIDTH[kind] !== 0) return `its ${name} block is malformed`;
    names.add(name);
    places.push({ name, kind, offset: at, length, checksum });
    at += alignedLength(length);
  }
  if (names.size !== BLOCK_KINDS.size) return 'it is truncated or misses a block';
  if (at !== size) return at > size ? 'it is truncated' : 'it has extra data after its last block';
  return places;
}

/**
 * Checks the blocks' checksums and the zero padding around them over the file's bytes in order, as they arrive:
 * hashing one part of the file overlaps reading the next.
 */
export class BlockChecker {
  private at: number;
  private next = 0;
  private hash: Hash = createHash('sha256');
  /** The first problem found, or null. */
  problem: string | null = null;

  constructor(private readonly bytes: Buffer, private readonly places: readonly BlockPlace[], start: number) {
    this.at = start;
  }

  /** Checks the bytes from where the last call stopped to `end` (exclusive), which have been read. */
  advance(end: number): void {
    while (this.problem === null) {
      const place = this.places[this.next];
      const paddingEnd = Math.min(end, place?.offset ?? end);
      if (!isZero(this.bytes, this.at, paddingEnd)) {
        this.problem = `it has non-zero padding after its ${this.places[this.next - 1]?.name ?? 'catalog'} block`;
      }
      this.at = Math.max(this.at, paddingEnd);
      if (place === undefined || this.at < place.offset) return;
      const blockEnd = place.offset + place.length;
      const upTo = Math.min(end, blockEnd);
      if (upTo > this.at) this.hash.update(this.bytes.subarray(this.at, upTo));
      this.at = Math.max(this.at, upTo);
      if (this.at < blockEnd) return;
      if (this.hash.digest('hex') !== place.checksum) this.problem = `its ${place.name} block fails its checksum`;
      this.hash = createHash('sha256');
      this.next += 1;
    }
  }
}

function isZero(bytes: Buffer, from: number, to: number): boolean {
  for (let k = from; k < to; k += 1) if (bytes[k] !== 0) return false;
  return true;
}

/** An array block viewed in place when it is aligned in memory and the machine is little-endian, else copied. */
function viewOf(bytes: Buffer<ArrayBuffer>, { kind, offset, length }: BlockPlace): IntegerArray {
  const Type = kind === 'int32' ? Int32Array : kind === 'uint16' ? Uint16Array : Uint8Array;
  const width = Type.BYTES_PER_ELEMENT;
  if (LITTLE_ENDIAN && (bytes.byteOffset + offset) % width === 0) return new Type(bytes.buffer, bytes.byteOffset + offset, length / width);
  const copy = Buffer.allocUnsafeSlow(length);
  bytes.copy(copy, 0, offset, offset + length);
  if (!LITTLE_ENDIAN && width === 4) copy.swap32();
  if (!LITTLE_ENDIAN && width === 2) copy.swap16();
  return new Type(copy.buffer, copy.byteOffset, length / width);
}

/** The index from the file's bytes, the places of its blocks (checked) and the catalog, or what is wrong with them. */
export function decodeIndex(
  bytes: Buffer<ArrayBuffer>, places: readonly BlockPlace[], catalog: Catalog, header: IndexHeader, schema: FacetSchema,
): LoadedIndex | string {
  const { documents } = catalog;
  const count = header.paragraphs;
  if (documents.length !== header.documents) return 'its header counts do not match its content';
  const arrays: Record<string, IntegerArray> = {};
  let textBytes = Buffer.alloc(0);
  for (const place of places) {
    if (place.kind === 'bytes') textBytes = bytes.subarray(place.offset, place.offset + place.length);
    else arrays[place.name] = viewOf(bytes, place);
  }
  // placeBlocks allowed each block only the element types of its name, so these casts hold.
  const int32 = (name: string): Int32Array => arrays[name] as Int32Array;
  const textOffsets = int32('textOffsets');
  const paragraphDocument = int32('paragraphDocument');
  const paragraphNumber = int32('paragraphNumber');
  const paragraphSection = int32('paragraphSection');
  const paragraphCopyOf = int32('paragraphCopyOf');
  const fieldLengths = arrays.fieldLengths as Uint16Array;
  if (textOffsets.length !== count + 1 || paragraphDocument.length !== count || paragraphNumber.length !== count
    || paragraphSection.length !== count || paragraphCopyOf.length !== count || fieldLengths.length !== count * SEARCH_FIELDS.length) {
    return 'its header counts do not match its content';
  }
  if (!isOffsets(textOffsets, textBytes.length) || !isAscendingWithin(int32('wideTexts'), 0, count)) {
    return 'its paragraph texts are malformed';
  }
  if (!allWithin(paragraphDocument, -1, documents.length) || !allWithin(paragraphSection, -1, catalog.sections.length)
    || !allWithin(paragraphNumber, 0, 0x7fffffff) || !isFirstCopies(paragraphCopyOf)) {
    return 'its paragraphs are malformed';
  }
  const tagColumns = {} as Record<TagFacet, FacetColumn>;
  for (const facet of TAG_FACETS) {
    const column = storedColumn(catalog.tagValues[facet], int32(`${facet}Offsets`), int32(`${facet}Ids`), count);
    if (column === null) return `its ${facet} tags are malformed`;
    tagColumns[facet] = column;
  }
  const evidence = storedEvidence(arrays, catalog, count);
  if (evidence === null) return 'its tag evidence is malformed';
  const fields: FieldPostings[] = [];
  for (const field of SEARCH_FIELDS) {
    const postings = {
      offsets: int32(`${field}PostingOffsets`),
      paragraphs: int32(`${field}PostingParagraphs`),
      frequencies: arrays[`${field}PostingFrequencies`] as Uint8Array | Uint16Array,
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
    tags: { countries: tagColumns.country, persons: tagColumns.person, topics: tagColumns.topic, places: tagColumns.place },
    evidence,
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
    copyOf: paragraphCopyOf,
    tagColumns: {
      country: withoutRepeats(tagColumns.country),
      person: withoutRepeats(tagColumns.person),
      topic: withoutRepeats(tagColumns.topic),
      place: withoutRepeats(tagColumns.place),
    },
    schema,
  });
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
function allWithin(values: IntegerArray, min: number, max: number): boolean {
  for (let k = 0; k < values.length; k += 1) {
    const value = values[k] as number;
    if (value < min || value > max) return false;
  }
  return true;
}


/** What is wrong with a parsed catalog line, or null when it has the expected shape. */
export function problemOfCatalog(value: unknown): string | null {
  if (!isRecord(value)) return 'its catalog line is not JSON';
  const { documents, entities, terms, averageFieldLength, sections, tagValues, irregularTexts, blocks } = value;
  if (!Array.isArray(documents) || !documents.every(isDocumentRecord)) return 'its documents are malformed';
  if (!isRecord(entities) || !isRecord(entities.countries) || !isRecord(entities.persons) || !isRecord(entities.topics)
    || !isRecord(entities.places)) {
    return 'its entity catalog is malformed';
  }
  if (!isStringArray(terms)) return 'its terms are malformed';
  if (!isNumberArray(averageFieldLength) || averageFieldLength.length !== SEARCH_FIELDS.length) return 'its field lengths are malformed';
  if (!isStringArray(sections)) return 'its section headings are malformed';
  if (!isRecord(tagValues) || !TAG_FACETS.every((facet) => isStringArray(tagValues[facet]))) return 'its tag values are malformed';
  const { evidence } = value;
  if (!isRecord(evidence) || typeof evidence.present !== 'boolean' || !isStringArray(evidence.rules)) return 'its tag evidence is malformed';
  const isIrregular = (entry: unknown): boolean => Array.isArray(entry) && entry.length === 2 && isCount(entry[0]) && typeof entry[1] === 'string';
  if (!Array.isArray(irregularTexts) || !irregularTexts.every(isIrregular)) return 'its paragraph texts are malformed';
  const isBlock = (entry: unknown): boolean => Array.isArray(entry) && entry.length === 4 && typeof entry[0] === 'string'
    && typeof entry[1] === 'string' && Object.hasOwn(KIND_WIDTH, entry[1]) && isCount(entry[2]) && typeof entry[3] === 'string';
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


function isStringOrNull(value: unknown): boolean {
  return value === null || typeof value === 'string';
}


function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}


function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number');
}


function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Each paragraph's first copy is itself or an earlier paragraph that is its own first copy. */
function isFirstCopies(copyOf: Int32Array): boolean {
  for (let k = 0; k < copyOf.length; k += 1) {
    const first = copyOf[k] ?? -1;
    if (first < 0 || first > k || (first < k && copyOf[first] !== first)) return false;
  }
  return true;
}
