import { FORMAT_VERSION, type IndexContent, type IndexHeader, type LoadedIndex, type Vocabulary } from './loaded-index.ts';
import { BUILT_IN_SCHEMA, type FacetSchema } from '../schema.ts';
import { assembleIndex, ColumnBuilder, grown } from './assemble.ts';
import { SEARCH_FIELDS, TermIndex, type FieldPostings } from './term-index.ts';
import { foldWord, indexTerm, stem, STOP_WORDS, words } from '../text.ts';
import type { DocumentRecord, EntityCatalog, StoredParagraph } from '../types.ts';

/**
 * The write side of the index: documents and paragraphs go in one at a time, in ordinal order; `finish` gives
 * the index. A paragraph's words arrive as ids of folded words (the tagger folded them already, so nothing is
 * tokenised twice), or as text to split here. Each distinct word is folded, stemmed and looked up once; per
 * occurrence there are only array reads, so the cost is linear in the words with no allocation per word.
 */

const UNRESOLVED = -2;
const NO_TERM = -1;
const TEXT = 0;
const TITLE = 1;
const SECTION = 2;

/** The folded words of a paragraph as word ids: `ids[from]` to `ids[to - 1]`. */
export interface WordIdSpan {
  ids: Int32Array;
  from: number;
  to: number;
}

/** Folded words of a text, in order (text.ts `words` then `foldWord`, as the tagger's tokens have them). */
export function foldedWords(text: string): string[] {
  return words(text).map(foldWord);
}

export class IndexBuilder {
  // Words: folded form → id, and per id its term ordinal and vocabulary count.
  private readonly wordIds = new Map<string, number>();
  private readonly words: string[] = [];
  private termOfWord = new Int32Array(1024).fill(UNRESOLVED);
  private paragraphsWithWord = new Int32Array(1024);
  private lastParagraphOfWord = new Int32Array(1024).fill(-1);
  // Terms, by ordinal in order of first occurrence.
  private readonly termOrdinals = new Map<string, number>();
  private readonly terms: string[] = [];
  private frequencyOfTerm = new Int32Array(1024);
  private readonly touched: number[] = [];
  private readonly postings = SEARCH_FIELDS.map(() => new PostingTriples());
  private lengths = new Uint16Array(1024 * SEARCH_FIELDS.length);
  private readonly totals = SEARCH_FIELDS.map(() => 0);
  // Documents and paragraphs.
  private readonly documents: DocumentRecord[] = [];
  private readonly titleWords: Int32Array[] = [];
  private readonly paragraphs: StoredParagraph[] = [];
  private paragraphDocument = new Int32Array(1024);
  private copyOf = new Int32Array(1024);
  /** Hash of a paragraph's folded words → the first paragraph with those words, for folding copies. */
  private readonly firstWithWords = new Map<number, number>();
  private readonly sectionWords = new Map<string, Int32Array>();
  private readonly tagColumns = { country: new ColumnBuilder(), person: new ColumnBuilder(), topic: new ColumnBuilder(), place: new ColumnBuilder() };

  /** Paragraphs added so far. */
  get paragraphCount(): number {
    return this.paragraphs.length;
  }

  /** Documents added so far. */
  get documentCount(): number {
    return this.documents.length;
  }

