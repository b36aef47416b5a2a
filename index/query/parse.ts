import { foldWord, indexTerm, phraseForm, words } from '../text.ts';
import type { Result } from '../types.ts';

/**
 * The query language of `q`:
 *   words            all must match (AND), on folded stems, with typo tolerance; the last word also as a prefix;
 *                    four or more plain words (no phrase, OR or group) are all optional, paragraphs with every
 *                    one of them ranked first (search.ts)
 *   "a phrase"       the words adjacent and in order (straight or curly quotes)
 *   -word -"phrase"  excluded from the paragraph text
 *   a OR b           either; OR binds tighter than the implicit AND: `a b OR c` is a AND (b OR c)
 *   ( … )            a group, e.g. (macron OR scholz) troops
 *   country:FR person:emmanuel-macron topic:troop-deployment source:"Le Monde" doc:<id>
 *                    filters, at the top level only; they combine with the request's filters
 * The parser is a single left-to-right scan plus a recursive descent with bounded depth: it never throws.
 */

export const MAX_QUERY_LENGTH = 1000;
const MAX_DEPTH = 8;

/** A word of the query: its index term (stem), and its folded form for prefix matching. */
export interface TermNode {
  kind: 'term';
  /** The word as typed. */
  word: string;
  /** Folded word (accents and case removed). */
  folded: string;
  /** Index term: folded and stemmed. */
  term: string;
  /** The last word of the query is also matched as the start of longer words. */
  prefix: boolean;
}

/** A quoted phrase: its non-stop index terms (all required) and its folded word sequence (verified on the text). */
export interface PhraseNode {
  kind: 'phrase';
  text: string;
  terms: string[];
  /** phraseForm of the phrase: folded words joined by single spaces. */
  form: string;
}

export interface AndNode {
  kind: 'and';
  /** Positive children: every one must match. */
  children: QueryNode[];
  /** Excluded children: none may match the paragraph text. */
  excluded: QueryNode[];
}

export interface OrNode {
  kind: 'or';
  children: QueryNode[];
}

export type QueryNode = TermNode | PhraseNode | AndNode | OrNode;

/** The filter fields `q` may carry. */
export type QueryFilterName = 'country' | 'person' | 'topic' | 'source' | 'doc';

/** A parsed `q`: a top-level AND node (possibly with no children: browse) and the filters it carried. */
export interface ParsedQuery {
  root: AndNode;
  filters: Record<QueryFilterName, string[]>;
}

type Token =
  | { type: 'word'; text: string; negated: boolean }
  | { type: 'phrase'; text: string; negated: boolean }
  | { type: 'open'; negated: boolean }
  | { type: 'close' }
  | { type: 'or' }
  | { type: 'filter'; name: QueryFilterName; value: string; negated: boolean };

const QUOTES = '"\u201C\u201D\u201E\u201F\u00AB\u00BB';
const FILTER_NAMES: readonly QueryFilterName[] = ['country', 'person', 'topic', 'source', 'doc'];

/** Parses `q` into a query tree and filters, or a `bad_query` error that says what to change. */
export function parseQuery(q: string): Result<ParsedQuery> {
  if (q.length > MAX_QUERY_LENGTH) return badQuery(`the query is longer than ${MAX_QUERY_LENGTH} characters`);
  const tokens = lex(q);
  const filters: Record<QueryFilterName, string[]> = { country: [], person: [], topic: [], source: [], doc: [] };
  const parser = new Parser(tokens, filters);
  const root = parser.parseSequence(0, true);
  if (!root.ok) return root;
  markLastWordAsPrefix(root.value, tokens);
  return { ok: true, value: { root: root.value, filters } };
}

