import { words, foldWord } from '../text.ts';
import { wordId } from './lexicon.ts';
import type { WordToken } from './tokens.ts';

/**
 * A lookup table of multi-word phrases, stored as a trie of folded words and matched against word tokens by
 * longest match: a few Map probes per token instead of one regex per phrase.
 */

/** Folded words of a phrase joined by spaces: "Côte d'Ivoire" → "cote d ivoire". */
export function phraseKey(phrase: string): string {
  return words(phrase).map(foldWord).join(' ');
}

interface TrieNode<T> {
  next: Map<number, TrieNode<T>> | null;
  values: T[] | null;
}

/** The values of the longest accepted phrase and its length in tokens. */
export interface PhraseMatch<T> {
  values: T[];
  length: number;
}

/** Phrases keyed by the lexicon ids of their folded words (lexicon.ts): integer keys hash and compare cheaply. */
export class PhraseTable<T> {
  private readonly root = new Map<number, TrieNode<T>>();
  /** 1 at the word ids that start a phrase: the question asked for every token, answered by one array read. */
  private startIds = new Uint8Array(256);

  /** Adds a value under a phrase (its folded words). */
  add(phrase: string, value: T): void {
    const folded = words(phrase).map(foldWord).filter((word) => word !== '');
    let level = this.root;
    let node: TrieNode<T> | undefined;
    const first = folded[0];
    if (first !== undefined) this.markStart(wordId(first));
    for (const word of folded) {
      const id = wordId(word);
      node = level.get(id);
      if (node === undefined) {
        node = { next: null, values: null };
        level.set(id, node);
      }
      node.next ??= new Map();
      level = node.next;
    }
    if (node === undefined) return;
    (node.values ??= []).push(value);
  }

  /** True when some phrase starts with this token's word. */
  starts(token: WordToken): boolean {
    return this.startIds[token.id] === 1;
  }

  private markStart(id: number): void {
    if (id >= this.startIds.length) {
      const bigger = new Uint8Array(Math.max(id + 1, this.startIds.length * 2));
      bigger.set(this.startIds);
      this.startIds = bigger;
    }
    this.startIds[id] = 1;
  }

  /**
   * The longest phrase starting at token `i` for which `accept` keeps at least one value, or null.
   * `joinedAt(j)` says whether token j may continue a phrase from token j-1.
   */
  longestAt(
    tokens: readonly WordToken[],
    i: number,
    accept: (value: T, length: number) => boolean,
    joinedAt: (j: number) => boolean,
  ): PhraseMatch<T> | null {
    let level: Map<number, TrieNode<T>> | null = this.root;
    let best: PhraseMatch<T> | null = null;
    for (let j = i; j < tokens.length && level !== null; j += 1) {
      if (j > i && !joinedAt(j)) break;
      const node = level.get((tokens[j] as WordToken).id);
      if (node === undefined) break;
      if (node.values !== null) {
        const length = j - i + 1;
        const accepted = node.values.filter((value) => accept(value, length));
        if (accepted.length > 0) best = { values: accepted, length };
      }
      level = node.next;
    }
    return best;
  }
}
