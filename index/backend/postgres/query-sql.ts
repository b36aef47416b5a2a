import type { AndNode, FilterNode, QueryNode } from '../../query/parse.ts';
import type { Scoring } from '../../query/scoring.ts';
import { BUILT_IN_SCHEMA } from '../../schema.ts';
import { phraseQuery, quoteLexeme } from './analysis.ts';

/**
 * Dossier's query tree (index/query/parse.ts) as SQL over `dossier_paragraphs p`: three expressions per node, each
 * with its values as parameters (user input never enters the SQL text; tsquery text is built only from analysed
 * lexemes and sent as a parameter too):
 *   match   whether the paragraph satisfies the node. Text-only subtrees become one tsquery (`p.terms @@ $n`), so an
 *           AND of words and phrases is one GIN lookup; typed filters are array tests (`&&` on GIN-indexed tags);
 *   score   BM25+ as index/query/evaluate.ts sums it: a word scores text + title + section (the last two only where
 *           the text has it), a phrase its words in the text, an AND the sum of its children where it matches, an OR
 *           the sum of the alternatives that match; filters score 0;
 *   words   the words and phrases matched (what ranks first when alternatives of an OR differ).
 */

/** Collects parameter values; `add` gives the placeholder, typed so PostgreSQL never has to guess. */
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

/** BM25 statistics of a term in each field: its idf (0 where no paragraph has it). */
export interface TermWeights {
  text: number;
  title: number;
  section: number;
}

/** What compiling needs besides the tree. */
export interface CompileContext {
  params: Params;
  /** Typed filters' resolved ids. */
  values: ReadonlyMap<FilterNode, string>;
  weights: ReadonlyMap<string, TermWeights>;
  averages: TermWeights;
  scoring: Scoring;
}

/** The tsquery of a subtree made only of words and phrases (and exclusions of them), or null. */
function textQuery(node: QueryNode): string | null {
  switch (node.kind) {
    case 'term':
      return quoteLexeme(node.term);
    case 'phrase': {
      const query = phraseQuery(node.form);
      return query === null ? null : `(${query})`;
    }
    case 'filter':
      return null;
    case 'or': {
      const parts = node.children.map(textQuery);
      return parts.every((part) => part !== null) && parts.length > 0 ? `(${parts.join(' | ')})` : null;
    }
    case 'and': {
      const positive = node.children.map(textQuery);
      const excluded = node.excluded.map(textQuery);
      if (positive.length === 0 || !positive.every((part) => part !== null) || !excluded.every((part) => part !== null)) return null;
      return `(${[...positive, ...excluded.map((part) => `!${part}`)].join(' & ')})`;
    }
  }
}

/** Whether the paragraph satisfies the node. */
export function matchSql(node: QueryNode, context: CompileContext): string {
  const text = textQuery(node);
  if (text !== null) return `p.terms @@ ${context.params.add(text, 'tsquery')}`;
  switch (node.kind) {
    case 'filter':
      return filterSql(node.name, [context.values.get(node) ?? ''], 'any', context.params);
    case 'or': {
      const texts = node.children.map(textQuery).filter((part): part is string => part !== null);
      const others = node.children.filter((child) => textQuery(child) === null).map((child) => matchSql(child, context));
      const parts = texts.length > 0 ? [`p.terms @@ ${context.params.add(`(${texts.join(' | ')})`, 'tsquery')}`, ...others] : others;
      return `(${parts.join(' OR ')})`;
    }
    case 'and': {
      const texts = node.children.map(textQuery).filter((part): part is string => part !== null);
      const excludedTexts = node.excluded.map(textQuery).filter((part): part is string => part !== null);
      const parts: string[] = [];
      if (texts.length > 0) {
        // Excluded words and phrases join the positive tsquery: one index lookup for the whole clause.
        const query = [...texts, ...excludedTexts.map((part) => `!${part}`)].join(' & ');
        parts.push(`p.terms @@ ${context.params.add(query, 'tsquery')}`);
      } else if (excludedTexts.length > 0) {
        parts.push(`NOT (p.terms @@ ${context.params.add(excludedTexts.join(' | '), 'tsquery')})`);
      }
      // Co-mentions (`person:a person:b`, personMatch=all) become one all-of test: `p.persons @> {a,b}`.
      const allOf = new Map<string, string[]>();
      for (const child of node.children) {
        if (textQuery(child) !== null) continue;
        if (child.kind === 'filter' && BUILT_IN_SCHEMA.byName.get(child.name)?.source.kind === 'tag') {
          allOf.set(child.name, [...(allOf.get(child.name) ?? []), context.values.get(child) ?? '']);
        } else {
          parts.push(matchSql(child, context));
        }
      }
      for (const [name, values] of allOf) parts.push(filterSql(name, values, 'all', context.params));
      for (const child of node.excluded) if (textQuery(child) === null) parts.push(`NOT ${matchSql(child, context)}`);
      return parts.length === 0 ? 'TRUE' : `(${parts.join(' AND ')})`;
    }
    default:
      return 'FALSE';
  }
}

