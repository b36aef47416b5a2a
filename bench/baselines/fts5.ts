import Database from 'better-sqlite3';
import type { BuiltInFacet as FacetName } from '../../index/types.ts';
import { FACET_NAMES, type BenchParagraph } from '../paragraph-file.ts';

/**
 * The SQLite FTS5 baseline: `fts5(text, tokenize='porter')` ranked by bm25, plus an ordinary table of facet values
 * (paragraph rowid, facet, value) counted with GROUP BY. Row ids are Dossier's paragraph ordinals + 1.
 */

export type Fts5Database = Database.Database;

/** Creates the tables in `file` (':memory:' for none) and inserts every paragraph in one transaction. */
export function buildFts5(file: string, paragraphs: readonly BenchParagraph[]): Fts5Database {
  const db = new Database(file);
  db.exec(`
    CREATE VIRTUAL TABLE p USING fts5(text, tokenize='porter');
    CREATE TABLE tags (pid INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL);
  `);
  const insertText = db.prepare('INSERT INTO p (rowid, text) VALUES (?, ?)');
  const insertTag = db.prepare('INSERT INTO tags (pid, facet, value) VALUES (?, ?, ?)');
  db.transaction(() => {
    paragraphs.forEach((paragraph, ordinal) => {
      insertText.run(ordinal + 1, paragraph.text);
      for (const facet of FACET_NAMES) {
        for (const value of new Set(paragraph.facets[facet])) insertTag.run(ordinal + 1, facet, value);
      }
    });
  })();
  db.exec(`
    CREATE INDEX tags_by_paragraph ON tags (pid);
    CREATE INDEX tags_by_value ON tags (facet, value, pid);
  `);
  return db;
}

/** Opens an index written by `buildFts5`, read-only. */
export function openFts5(file: string): Fts5Database {
  return new Database(file, { readonly: true });
}

/** The FTS5 MATCH expression of `words`: each token quoted (so no word is read as an operator), or one phrase. */
export function matchExpression(words: readonly string[], mode: 'AND' | 'OR' | 'PHRASE'): string {
  const tokens = words.flatMap((word) => word.match(/[\p{L}\p{N}]+/gu) ?? []);
  if (mode === 'PHRASE') return `"${tokens.join(' ')}"`;
  return tokens.map((token) => `"${token}"`).join(mode === 'OR' ? ' OR ' : ' ');
}

/** A full answer request: a MATCH expression (or null to browse) and facet filters (OR within a facet). */
export interface Fts5Request {
  match: string | null;
  filters: Partial<Record<FacetName, string[]>>;
  size: number;
  facetSize: number;
}

export interface Fts5Answer {
  total: number;
  /** Paragraph ordinals, best first. */
  hits: number[];
  facets: Record<FacetName, Array<{ value: string; count: number }>>;
}

/**
 * The FTS5 equivalent of Dossier's full answer: top hits by bm25 (by rowid when browsing), the total, and
 * disjunctive facet counts (each facet counted under every filter but its own). Statements are cached per shape.
 */
export function fts5Searcher(db: Fts5Database): (request: Fts5Request) => Fts5Answer {
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  return (request) => {
    const filtered = FACET_NAMES.filter((facet) => (request.filters[facet]?.length ?? 0) > 0);
    // The filters as conditions on a paragraph id column, optionally without the filter of one facet.
    const filterConditions = (column: string, except: FacetName | null): { sql: string[]; params: unknown[] } => {
      const sql: string[] = [];
      const params: unknown[] = [];
      for (const facet of filtered) {
        if (facet === except) continue;
        const values = request.filters[facet] ?? [];
        sql.push(`${column} IN (SELECT pid FROM tags WHERE facet = ? AND value IN (${values.map(() => '?').join(', ')}))`);
        params.push(facet, ...values);
      }
      return { sql, params };
    };
    const whereSql = (conditions: string[]): string => (conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`);

    let hits: number[];
    let total: number;
    if (request.match !== null) {
      // `+rowid` keeps SQLite from probing the FTS index once per filtered rowid; the MATCH drives instead.
      const onText = filterConditions('+rowid', null);
      const where = whereSql(['p MATCH ?', ...onText.sql]);
      const params = [request.match, ...onText.params];
      hits = (prepare(`SELECT rowid AS id FROM p${where} ORDER BY bm25(p) LIMIT ?`).all(...params, request.size) as Array<{ id: number }>)
        .map((row) => row.id - 1);
      total = (prepare(`SELECT count(*) AS n FROM p${where}`).get(...params) as { n: number }).n;
    } else {
      // Browsing: the tags table alone answers, driven by the first filtered facet's index.
      const [first] = filtered;
      const values = first === undefined ? [] : (request.filters[first] ?? []);
      const others = filterConditions('pid', first ?? null);
      const conditions = first === undefined ? others.sql : [`facet = ? AND value IN (${values.map(() => '?').join(', ')})`, ...others.sql];
      const params = first === undefined ? others.params : [first, ...values, ...others.params];
      const from = first === undefined ? 'SELECT rowid AS pid FROM p' : 'SELECT pid FROM tags';
      hits = (prepare(`SELECT DISTINCT pid AS id FROM (${from}${whereSql(conditions)}) ORDER BY pid LIMIT ?`)
        .all(...params, request.size) as Array<{ id: number }>).map((row) => row.id - 1);
      total = (prepare(`SELECT count(DISTINCT pid) AS n FROM (${from}${whereSql(conditions)})`).get(...params) as { n: number }).n;
    }

    const facets = Object.fromEntries(FACET_NAMES.map((facet) => [facet, []])) as unknown as Fts5Answer['facets'];
    // One GROUP BY for the facets without a filter, one per filtered facet (counted without its own filter).
    for (const only of [null, ...filtered]) {
      const onTags = filterConditions('pid', only);
      const conditions = [...(only === null ? [] : ['facet = ?']), ...onTags.sql];
      const params: unknown[] = [...(only === null ? [] : [only]), ...onTags.params];
      if (request.match !== null) {
        conditions.push('pid IN (SELECT rowid FROM p WHERE p MATCH ?)');
        params.push(request.match);
      }
      const groups = prepare(`SELECT facet, value, count(*) AS n FROM tags${whereSql(conditions)} GROUP BY facet, value`)
        .all(...params) as Array<{ facet: FacetName; value: string; n: number }>;
      for (const group of groups) {
        if (only === null && filtered.includes(group.facet)) continue;
        facets[group.facet].push({ value: group.value, count: group.n });
      }
    }
    for (const facet of FACET_NAMES) {
      facets[facet] = facets[facet]
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
        .slice(0, request.facetSize);
    }
    return { total, hits, facets };
  };
}
