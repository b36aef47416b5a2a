/**
 * The two units a search can count: paragraphs, or articles (`scope=article`, where words and filters may be met
 * anywhere in the article). Each level has its own facet columns, browse order and dates, so filtering, facet
 * counting, ranking and the timeline run unchanged on either. The article level is derived from the paragraph
 * columns once per index, when first asked for.
 */
import { memoPerObject } from '../cache.ts';
import type { FacetColumn, LoadedIndex } from '../store/loaded-index.ts';
import type { Scope } from '../types.ts';
import { emptyList, everyOrdinal, type MatchList } from './match-list.ts';

const everyDocument = memoPerObject((index: LoadedIndex): Int32Array => Int32Array.from(index.documents, (_document, k) => k));

export interface Level {
  unit: Scope;
  /** Paragraphs or articles in the index. */
  count: number;
  /** A facet's column over this level's units; an article has the union of its paragraphs' values. */
  column(facet: string): FacetColumn | undefined;
  /** Unit → rank in browse order (newest first). */
  recencyRank: Int32Array;
  /** Unit → document ordinal (-1 when unknown). */
  documentOf(unit: number): number;
  /** The units having a facet value (by ordinal in its column), ascending. */
  unitsWith(facet: string, value: number): Int32Array;
  /** A paragraph match list as a list of this level's units (an article scores as its best paragraph). */
  fromParagraphs(list: MatchList): MatchList;
  /** Units of some documents, ascending. */
  unitsOfDocuments(documents: ReadonlySet<number>): Int32Array;
  /** Every unit, ascending. */
  every(): Int32Array;
  /** The unit's first copy (same folded words; for articles, the same paragraphs) when it has copies, else -1. */
  copyKey(unit: number): number;
}

const EMPTY = new Int32Array(0);

/** The level of a scope for an index. */
export function levelOf(index: LoadedIndex, scope: Scope = 'paragraph'): Level {
  return scope === 'article' ? articleLevel(index) : paragraphLevel(index);
}

const paragraphLevel = memoPerObject((index: LoadedIndex): Level => {
  const inverted = invertedColumns((facet) => index.columns[facet]);
  return {
    unit: 'paragraph',
    count: index.paragraphs.length,
    every: () => everyOrdinal(index),
    column: (facet) => index.columns[facet],
    recencyRank: index.recencyRank,
    documentOf: (paragraph) => index.paragraphDocument[paragraph] ?? -1,
    unitsWith: (facet, value) => inverted(facet)[value] ?? EMPTY,
    fromParagraphs: (list) => list,
    unitsOfDocuments: (documents) => {
      const units: number[] = [];
      for (const document of documents) units.push(...(index.documentParagraphs[document] ?? EMPTY));
      return Int32Array.from(units).sort();
    },
    copyKey: (paragraph) => {
      const first = index.copyOf[paragraph] ?? paragraph;
      return (index.copyCount[first] ?? 1) > 1 ? first : -1;
    },
  };
});

const articleLevel = memoPerObject((index: LoadedIndex): Level => {
  const columns = new Map<string, FacetColumn | undefined>();
  const column = (facet: string): FacetColumn | undefined => {
    if (!columns.has(facet)) {
      const paragraphs = index.columns[facet];
      columns.set(facet, paragraphs === undefined ? undefined : articleColumn(index, paragraphs));
    }
    return columns.get(facet);
  };
  const inverted = invertedColumns(column);
  const recencyRank = articleRecency(index);
  const copies = articleCopies(index);
  return {
    unit: 'article',
    count: index.documents.length,
    every: () => everyDocument(index),
    column,
    recencyRank,
    documentOf: (document) => document,
    unitsWith: (facet, value) => inverted(facet)[value] ?? EMPTY,
    fromParagraphs: (list) => perDocument(index, list),
    unitsOfDocuments: (documents) => Int32Array.from(documents).sort(),
    copyKey: (document) => copies[document] ?? -1,
  };
});

/** Per article, the first article with the same paragraphs in the same order (all copies of each other), or -1. */
function articleCopies(index: LoadedIndex): Int32Array {
  const first = new Map<string, number>();
  const size = new Map<number, number>();
  const keyOf = Int32Array.from(index.documents, (_document, ordinal) => {
    const paragraphs = index.documentParagraphs[ordinal] ?? EMPTY;
    if (paragraphs.length === 0) return -1;
    const key = Array.from(paragraphs, (paragraph) => index.copyOf[paragraph] ?? paragraph).join(',');
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, ordinal);
    const owner = earlier ?? ordinal;
    size.set(owner, (size.get(owner) ?? 0) + 1);
    return owner;
  });
  return keyOf.map((owner) => (owner >= 0 && (size.get(owner) ?? 0) > 1 ? owner : -1));
}

