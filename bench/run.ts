import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { latencyChart } from './chart.ts';
import { BENCH_DIR, ROOT, runChild } from './child.ts';
import { buildIndexWithCli, measureColdStart } from './cold-start.ts';
import { DEFAULT_BBC_PATH, DEFAULT_CRANFIELD_DIR, prepareCorpora, type CorpusSpec } from './corpora.ts';
import { dossierRequest } from './dossier.ts';
import { INDEX_FILES, PARAGRAPHS_FILE, QUERIES_FILE } from './engines.ts';
import type { BenchResults, CorpusFigures, MachineInfo, RankingFigures } from './figures.ts';
import { measureHttp } from './http.ts';
import { measureIndexing } from './indexing.ts';
import { measureLatency } from './latency.ts';
import { measureLoading } from './loading.ts';
import { readParagraphs } from './paragraph-file.ts';
import { busyMs, parseCpuProfile, summarizeProfile, type ProfileSummary } from './profile-summary.ts';
import { queryMix, type BenchQuery } from './query-mix.ts';
import { measureRanking } from './ranking.ts';
import { markdownReport } from './report.ts';
import { spread } from './stats.ts';
import { evaluateTargets } from './targets.ts';

/**
 * `npm run bench [-- --quick] [--bbc <articles.jsonl>] [--cranfield <dir>] [--copies 10] [--http-seconds 10]
 *  [--profile] [--skip cold,http,ranking] [--keep] [--no-save]`
 * Outline: prepare corpora → per corpus: build (3 engines) → query mix → load + memory → latency → cold start →
 * HTTP; then Cranfield ranking → targets → tables, results JSON, chart. Stages that fail are reported, not fatal.
 */

const STAGES = ['cold', 'http', 'ranking'] as const;
type OptionalStage = (typeof STAGES)[number];

interface Plan {
  buildRuns: number;
  loadRuns: number;
  rounds: number;
  warmup: number;
}

/** Runs per stage by corpus size: small corpora get more runs, so their short timings are still stable. */
function planFor(corpus: CorpusSpec, quick: boolean): Plan {
  if (corpus.name === 'seeds') return { buildRuns: quick ? 3 : 5, loadRuns: quick ? 3 : 5, rounds: quick ? 300 : 1000, warmup: 100 };
  if (corpus.name === 'bbc') return { buildRuns: 3, loadRuns: quick ? 3 : 5, rounds: quick ? 150 : 300, warmup: 20 };
  return { buildRuns: 3, loadRuns: 3, rounds: 100, warmup: 10 };
}

const COLD_START_RUNS = 3;
const LATENCY_CHUNKS = 3;
const HTTP_QUERY = 'government';

function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    totalMemoryGB: os.totalmem() / 2 ** 30,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

function describeQuery(query: BenchQuery): CorpusFigures['queries'][number] {
  return { kind: query.kind, q: dossierRequest(query).q, filters: { ...query.filters } as Record<string, string[]> };
}

