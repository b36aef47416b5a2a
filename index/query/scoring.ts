/** BM25+ scoring: its parameters and defaults, and the accumulator that sums a word's scores over paragraphs. */
import { memoPerObject } from '../cache.ts';
import { FIELD_BOOST, type LoadedIndex, type SearchField } from '../store/loaded-index.ts';
import { emptyList, type MatchList } from './match-list.ts';

/** Scoring parameters: BM25+ (Lv & Zhai 2011) per field, and the weight of prefix and typo matches. */
export interface Scoring {
  /** Term-frequency saturation. */
  k: number;
  /** Field-length normalisation, 0 (none) to 1 (full). */
  b: number;
  /** BM25+ lower bound: what any occurrence is worth, however long the field. */
  d: number;
  /** A completion of the last word scores this much of the word itself, less for longer completions. */
  prefixWeight: number;
  /** A word reached with typos scores this much of the word itself, less for more typos. */
  typoWeight: number;
  /** Each search field's multiplier. */
  fieldBoost: Readonly<Record<SearchField, number>>;
}

/**
 * MiniSearch's defaults (k 1.2, b 0.7, d 0.5, prefix 0.375, fuzzy 0.45), so that a query without typos or prefix
 * gets MiniSearch's BM25+ score (tests/search-minisearch-parity.test.ts). On Cranfield, standard BM25 (b 0.75,
 * d 0), RSJ idf, other k or title boosts moved MAP and nDCG@10 by 0.006 at most, so there was no reason to differ.
 * MiniSearch's coordination factor (score × query terms matched) is left out on purpose: it cost 0.038 of MAP.
 */
export const DEFAULT_SCORING: Readonly<Scoring> = {
  k: 1.2, b: 0.7, d: 0.5, prefixWeight: 0.375, typoWeight: 0.45, fieldBoost: FIELD_BOOST,
};

/** What scoring a term needs: the index it is looked up in and the parameters. */
export interface ScoringContext {
  index: LoadedIndex;
  scoring: Scoring;
}

/**
 * Sums term scores into a dense array over paragraphs, reused across requests (evaluation is synchronous), so a
 * selective query allocates in proportion to its matches, not to the corpus.
 */
export class Accumulator {
  private readonly scores: Float64Array;
  private readonly typos: Uint16Array;
  private readonly seen: Uint8Array;
  private touched: Int32Array;
  private size = 0;

  constructor(paragraphCount: number) {
    this.scores = new Float64Array(paragraphCount);
    this.typos = new Uint16Array(paragraphCount);
    this.seen = new Uint8Array(paragraphCount);
    this.touched = new Int32Array(1024);
  }

  /**
   * Adds the BM25+ score of `term` in `field` to every paragraph containing it (`any`), or only to those already
   * in the accumulator (`matched`: a field that ranks without matching).
   */
  add({ index, scoring }: ScoringContext, term: string, field: number, weight: number, typos: number, adds: 'any' | 'matched' = 'any'): void {
    const postings = index.terms.postings(term, field);
    if (postings === undefined) return;
    const { k, b, d } = scoring;
    const { paragraphs, frequencies } = postings;
    const idf = Math.log(1 + (index.terms.documentCount - paragraphs.length + 0.5) / (paragraphs.length + 0.5));
    const average = index.terms.averageFieldLength(field) || 1;
    for (let j = 0; j < paragraphs.length; j += 1) {
      const paragraph = paragraphs[j] ?? 0;
      if (adds === 'matched' && this.seen[paragraph] === 0) continue;
      const frequency = frequencies[j] ?? 0;
      const length = index.terms.fieldLength(paragraph, field);
      const score = weight * idf * (d + (frequency * (k + 1)) / (frequency + k * (1 - b + (b * length) / average)));
      if (this.seen[paragraph] === 0) {
        this.seen[paragraph] = 1;
        this.scores[paragraph] = score;
        this.typos[paragraph] = typos;
        this.push(paragraph);
      } else {
        this.scores[paragraph] = (this.scores[paragraph] ?? 0) + score;
        this.typos[paragraph] = Math.min(this.typos[paragraph] ?? 0, typos);
      }
    }
  }

  /** The accumulated matches as a list, leaving the accumulator empty. */
  drain(): MatchList {
    const paragraphs = this.touched.slice(0, this.size).sort();
    const list = emptyList(paragraphs.length);
    list.paragraphs.set(paragraphs);
    list.words.fill(1);
    for (let j = 0; j < paragraphs.length; j += 1) {
      const paragraph = paragraphs[j] ?? 0;
      list.scores[j] = this.scores[paragraph] ?? 0;
      list.typos[j] = this.typos[paragraph] ?? 0;
      this.seen[paragraph] = 0;
    }
    this.size = 0;
    return list;
  }

  private push(paragraph: number): void {
    if (this.size === this.touched.length) {
      const bigger = new Int32Array(this.size * 2);
      bigger.set(this.touched);
      this.touched = bigger;
    }
    this.touched[this.size] = paragraph;
    this.size += 1;
  }
}

/** The index's accumulator, made once per index and left empty between uses. */
export const accumulatorFor = memoPerObject((index: LoadedIndex) => new Accumulator(index.paragraphs.length));
