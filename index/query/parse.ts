import { BUILT_IN_SCHEMA, type FacetSchema } from '../schema.ts';
import { foldWord, indexTerm, phraseForm, words } from '../text.ts';
import type { FilterLists, Result } from '../types.ts';

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
 *                    typed filters (every list filter of the facet schema, metadata facets such as category:sport
 *                    included); they combine like words: `person:a person:b` both, `person:a OR person:b` either,
 *                    `-country:GB` excluded. A value may be a name (country:britain, person:"Tony Blair"): the query
 *                    engine resolves it against the index.
 * The lexer is a single left-to-right scan whose tokens carry their offsets in `q`, so a typed filter can be cut out
 * of `q` exactly; the parser is a recursive descent with bounded depth over those tokens. Neither ever throws.
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

/** A typed filter: the paragraphs (or articles) having a value of a list filter. */
export interface FilterNode {
  kind: 'filter';
  name: QueryFilterName;
  /** As typed, trimmed (a two-letter country code upper-cased); resolved to an id by the query engine. */
  value: string;
}

export type QueryNode = TermNode | PhraseNode | AndNode | OrNode | FilterNode;

/** A filter field `q` may carry: a list filter of the facet schema (country, person, topic, source, doc, …). */
export type QueryFilterName = string;

/** A parsed `q`: a top-level AND node (possibly with no children: browse) and the filters it carried. */
export interface ParsedQuery {
  /** The text parsed. */
  q: string;
  root: AndNode;
  /**
   * Values typed at the top level, not excluded and outside any OR, for each list filter of the schema (every filter
   * has an entry, most of them empty): the typed filters a chip can remove.
   */
  filters: FilterLists;
  /** The tokens of `q`, with their offsets: what a typed filter is cut out of `q` by. */
  tokens: readonly Token[];
  schema: FacetSchema;
}

/** A token of `q`, from offset `start` to `end` (exclusive). */
export type Token = Span & (
  | { type: 'word'; text: string; negated: boolean }
  | { type: 'phrase'; text: string; negated: boolean }
  | { type: 'open'; negated: boolean }
  | { type: 'close' }
  | { type: 'or' }
  | { type: 'filter'; name: QueryFilterName; value: string; negated: boolean }
);

interface Span {
  start: number;
  end: number;
}

const QUOTES = '"\u201C\u201D\u201E\u201F\u00AB\u00BB';

/** Parses `q` into a query tree and filters, or a `bad_query` error that says what to change. */
export function parseQuery(q: string, schema: FacetSchema = BUILT_IN_SCHEMA): Result<ParsedQuery> {
  if (q.length > MAX_QUERY_LENGTH) return badQuery(`the query is longer than ${MAX_QUERY_LENGTH} characters`);
  return parseTokens(q, lex(q, schema), schema);
}

/** The parse of a token list (all of `q`'s, or `q`'s without some filters). */
function parseTokens(q: string, tokens: readonly Token[], schema: FacetSchema): Result<ParsedQuery> {
  const filters = emptyLists(schema);
  const parser = new Parser(tokens, schema);
  const root = parser.parseSequence(0, true);
  if (!root.ok) return root;
  for (const child of root.value.children) if (child.kind === 'filter') (filters[child.name] ??= []).push(child.value);
  markLastWordAsPrefix(root.value, tokens);
  return { ok: true, value: { q, root: root.value, filters, tokens, schema } };
}

