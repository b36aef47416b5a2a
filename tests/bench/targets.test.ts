import { describe, expect, it } from 'vitest';
import type { CorpusFigures, RankingFigures } from '../../bench/figures.ts';
import { evaluateTargets } from '../../bench/targets.ts';

const one = (value: number) => ({ min: value, median: value, max: value, runs: 1 });
const pooled = (p50: number, p99: number) => ({ words: { p50, p99, samples: 1 }, all: { p50, p99, samples: 1 }, byQuery: {} });
const load = (rssMB: number) => ({ ms: one(1), heapMB: 1, externalMB: 1, rssMB, heapBeforeMB: 1, externalBeforeMB: 1, rssBeforeMB: 1 });

/** A corpus whose Dossier figures are `factor` times the baselines' (throughput divided, times multiplied). */
function corpus(name: string, factor: number): CorpusFigures {
  return {
    name, path: name, documents: 1, paragraphs: 1,
    build: { dossierPerSec: one(100 / factor), minisearchPerSec: one(100) } as unknown as CorpusFigures['build'],
    fileBytes: { dossier: 1, minisearch: 1, fts5: 1 },
    load: { dossier: load(100 * factor), minisearch: load(100), fts5: load(1) },
    latency: { dossier: pooled(factor, 2 * factor), 'minisearch-and': pooled(1, 2), fts5: pooled(1, 2) },
    queries: [],
    coldStart: { indexCliMs: 1, readyMs: one(1000 * factor), listeningMs: one(1), tsxBootMs: one(1), staleCheckMs: one(1) },
    http: [
      { path: '/api/search?q=x', requestsPerSec: 100 / factor, p50Ms: 1, p99Ms: 1, requests: 1, bytesPerResponse: 1, non2xx: 0, errors: 0 },
      { path: '/healthz', requestsPerSec: 100, p50Ms: 1, p99Ms: 1, requests: 1, bytesPerResponse: 1, non2xx: 0, errors: 0 },
    ],
  };
}

const ranking = (dossier: number): RankingFigures => ({
  documents: 1, dossierParagraphs: 1,
  engines: { dossier: { map: dossier, ndcg10: dossier, queries: 1, ms: 1 }, minisearch: { map: 0, ndcg10: 0, queries: 1, ms: 1 }, fts5: { map: 0.3, ndcg10: 0.3, queries: 1, ms: 1 } },
});

const verdicts = (corpora: CorpusFigures[], rank: RankingFigures | null, scale: string) =>
  evaluateTargets(corpora, rank, scale).map((row) => row.pass);

describe('evaluateTargets', () => {
  it.each([
    { name: 'equal to every baseline: all pass', factor: 1, map: 0.4, expected: [true, true, true, true, true, true, true, true, true] },
    { name: 'twice the baselines: inclusive 2× bounds and a 2000 ms start still hold, the strict one not', factor: 2, map: 0.4, expected: [false, false, true, false, true, false, true, true, true] },
    { name: 'ranking equal to FTS5 is not above it', factor: 1, map: 0.3, expected: [true, true, true, true, true, true, true, false, false] },
  ])('$name', ({ factor, map, expected }) => {
    expect(verdicts([corpus('seeds', factor), corpus('big', factor)], ranking(map), 'big')).toEqual(expected);
  });

  it('misses every target whose figures were not measured', () => {
    const rows = evaluateTargets([], null, 'big');
    expect(rows.map((row) => row.pass)).toEqual(Array(9).fill(false));
    expect(rows.every((row) => Number.isNaN(row.ratio))).toBe(true);
  });
});