/** Per facet, per value ordinal: the units having it, ascending; built on first use of the facet. */
function invertedColumns(columnOf: (facet: string) => FacetColumn | undefined): (facet: string) => Int32Array[] {
  const built = new Map<string, Int32Array[]>();
  return (facet) => {
    let lists = built.get(facet);
    if (lists === undefined) {
      const column = columnOf(facet);
      lists = column === undefined ? [] : invert(column);
      built.set(facet, lists);
    }
    return lists;
  };
}

function invert(column: FacetColumn): Int32Array[] {
  const counts = new Int32Array(column.values.length);
  for (const id of column.ids) counts[id] = (counts[id] ?? 0) + 1;
  const lists = Array.from(counts, (count) => new Int32Array(count));
  const filled = new Int32Array(column.values.length);
  const units = column.offsets.length - 1;
  for (let unit = 0; unit < units; unit += 1) {
    const end = column.offsets[unit + 1] ?? 0;
    for (let k = column.offsets[unit] ?? 0; k < end; k += 1) {
      const id = column.ids[k] ?? 0;
      const list = lists[id];
      if (list === undefined) continue;
      const at = filled[id] ?? 0;
      list[at] = unit;
      filled[id] = at + 1;
    }
  }
  return lists;
}

/** A paragraph column folded to articles: each article's distinct values, in order of first appearance. */
function articleColumn(index: LoadedIndex, paragraphs: FacetColumn): FacetColumn {
  const documents = index.documents.length;
  const offsets = new Int32Array(documents + 1);
  const ids: number[] = [];
  const seenIn = new Int32Array(paragraphs.values.length).fill(-1);
  for (let document = 0; document < documents; document += 1) {
    for (const paragraph of index.documentParagraphs[document] ?? EMPTY) {
      const end = paragraphs.offsets[paragraph + 1] ?? 0;
      for (let k = paragraphs.offsets[paragraph] ?? 0; k < end; k += 1) {
        const id = paragraphs.ids[k] ?? 0;
        if (seenIn[id] === document) continue;
        seenIn[id] = document;
        ids.push(id);
      }
    }
    offsets[document + 1] = ids.length;
  }
  return { values: paragraphs.values, ordinalOf: paragraphs.ordinalOf, offsets, ids: Int32Array.from(ids) };
}

/** An article's browse rank is its first paragraph's (paragraph ranks are newest document first). */
function articleRecency(index: LoadedIndex): Int32Array {
  const ranks = Int32Array.from(index.documents, (_document, ordinal) => {
    const first = index.documentParagraphs[ordinal]?.[0];
    return first === undefined ? 0x7fffffff : (index.recencyRank[first] ?? 0);
  });
  // Dense ranks 0 … n − 1, in the same order.
  const order = Int32Array.from(ranks, (_rank, k) => k).sort((a, b) => (ranks[a] ?? 0) - (ranks[b] ?? 0) || a - b);
  const dense = new Int32Array(ranks.length);
  order.forEach((document, rank) => {
    dense[document] = rank;
  });
  return dense;
}

/**
 * A paragraph list as an article list: an article's score, words and typos are its best paragraph's (highest
 * score, then most words). Paragraph ordinals are not always in document order, so articles are gathered first.
 */
function perDocument(index: LoadedIndex, list: MatchList): MatchList {
  const best = new Map<number, number>();
  for (let k = 0; k < list.paragraphs.length; k += 1) {
    const document = index.paragraphDocument[list.paragraphs[k] ?? 0] ?? -1;
    if (document < 0) continue;
    const current = best.get(document);
    if (current === undefined || (list.scores[k] ?? 0) > (list.scores[current] ?? 0)
      || ((list.scores[k] ?? 0) === (list.scores[current] ?? 0) && (list.words[k] ?? 0) > (list.words[current] ?? 0))) {
      best.set(document, k);
    }
  }
  const documents = [...best.keys()].sort((a, b) => a - b);
  const out = emptyList(documents.length);
  documents.forEach((document, k) => {
    const from = best.get(document) ?? 0;
    out.paragraphs[k] = document;
    out.scores[k] = list.scores[from] ?? 0;
    out.words[k] = list.words[from] ?? 0;
    out.typos[k] = list.typos[from] ?? 0;
  });
  return out;
}
