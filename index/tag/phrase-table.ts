import { words, foldWord } from '../text.ts';
import type { WordToken } from './tokens.ts';

/**
 * A lookup table of multi-word phrases keyed by their folded words, matched against word tokens by
 * longest match. One Map probe per candidate length instead of one regex per phrase.
 */

/** Folded words of a phrase joined by spaces: "Côte d'Ivoire" → "cote d ivoire". */
export function phraseKey(phrase: string): string {
  return words(phrase).map(foldWord).join(' ');
}

export class PhraseTable<T> {
  private readonly entries = new Map<string, T[]>();
  private readonly firstWords = new Set<string>();
  private longest = 0;

  /** Adds a value under a phrase; the phrase's words as written are kept by the caller if case matters. */
  add(phrase: string, value: T): void {
    const key = phraseKey(phrase);
    if (key === '') return;
    const list = this.entries.get(key);
    if (list === undefined) this.entries.set(key, [value]);
    else list.push(value);
    this.firstWords.add(key.split(' ', 1)[0] ?? key);
    this.longest = Math.max(this.longest, key.split(' ').length);
  }

  /** The values stored under an exact folded key. */
  get(key: string): readonly T[] | undefined {
    return this.entries.get(key);
  }

  /**
   * The longest phrase starting at token `i` for which `accept` keeps at least one value, with its length
   * in tokens, or null. `joinedAt(j)` says whether token j may continue a phrase from token j-1.
   */
  longestAt(
    tokens: readonly WordToken[],
    i: number,
    accept: (value: T, length: number) => boolean,
    joinedAt: (j: number) => boolean,
  ): { values: T[]; length: number } | null {
    const first = tokens[i];
    if (first === undefined || !this.firstWords.has(first.folded)) return null;
    const keys: string[] = [first.folded];
    let key = first.folded;
    for (let j = i + 1; j < tokens.length && j - i < this.longest; j += 1) {
      const next = tokens[j];
      if (next === undefined || !joinedAt(j)) break;
      key = `${key} ${next.folded}`;
      keys.push(key);
    }
    for (let length = keys.length; length >= 1; length -= 1) {
      const values = this.entries.get(keys[length - 1] ?? '');
      if (values === undefined) continue;
      const accepted = values.filter((value) => accept(value, length));
      if (accepted.length > 0) return { values: accepted, length };
    }
    return null;
  }
}