async function measureCorpus(corpus: CorpusSpec, workDir: string, options: {
  quick: boolean;
  skip: ReadonlySet<OptionalStage>;
  httpSeconds: number;
  problems: string[];
}): Promise<CorpusFigures | null> {
  const dir = path.join(workDir, corpus.name);
  mkdirSync(dir, { recursive: true });
  const plan = planFor(corpus, options.quick);
  const step = (message: string) => process.stderr.write(`[bench] ${corpus.name}: ${message}\n`);

  step(`indexing, ${plan.buildRuns} runs per engine, taking turns`);
  let indexing: Awaited<ReturnType<typeof measureIndexing>>;
  try {
    indexing = await measureIndexing(corpus.path, dir, plan.buildRuns);
  } catch (error) {
    options.problems.push(`${corpus.name}: indexing failed, nothing else measured: ${message(error)}`);
    return null;
  }
  const queries = queryMix(await readParagraphs(path.join(dir, PARAGRAPHS_FILE)));
  const queriesFile = path.join(dir, QUERIES_FILE);
  writeFileSync(queriesFile, JSON.stringify(queries));

  step(`loading, ${plan.loadRuns} runs per engine, taking turns`);
  const load = await measureLoading(dir, plan.loadRuns);
  step(`latency, ${plan.rounds} rounds of ${queries.length} queries per engine in ${LATENCY_CHUNKS} turns`);
  const latency = await measureLatency(dir, queriesFile, { rounds: plan.rounds, warmup: plan.warmup, chunks: LATENCY_CHUNKS });

  let coldStart: CorpusFigures['coldStart'] = null;
  let http: CorpusFigures['http'] = null;
  const cliIndex = path.join(dir, 'cli-index.json');
  let indexCliMs = Number.NaN;
  if (!options.skip.has('cold') || !options.skip.has('http')) {
    step('npm run index');
    try {
      indexCliMs = await buildIndexWithCli(corpus.path, cliIndex);
    } catch (error) {
      options.problems.push(`${corpus.name}: npm run index failed, no cold start or HTTP figures: ${message(error)}`);
    }
  }
  if (!options.skip.has('cold') && Number.isFinite(indexCliMs)) {
    step(`cold start, ${COLD_START_RUNS} runs`);
    try {
      const figures = await measureColdStart({ corpusPath: corpus.path, indexPath: cliIndex, query: HTTP_QUERY, runs: COLD_START_RUNS });
      coldStart = {
        indexCliMs,
        readyMs: spread(figures.readyMs),
        listeningMs: spread(figures.listeningMs),
        tsxBootMs: spread(figures.tsxBootMs),
        staleCheckMs: spread(figures.staleCheckMs),
      };
    } catch (error) {
      options.problems.push(`${corpus.name}: cold start failed: ${message(error)}`);
    }
  }
  if (!options.skip.has('http') && Number.isFinite(indexCliMs)) {
    step(`HTTP, ${options.httpSeconds} s per endpoint`);
    try {
      http = await measureHttp({ indexPath: cliIndex, corpusPath: corpus.path, query: HTTP_QUERY, seconds: options.httpSeconds });
    } catch (error) {
      options.problems.push(`${corpus.name}: HTTP failed: ${message(error)}`);
    }
  }
  return {
    name: corpus.name,
    path: corpus.path,
    documents: indexing.documents,
    paragraphs: indexing.paragraphs,
    build: indexing.build,
    fileBytes: indexing.fileBytes,
    load,
    latency,
    queries: queries.map(describeQuery),
    coldStart,
    http,
  };
}

/**
 * CPU profiles of Dossier's build, load and query mix on `corpus`, and of the server under autocannon on the seeds,
 * all in processes separate from the timed runs (profiling slows them down).
 */