/** A list filter's test: any of the values (`&&`), or all of them (`@>`: co-mentions). */
export function filterSql(name: string, values: readonly string[], mode: 'any' | 'all', params: Params): string {
  const source = BUILT_IN_SCHEMA.byName.get(name)?.source;
  if (source?.kind === 'tag') {
    return `p.${source.tags} ${mode === 'all' ? '@>' : '&&'} ${params.add(values, 'text[]')}`;
  }
  const column = source?.kind === 'doc' ? 'p.doc_id' : source?.kind === 'document' && source.field === 'source' ? 'p.source' : null;
  if (column === null) throw new Error(`filterSql: ${name} is not a filter the PostgreSQL backend has`);
  return `${column} = ${mode === 'all' ? 'ALL' : 'ANY'} (${params.add(values, 'text[]')})`;
}

/** BM25+ of one field of a term, or 0 where the paragraph's field lacks it. */
function fieldScore(context: CompileContext, tf: string, term: string, field: keyof TermWeights, boost: number): string {
  const { k, b, d } = context.scoring;
  const { params } = context;
  const idf = context.weights.get(term)?.[field] ?? 0;
  const average = context.averages[field] || 1;
  const length = field === 'text' ? 'p.text_length' : field === 'title' ? 'p.title_length' : 'p.section_length';
  const bm25 = `dossier_bm25((${tf} ->> ${params.add(term, 'text')})::float8, ${length}, ${params.add(average, 'float8')}, `
    + `${params.add(idf, 'float8')}, ${params.add(k, 'float8')}, ${params.add(b, 'float8')}, ${params.add(d, 'float8')})`;
  return boost === 1 ? bm25 : `${params.add(boost, 'float8')} * ${bm25}`;
}

/** The node's score; `gated` when it may not match (inside an OR): then 0 where it does not. */
export function scoreSql(node: QueryNode, context: CompileContext, gated = false): string {
  const { params, scoring } = context;
  switch (node.kind) {
    case 'term': {
      const fields = [
        fieldScore(context, 'p.tf', node.term, 'text', scoring.fieldBoost.text),
        fieldScore(context, 'p.title_tf', node.term, 'title', scoring.fieldBoost.title),
        fieldScore(context, 'p.section_tf', node.term, 'section', scoring.fieldBoost.section),
      ];
      return `(CASE WHEN p.tf ? ${params.add(node.term, 'text')} THEN ${fields.join(' + ')} ELSE 0 END)`;
    }
    case 'phrase': {
      if (node.terms.length === 0) return '0';
      const sum = node.terms.map((term) => fieldScore(context, 'p.tf', term, 'text', 1)).join(' + ');
      return `(CASE WHEN ${matchSql(node, context)} THEN ${sum} ELSE 0 END)`;
    }
    case 'filter':
      return '0';
    case 'or':
      return `(${node.children.map((child) => scoreSql(child, context, true)).join(' + ')})`;
    case 'and': {
      const sum = node.children.length === 0 ? '0' : `(${node.children.map((child) => scoreSql(child, context, false)).join(' + ')})`;
      return gated ? `(CASE WHEN ${matchSql(node, context)} THEN ${sum} ELSE 0 END)` : sum;
    }
  }
}

/** Words and indexed phrases the paragraph matches, counted as the embedded engine counts them. */
export function wordsSql(node: QueryNode, context: CompileContext, gated = false): string {
  const { params } = context;
  switch (node.kind) {
    case 'term':
      return `(p.tf ? ${params.add(node.term, 'text')})::int`;
    case 'phrase':
      // A phrase of stop words only filters what the other clauses match; it adds no word.
      return node.terms.length === 0 ? '0' : `(${matchSql(node, context)})::int`;
    case 'filter':
      return '0';
    case 'or':
      return `(${node.children.map((child) => wordsSql(child, context, true)).join(' + ')})`;
    case 'and': {
      const sum = node.children.length === 0 ? '0' : `(${node.children.map((child) => wordsSql(child, context, false)).join(' + ')})`;
      return gated ? `(CASE WHEN ${matchSql(node, context)} THEN ${sum} ELSE 0 END)` : sum;
    }
  }
}

/** Every distinct index term the tree scores (words and phrase words), for fetching their statistics. */
export function scoredTerms(root: AndNode): string[] {
  const terms = new Set<string>();
  const visit = (node: QueryNode): void => {
    if (node.kind === 'term') terms.add(node.term);
    else if (node.kind === 'phrase') node.terms.forEach((term) => terms.add(term));
    else if (node.kind !== 'filter') node.children.forEach(visit);
  };
  visit(root);
  return [...terms];
}
