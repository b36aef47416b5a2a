import {
  BUILT_IN_SCHEMA, parseQuery, queryWithoutFilter, queryWithoutFilters, type FacetSchema, type ParsedQuery,
} from '../../index/query/index.ts';

/**
 * The request's `q` as the route parsed it, once: the filters typed into it and `q` rewritten without them, so a
 * chip or an unticked checkbox removes a typed filter as it removes one from the URL.
 */
export interface TypedQuery {
  q: string;
  /** Null when `q` does not parse (the page shows the error, and no typed filter applies). */
  parsed: ParsedQuery | null;
  schema: FacetSchema;
}

/** Parses `q` for the view-models; the route does this once per request and hands the result on. */
export function typedQuery(q: string, schema: FacetSchema = BUILT_IN_SCHEMA): TypedQuery {
  const parsed = parseQuery(q, schema);
  return { q, parsed: parsed.ok ? parsed.value : null, schema };
}

/** A typed query from either the parse the route made or, in tests, the text of `q`. */
export function asTypedQuery(query: TypedQuery | string, schema: FacetSchema = BUILT_IN_SCHEMA): TypedQuery {
  return typeof query === 'string' ? typedQuery(query, schema) : query;
}

/** The values typed into `q` for filter `name`. */
export function typedValues(query: TypedQuery, name: string): string[] {
  return query.parsed?.filters[name] ?? [];
}

/** `q` without the typed `name:value`, or null when it cannot be cut out for certain. */
export function withoutTyped(query: TypedQuery, name: string, value: string): string | null {
  return query.parsed === null ? null : queryWithoutFilter(query.parsed, name, value);
}

/** `q` without any typed filter. */
export function withoutAllTyped(query: TypedQuery): string {
  return query.parsed === null ? query.q.trim() : queryWithoutFilters(query.parsed);
}
