import type { EndpointFigures } from './http.ts';
import type { Engine } from './engines.ts';
import type { Variant } from './engine-runners.ts';
import type { QueryKind } from './query-mix.ts';
import type { Spread } from './stats.ts';
import type { ProfileSummary } from './profile-summary.ts';

/** The shape of a benchmark run's results, as written to bench/results/<date>.json. Times in ms unless named. */

export interface MachineInfo {
  cpuModel: string;
  cpus: number;
  totalMemoryGB: number;
  node: string;
  platform: string;
  /** 1, 5 and 15 minute load averages when the results were written: other work on the machine skews timings. */
  loadAverage: number[];
}

export interface LatencyStats {
  p50: number;
  p99: number;
  mean: number;
  samples: number;
  /** Matches of the query (the answer's total), to show that the engines answered alike. */
  matches: number;
}

export interface VariantLatency {
  byQuery: Partial<Record<QueryKind, LatencyStats>>;
  /** Pooled over the queries that have words (all but the browse): what raw MiniSearch can answer too. */
  words: Pick<LatencyStats, 'p50' | 'p99' | 'samples'>;
  /** Pooled over every query the variant answers. */
  all: Pick<LatencyStats, 'p50' | 'p99' | 'samples'>;
}

export interface BuildFigures {
  /** Dossier: read + segment + tag + index, from the corpus file to an in-memory index. */
  dossierPipelineMs: Spread;
  dossierPerSec: Spread;
  /** The pipeline's own stage times (read includes hashing the corpus and loading knowledge). */
  dossierReadMs: Spread;
  dossierSegmentTagMs: Spread;
  dossierIndexMs: Spread;
  /** Stages timed alone on articles already in memory. */
  segmentOnlyMs: Spread;
  tagOnlyMs: Spread;
  tagOnlyPerSec: Spread;
  minisearchMs: Spread;
  minisearchPerSec: Spread;
  fts5Ms: Spread;
  fts5PerSec: Spread;
  dossierSaveMs: number;
  /** Worker threads the pipeline tagged with, per run: it uses idle cores only, so this varies with machine load. */
  dossierWorkerThreads: number[];
}

export interface LoadFigures {
  ms: Spread;
  /** Memory after the load and a full GC; external = outside the V8 heap (typed arrays, native objects). */
  heapMB: number;
  externalMB: number;
  rssMB: number;
  heapBeforeMB: number;
  externalBeforeMB: number;
  rssBeforeMB: number;
}

export interface CorpusFigures {
  name: string;
  path: string;
  documents: number;
  paragraphs: number;
  build: BuildFigures;
  fileBytes: Record<Engine, number>;
  load: Record<Engine, LoadFigures>;
  latency: Partial<Record<Variant, VariantLatency>>;
  /** The query mix as run (filters picked from the corpus). */
  queries: Array<{ kind: QueryKind; q: string; filters: Record<string, string[]> }>;
  coldStart: { indexCliMs: number; readyMs: Spread; listeningMs: Spread; tsxBootMs: Spread; staleCheckMs: Spread } | null;
  http: EndpointFigures[] | null;
}

export interface RankingFigures {
  documents: number;
  dossierParagraphs: number;
  engines: Record<Engine, { map: number; ndcg10: number; queries: number; ms: number }>;
}

export interface TargetRow {
  target: string;
  corpus: string;
  /** Measured value and what it is compared with, in the same unit. */
  value: number;
  reference: number;
  unit: string;
  /** value / reference, the figure the target bounds. */
  ratio: number;
  /** The bound on the ratio (or on the value when the unit is absolute). */
  limit: string;
  pass: boolean;
}

export interface BenchResults {
  date: string;
  quick: boolean;
  machine: MachineInfo;
  settings: Record<string, number | string | boolean>;
  corpora: CorpusFigures[];
  ranking: RankingFigures | null;
  targets: TargetRow[];
  profiles: ProfileSummary[];
  /** Stages that failed or were skipped, with why. */
  problems: string[];
}
