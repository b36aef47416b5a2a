import { foldWord, stem, STOP_WORDS, words } from '../../text.ts';

/**
 * Dossier's text analysis (index/text.ts: words → fold → stop words dropped → Porter2 stem) written as PostgreSQL
 * values, so the database matches what the embedded index matches: a paragraph's `terms` tsvector, its term
 * frequencies, and tsquery lexemes. No PostgreSQL dictionary is involved: the tsvector and tsquery text is cast as it
 * is (`::tsvector`, `::tsquery`), which does no normalisation of its own.
 */

/** Prefix of a folded-word lexeme, beside the stems: phrases match words as written (folded), not stems. */
export const WORD_PREFIX = '=';

/** PostgreSQL keeps positions 1 to 16383 and at most 256 positions per lexeme. */
const MAX_POSITION = 16383;
const MAX_POSITIONS = 256;
/** A lexeme may not exceed 2047 bytes; a "word" this long is not one anyone searches for. */
const MAX_LEXEME_CHARS = 500;

/** What a paragraph's text is stored as for matching and ranking. */
export interface AnalysedText {
  /** A tsvector literal: every stem and every `=folded` word at its position (1-based, among all words). */
  tsvector: string;
  /** Index term → occurrences in the text: the text field's BM25 term frequencies. */
  tf: Record<string, number>;
  /** Words in the text, stop words included: BM25's field length, as the embedded index counts it. */
  length: number;
}

/** The tsvector, term frequencies and length of a paragraph's text. */
export function analyseText(text: string): AnalysedText {
  const positions = new Map<string, number[]>();
  const tf: Record<string, number> = Object.create(null) as Record<string, number>;
  const all = words(text);
  all.forEach((word, k) => {
    const folded = foldWord(word);
    if (folded.length === 0) return;
    // Over-long words are counted (tf, length) as the embedded index counts them, but not matchable.
    const matchable = folded.length <= MAX_LEXEME_CHARS;
    const position = Math.min(k + 1, MAX_POSITION);
    if (matchable) addPosition(positions, WORD_PREFIX + folded, position);
    if (STOP_WORDS.has(folded)) return;
    const term = stem(folded);
    tf[term] = (tf[term] ?? 0) + 1;
    if (matchable) addPosition(positions, term, position);
  });
  const entries: string[] = [];
  for (const [lexeme, at] of positions) entries.push(`${BARE_LEXEME.test(lexeme) ? lexeme : quoteLexeme(lexeme)}:${at.join(',')}`);
  return { tsvector: entries.join(' '), tf, length: all.length };
}

function addPosition(positions: Map<string, number[]>, lexeme: string, position: number): void {
  let list = positions.get(lexeme);
  if (list === undefined) positions.set(lexeme, (list = []));
  if (list.length < MAX_POSITIONS && list[list.length - 1] !== position) list.push(position);
}

/** Letters, digits and the word prefix need no quotes in tsvector text (a third less to send and parse). */
const BARE_LEXEME = /^=?[\p{L}\p{N}]+$/u;

/** Term frequencies and length of a short field (a title, a section heading). */
export function termFrequencies(text: string): { tf: Record<string, number>; length: number } {
  const tf: Record<string, number> = Object.create(null) as Record<string, number>;
  const all = words(text);
  for (const word of all) {
    const folded = foldWord(word);
    if (folded.length === 0 || STOP_WORDS.has(folded)) continue;
    const term = stem(folded);
    tf[term] = (tf[term] ?? 0) + 1;
  }
  return { tf, length: all.length };
}

/** A lexeme quoted for tsvector or tsquery text: in single quotes, quotes and backslashes escaped. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The tsquery of a phrase's folded words in sequence (phraseForm, index/text.ts), or null for no word. */
export function phraseQuery(form: string): string | null {
  const folded = form.split(' ').filter((word) => word !== '' && word.length <= MAX_LEXEME_CHARS);
  if (folded.length === 0) return null;
  return folded.map((word) => quoteLexeme(WORD_PREFIX + word)).join(' <-> ');
}