async function profileDossier(corpus: CorpusSpec, seeds: CorpusSpec | undefined, workDir: string, httpSeconds: number): Promise<ProfileSummary[]> {
  const dir = path.join(workDir, corpus.name);
  const profiles = path.join(workDir, 'profiles');
  const scratch = path.join(workDir, 'profile-build');
  mkdirSync(scratch, { recursive: true });
  const plan = planFor(corpus, false);
  // One folder per profiled process: V8 writes a profile per thread (tsx's loader runs in a worker).
  const folder = (name: string) => path.join(profiles, name);
  await runChild('measure-build.ts', ['dossier', corpus.path, scratch, '1'], { profileDir: folder(`build-${corpus.name}`) });
  await runChild('measure-load.ts', ['dossier', dir, '1'], { profileDir: folder(`load-${corpus.name}`) });
  await runChild('measure-latency.ts', ['dossier', dir, path.join(dir, QUERIES_FILE), String(plan.rounds), String(plan.warmup)],
    { profileDir: folder(`latency-${corpus.name}`) });
  if (seeds !== undefined) {
    // One server per endpoint, so that each profile shows one kind of request.
    for (const endpoint of ['api', 'page'] as const) {
      await measureHttp({
        indexPath: path.join(workDir, seeds.name, 'cli-index.json'),
        corpusPath: seeds.path,
        query: HTTP_QUERY,
        seconds: httpSeconds,
        endpoints: [endpoint],
        nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${folder(`server-${endpoint === 'api' ? 'api-search' : 'search-page'}-${seeds.name}`)}`],
      });
    }
  }
  // Threads that did at least a tenth of the busiest one's work: the main thread, worker threads of the build;
  // not tsx's idle loader thread.
  return readdirSync(profiles).sort().flatMap((name) => {
    const threads = readdirSync(path.join(profiles, name))
      .filter((file) => file.endsWith('.cpuprofile'))
      .map((file) => parseCpuProfile(JSON.parse(readFileSync(path.join(profiles, name, file), 'utf8')) as unknown))
      .sort((a, b) => busyMs(b) - busyMs(a));
    const busiest = threads[0] === undefined ? 0 : busyMs(threads[0]);
    return threads
      .filter((thread) => busyMs(thread) >= busiest / 10)
      .map((thread, i) => summarizeProfile(`dossier ${name}${threads.length > 1 ? `, thread ${i + 1} by busy time` : ''}`, thread, 15, ROOT));
  });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      quick: { type: 'boolean', default: false },
      bbc: { type: 'string', default: DEFAULT_BBC_PATH },
      cranfield: { type: 'string', default: DEFAULT_CRANFIELD_DIR },
      copies: { type: 'string', default: '10' },
      'http-seconds': { type: 'string' },
      profile: { type: 'boolean', default: false },
      skip: { type: 'string', default: '' },
      keep: { type: 'boolean', default: false },
      'no-save': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const quick = values.quick ?? false;
  const copies = Number(values.copies);
  const httpSeconds = Number(values['http-seconds'] ?? (quick ? 3 : 10));
  const skip = new Set((values.skip ?? '').split(',').filter((stage): stage is OptionalStage => (STAGES as readonly string[]).includes(stage)));
  if (!Number.isInteger(copies) || copies < 1 || !(httpSeconds > 0)) throw new Error('--copies and --http-seconds must be positive');

  const workDir = mkdtempSync(path.join(os.tmpdir(), 'dossier-bench-'));
  const problems: string[] = [];
  const date = new Date().toISOString();
  try {
    const corpora = await prepareCorpora({ bbcPath: values.bbc ?? DEFAULT_BBC_PATH, quick, workDir, copies });
    const figures: CorpusFigures[] = [];
    for (const corpus of corpora) {
      const measured = await measureCorpus(corpus, workDir, { quick, skip, httpSeconds, problems });
      if (measured !== null) figures.push(measured);
    }
    let ranking: RankingFigures | null = null;
    if (!skip.has('ranking')) {
      process.stderr.write('[bench] ranking on Cranfield\n');
      try {
        ranking = await measureRanking(values.cranfield ?? DEFAULT_CRANFIELD_DIR);
      } catch (error) {
        problems.push(`ranking failed: ${message(error)}`);
      }
    }
    let profiles: ProfileSummary[] = [];
    const largest = corpora[corpora.length - 1];
    if (values.profile && largest !== undefined) {
      process.stderr.write(`[bench] profiling Dossier on ${largest.name}\n`);
      try {
        const seeds = skip.has('cold') && skip.has('http') ? undefined : corpora[0];
        profiles = await profileDossier(largest, seeds, workDir, httpSeconds);
      } catch (error) {
        problems.push(`profiling failed: ${message(error)}`);
      }
    }
    const results: BenchResults = {
      date,
      quick,
      machine: machineInfo(),
      settings: { copies, httpSeconds, coldStartRuns: COLD_START_RUNS, httpQuery: HTTP_QUERY, indexFiles: Object.values(INDEX_FILES).join(' ') },
      corpora: figures,
      ranking,
      targets: evaluateTargets(figures, ranking, largest?.name ?? ''),
      profiles,
      problems,
    };
    const report = markdownReport(results);
    process.stdout.write(`\n${report}`);
    if (!values['no-save']) {
      const out = path.join(BENCH_DIR, 'results');
      mkdirSync(out, { recursive: true });
      const suffix = quick ? '-quick' : '';
      const jsonFile = path.join(out, `${date.slice(0, 10)}${suffix}.json`);
      writeFileSync(jsonFile, `${JSON.stringify(results, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`);
      writeFileSync(path.join(out, `latest${suffix}.md`), report);
      writeFileSync(path.join(out, `latency${suffix}.svg`), latencyChart(figures, `Query latency vs corpus size (${date.slice(0, 10)}, ${results.machine.cpus} cores)`));
      process.stderr.write(`[bench] wrote ${path.relative(process.cwd(), jsonFile)}, latest${suffix}.md, latency${suffix}.svg\n`);
    }
  } finally {
    if (values.keep) process.stderr.write(`[bench] work folder kept: ${workDir}\n`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
