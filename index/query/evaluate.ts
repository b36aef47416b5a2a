/**
 * Evaluation of the query tree: each node to a match list of the context's level, AND as intersection less
 * exclusions, OR as union. Leaves (words, phrases) match paragraphs and are lifted to articles under article scope,
 * so each clause may be met by a different paragraph of the article; typed filters match units directly.
 */
import { SEARCH_FIELDS } from '../store/loaded-index.ts';
import { matchFields, termExpansions, type Context } from './expansion.ts';
import { asList, intersectAll, pick, subtract, unite, type MatchList } from './match-list.ts';
import type { AndNode, PhraseNode, QueryNode, TermNode } from './parse.ts';
import { evaluatePhrase, phraseIn } from './phrase.ts';
import { accumulatorFor } from './scoring.ts';

/** Matches of the top-level query, or null when it has no clause at all (browse every paragraph). */
export function evaluateRoot(context: Context, root: AndNode): MatchList | null {
  if (root.children.length === 0 && root.excluded.length === 0) return null;
  return evaluate(context, root);
}

/** The matches of one node of the query tree. */
function evaluate(context: Context, node: QueryNode): MatchList {
  const { index } = context;
  switch (node.kind) {
    case 'term':
      return context.level.fromParagraphs(evaluateTerm(context, node));
    case 'phrase':
      return context.level.fromParagraphs(evaluatePhrase(context, node.terms, node.form));
    case 'filter':
      return asList(context.unitsOf(node));
    case 'or':
      return node.children.map((child) => evaluate(context, child)).reduce(unite);
    case 'and': {
      // A phrase of stop words only has no postings: it is checked on what the other clauses match, never on every
      // paragraph. search.ts makes sure such a phrase has other clauses beside it.
      const stopWordPhrases = new Map(node.children.filter(isStopWordPhrase).map((phrase) => [phrase.form, phrase]));
      const others = node.children.filter((child) => !isStopWordPhrase(child));
      let matches = others.length === 0
        ? asList(context.level.every())
        : intersectAll(others.map((child) => evaluate(context, child)));
      for (const phrase of stopWordPhrases.values()) matches = withPhrase(context, matches, phrase.form, true);
      // A phrase with indexed words is found through their postings; one of stop words only, on the matches.
      for (const excluded of node.excluded) {
        matches = isStopWordPhrase(excluded)
          ? withPhrase(context, matches, excluded.form, false)
          : subtract(matches, excludedParagraphs(context, excluded));
      }
      return matches;
    }
  }
}

/** A quoted phrase with no indexed word ("the who", "a"). */
export function isStopWordPhrase(node: QueryNode): node is PhraseNode {
  return node.kind === 'phrase' && node.terms.length === 0;
}

/**
 * The matches that have the phrase (`has`) or do not: a paragraph by its text, an article by any of its paragraphs.
 * Only the matches are read, so the work follows the other clauses.
 */
function withPhrase(context: Context, matches: MatchList, form: string, has: boolean): MatchList {
  const units = matches.paragraphs;
  let hasPhrase: (position: number) => boolean;
  if (context.level.unit === 'paragraph') {
    const found = new Set(phraseIn(context, units, form));
    hasPhrase = (position) => found.has(position);
  } else {
    hasPhrase = (position) => {
      const paragraphs = context.index.documentParagraphs[units[position] ?? -1] ?? new Int32Array(0);
      return phraseIn(context, Int32Array.from(paragraphs), form).length > 0;
    };
  }
  const kept: number[] = [];
  for (let position = 0; position < units.length; position += 1) if (hasPhrase(position) === has) kept.push(position);
  return pick(matches, kept);
}

/**
 * One query word: the paragraphs where any index term it reaches is in a matching field, scored with every field
 * (the others only add to paragraphs already matched).
 */
function evaluateTerm(context: Context, node: TermNode): MatchList {
  const { index, scoring } = context;
  const accumulator = accumulatorFor(index);
  const expansions = termExpansions(context, node);
  const matching = matchFields(context.level);
  const ranking = SEARCH_FIELDS.map((_field, position) => position).filter((field) => !matching.includes(field));
  for (const [fields, adds] of [[matching, 'any'], [ranking, 'matched']] as const) {
    for (const field of fields) {
      const boost = scoring.fieldBoost[SEARCH_FIELDS[field] ?? 'text'] ?? 0;
      for (const { term, weight, typos } of expansions) accumulator.add(context, term, field, weight * boost, typos, adds);
    }
  }
  return accumulator.drain();
}

/**
 * Units an excluded clause removes, ascending: exact words (no typo, no prefix) where a word matches, so that `a -b`
 * is exactly the hits of `a` that `a b` does not count.
 */
function excludedParagraphs(context: Context, node: QueryNode): Int32Array {
  const lifted = (paragraphs: Int32Array): Int32Array => context.level.fromParagraphs(asList(paragraphs)).paragraphs;
  switch (node.kind) {
    case 'term':
      return lifted(exactParagraphs(context, node.term));
    case 'phrase':
      return lifted(evaluatePhrase(context, node.terms, node.form).paragraphs);
    case 'filter':
      return context.unitsOf(node);
    case 'or':
      return node.children.map((child) => asList(excludedParagraphs(context, child))).reduce(unite).paragraphs;
    case 'and': {
      let kept = intersectAll(node.children.map((child) => asList(excludedParagraphs(context, child))));
      for (const excluded of node.excluded) kept = subtract(kept, excludedParagraphs(context, excluded));
      return kept.paragraphs;
    }
  }
}

/** Paragraphs with the exact index term in a field where it matches, ascending. */
function exactParagraphs(context: Context, term: string): Int32Array {
  const lists = matchFields(context.level).map((field) => asList(context.index.terms.postings(term, field)?.paragraphs ?? new Int32Array(0)));
  return lists.reduce(unite).paragraphs;
}
