/**
 * Query word expansion: the typo budget, prefix completions and typo neighbours of a word, and their weights.
 * Matching is exact by default: a word reaches its own stem (so its folded and inflected forms) and nothing else.
 * Typos and prefixes are tried for a word only when the corpus has no exact match for it (`auto`, shown to the
 * user as "showing results for …"), or for every word when the request asks (`fuzzy=on`): a count that a
 * researcher quotes never includes "toward" in a search for "howard" unless they asked for it.
 */
import { BoundedCache, ENTRY_BYTES, memoPerObject, stringBytes } from '../cache.ts';
import { SEARCH_FIELDS, type LoadedIndex } from '../store/loaded-index.ts';
import type { Level } from './levels.ts';
import type { MatchList } from './match-list.ts';
import type { FilterNode, TermNode } from './parse.ts';
import type { Scoring, ScoringContext } from './scoring.ts';

/** What evaluation needs besides the query; expansions are found once per word and request. */
export interface Context extends ScoringContext {
  expansions: Map<TermNode, Expansion[]>;
  /** Typos and prefixes for every word, not only for words with no exact match. */
  fuzzy: boolean;
  /** What is counted and matched: paragraphs, or articles (any of whose paragraphs may meet each clause). */
  level: Level;
  /** The units having a typed filter's value, ascending (resolved before evaluation). */
  unitsOf(node: FilterNode): Int32Array;
  /** Phrases already evaluated in this request, by terms and form. */
  phrases?: Map<string, MatchList>;
  /** `performance.now()` past which evaluation gives up (WorkBudgetExceeded). */
  deadline?: number;
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
  /** A folded word of the text that has this term: what the expansion is shown as. */
  word: string;
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

/** Why a word was matched beyond its exact forms, or null when it was not. */
export function expansionReason(context: Context, node: TermNode): 'auto' | 'requested' | null {
  const expansions = termExpansions(context, node);
  if (expansions.length === 1 && expansions[0]?.term === node.term && expansions[0].typos === 0) return null;
  return context.fuzzy ? 'requested' : 'auto';
}

function findExpansions(context: Context, node: TermNode): Expansion[] {
  const { index, scoring } = context;
  const { words, terms } = index.vocabulary;
  const exact: Expansion = { term: node.term, word: node.folded, weight: 1, typos: 0 };
  // A word the text has as typed matches exactly; so does one whose stem the text has, unless it looks misspelt.
  if (!context.fuzzy && hasWord(index, node.folded)) return [exact];
  const budget = typoBudget(node.folded);
  const { nearby, completions } = neighboursOf(index, node.folded, budget, node.prefix);
  const stem = stemMatch(context, node, nearby, budget);
  if (!context.fuzzy && stem.typos === 0 && hasTerm(context, node.term)) return [exact];
  const found = new Map<string, Expansion>();
  if (context.fuzzy || hasTerm(context, node.term)) found.set(node.term, stem);
  for (const { position, extra } of completions) {
    const term = terms[position];
    const length = words[position]?.length ?? 1;
    if (term === undefined || found.has(term)) continue;
    found.set(term, { term, word: words[position] ?? term, weight: scoring.prefixWeight * length / (length + 0.3 * extra), typos: 0 });
  }
  for (const [word, [position, distance]] of nearby) {
    const term = terms[position];
    if (term === undefined || found.has(term)) continue;
    found.set(term, { term, word, weight: typoWeight(scoring, word.length, distance), typos: distance });
  }
  // Nothing near either: the word matches what its stem matches (nothing), and says so by not being expanded.
  return found.size === 0 ? [exact] : [...found.values()];
}

/** Whether the text has this folded word: a binary search of the sorted vocabulary (no radix tree needed). */
function hasWord(index: LoadedIndex, folded: string): boolean {
  const { words } = index.vocabulary;
  let low = 0;
  let high = words.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const word = words[middle] ?? '';
    if (word === folded) return true;
    if (word < folded) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

const TEXT_ONLY: readonly number[] = [SEARCH_FIELDS.indexOf('text')];
const EVERY_FIELD: readonly number[] = SEARCH_FIELDS.map((_field, position) => position);

/**
 * The fields (positions in SEARCH_FIELDS) in which a word makes a unit match. A paragraph matches what its own text
 * says: counting it because its article's title or its section heading has the word would inflate every paragraph
 * count (on the BBC corpus, "blair" 501 instead of 422). Those fields still rank the paragraphs that match. An
 * article matches a word anywhere in it, title included.
 */
export function matchFields(level: Pick<Level, 'unit'>): readonly number[] {
  return level.unit === 'article' ? EVERY_FIELD : TEXT_ONLY;
}

/** Whether some unit of the context's level matches the index term exactly. */
function hasTerm(context: Context, term: string): boolean {
  return matchFields(context.level).some((field) => (context.index.terms.postings(term, field)?.paragraphs.length ?? 0) > 0);
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
  const exact = { term: node.term, word: node.folded, weight: 1, typos: 0 };
  if (nearby.size === 0 || index.wordTree.has(node.folded)) return exact;
  let oneTypoAway = false;
  for (const [position, distance] of nearby.values()) {
    if (index.vocabulary.terms[position] === node.term) return exact;
    if (distance === 1) oneTypoAway = true;
  }
  if (!oneTypoAway) return exact;
  return { term: node.term, word: node.folded, weight: typoWeight(scoring, node.folded.length, budget + 1), typos: budget + 1 };
}

/** MiniSearch's fuzzy weight: the typo weight, shrinking as the typos grow relative to the word. */
function typoWeight(scoring: Scoring, length: number, typos: number): number {
  return typos === 0 ? 1 : scoring.typoWeight * length / (length + typos);
}