/** Splits `q` into tokens in one pass; unclosed quotes run to the end of the query. */
function lex(q: string, schema: FacetSchema): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const char = q.charAt(i);
    if (/\s/.test(char)) {
      i += 1;
      continue;
    }
    const start = i;
    let negated = false;
    if (char === '-' && i + 1 < q.length && !/\s/.test(q.charAt(i + 1))) {
      negated = true;
      i += 1;
    }
    const next = q.charAt(i);
    if (QUOTES.includes(next)) {
      const end = findQuoteEnd(q, i + 1);
      i = Math.min(q.length, end + 1);
      tokens.push({ type: 'phrase', text: q.slice(start + (negated ? 2 : 1), end), negated, start, end: i });
    } else if (next === '(') {
      i += 1;
      tokens.push({ type: 'open', negated, start, end: i });
    } else if (next === ')') {
      i += 1;
      tokens.push({ type: 'close', start, end: i });
    } else {
      let end = i;
      while (end < q.length && !/[\s()]/.test(q.charAt(end)) && !QUOTES.includes(q.charAt(end))) end += 1;
      const text = q.slice(i, end);
      i = end;
      const filter = /^([a-z][a-z0-9_]*):(.*)$/i.exec(text);
      const name = filter?.[1]?.toLowerCase();
      if (filter && name !== undefined && schema.filterNames.includes(name)) {
        let value = filter[2] ?? '';
        if (value === '' && i < q.length && QUOTES.includes(q.charAt(i))) {
          const quoteEnd = findQuoteEnd(q, i + 1);
          value = q.slice(i + 1, quoteEnd);
          i = Math.min(q.length, quoteEnd + 1);
        }
        tokens.push({ type: 'filter', name, value, negated, start, end: i });
      } else if (text === 'OR' && !negated) {
        tokens.push({ type: 'or', start, end: i });
      } else if (text.length > 0) {
        tokens.push({ type: 'word', text, negated, start, end: i });
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
    private readonly tokens: readonly Token[],
    private readonly schema: FacetSchema,
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
      this.position += 1;
      const operand = this.parseOperand(depth);
      if (!operand.ok) return operand;
      if (operand.value !== null) operands.push(operand.value);
    }
    if (operands.length === 1) return { ok: true, value: first.value };
    if (operands.some((operand) => operand.negated)) {
      return badQuery('an excluded word or filter (-word) cannot be part of an OR; put it outside the OR');
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
    if (token.type === 'filter') {
      const value = token.value.trim();
      if (value === '') {
        return badQuery(`${token.name}: needs a value, e.g. ${token.name}:${this.schema.byName.get(token.name)?.example ?? 'value'}`);
      }
      const node: FilterNode = { kind: 'filter', name: token.name, value: normalisedValue(this.schema, token.name, value) };
      return { ok: true, value: { node, negated: token.negated } };
    }
    return { ok: true, value: null };
  }
}

