/** Query word expansion: the typo budget, prefix completions and typo neighbours of a word, and their weights. */
import { BoundedCache, ENTRY_BYTES, memoPerObject, stringBytes } from '../cache.ts';
import type { LoadedIndex } from '../store/loaded-index.ts';
import type { TermNode } from './parse.ts';
import type { Scoring, ScoringContext } from './scoring.ts';

/** What evaluation needs besides the query; expansions are found once per word and request. */
export interface Context extends ScoringContext {
  expansions: Map<TermNode, Expansion[]>;
}

/** A short prefix reaches many words; only the most frequent take part. */
const MAX_PREFIX_EXPANSIONS = 64;

/** Typo budget in the spirit of Meilisearch: none below 5 letters, one from 5, two from 9; never in numbers. */
export function typoBudget(folded: string): number {
  if (/\d/.test(folded)) return 0;
  return folded.length >= 9 ? 2 : folded.length >= 5 ? 1 : 0;
}

/** One index term a query word reaches, how much it counts, and the typos it took. */
export interface Expansion {
  term: string;
  weight: number;
  typos: number;
}

/**
 * The index terms a query word reaches, with their weight and the typos it took to reach them. Prefixes and
 * typos are looked for among whole words of the text, as typed, not among stems: a half-typed or misspelt word
 * stems differently (electi → electi, goverment → gover), and a short stem reaches unrelated words.
 */
export function termExpansions(context: Context, node: TermNode): Expansion[] {
  let expansions = context.expansions.get(node);
  if (expansions === undefined) {
    expansions = findExpansions(context, node);
    context.expansions.set(node, expansions);
  }
  return expansions;
}

function findExpansions(context: Context, node: TermNode): Expansion[] {
  const { index, scoring } = context;
  const { words, terms } = index.vocabulary;
  const budget = typoBudget(node.folded);
  const { nearby, completions } = neighboursOf(index, node.folded, budget, node.prefix);
  const found = new Map<string, Expansion>();
  found.set(node.term, stemMatch(context, node, nearby, budget));
  for (const { position, extra } of completions) {
    const term = terms[position];
    const length = words[position]?.length ?? 1;
    if (term === undefined || found.has(term)) continue;
    found.set(term, { term, weight: scoring.prefixWeight * length / (length + 0.3 * extra), typos: 0 });
  }
  for (const [word, [position, distance]] of nearby) {
    const term = terms[position];
    if (term === undefined || found.has(term)) continue;
    found.set(term, { term, weight: typoWeight(scoring, word.length, distance), typos: distance });
  }
  return [...found.values()];
}

/** Vocabulary words within a typo budget of a word (with their distance), and its most frequent completions. */
interface Neighbours {
  nearby: ReadonlyMap<string, [number, number]>;
  completions: ReadonlyArray<{ position: number; extra: number }>;
}

/** Recently typed words' neighbours, per index: a typo search walks the whole radix tree, and words recur. */
const neighbourCache = memoPerObject((_index: LoadedIndex) => new BoundedCache<string, Neighbours>({
  maxEntries: 1000,
  maxBytes: 8 * 2 ** 20,
  sizeOf: neighboursBytes,
}));

function neighboursOf(index: LoadedIndex, folded: string, budget: number, prefix: boolean): Neighbours {
  const cache = neighbourCache(index);
  const key = `${prefix ? '*' : ' '}${folded}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const nearby = budget > 0 ? index.wordTree.fuzzyGet(folded, budget) : new Map<string, [number, number]>();
  const completions: Array<{ position: number; extra: number }> = [];
  if (prefix) {
    for (const [word, position] of index.wordTree.atPrefix(folded)) {
      if (word !== folded) completions.push({ position, extra: word.length - folded.length });
    }
    const { counts } = index.vocabulary;
    completions.sort((a, b) => (counts[b.position] ?? 0) - (counts[a.position] ?? 0));
    completions.length = Math.min(completions.length, MAX_PREFIX_EXPANSIONS);
  }
  const neighbours = { nearby, completions };
  cache.set(key, neighbours);
  return neighbours;
}

/** Approximate bytes of a word's cached neighbours: each nearby word (with position and distance), each completion. */
function neighboursBytes(key: string, { nearby, completions }: Neighbours): number {
  let bytes = stringBytes(key) + ENTRY_BYTES + completions.length * 32;
  for (const word of nearby.keys()) bytes += stringBytes(word) + 64;
  return bytes;
}

/**
 * The match on the word's own stem, exact unless the word looks misspelt. A misspelling can stem like an unrelated
 * word (goverment → gover, the stem of governess). So when the text never spells the word as typed, has a word one
 * typo away with another stem, and no word with the typed word's stem within its typo budget, the stem match is
 * only a guess: it counts as a match with one typo more than the budget allows, below every real typo match.
 */
function stemMatch(
  { index, scoring }: Context, node: TermNode, nearby: ReadonlyMap<string, [number, number]>, budget: number,
): Expansion {
  const exact = { term: node.term, weight: 1, typos: 0 };
  if (nearby.size === 0 || index.wordTree.has(node.folded)) return exact;
  let oneTypoAway = false;
  for (const [position, distance] of nearby.values()) {
    if (index.vocabulary.terms[position] === node.term) return exact;
    if (distance === 1) oneTypoAway = true;
  }
  if (!oneTypoAway) return exact;
  return { term: node.term, weight: typoWeight(scoring, node.folded.length, budget + 1), typos: budget + 1 };
}

/** MiniSearch's fuzzy weight: the typo weight, shrinking as the typos grow relative to the word. */
function typoWeight(scoring: Scoring, length: number, typos: number): number {
  return typos === 0 ? 1 : scoring.typoWeight * length / (length + typos);
}
