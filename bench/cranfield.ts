import { readFileSync } from 'node:fs';
import path from 'node:path';
import { record, stringAt } from './parse.ts';
import type { Judgements } from './ir-metrics.ts';

/** The Cranfield test collection as the ranking stage uses it: documents, queries and graded judgements. */

export interface CranfieldDoc {
  id: string;
  title: string;
  text: string;
}

export interface CranfieldQuery {
  id: string;
  text: string;
}

export interface Cranfield {
  docs: CranfieldDoc[];
  queries: CranfieldQuery[];
  /** Query id → document id → gain (4 best … 1 minimal, 0 judged not relevant), see the collection's README. */
  qrels: Map<string, Map<string, number>>;
}

/** Reads docs.jsonl, queries.jsonl and qrels.tsv from `dir`. */
export function readCranfield(dir: string): Cranfield {
  const jsonLines = (file: string): Array<Record<string, unknown>> =>
    readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .map((line, i) => record(JSON.parse(line) as unknown, `${file}:${i + 1}`));
  const docs = jsonLines('docs.jsonl').map((doc, i) => ({
    id: stringAt(doc, 'id', `docs.jsonl:${i + 1}`),
    title: stringAt(doc, 'title', `docs.jsonl:${i + 1}`),
    text: stringAt(doc, 'text', `docs.jsonl:${i + 1}`),
  }));
  const queries = jsonLines('queries.jsonl').map((query, i) => ({
    id: stringAt(query, 'id', `queries.jsonl:${i + 1}`),
    text: stringAt(query, 'text', `queries.jsonl:${i + 1}`),
  }));
  return { docs, queries, qrels: parseQrels(readFileSync(path.join(dir, 'qrels.tsv'), 'utf8')) };
}

/** Parses `query_id<TAB>doc_id<TAB>relevance` lines after a header row. */
export function parseQrels(tsv: string): Map<string, Map<string, number>> {
  const qrels = new Map<string, Map<string, number>>();
  for (const [i, line] of tsv.split('\n').slice(1).entries()) {
    if (line.trim().length === 0) continue;
    const [query, doc, relevance] = line.trim().split('\t');
    const gain = Number(relevance);
    if (query === undefined || doc === undefined || !Number.isFinite(gain)) {
      throw new Error(`qrels.tsv:${i + 2}: expected query_id, doc_id, relevance`);
    }
    let judged = qrels.get(query);
    if (judged === undefined) {
      judged = new Map();
      qrels.set(query, judged);
    }
    judged.set(doc, gain);
  }
  return qrels;
}

/** Judgements of one query, empty when it has none. */
export function judgementsOf(cranfield: Cranfield, queryId: string): Judgements {
  return cranfield.qrels.get(queryId) ?? new Map();
}
