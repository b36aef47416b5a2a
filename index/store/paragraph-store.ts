import type { FacetColumn } from './loaded-index.ts';
import type { TagField } from '../schema.ts';
import type { DocumentRecord, StoredParagraph, TagEvidence, TagFacet } from '../types.ts';

/**
 * The paragraphs of a loaded index, made on first access. A search shows a page of hits, so building every
 * paragraph object and decoding every text at load (over 100k for a big corpus) was most of the load time. The
 * list is an array to its readers (index, length, iteration, Array.isArray, JSON, deep equality); a paragraph is
 * decoded from the file's columns the first time it is read, then kept.
 */

/** An integer column as the index file stores it: in the narrowest element type that holds its values. */
export type IntegerArray = Int32Array | Uint16Array | Uint8Array;

/** The paragraph columns of an index file, checked by the loader. */
export interface ParagraphColumns {
  documents: readonly DocumentRecord[];
  paragraphDocument: Int32Array;
  numbers: Int32Array;
  /** Section heading per paragraph as a position in `sectionNames`, -1 for none. */
  sections: Int32Array;
  sectionNames: readonly string[];
  /** The texts as UTF-8, paragraph p from byte `textOffsets[p]` to `textOffsets[p + 1]`. */
  text: Buffer;
  textOffsets: Int32Array;
  /** Ordinals (ascending) of the texts that are not plain ASCII. */
  wideTexts: Int32Array;
  /** Texts kept aside because UTF-8 cannot hold them. */
  irregularTexts: ReadonlyMap<number, string>;
  tags: Record<TagField, FacetColumn>;
  evidence: EvidenceColumns;
}

/** Tag evidence as the index file stores it: per paragraph a range of entries, each a facet, value, span and rule. */
export interface EvidenceColumns {
  /** False for content made without evidence: its paragraphs then have no `evidence` field. */
  present: boolean;
  facetNames: readonly TagFacet[];
  /** Per facet (as in `facetNames`), the values an entry's `values` ordinal names. */
  valueNames: ReadonlyArray<readonly string[]>;
  ruleNames: readonly string[];
  offsets: Int32Array;
  facets: IntegerArray;
  values: IntegerArray;
  starts: IntegerArray;
  ends: IntegerArray;
  rules: IntegerArray;
}

function evidenceOf(columns: EvidenceColumns, p: number): TagEvidence[] {
  const entries: TagEvidence[] = [];
  for (let k = columns.offsets[p] as number; k < (columns.offsets[p + 1] as number); k += 1) {
    const facet = columns.facetNames[columns.facets[k] as number] as TagFacet;
    entries.push({
      facet,
      value: columns.valueNames[columns.facets[k] as number]?.[columns.values[k] as number] ?? '',
      start: columns.starts[k] as number,
      end: columns.ends[k] as number,
      rule: columns.ruleNames[columns.rules[k] as number] ?? '',
    });
  }
  return entries;
}

/** The paragraphs as a lazily filled array. */
export function lazyParagraphs(columns: ParagraphColumns): StoredParagraph[] {
  const count = columns.numbers.length;
  const wide = new Uint8Array(count);
  for (const ordinal of columns.wideTexts) wide[ordinal] = 1;
  const countries = tagListsOf(columns.tags.countries);
  const persons = tagListsOf(columns.tags.persons);
  const topics = tagListsOf(columns.tags.topics);
  const places = tagListsOf(columns.tags.places);
  const make = (p: number): StoredParagraph => {
    const section = columns.sections[p] as number;
    const from = columns.textOffsets[p] as number;
    const to = columns.textOffsets[p + 1] as number;
    return {
      docId: columns.documents[columns.paragraphDocument[p] as number]?.id ?? '',
      n: columns.numbers[p] as number,
      section: section < 0 ? null : (columns.sectionNames[section] as string),
      text: columns.irregularTexts.get(p) ?? columns.text.toString(wide[p] === 1 ? 'utf8' : 'latin1', from, to),
      countries: countries(p),
      persons: persons(p),
      topics: topics(p),
      places: places(p),
      ...(columns.evidence.present ? { evidence: evidenceOf(columns.evidence, p) } : {}),
    };
  };
  const made: StoredParagraph[] = new Array(count);
  const ordinalOf = (key: string | symbol): number => (typeof key === 'string' ? arrayIndex(key, count) : -1);
  const fill = (p: number): StoredParagraph => {
    let paragraph = made[p];
    if (paragraph === undefined) {
      paragraph = make(p);
      made[p] = paragraph;
    }
    return paragraph;
  };
  return new Proxy(made, {
    get(target, key, receiver) {
      const p = ordinalOf(key);
      return p >= 0 ? fill(p) : Reflect.get(target, key, receiver);
    },
    has(target, key) {
      return ordinalOf(key) >= 0 || Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      const p = ordinalOf(key);
      if (p >= 0) fill(p);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys(target) {
      for (let p = 0; p < count; p += 1) fill(p);
      return Reflect.ownKeys(target);
    },
  });
}

/** The position a property key names in an array of `count` items, or -1. */
function arrayIndex(key: string, count: number): number {
  const length = key.length;
  if (length === 0 || length > 10) return -1;
  let value = 0;
  for (let k = 0; k < length; k += 1) {
    const digit = key.charCodeAt(k) - 48;
    if (digit < 0 || digit > 9 || (digit === 0 && k === 0 && length > 1)) return -1;
    value = value * 10 + digit;
  }
  return value < count ? value : -1;
}

/**
 * Each paragraph's tag list from a column. Most paragraphs have no tag or one, so those lists are shared
 * (frozen, so that no caller can change every paragraph's tags at once).
 */
function tagListsOf(column: FacetColumn): (p: number) => string[] {
  const none = Object.freeze([]) as unknown as string[];
  const single = column.values.map((value) => Object.freeze([value]) as unknown as string[]);
  return (p) => {
    const from = column.offsets[p] as number;
    const to = column.offsets[p + 1] as number;
    if (from === to) return none;
    if (to === from + 1) return single[column.ids[from] as number] as string[];
    return Array.from(column.ids.subarray(from, to), (id) => column.values[id] as string);
  };
}
