import { parseQuery, type AndNode, type QueryFilterName } from '../../index/query/index.ts';

/**
 * Filters typed into `q` (`country:FR`, `person:…`, `source:"Le Monde"`): which ones the search applies, and `q`
 * rewritten without one of them, so a chip can remove a typed filter as it removes one from the URL.
 */

/** The filters `q` carries, as the query parser reads them; none when `q` does not parse. */
export function queryFilters(q: string): Record<QueryFilterName, string[]> {
  const parsed = parseQuery(q);
  return parsed.ok ? parsed.value.filters : { country: [], person: [], topic: [], source: [], doc: [] };
}

/**
 * `q` without every `name:value` token the parser reads as that filter, or null when the rewritten query would
 * not drop it (a form this scan does not recognise): a chip is only offered when its removal is certain.
 */
export function withoutQueryFilter(q: string, name: QueryFilterName, value: string): string | null {
  const spans = filterSpans(q).filter((span) => span.name === name && normalise(name, span.value) === value);
  if (spans.length === 0) return null;
  const rewritten = cutSpans(q, spans);
  const before = parseQuery(q);
  const after = parseQuery(rewritten);
  if (!before.ok || !after.ok || !before.value.filters[name].includes(value)) return null;
  const expected = { ...before.value.filters, [name]: before.value.filters[name].filter((v) => v !== value) };
  if (JSON.stringify(after.value.filters) !== JSON.stringify(expected)) return null;
  // Cutting a token must leave the words as they were: `a country:FR OR b` would otherwise become `a OR b`.
  if (shape(before.value.root) !== shape(after.value.root)) return null;
  return rewritten;
}

/** `q` without any filter token: the words of the query (or `q` as it is when cutting would change them). */
export function withoutAnyQueryFilter(q: string): string {
  const rewritten = cutSpans(q, filterSpans(q));
  const before = parseQuery(q);
  const after = parseQuery(rewritten);
  return before.ok && after.ok && shape(before.value.root) === shape(after.value.root) ? rewritten : q.trim();
}

// The query parser's quote characters and filter names; a difference would only make `withoutQueryFilter` decline.
const QUOTES = '"\u201C\u201D\u201E\u201F\u00AB\u00BB';
const FILTER_NAMES: readonly string[] = ['country', 'person', 'topic', 'source', 'doc'];

interface FilterSpan {
  name: QueryFilterName;
  value: string;
  start: number;
  end: number;
}

/** The spans of `q` that the query parser's lexer reads as filter tokens, found by the same left-to-right scan. */
function filterSpans(q: string): FilterSpan[] {
  const spans: FilterSpan[] = [];
  let i = 0;
  while (i < q.length) {
    const char = q.charAt(i);
    if (/\s/.test(char) || char === '(' || char === ')') {
      i += 1;
      continue;
    }
    const start = i;
    const negated = char === '-' && i + 1 < q.length && !/\s/.test(q.charAt(i + 1));
    if (negated) i += 1;
    if (QUOTES.includes(q.charAt(i))) {
      i = quoteEnd(q, i + 1) + 1;
      continue;
    }
    if (q.charAt(i) === '(' || q.charAt(i) === ')') continue;
    let end = i;
    while (end < q.length && !/[\s()]/.test(q.charAt(end)) && !QUOTES.includes(q.charAt(end))) end += 1;
    const match = /^([a-z]+):(.*)$/i.exec(q.slice(i, end));
    i = end;
    const name = match?.[1]?.toLowerCase();
    // An excluded filter is refused by the parser, so it is never one the search applies.
    if (match === null || name === undefined || !FILTER_NAMES.includes(name) || negated) continue;
    let value = match[2] ?? '';
    if (value === '' && i < q.length && QUOTES.includes(q.charAt(i))) {
      const closing = quoteEnd(q, i + 1);
      value = q.slice(i + 1, closing);
      i = Math.min(q.length, closing + 1);
    }
    spans.push({ name: name as QueryFilterName, value, start, end: i });
  }
  return spans;
}

/** A query tree as a string, leaving out which word is the last (matched as a prefix), which a cut may change. */
function shape(root: AndNode): string {
  return JSON.stringify(root, (key, value: unknown) => (key === 'prefix' ? undefined : value));
}

function quoteEnd(q: string, from: number): number {
  let end = from;
  while (end < q.length && !QUOTES.includes(q.charAt(end))) end += 1;
  return end;
}

/** A typed value as the parser stores it: trimmed, country codes upper-cased. */
function normalise(name: QueryFilterName, value: string): string {
  const trimmed = value.trim();
  return name === 'country' ? trimmed.toUpperCase() : trimmed;
}

/** `q` with the spans cut out, the text either side joined by one space. */
function cutSpans(q: string, spans: readonly FilterSpan[]): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    out = join(out, q.slice(at, span.start));
    at = span.end;
  }
  return join(out, q.slice(at)).trim();
}

function join(left: string, right: string): string {
  if (left.trim() === '') return right.trimStart();
  if (right.trim() === '') return left.trimEnd();
  return `${left.trimEnd()} ${right.trimStart()}`;
}