/** Splits `q` into tokens in one pass; unclosed quotes run to the end of the query. */
function lex(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const char = q.charAt(i);
    if (/\s/.test(char)) {
      i += 1;
      continue;
    }
    let negated = false;
    if (char === '-' && i + 1 < q.length && !/\s/.test(q.charAt(i + 1))) {
      negated = true;
      i += 1;
    }
    const next = q.charAt(i);
    if (QUOTES.includes(next)) {
      const end = findQuoteEnd(q, i + 1);
      tokens.push({ type: 'phrase', text: q.slice(i + 1, end), negated });
      i = end + 1;
    } else if (next === '(') {
      tokens.push({ type: 'open', negated });
      i += 1;
    } else if (next === ')') {
      tokens.push({ type: 'close' });
      i += 1;
    } else {
      let end = i;
      while (end < q.length && !/[\s()]/.test(q.charAt(end)) && !QUOTES.includes(q.charAt(end))) end += 1;
      const text = q.slice(i, end);
      i = end;
      const filter = /^([a-z]+):(.*)$/i.exec(text);
      const name = filter?.[1]?.toLowerCase() as QueryFilterName | undefined;
      if (filter && name !== undefined && FILTER_NAMES.includes(name)) {
        let value = filter[2] ?? '';
        if (value === '' && i < q.length && QUOTES.includes(q.charAt(i))) {
          const quoteEnd = findQuoteEnd(q, i + 1);
          value = q.slice(i + 1, quoteEnd);
          i = quoteEnd + 1;
        }
        tokens.push({ type: 'filter', name, value, negated });
      } else if (text === 'OR' && !negated) {
        tokens.push({ type: 'or' });
      } else if (text.length > 0) {
        tokens.push({ type: 'word', text, negated });
      }
    }
  }
  return tokens;
}

function findQuoteEnd(q: string, from: number): number {
  let end = from;
  while (end < q.length && !QUOTES.includes(q.charAt(end))) end += 1;
  return end;
}

class Parser {
  private position = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly filters: Record<QueryFilterName, string[]>,
  ) {}

  /** A sequence of clauses joined by AND, up to a closing parenthesis (or the end, at the top level). */
  parseSequence(depth: number, topLevel: boolean): Result<AndNode> {
    const node: AndNode = { kind: 'and', children: [], excluded: [] };
    while (this.position < this.tokens.length) {
      const token = this.tokens[this.position];
      if (token === undefined) break;
      if (token.type === 'close') {
        this.position += 1;
        if (topLevel) continue; // A stray ")" is ignored rather than refused.
        break;
      }
      if (token.type === 'or') {
        this.position += 1; // A dangling OR has nothing on its left; ignore it.
        continue;
      }
      if (token.type === 'filter') {
        const added = this.addFilter(token, topLevel);
        if (!added.ok) return added;
        this.position += 1;
        continue;
      }
      const clause = this.parseOrGroup(depth);
      if (!clause.ok) return clause;
      if (clause.value === null) continue;
      const { node: child, negated } = clause.value;
      if (negated) node.excluded.push(child);
      else if (child.kind === 'and' && child.excluded.length === 0) node.children.push(...child.children);
      else node.children.push(child);
    }
    if (!topLevel && node.children.length === 0 && node.excluded.length > 0) {
      return badQuery('a group in parentheses needs at least one word that is not excluded');
    }
    return { ok: true, value: node };
  }

  /** One operand, or several joined by OR. */
  private parseOrGroup(depth: number): Result<{ node: QueryNode; negated: boolean } | null> {
    const first = this.parseOperand(depth);
    if (!first.ok || first.value === null) return first;
    const operands = [first.value];
    while (this.tokens[this.position]?.type === 'or') {
      const next = this.tokens[this.position + 1];
      if (next === undefined || next.type === 'or' || next.type === 'close') {
        this.position += 1; // A trailing OR has nothing on its right; ignore it.
        break;
      }
      if (next.type === 'filter') return badQuery(`a filter like ${next.name}:${next.value} cannot be part of an OR`);
      this.position += 1;
      const operand = this.parseOperand(depth);
      if (!operand.ok) return operand;
      if (operand.value !== null) operands.push(operand.value);
    }
    if (operands.length === 1) return { ok: true, value: first.value };
    if (operands.some((operand) => operand.negated)) {
      return badQuery('an excluded word (-word) cannot be part of an OR; put it outside the OR');
    }
    const children = operands.map((operand) => operand.node);
    return { ok: true, value: { node: { kind: 'or', children }, negated: false } };
  }

  /** A word, a phrase or a group in parentheses; null when it has no searchable word. */
  private parseOperand(depth: number): Result<{ node: QueryNode; negated: boolean } | null> {
    const token = this.tokens[this.position];
    if (token === undefined) return { ok: true, value: null };
    this.position += 1;
    if (token.type === 'word') return { ok: true, value: wrap(wordNode(token.text), token.negated) };
    if (token.type === 'phrase') return { ok: true, value: wrap(phraseNode(token.text), token.negated) };
    if (token.type === 'open') {
      if (depth + 1 > MAX_DEPTH) return badQuery(`parentheses are nested more than ${MAX_DEPTH} deep`);
      const group = this.parseSequence(depth + 1, false);
      if (!group.ok) return group;
      return { ok: true, value: wrap(simplify(group.value), token.negated) };
    }
    if (token.type === 'filter') return badQuery(`a filter like ${token.name}:${token.value} cannot be inside parentheses`);
    return { ok: true, value: null };
  }

  private addFilter(token: Extract<Token, { type: 'filter' }>, topLevel: boolean): Result<void> {
    const written = `${token.name}:${token.value}`;
    if (!topLevel) return badQuery(`a filter like ${written} cannot be inside parentheses`);
    if (token.negated) return badQuery(`a filter cannot be excluded (-${written}); remove the minus sign`);
    const value = token.value.trim();
    if (value === '') return badQuery(`${token.name}: needs a value, e.g. ${example(token.name)}`);
    if (token.name === 'country' && !/^[a-z]{2}$/i.test(value)) {
      return badQuery(`country:${value} is not a two-letter ISO country code like country:FR`);
    }
    this.filters[token.name].push(token.name === 'country' ? value.toUpperCase() : value);
    return { ok: true, value: undefined };
  }
}