  /** The id of a folded word, new or known. Ids are this builder's own: callers translate theirs through it. */
  wordId(folded: string): number {
    let id = this.wordIds.get(folded);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(folded);
      this.wordIds.set(folded, id);
      if (id === this.termOfWord.length) this.growWords();
    }
    return id;
  }

  /** Adds a document; returns its ordinal. */
  addDocument(document: DocumentRecord): number {
    this.documents.push(document);
    this.titleWords.push(this.idsOf(document.title));
    return this.documents.length - 1;
  }

  /**
   * Adds the next paragraph of document `document` (an ordinal from addDocument, or -1 when unknown), with its
   * text's words as ids from `wordId`, or null to split the text here.
   */
  addParagraph(document: number, paragraph: StoredParagraph, textWords: WordIdSpan | null): void {
    const ordinal = this.paragraphs.length;
    this.paragraphs.push(paragraph);
    if (ordinal === this.paragraphDocument.length) this.growParagraphs();
    this.paragraphDocument[ordinal] = document;
    const text = textWords ?? wholeSpan(this.idsOf(paragraph.text));
    this.copyOf[ordinal] = this.firstCopy(ordinal, text);
    this.addField(TEXT, ordinal, text.ids, text.from, text.to);
    this.countVocabulary(ordinal, text.ids, text.from, text.to);
    const title = this.titleWords[document];
    if (title !== undefined) this.addField(TITLE, ordinal, title, 0, title.length);
    if (paragraph.section !== null) {
      const section = this.sectionIds(paragraph.section);
      this.addField(SECTION, ordinal, section, 0, section.length);
    }
    this.tagColumns.country.add(paragraph.countries);
    this.tagColumns.person.add(paragraph.persons);
    this.tagColumns.topic.add(paragraph.topics);
    this.tagColumns.place.add(paragraph.places);
  }

  /** The finished index. The builder must not be used afterwards. */
  finish(header: IndexHeader, entities: EntityCatalog, schema: FacetSchema = BUILT_IN_SCHEMA): LoadedIndex {
    const count = this.paragraphs.length;
    const fields: FieldPostings[] = this.postings.map((triples) => triples.groupByTerm(this.terms.length));
    const terms = new TermIndex({
      terms: this.terms,
      fields,
      lengths: this.lengths.slice(0, count * SEARCH_FIELDS.length),
      averages: this.totals.map((total) => (count === 0 ? 0 : total / count)),
    });
    return assembleIndex({
      header,
      documents: this.documents,
      paragraphs: this.paragraphs,
      entities,
      terms,
      vocabulary: this.vocabulary(),
      paragraphDocument: this.paragraphDocument.slice(0, count),
      paragraphNumbers: Int32Array.from(this.paragraphs, (paragraph) => paragraph.n),
      copyOf: this.copyOf.slice(0, count),
      tagColumns: {
        country: this.tagColumns.country.finish(),
        person: this.tagColumns.person.finish(),
        topic: this.tagColumns.topic.finish(),
        place: this.tagColumns.place.finish(),
      },
      schema,
    });
  }

  private idsOf(text: string): Int32Array {
    return Int32Array.from(foldedWords(text), (folded) => this.wordId(folded));
  }

  private sectionIds(section: string): Int32Array {
    let ids = this.sectionWords.get(section);
    if (ids === undefined) {
      ids = this.idsOf(section);
      this.sectionWords.set(section, ids);
    }
    return ids;
  }

  /** Term frequencies of one field of one paragraph → postings, and the field's length. */
  private addField(field: number, paragraph: number, ids: Int32Array, from: number, to: number): void {
    const touched = this.touched;
    for (let k = from; k < to; k += 1) {
      const word = ids[k] as number;
      let term = this.termOfWord[word] as number;
      if (term === UNRESOLVED) term = this.resolveTerm(word);
      if (term === NO_TERM) continue;
      const frequency = this.frequencyOfTerm[term] as number;
      if (frequency === 0) touched.push(term);
      this.frequencyOfTerm[term] = frequency + 1;
    }
    const triples = this.postings[field] as PostingTriples;
    for (const term of touched) {
      triples.push(term, paragraph, this.frequencyOfTerm[term] as number);
      this.frequencyOfTerm[term] = 0;
    }
    touched.length = 0;
    this.lengths[paragraph * SEARCH_FIELDS.length + field] = Math.min(to - from, 0xffff);
    this.totals[field] = (this.totals[field] ?? 0) + (to - from);
  }

  /** A word's term: its stem, or none for a stop word. Terms are numbered in order of first occurrence. */
  private resolveTerm(word: number): number {
    const folded = this.words[word] as string;
    let term = NO_TERM;
    if (folded.length > 0 && !STOP_WORDS.has(folded)) {
      const stemmed = stem(folded);
      const known = this.termOrdinals.get(stemmed);
      if (known === undefined) {
        term = this.terms.length;
        this.terms.push(stemmed);
        this.termOrdinals.set(stemmed, term);
        if (term === this.frequencyOfTerm.length) this.frequencyOfTerm = grown(this.frequencyOfTerm, term * 2);
      } else {
        term = known;
      }
    }
    this.termOfWord[word] = term;
    return term;
  }

  /** Counts each word of two letters or more, not a stop word, once per paragraph that contains it. */
  private countVocabulary(paragraph: number, ids: Int32Array, from: number, to: number): void {
    for (let k = from; k < to; k += 1) {
      const word = ids[k] as number;
      if (this.lastParagraphOfWord[word] === paragraph) continue;
      this.lastParagraphOfWord[word] = paragraph;
      this.paragraphsWithWord[word] = (this.paragraphsWithWord[word] as number) + 1;
    }
  }

  private vocabulary(): Vocabulary {
    const counted: string[] = [];
    this.words.forEach((word, id) => {
      if ((this.paragraphsWithWord[id] ?? 0) > 0 && word.length >= 2 && !STOP_WORDS.has(word)) counted.push(word);
    });
    counted.sort();
    return {
      words: counted,
      counts: counted.map((word) => this.paragraphsWithWord[this.wordIds.get(word) ?? -1] ?? 0),
      terms: counted.map((word) => indexTerm(word) ?? word),
    };
  }

  private growWords(): void {
    const size = this.termOfWord.length * 2;
    const termOfWord = new Int32Array(size).fill(UNRESOLVED);
    termOfWord.set(this.termOfWord);
    this.termOfWord = termOfWord;
    this.paragraphsWithWord = grown(this.paragraphsWithWord, size);
    const last = new Int32Array(size).fill(-1);
    last.set(this.lastParagraphOfWord);
    this.lastParagraphOfWord = last;
  }

  /**
   * The first paragraph with the same folded words as this one (itself when it is the first): identical and
   * near-identical copies (differing in case, accents, punctuation or spacing) fold into one hit. The key is a
   * 53-bit hash of the word ids and their count; among a million paragraphs a false match has odds of about 1e-4.
   */
  private firstCopy(ordinal: number, { ids, from, to }: WordIdSpan): number {
    if (to <= from) return ordinal;
    let high = 0x811c9dc5;
    let low = 0x01000193 ^ (to - from);
    for (let k = from; k < to; k += 1) {
      const id = ids[k] ?? 0;
      high = Math.imul(high ^ id, 0x01000193);
      low = Math.imul(low ^ (id + 0x9e3779b9), 0x5bd1e995);
      low ^= low >>> 15;
    }
    const key = (high >>> 0) * 0x200000 + ((low >>> 0) & 0x1fffff);
    const first = this.firstWithWords.get(key);
    if (first !== undefined) return first;
    this.firstWithWords.set(key, ordinal);
    return ordinal;
  }

  private growParagraphs(): void {
    const size = this.paragraphDocument.length * 2;
    this.paragraphDocument = grown(this.paragraphDocument, size);
    this.copyOf = grown(this.copyOf, size);
    this.lengths = grown(this.lengths, size * SEARCH_FIELDS.length);
  }
}

