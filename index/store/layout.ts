import { createHash } from 'node:crypto';
import type { FacetColumn, IndexHeader, LoadedIndex, Vocabulary } from './loaded-index.ts';
import { TAG_FACETS, TAG_FIELD, type FacetSchema, type TagField } from '../schema.ts';
import { assembleIndex, ColumnBuilder } from './assemble.ts';
import { lazyParagraphs, type EvidenceColumns } from './paragraph-store.ts';
import { SEARCH_FIELDS, TermIndex, type FieldPostings } from './term-index.ts';
import type { DocumentRecord, EntityCatalog, StoredParagraph, TagFacet } from '../types.ts';

/**
 * The layout of an index file after its header line (format.ts reads and writes the file):
 *   - the catalog, one line of JSON: documents, entities, vocabulary, index terms, section headings, tag values,
 *     and the name and byte length of each block that follows;
 *   - the blocks, each followed by a newline: paragraph columns, tag columns, field lengths and postings, each a
 *     little-endian typed array in base64; last, the paragraph texts as UTF-8.
 * The file stays valid UTF-8 text. Loading is a few bulk decodes and linear checks, not a parse of every
 * paragraph: typed arrays are decoded straight into place, and paragraphs are made from the columns on demand.
 */

type TypedArray = Int32Array | Uint16Array;
type ArrayKind = 'int32' | 'uint16';

/** Each paragraph's tag evidence as columns: offsets per paragraph, then per entry its facet, value, span and rule. */
const EVIDENCE_BLOCKS = ['evidenceOffsets', 'evidenceFacet', 'evidenceValue', 'evidenceStart', 'evidenceEnd', 'evidenceRule'] as const;

/**
 * Checksums: SHA-256 (Node's own, hardware-accelerated: about 1.5 GB/s, a few per cent of the load) of every block,
 * listed in the catalog by block name, so a flipped byte or two swapped blocks of one length are caught; and of the
 * header and catalog lines together, kept in the header, so no byte of the file goes unchecked.
 */
export const HEADER_CHECKSUM = 'sha256';

export function checksumOf(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The checksum of a header (without its checksum field) and the catalog line that follows it. */
export function headerChecksum(header: IndexHeader, catalogLine: string): string {
  return createHash('sha256').update(JSON.stringify(header)).update('\n').update(catalogLine).digest('hex');
}

/** The typed-array blocks, in file order, with their element type. */
const ARRAY_BLOCKS: ReadonlyArray<readonly [string, ArrayKind]> = [
  ['textOffsets', 'int32'],
  ['wideTexts', 'int32'],
  ['paragraphDocument', 'int32'],
  ['paragraphNumber', 'int32'],
  ['paragraphCopyOf', 'int32'],
  ['paragraphSection', 'int32'],
  ...TAG_FACETS.flatMap((facet) => [[`${facet}Offsets`, 'int32'], [`${facet}Ids`, 'int32']] as const),
  ...EVIDENCE_BLOCKS.map((name) => [name, 'int32'] as const),
  ['fieldLengths', 'uint16'],
  ...SEARCH_FIELDS.flatMap((field) => [
    [`${field}PostingOffsets`, 'int32'], [`${field}PostingParagraphs`, 'int32'], [`${field}PostingFrequencies`, 'uint16'],
  ] as const),
];
const TEXT_BLOCK = 'text';
/** Every block's name; a file has each exactly once. */
export const BLOCK_NAMES = [...ARRAY_BLOCKS.map(([name]) => name), TEXT_BLOCK];

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
  /** Name, byte length and checksum of each block after this line, in file order. */
  blocks: Array<[string, number, string]>;
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
  const arrays: Record<string, TypedArray> = {
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
    evidence: { present: evidence.present, rules: evidence.rules },
    irregularTexts: texts.irregular,
    blocks: blocks.map((block, k) => [BLOCK_NAMES[k] as string, block.length, checksumOf(block)]),
  };
  const newline = Buffer.from('\n');
  const catalogLine = JSON.stringify(catalog);
  const header = { ...index.header, [HEADER_CHECKSUM]: headerChecksum(index.header, catalogLine) };
  const lines = [JSON.stringify(header), catalogLine].map((line) => Buffer.from(`${line}\n`, 'utf8'));
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
  int32: (name: string) => Int32Array, catalog: Catalog, count: number,
): EvidenceColumns | null {
  const [offsets, facets, values, starts, ends, rules] = EVIDENCE_BLOCKS.map(int32) as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
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


/** The index from the catalog and its blocks by name, or what is wrong with them. */
export function decodeIndex(
  located: Map<string, Buffer>, catalog: Catalog, header: IndexHeader, schema: FacetSchema,
): LoadedIndex | string {
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
  const evidence = storedEvidence(int32, catalog, count);
  if (evidence === null) return 'its tag evidence is malformed';
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
  const isBlock = (entry: unknown): boolean => Array.isArray(entry) && entry.length === 3 && typeof entry[0] === 'string' && isCount(entry[1])
    && typeof entry[2] === 'string';
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