function example(name: QueryFilterName): string {
  const examples: Record<QueryFilterName, string> = {
    country: 'country:FR', person: 'person:emmanuel-macron', topic: 'topic:troop-deployment',
    source: 'source:"Le Monde"', doc: 'doc:<document id>',
  };
  return examples[name];
}

function wrap(node: QueryNode | null, negated: boolean): { node: QueryNode; negated: boolean } | null {
  return node === null ? null : { node, negated };
}

/** A bare token: one word, or several when it has inner punctuation (e-mail → e AND mail). Stop words drop out. */
function wordNode(text: string): QueryNode | null {
  const terms: TermNode[] = [];
  for (const word of words(text)) {
    const term = indexTerm(word);
    if (term !== null) terms.push({ kind: 'term', word, folded: foldWord(word), term, prefix: false });
  }
  if (terms.length === 0) return null;
  if (terms.length === 1) return terms[0] ?? null;
  return { kind: 'and', children: terms, excluded: [] };
}

function phraseNode(text: string): PhraseNode | null {
  const form = phraseForm(text);
  if (form === '') return null;
  const terms: string[] = [];
  for (const word of words(text)) {
    const term = indexTerm(word);
    if (term !== null && !terms.includes(term)) terms.push(term);
  }
  return { kind: 'phrase', text, terms, form };
}

/** A group with one positive child and no exclusion is that child. */
function simplify(node: AndNode): QueryNode | null {
  if (node.children.length === 0 && node.excluded.length === 0) return null;
  if (node.children.length === 1 && node.excluded.length === 0) return node.children[0] ?? null;
  return node;
}

/** Search-as-you-type: the query's last word, when it ends the query as a plain positive word, is also a prefix. */
function markLastWordAsPrefix(root: AndNode, tokens: Token[]): void {
  const last = tokens[tokens.length - 1];
  if (last === undefined || last.type !== 'word' || last.negated) return;
  let node: QueryNode | undefined = root.children[root.children.length - 1];
  while (node !== undefined && (node.kind === 'and' || node.kind === 'or')) {
    node = node.children[node.children.length - 1];
  }
  const lastWord = words(last.text).pop();
  if (node?.kind === 'term' && node.word === lastWord && node.folded.length >= 2) node.prefix = true;
}

function badQuery<T>(message: string): Result<T> {
  return { ok: false, error: { code: 'bad_query', message: `q: ${message}` } };
}
