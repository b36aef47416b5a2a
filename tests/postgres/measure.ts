import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildFromCorpus } from '../../index/build/pipeline.ts';
import { loadIntoPostgres } from '../../index/backend/postgres/load.ts';
import { searchPostgres } from '../../index/backend/postgres/search.ts';
import { search } from '../../index/query/index.ts';
import type { Filters, SearchRequest } from '../../index/types.ts';

/**
 * A manual measurement, not a test: builds a corpus in memory, loads it into PostgreSQL (batch sizes to compare),
 * then times a list of queries on both backends and checks their totals agree.
 *   node --import tsx tests/postgres/measure.ts --corpus <folder|file.jsonl> --database <url> [--batch 500,2000]
 *     [--method copy,insert] [--runs 5] [--q <query>]…
 */

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' }, database: { type: 'string' }, batch: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '5' }, q: { type: 'string', multiple: true }, method: { type: 'string', default: 'copy,insert' },
  },
});
if (values.corpus === undefined || values.database === undefined) throw new Error('--corpus and --database are required');

const buildStarted = performance.now();
const built = await buildFromCorpus(values.corpus);
if (!built.ok) throw new Error(built.error.message);
const index = built.value.index;
console.log(`built ${index.documents.length} documents, ${index.paragraphs.length} paragraphs in ${Math.round(performance.now() - buildStarted)} ms`);

const client = new pg.Client({ connectionString: values.database });
await client.connect();
for (const method of values.method.split(',') as Array<'copy' | 'insert'>) for (const batchSize of values.batch.split(',').map(Number)) {
  const outcome = await loadIntoPostgres(client, index, { batchSize, method });
  const { rows, attach, switch: switching, total } = outcome.timings;
  console.log(`load ${method} batch ${batchSize}: rows ${Math.round(rows)} ms (${Math.round(index.paragraphs.length / (rows / 1000))} paragraphs/s), `
    + `attach+index+analyze ${Math.round(attach)} ms, switch ${switching.toFixed(1)} ms, total ${Math.round(total)} ms `
    + `(${Math.round(index.paragraphs.length / (total / 1000))} paragraphs/s end to end); length mismatches ${outcome.lengthMismatches}`);
}
const size = await client.query<{ table: string; size: string }>(
  `SELECT c.relname AS table, pg_size_pretty(sum(pg_total_relation_size(i.inhrelid))) AS size
   FROM pg_class c JOIN pg_inherits i ON i.inhparent = c.oid WHERE c.relname LIKE 'dossier_%' GROUP BY c.relname ORDER BY 1`,
);
console.log(size.rows.map((row) => `${row.table} ${row.size}`).join(', '));
await client.end();

const pool = new pg.Pool({ connectionString: values.database, max: 8 });
const filters = (extra: Partial<Filters> = {}): Filters => ({ country: [], person: [], topic: [], place: [], source: [], doc: [], from: null, to: null, ...extra });
const request = (q: string, extra: Partial<SearchRequest> = {}): SearchRequest => ({
  q, filters: filters(), sort: 'relevance', page: 1, size: 20, facetSize: 10_000, collapse: false, ...extra,
});
const queries: SearchRequest[] = (values.q ?? [
  'blair', 'election labour', '"prime minister"', 'blair OR brown', 'economy -growth', 'country:GB film', 'said',
  'oil prices rise sharply', '',
]).map((q) => request(q));
queries.push(request('', { filters: filters({ country: ['GB', 'US'] }) }));
queries.push(request('government', { filters: filters({ person: ['tony-blair', 'gordon-brown'] }), allOf: ['person'] }));

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
const runs = Number(values.runs);
console.log('query | total pg/embedded | pg median ms (prepare + queries) | embedded median ms');
for (const entry of queries) {
  const pgTimes: number[] = [];
  const prepareTimes: number[] = [];
  const embeddedTimes: number[] = [];
  let pgTotal = -1;
  let embeddedTotal = -1;
  for (let run = 0; run < runs; run += 1) {
    const answered = await searchPostgres(pool, entry);
    if (!answered.ok) throw new Error(answered.error.message);
    pgTimes.push(answered.value.timings.total);
    prepareTimes.push(answered.value.timings.prepare);
    pgTotal = answered.value.total;
    const started = performance.now();
    const embedded = search(index, entry);
    embeddedTimes.push(performance.now() - started);
    if (!embedded.ok) throw new Error(embedded.error.message);
    embeddedTotal = embedded.value.total;
  }
  const label = `${entry.q}${entry.filters.country.length > 0 ? ` country=${entry.filters.country.join(',')}` : ''}${entry.allOf?.length ? ` ${entry.filters.person.join('+')}` : ''}`;
  console.log(`${label || '(browse)'} | ${pgTotal}/${embeddedTotal}${pgTotal === embeddedTotal ? '' : ' MISMATCH'} | `
    + `${median(pgTimes).toFixed(1)} (${median(prepareTimes).toFixed(1)} + ${(median(pgTimes) - median(prepareTimes)).toFixed(1)}) | ${median(embeddedTimes).toFixed(1)}`);
}
await pool.end();
