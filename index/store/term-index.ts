/**
 * The inverted index over paragraphs (id = paragraph ordinal), read side: index terms (text.ts: words → fold →
 * stop words dropped → stem) → postings per field, in flat typed arrays. Flat arrays load in milliseconds and cost
 * the garbage collector nothing, where MiniSearch's nested Maps took seconds for 100k paragraphs; scoring is
 * MiniSearch's BM25+ (search.ts). The write side is builder.ts.
 */

/** The searched fields, in field-id order. */
export const SEARCH_FIELDS = ['text', 'title', 'section'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** The paragraph text counts fully; the document title and section heading help, but weaker. */
export const FIELD_BOOST: Readonly<Record<SearchField, number>> = { text: 1, title: 0.3, section: 0.5 };

/** The paragraphs of one term in one field, ascending, with the term's frequency in each. */
export interface Postings {
  paragraphs: Int32Array;
  /** Uint8Array when the index file found every frequency of the field below 256. */
  frequencies: Uint8Array | Uint16Array;
}

/** One field's postings for every term: term t's entries run from offsets[t] to offsets[t + 1]. */
export interface FieldPostings {
  offsets: Int32Array;
  paragraphs: Int32Array;
  frequencies: Uint8Array | Uint16Array;
}

/** Everything a term index is made of, as the index file stores it. */
export interface TermIndexParts {
  /** Index terms, by term ordinal. */
  terms: readonly string[];
  /** One entry per search field. */
  fields: readonly FieldPostings[];
  /** Words per paragraph and field (paragraph × fields), for BM25 length normalisation. */
  lengths: Uint16Array;
  /** Average words in each field over all paragraphs. */
  averages: readonly number[];
}

/** Term → postings per field, field lengths and their averages. */
export class TermIndex {
  readonly terms: readonly string[];
  private readonly fields: readonly FieldPostings[];
  private readonly lengths: Uint16Array;
  private readonly averages: readonly number[];
  private ordinalMap: Map<string, number> | null = null;

  constructor(parts: TermIndexParts) {
    this.terms = parts.terms;
    this.fields = parts.fields;
    this.lengths = parts.lengths;
    this.averages = parts.averages;
  }

  /** Number of paragraphs indexed. */
  get documentCount(): number {
    return this.lengths.length / SEARCH_FIELDS.length;
  }

  /** The postings of `term` in one field (by position in SEARCH_FIELDS), or undefined when it does not occur. */
  postings(term: string, field: number): Postings | undefined {
    const ordinal = this.ordinals().get(term);
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

  /** The arrays this index is made of, for saving; shared, not copied. */
  parts(): TermIndexParts {
    return { terms: this.terms, fields: this.fields, lengths: this.lengths, averages: this.averages };
  }

  // Built on the first query rather than at load: the server answers its first request sooner.
  private ordinals(): Map<string, number> {
    this.ordinalMap ??= new Map(this.terms.map((term, ordinal) => [term, ordinal]));
    return this.ordinalMap;
  }
}
