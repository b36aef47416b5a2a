import porter2 from 'wink-porter2-stemmer';
import { BoundedCache, ENTRY_BYTES, stringBytes } from './cache.ts';

/**
 * Text normalisation shared by the indexer, the tagger and the query side, so that a word is
 * folded, tokenised and stemmed the same way wherever it is seen.
 */

/** A word of a text with its position in the original string (end exclusive). */
export interface Token {
  word: string;
  start: number;
  end: number;
}

// Dotted acronyms (U.S., U.K.) first, so they become one word instead of single letters.
const WORD = /(?:\p{L}\.){2,}|[\p{L}\p{N}]+/gu;

const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', œ: 'oe', Œ: 'OE', ı: 'i',
};

/** Strips accents and folds a few letters that have no decomposition: "Élysée" → "Elysee". Keeps case. */
export function foldAccents(text: string): string {
  // A plain-ASCII string is by far the common case; skip the Unicode work for it.
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßæÆøØłŁđĐœŒı]/g, (letter) => SPECIAL_LETTERS[letter] ?? letter);
}

/** Maps typographic punctuation to ASCII (curly quotes, dashes, non-breaking spaces) for loose matching. */
export function plainPunctuation(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u00A0\u2000-\u200B\u202F\u205F\u3000]/g, ' ');
}

/** Lower-case, accent-free form of one word, with dots of acronyms removed. */
export function foldWord(word: string): string {
  return foldAccents(word).toLowerCase().replace(/\./g, '');
}

/** Splits text into words with their offsets in the original string. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index ?? 0;
    tokens.push({ word: match[0], start, end: start + match[0].length });
  }
  return tokens;
}

/** The words of a text, without offsets. */
export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/**
 * Common English function words. Short on purpose: "us", "no" and "not" stay searchable, and phrase
 * queries still check every word, stop words included, against the paragraph text.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'been', 'being', 'but', 'by', 'can', 'could', 'did', 'do',
  'does', 'for', 'from', 'had', 'has', 'have', 'he', 'her', 'his', 'how', 'i', 'if', 'in', 'into', 'is',
  'it', 'its', 'may', 'might', 'must', 'of', 'on', 'or', 'our', 's', 'shall', 'she', 'should', 'so',
  'such', 't', 'than', 'that', 'the', 'their', 'them', 'then', 'there', 'these', 'they', 'this', 'those',
  'to', 'was', 'we', 'were', 'what', 'when', 'where', 'which', 'while', 'who', 'whom', 'why', 'will',
  'with', 'would', 'you', 'your',
]);

// Bounded by bytes as well as entries: every distinct query word passes here, and a word may be very long.
const stemCache = new BoundedCache<string, string>({
  maxEntries: 500_000,
  maxBytes: 64 * 2 ** 20,
  sizeOf: (word, stemmed) => stringBytes(word) + stringBytes(stemmed) + ENTRY_BYTES,
});

/** Longer words are not stemmed: no English suffix rule applies to them, and caching them would waste memory. */
const MAX_STEMMED_LENGTH = 40;

/** Porter2 (Snowball English) stem of a folded word, cached: the same few thousand words recur across a corpus. */
export function stem(foldedWord: string): string {
  // English suffix rules fit English letters only: numbers ("300"), other scripts and very long words stay as they are.
  if (foldedWord.length > MAX_STEMMED_LENGTH || !/^[a-z]+$/.test(foldedWord)) return foldedWord;
  let stemmed = stemCache.get(foldedWord);
  if (stemmed === undefined) {
    stemmed = porter2(foldedWord);
    stemCache.set(foldedWord, stemmed);
  }
  return stemmed;
}

/** The index term of a word: folded and stemmed, or null for a stop word. */
export function indexTerm(word: string): string | null {
  const folded = foldWord(word);
  if (folded.length === 0 || STOP_WORDS.has(folded)) return null;
  return stem(folded);
}

/** The stemmed, stop-word-free terms of a text, in order. */
export function indexTerms(text: string): string[] {
  const terms: string[] = [];
  for (const word of words(text)) {
    const term = indexTerm(word);
    if (term !== null) terms.push(term);
  }
  return terms;
}

/** Folded words of a text joined by single spaces, for phrase checks: punctuation and case ignored. */
export function phraseForm(text: string): string {
  return words(text).map(foldWord).join(' ');
}

/**
 * Text made safe for one line of a log: control characters (a newline in a file name, a terminal escape) are written
 * as escapes (`\\n`, `\\u001b`), so a corpus can neither forge a log line nor drive the terminal.
 */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (char) => {
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    if (char === '\t') return '\\t';
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
