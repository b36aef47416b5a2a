import type { CorpusFigures, RankingFigures, TargetRow } from './figures.ts';

/**
 * The targets of issue 5, checked against one run's figures. Scale targets are checked on `scaleCorpus` (the largest
 * corpus of the run: BBC×10 in a full run), HTTP on the seeds, ranking on Cranfield. A missing figure gives a MISS.
 */

/** Limits, as ratios of Dossier's figure to the baseline's unless the unit says otherwise. */
export const LIMITS = {
  indexingVsMiniSearch: 0.7,
  p50VsMiniSearch: 1.5,
  p99VsMiniSearch: 2,
  p99VsFts5: 2,
  coldStartMs: 2000,
  rssVsMiniSearch: 1.5,
  apiVsHealthz: 0.5,
} as const;

/** One PASS/MISS row per target. */
export function evaluateTargets(corpora: readonly CorpusFigures[], ranking: RankingFigures | null, scaleCorpus: string): TargetRow[] {
  const rows: TargetRow[] = [];
  const largest = corpora.find((corpus) => corpus.name === scaleCorpus);
  const at = scaleCorpus;
  const build = largest?.build;
  rows.push(atLeast('indexing: full pipeline vs raw minisearch addAll (paragraphs/s, median)', at,
    build?.dossierPerSec.median, build?.minisearchPerSec.median, 'paragraphs/s', LIMITS.indexingVsMiniSearch));
  const dossier = largest?.latency.dossier;
  const mini = largest?.latency['minisearch-and'];
  const fts5 = largest?.latency.fts5;
  rows.push(atMost('full answer p50 vs raw minisearch search() (queries with words)', at,
    dossier?.words.p50, mini?.words.p50, 'ms', LIMITS.p50VsMiniSearch));
  rows.push(atMost('full answer p99 vs raw minisearch search() (queries with words)', at,
    dossier?.words.p99, mini?.words.p99, 'ms', LIMITS.p99VsMiniSearch));
  rows.push(atMost('full answer p99 vs FTS5 top-20 + facet counts (all queries)', at,
    dossier?.all.p99, fts5?.all.p99, 'ms', LIMITS.p99VsFts5, true));
  const ready = largest?.coldStart?.readyMs.median ?? Number.NaN;
  rows.push({
    target: 'cold start of npm start to first /api/search 200 (median)',
    corpus: at,
    value: ready,
    reference: LIMITS.coldStartMs,
    unit: 'ms',
    ratio: ready / LIMITS.coldStartMs,
    limit: `≤ ${LIMITS.coldStartMs} ms`,
    pass: ready <= LIMITS.coldStartMs,
  });
  rows.push(atMost('RSS after load vs raw minisearch loadJSON', at,
    largest?.load.dossier.rssMB, largest?.load.minisearch.rssMB, 'MB', LIMITS.rssVsMiniSearch));
  const seeds = corpora.find((corpus) => corpus.name === 'seeds');
  const endpoint = (prefix: string) => seeds?.http?.find((figures) => figures.path.startsWith(prefix))?.requestsPerSec;
  rows.push(atLeast('/api/search vs /healthz requests/s', 'seeds',
    endpoint('/api/search'), endpoint('/healthz'), 'req/s', LIMITS.apiVsHealthz));
  const engines = ranking?.engines;
  rows.push(above('Cranfield MAP vs FTS5 porter/bm25', engines?.dossier.map, engines?.fts5.map));
  rows.push(above('Cranfield nDCG@10 vs FTS5 porter/bm25', engines?.dossier.ndcg10, engines?.fts5.ndcg10));
  return rows;
}

function atLeast(target: string, corpus: string, value: number | undefined, reference: number | undefined,
  unit: string, limit: number): TargetRow {
  const ratio = (value ?? Number.NaN) / (reference ?? Number.NaN);
  return { target, corpus, value: value ?? Number.NaN, reference: reference ?? Number.NaN, unit, ratio, limit: `≥ ${limit}×`, pass: ratio >= limit };
}

function atMost(target: string, corpus: string, value: number | undefined, reference: number | undefined,
  unit: string, limit: number, strict = false): TargetRow {
  const ratio = (value ?? Number.NaN) / (reference ?? Number.NaN);
  return {
    target, corpus, value: value ?? Number.NaN, reference: reference ?? Number.NaN, unit, ratio,
    limit: `${strict ? '<' : '≤'} ${limit}×`,
    pass: strict ? ratio < limit : ratio <= limit,
  };
}

function above(target: string, value: number | undefined, reference: number | undefined): TargetRow {
  const ratio = (value ?? Number.NaN) / (reference ?? Number.NaN);
  return { target, corpus: 'cranfield', value: value ?? Number.NaN, reference: reference ?? Number.NaN, unit: '', ratio, limit: '> 1×', pass: ratio > 1 };
}
