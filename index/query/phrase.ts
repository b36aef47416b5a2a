/** Phrase queries: the paragraphs whose text has a phrase's words adjacent and in order. */
import { SEARCH_FIELDS } from '../store/loaded-index.ts';
import { foldAccents } from '../text.ts';
import type { Context } from './expansion.ts';
import { everyParagraph, intersectAll, pick, type MatchList } from './match-list.ts';
import { accumulatorFor } from './scoring.ts';

/** The text field's position among the search fields: phrases and exclusions look at the text alone. */
export const TEXT_FIELD = SEARCH_FIELDS.indexOf('text');

/** Paragraphs whose text has the phrase's words adjacent and in order, punctuation and case ignored. */
export function evaluatePhrase(context: Context, terms: readonly string[], form: string): MatchList {
  const { index } = context;
  let candidates: MatchList;
  if (terms.length === 0) {
    // Only stop words, which are not indexed: every paragraph is a candidate.
    candidates = everyParagraph(index);
  } else {
    candidates = intersectAll(terms.map((term) => {
      const accumulator = accumulatorFor(index);
      accumulator.add(context, term, TEXT_FIELD, 1, 0);
      return accumulator.drain();
    }));
  }
  const pattern = phrasePattern(form);
  const kept: number[] = [];
  for (let k = 0; k < candidates.paragraphs.length; k += 1) {
    const text = index.paragraphs[candidates.paragraphs[k] ?? 0]?.text ?? '';
    if (pattern.test(foldAccents(text).toLowerCase())) kept.push(k);
  }
  const phrase = pick(candidates, kept);
  phrase.words.fill(1);
  return phrase;
}

/**
 * A regular expression finding a phrase's folded words in folded, lower-cased text: whole words, separated by
 * anything that is not a letter or digit, as phraseForm splits them; an acronym's inner dots are allowed ("us"
 * finds "U.S."). Words hold only letters and digits, and a dot is allowed only between two letters, where nothing
 * else can match it: every step is forced, so matching cannot backtrack exponentially.
 */
function phrasePattern(form: string): RegExp {
  const word = (text: string) => [...text.replace(/[^\p{L}\p{N}]/gu, '')].join('\\.?');
  const body = form.split(' ').map(word).join('[^\\p{L}\\p{N}]+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'u');
}
