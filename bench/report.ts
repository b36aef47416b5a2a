import type { Variant } from './engine-runners.ts';
import { ENGINES } from './engines.ts';
import type { BenchResults, CorpusFigures, LatencyStats } from './figures.ts';
import { formatSummary } from './profile-summary.ts';
import type { QueryKind } from './query-mix.ts';
import type { Spread } from './stats.ts';

/** The results as markdown tables: printed on the terminal and written to bench/results/latest.md. */

const VARIANT_LABEL: Record<Variant, string> = {
  dossier: 'Dossier full answer',
  'minisearch-and': 'raw minisearch AND',
  'minisearch-or': 'raw minisearch OR',
  fts5: 'FTS5 top-20 + facets',
};
const QUERY_KINDS: readonly QueryKind[] = ['one-word', 'two-words', 'phrase', 'typo', 'browse', 'three-filters'];

/** Every table of a run, as one markdown document. */
export function markdownReport(results: BenchResults): string {
  const m = results.machine;
  const lines: string[] = [
    `# Dossier benchmark, ${results.date}${results.quick ? ' (quick: seeds and BBC×1 only)' : ''}`,
    '',
    `Machine: ${m.cpuModel}, ${m.cpus} cores, ${m.totalMemoryGB.toFixed(0)} GB RAM, Node ${m.node}, ${m.platform}; load average at the end ${m.loadAverage.join(' / ')}. `
      + 'Figures are min / median / max over the runs shown; latencies are in ms.',
    '',
    '## Targets',
    '',
    ...(results.quick ? ['Issue 5 sets the scale targets for BBC×10; on BBC×1 they are only an indication.', ''] : []),
    table(['target', 'corpus', 'Dossier', 'reference', 'ratio', 'limit', 'result'], results.targets.map((row) => [
      row.target, row.corpus, `${num(row.value)} ${row.unit}`.trim(), `${num(row.reference)} ${row.unit}`.trim(),
      `${num(row.ratio, 2)}×`, row.limit, row.pass ? 'PASS' : '**MISS**',
    ])),
    '',
    '## Indexing throughput (paragraphs/s)',
    '',
    table(['corpus', 'paragraphs', 'runs', 'Dossier pipeline (read+segment+tag+index)', 'tagging alone (1 thread)', 'raw minisearch addAll', 'FTS5 inserts'],
      results.corpora.map((corpus) => [
        corpus.name, String(corpus.paragraphs), String(corpus.build.dossierPerSec.runs), spread(corpus.build.dossierPerSec, 0),
        spread(corpus.build.tagOnlyPerSec, 0), spread(corpus.build.minisearchPerSec, 0), spread(corpus.build.fts5PerSec, 0),
      ])),
    '',
    'Dossier pipeline stages (ms, medians): ' + results.corpora.map((corpus) =>
      `${corpus.name}: read ${num(corpus.build.dossierReadMs.median, 0)}, segment+tag ${num(corpus.build.dossierSegmentTagMs.median, 0)}`
      + ` (segment alone ${num(corpus.build.segmentOnlyMs.median, 0)}, tag alone ${num(corpus.build.tagOnlyMs.median, 0)}),`
      + ` index ${num(corpus.build.dossierIndexMs.median, 0)}, tagging worker threads per run ${corpus.build.dossierWorkerThreads.join(', ')}`).join('; ') + '.'
      + ' Tagging alone runs in one thread; the pipeline adds a worker thread per idle core, so it depends on machine load.',
    '',
    '## Index size, load time, memory after load',
    '',
    table(['corpus', 'engine', 'file MB', 'load ms', 'heap MB', 'external MB', 'RSS MB', 'heap / external / RSS before load'],
      results.corpora.flatMap((corpus) => ENGINES.map((engine) => {
        const load = corpus.load[engine];
        return [corpus.name, engine, num(corpus.fileBytes[engine] / 2 ** 20, 1), spread(load.ms, 1), num(load.heapMB, 0),
          num(load.externalMB, 0), num(load.rssMB, 0),
          `${num(load.heapBeforeMB, 0)} / ${num(load.externalBeforeMB, 0)} / ${num(load.rssBeforeMB, 0)}`];
      }))),
    '',
    '## In-process latency, p50 / p99 ms',
    '',
  ];
  for (const corpus of results.corpora) lines.push(...latencyTable(corpus), '');
  lines.push('## Cold start (`npm start` to the first 200 of /api/search)', '',
    table(['corpus', 'npm run index ms', 'first 200 ms', 'listening log line ms', 'alone: node --import tsx', 'alone: --if-stale check', 'alone: loadIndex'],
      results.corpora
        .filter((corpus) => corpus.coldStart !== null)
        .map((corpus) => [corpus.name, num(corpus.coldStart?.indexCliMs ?? Number.NaN, 0),
          spread(corpus.coldStart?.readyMs, 0), spread(corpus.coldStart?.listeningMs, 0),
          spread(corpus.coldStart?.tsxBootMs, 0), spread(corpus.coldStart?.staleCheckMs, 0), spread(corpus.load.dossier.ms, 0)])),
    '', '## HTTP (autocannon, 10 connections, loopback)', '',
    table(['corpus', 'endpoint', 'req/s', 'p50 ms', 'p99 ms', 'KB per response', 'non-2xx', 'errors'], results.corpora.flatMap((corpus) =>
      (corpus.http ?? []).map((endpoint) => [corpus.name, `\`${endpoint.path}\``, num(endpoint.requestsPerSec, 0),
        num(endpoint.p50Ms, 1), num(endpoint.p99Ms, 1), num(endpoint.bytesPerResponse / 1024, 1), String(endpoint.non2xx), String(endpoint.errors)]))),
    '');
  if (results.ranking !== null) {
    const ranking = results.ranking;
    lines.push('## Ranking quality (Cranfield, 225 queries)', '',
      table(['engine', 'MAP', 'nDCG@10'], ENGINES.map((engine) => [engine, num(ranking.engines[engine].map, 3), num(ranking.engines[engine].ndcg10, 3)])),
      '',
      `Dossier indexed the ${ranking.documents} documents through its pipeline as ${ranking.dossierParagraphs} paragraphs; a document ranks at`
        + ' its best paragraph. The baselines index title + text as one document. MAP over all judged relevant (gain ≥ 1), cut at 1000;'
        + ' nDCG@10 with linear graded gains.', '');
  }
  if (results.profiles.length > 0) {
    lines.push('## Where the time goes (CPU profiles, self time)', '',
      'The build profile holds one pipeline run plus segmentation and tagging timed alone on the main thread; the'
        + " pipeline's tagging worker threads are not profiled (they are terminated). Server profiles: one server per endpoint"
        + ' under autocannon on the seeds.', '', '```');
    for (const profile of results.profiles) lines.push(...formatSummary(profile), '');
    lines.push('```', '');
  }
  if (results.problems.length > 0) {
    lines.push('## Problems', '', ...results.problems.map((problem) => `- ${problem}`), '');
  }
  return lines.join('\n');
}

