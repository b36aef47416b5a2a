/** Phrase queries: the paragraphs whose text has a phrase's words adjacent and in order. */
import { SEARCH_FIELDS } from '../store/loaded-index.ts';
import { foldAccents } from '../text.ts';
import type { Context } from './expansion.ts';
import { everyParagraph, intersectAll, pick, type MatchList } from './match-list.ts';
import { accumulatorFor } from './scoring.ts';

/** The text field's position among the search fields: phrases and exclusions look at the text alone. */
export const TEXT_FIELD = SEARCH_FIELDS.indexOf('text');

/** A request's work is bounded: past its deadline, evaluation stops with this, and the answer says to retry. */
export class WorkBudgetExceeded extends Error {
  constructor() {
    super('the query needs more work than one request may take');
  }
}

/** Throws WorkBudgetExceeded once the context's deadline has passed. Cheap enough to call every few hundred steps. */
export function checkDeadline(context: Pick<Context, 'deadline'>): void {
  if (context.deadline !== undefined && performance.now() > context.deadline) throw new WorkBudgetExceeded();
}

/**
 * Paragraphs whose text has the phrase's words adjacent and in order, punctuation and case ignored: the candidates of
 * its indexed words, checked. The same phrase twice in a request is evaluated once. A phrase of stop words only has
 * no candidates of its own; evaluate.ts checks it on what the other clauses match (`phraseIn`).
 */
export function evaluatePhrase(context: Context, terms: readonly string[], form: string): MatchList {
  const key = `${terms.join(' ')}\u0000${form}`;
  const known = context.phrases?.get(key);
  if (known !== undefined) return known;
  const { index } = context;
  const candidates = terms.length === 0 ? everyParagraph(index) : intersectAll(terms.map((term) => {
    const accumulator = accumulatorFor(index);
    accumulator.add(context, term, TEXT_FIELD, 1, 0);
    return accumulator.drain();
  }));
  const phrase = pick(candidates, phraseIn(context, candidates.paragraphs, form));
  phrase.words.fill(1);
  context.phrases?.set(key, phrase);
  return phrase;
}

/** Positions in `paragraphs` (ordinals) of those whose text has the phrase, within the request's deadline. */
export function phraseIn(context: Context, paragraphs: Int32Array, form: string): number[] {
  const pattern = phrasePattern(form);
  const kept: number[] = [];
  for (let k = 0; k < paragraphs.length; k += 1) {
    if ((k & 255) === 0) checkDeadline(context);
    const text = context.index.paragraphs[paragraphs[k] ?? 0]?.text ?? '';
    if (pattern.test(foldAccents(text).toLowerCase())) kept.push(k);
  }
  return kept;
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