function wholeSpan(ids: Int32Array): WordIdSpan {
  return { ids, from: 0, to: ids.length };
}

/** An append-only list of (term, paragraph, frequency) triples in typed arrays that double as they fill. */
class PostingTriples {
  private terms = new Int32Array(1024);
  private paragraphs = new Int32Array(1024);
  private frequencies = new Uint16Array(1024);
  private size = 0;

  push(term: number, paragraph: number, frequency: number): void {
    if (this.size === this.terms.length) {
      this.terms = grown(this.terms, this.size * 2);
      this.paragraphs = grown(this.paragraphs, this.size * 2);
      this.frequencies = grown(this.frequencies, this.size * 2);
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
      const slot = (this.terms[k] as number) + 1;
      offsets[slot] = (offsets[slot] as number) + 1;
    }
    for (let t = 0; t < termCount; t += 1) offsets[t + 1] = (offsets[t + 1] as number) + (offsets[t] as number);
    const next = offsets.slice(0, termCount);
    const paragraphs = new Int32Array(this.size);
    const frequencies = new Uint16Array(this.size);
    for (let k = 0; k < this.size; k += 1) {
      const term = this.terms[k] as number;
      const at = next[term] as number;
      paragraphs[at] = this.paragraphs[k] as number;
      frequencies[at] = this.frequencies[k] as number;
      next[term] = at + 1;
    }
    return { offsets, paragraphs, frequencies };
  }
}

/** Builds the in-memory index from content: term index over paragraphs, vocabulary, lookups, the schema's facets. */
export function buildIndex(content: IndexContent, schema: FacetSchema = BUILT_IN_SCHEMA): LoadedIndex {
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
  return builder.finish(header, content.entities, schema);
}