function latencyTable(corpus: CorpusFigures): string[] {
  const variants = (Object.keys(VARIANT_LABEL) as Variant[]).filter((variant) => corpus.latency[variant] !== undefined);
  const header = ['query', ...variants.map((variant) => VARIANT_LABEL[variant]), 'matches (' + variants.map(short).join('/') + ')'];
  const cell = (stats: Pick<LatencyStats, 'p50' | 'p99'> | undefined) => (stats === undefined ? 'n/a' : `${num(stats.p50, 2)} / ${num(stats.p99, 2)}`);
  const rows = QUERY_KINDS.map((kind) => {
    const query = corpus.queries.find((candidate) => candidate.kind === kind);
    const filters = Object.entries(query?.filters ?? {}).map(([facet, values]) => `${facet}=${values.join(',')}`).join(' ');
    const label = [query?.q ? `\`${query.q}\`` : '', filters].filter((part) => part !== '').join(' ');
    return [`${kind} ${label}`, ...variants.map((variant) => cell(corpus.latency[variant]?.byQuery[kind])),
      variants.map((variant) => String(corpus.latency[variant]?.byQuery[kind]?.matches ?? '–')).join(' / ')];
  });
  rows.push(['**pooled, queries with words**', ...variants.map((variant) => cell(corpus.latency[variant]?.words)), '']);
  rows.push(['**pooled, all queries**', ...variants.map((variant) => cell(corpus.latency[variant]?.all)), '']);
  return [`${corpus.name} (${corpus.paragraphs} paragraphs):`, '', table(header, rows)];
}

function short(variant: Variant): string {
  return { dossier: 'D', 'minisearch-and': 'M-and', 'minisearch-or': 'M-or', fts5: 'F' }[variant];
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

/** A number for a table: '–' when missing, thousands unseparated, `digits` decimals (default: by magnitude). */
export function num(value: number, digits?: number): string {
  if (!Number.isFinite(value)) return '–';
  const places = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toFixed(places);
}

function spread(value: Spread | undefined, digits: number): string {
  if (value === undefined || value.runs === 0) return '–';
  if (value.runs === 1) return num(value.median, digits);
  return `${num(value.min, digits)} / ${num(value.median, digits)} / ${num(value.max, digits)}`;
}