/** A typed filter value as the parser stores it: trimmed; a two-letter country code upper-cased. */
function normalisedValue(schema: FacetSchema, name: QueryFilterName, value: string): string {
  const trimmed = value.trim();
  return schema.byName.get(name)?.countryCode === true && /^[a-z]{2}$/i.test(trimmed) ? trimmed.toUpperCase() : trimmed;
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
function markLastWordAsPrefix(root: AndNode, tokens: readonly Token[]): void {
  const last = tokens[tokens.length - 1];
  if (last === undefined || last.type !== 'word' || last.negated) return;
  let node: QueryNode | undefined = root.children[root.children.length - 1];
  while (node !== undefined && (node.kind === 'and' || node.kind === 'or')) {
    node = node.children[node.children.length - 1];
  }
  const lastWord = words(last.text).pop();
  if (node?.kind === 'term' && node.word === lastWord && node.folded.length >= 2) node.prefix = true;
}

// ---------- typed filters: chips cut them out of q by their spans ----------

/**
 * `q` without every token that applies `name:value`, or null when `q` does not apply it or cutting it would change
 * the rest of the query (`a country:FR OR b` would become `a OR b`): a chip is offered only when its removal is
 * certain. The check parses the remaining tokens; `q` is not lexed again.
 */
export function queryWithoutFilter(parsed: ParsedQuery, name: QueryFilterName, value: string): string | null {
  if (!(parsed.filters[name] ?? []).includes(value)) return null;
  const cut = parsed.tokens.filter((token) => token.type === 'filter' && token.name === name && !token.negated
    && normalisedValue(parsed.schema, name, token.value) === value);
  if (cut.length === 0) return null;
  const after = parseTokens('', parsed.tokens.filter((token) => !cut.includes(token)), parsed.schema);
  const isCut = (node: QueryNode): boolean => node.kind === 'filter' && node.name === name && node.value === value;
  if (!after.ok || shape(after.value.root) !== shape(withoutTopLevel(parsed.root, isCut))) return null;
  const expected = parsed.filters[name]?.filter((v) => v !== value) ?? [];
  if (JSON.stringify(after.value.filters[name]) !== JSON.stringify(expected)) return null;
  return cutSpans(parsed.q, cut);
}

/** `q` without any filter token: the words of the query (or `q` as it is when cutting would change them). */
export function queryWithoutFilters(parsed: ParsedQuery): string {
  const cut = parsed.tokens.filter((token) => token.type === 'filter');
  if (cut.length === 0) return parsed.q.trim();
  const after = parseTokens('', parsed.tokens.filter((token) => token.type !== 'filter'), parsed.schema);
  const isFilter = (node: QueryNode): boolean => node.kind === 'filter';
  const same = after.ok && shape(after.value.root) === shape(withoutTopLevel(parsed.root, isFilter, isFilter));
  return same ? cutSpans(parsed.q, cut) : parsed.q.trim();
}

/** The root without some of its top-level children (and exclusions). */
function withoutTopLevel(root: AndNode, cut: (node: QueryNode) => boolean, cutExcluded: (node: QueryNode) => boolean = () => false): AndNode {
  return { ...root, children: root.children.filter((child) => !cut(child)), excluded: root.excluded.filter((child) => !cutExcluded(child)) };
}

/** The filters `q` carries, as the parser reads them; none when `q` does not parse. */
export function queryFilters(q: string, schema: FacetSchema = BUILT_IN_SCHEMA): FilterLists {
  const parsed = parseQuery(q, schema);
  return parsed.ok ? parsed.value.filters : emptyLists(schema);
}

/** An empty list for every list filter of the schema. */
function emptyLists(schema: FacetSchema): FilterLists {
  const lists: FilterLists = { country: [], person: [], topic: [], place: [], source: [], doc: [] };
  for (const name of schema.filterNames) lists[name] = [];
  return lists;
}

/** `queryWithoutFilter` on the text of a query; null when it does not parse. */
export function withoutQueryFilter(q: string, name: QueryFilterName, value: string, schema: FacetSchema = BUILT_IN_SCHEMA): string | null {
  const parsed = parseQuery(q, schema);
  return parsed.ok ? queryWithoutFilter(parsed.value, name, value) : null;
}

/** `queryWithoutFilters` on the text of a query; `q` as it is when it does not parse. */
export function withoutAnyQueryFilter(q: string, schema: FacetSchema = BUILT_IN_SCHEMA): string {
  const parsed = parseQuery(q, schema);
  return parsed.ok ? queryWithoutFilters(parsed.value) : q.trim();
}

/** A query tree as a string, leaving out which word is the last (matched as a prefix), which a cut may change. */
function shape(root: AndNode): string {
  return JSON.stringify(root, (key, value: unknown) => (key === 'prefix' ? undefined : value));
}

/** `q` with the spans cut out, the text either side joined by one space. */
function cutSpans(q: string, spans: readonly Span[]): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    out = joinWithSpace(out, q.slice(at, span.start));
    at = span.end;
  }
  return joinWithSpace(out, q.slice(at)).trim();
}

function joinWithSpace(left: string, right: string): string {
  if (left.trim() === '') return right.trimStart();
  if (right.trim() === '') return left.trimEnd();
  return `${left.trimEnd()} ${right.trimStart()}`;
}

function badQuery<T>(message: string): Result<T> {
  return { ok: false, error: { code: 'bad_query', message: `q: ${message}` } };
}
