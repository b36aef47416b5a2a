import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadIndex, type FacetColumn, type LoadedIndex } from '../index/store/format.ts';

/**
 * Load test: `npx tsx bench/load.ts [--corpus <path>] [--index <file>] [--seconds 30] [--warmup 10]
 * [--connections 50] [--json <file>]`.
 * Builds the index of the corpus (BBC×1 by default), starts `server/main.ts` in a child process, drives it with
 * autocannon over a mixed request set (JSON API, HTML pages, suggestions, facet values, documents), first as a
 * warm-up and then for the measured run, and checks: no errors, no timeouts, no non-2xx answers, resident memory after
 * the run within 10 % of the memory after the warm-up (no leak), and a clean exit 0 on SIGTERM. Exits 1 if a check
 * fails. Memory is the server's VmRSS from /proc/<pid>/status.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_CORPUS = path.resolve(ROOT, '..', 'shared', 'corpora', 'bbc-news', 'articles.jsonl');
/** Growth of resident memory from after the warm-up to after the run that counts as a leak. */
const MAX_GROWTH = 0.1;

interface Options {
  corpus: string;
  index: string | null;
  seconds: number;
  warmup: number;
  connections: number;
  json: string | null;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      index: { type: 'string' },
      seconds: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      json: { type: 'string' },
    },
    strict: true,
  });
  const positive = (text: string | undefined, fallback: number, name: string): number => {
    const value = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number ≥ 1, got ${text}`);
    return value;
  };
  return {
    corpus: path.resolve(values.corpus ?? DEFAULT_CORPUS),
    index: values.index === undefined ? null : path.resolve(values.index),
    seconds: positive(values.seconds, 30, 'seconds'),
    warmup: positive(values.warmup, 10, 'warmup'),
    connections: positive(values.connections, 50, 'connections'),
    json: values.json ?? null,
  };
}

// ---------- child processes ----------

function runIndexer(corpus: string, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'index/cli.ts', '--corpus', corpus, '--out', out, '--quiet'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the indexer exited with ${code}`))));
  });
}

interface Server {
  child: ChildProcess;
  pid: number;
  port: number;
  log: () => string;
}

function startServer(indexFile: string, corpus: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DOSSIER_INDEX: indexFile, DOSSIER_CORPUS: corpus, DOSSIER_WATCH: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      log = (log + chunk.toString()).slice(-20_000);
      const port = /Dossier serves .* on http:\/\/[^:\s]+:(\d+)/.exec(log)?.[1];
      if (port !== undefined && child.pid !== undefined) resolve({ child, pid: child.pid, port: Number(port), log: () => log });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${log}`)));
  });
}

/** Sends SIGTERM and resolves with the exit code (null if it had to be killed after 15 s). */
function stopServer(server: Server): Promise<number | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.child.kill('SIGKILL');
      resolve(null);
    }, 15_000);
    server.child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    server.child.kill('SIGTERM');
  });
}

/** Resident set size of a process in MB, from /proc. */
function rssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match?.[1] === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

// ---------- the request mix ----------

/** Values of a facet column, most frequent first. */
function topValues(column: FacetColumn, count: number): string[] {
  const totals = new Array<number>(column.values.length).fill(0);
  for (const id of column.ids) totals[id] = (totals[id] ?? 0) + 1;
  return column.values.map((value, i) => ({ value, total: totals[i] ?? 0 }))
    .sort((a, b) => b.total - a.total).slice(0, count).map((entry) => entry.value);
}

/** Picks `count` items spread evenly over `items`. */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length === 0) return [];
  return Array.from({ length: count }, (_v, i) => items[Math.floor((i * items.length) / count)] as T);
}

/**
 * A mixed request set drawn from the index itself (frequent, medium and rare words, phrases from real paragraphs,
 * typos, prefixes, boolean queries, the most frequent facet values, real document ids), so it fits any corpus.
 */
function requestMix(index: LoadedIndex): string[] {
  const byCount = index.vocabulary.words.map((word, i) => ({ word, count: index.vocabulary.counts[i] ?? 0 }))
    .filter((entry) => /^[a-z]{4,}$/.test(entry.word)).sort((a, b) => b.count - a.count);
  const frequent = spread(byCount.slice(0, 200).map((entry) => entry.word), 8);
  const medium = spread(byCount.filter((entry) => entry.count >= 20 && entry.count <= 100).map((entry) => entry.word), 8);
  const rare = spread(byCount.filter((entry) => entry.count >= 2 && entry.count <= 5).map((entry) => entry.word), 4);
  const phrases = spread(index.paragraphs, 4).map((paragraph) => {
    const words = paragraph.text.toLowerCase().match(/[a-z]{4,}/g) ?? [];
    return words.slice(1, 3).join(' ');
  }).filter((phrase) => phrase.includes(' '));
  const typos = frequent.filter((word) => word.length >= 6).slice(0, 4).map((word) => word.slice(0, 2) + word.slice(3));
  const countries = topValues(index.columns.country, 3);
  const persons = topValues(index.columns.person, 2);
  const topics = topValues(index.columns.topic, 2);
  const docs = spread(index.documents.map((document) => document.id), 6);
  const q = encodeURIComponent;
  const at = <T>(items: readonly T[], i: number): T | undefined => items[i % Math.max(1, items.length)];

  const paths: string[] = [
    ...frequent.map((word) => `/api/search?q=${q(word)}`),
    ...frequent.map((word, i) => `/api/search?q=${q(`${word} ${at(medium, i) ?? ''}`.trim())}`),
    ...phrases.map((phrase) => `/api/search?q=${q(`"${phrase}"`)}`),
    ...typos.map((typo) => `/api/search?q=${q(typo)}`),
    ...medium.slice(0, 4).map((word) => `/api/search?q=${q(word.slice(0, 4))}`),
    `/api/search?q=${q(`${frequent[0] ?? 'a'} OR ${rare[0] ?? 'b'}`)}`,
    `/api/search?q=${q(`${frequent[1] ?? 'a'} -${medium[1] ?? 'b'}`)}`,
    ...countries.map((code) => `/api/search?country=${q(code)}`),
    ...countries.map((code, i) => `/api/search?q=${q(at(frequent, i) ?? '')}&country=${q(code)}&sort=date`),
    ...persons.map((person) => `/api/search?person=${q(person)}`),
    ...topics.map((topic) => `/api/search?topic=${q(topic)}&page=3`),
    ...frequent.slice(0, 6).map((word) => `/search?q=${q(word)}`),
    ...countries.slice(0, 2).map((code) => `/search?country=${q(code)}`),
    '/',
    ...docs.map((id) => `/doc/${q(id)}`),
    ...docs.slice(0, 2).map((id, i) => `/doc/${q(id)}?q=${q(at(frequent, i) ?? '')}`),
    ...countries.slice(0, 2).map((code) => `/country/${q(code)}`),
    ...persons.slice(0, 1).map((person) => `/person/${q(person)}`),
    ...medium.slice(0, 4).map((word) => `/api/suggest?q=${q(word.slice(0, 3))}`),
    ...frequent.slice(0, 2).map((word) => `/api/facets/person?q=${q(word)}`),
    ...rare.slice(0, 1).map((word) => `/api/export?q=${q(word)}`),
    '/healthz',
    '/healthz',
  ];
  return paths;
}

// ---------- autocannon ----------

interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '5xx': number;
  statusCodeStats: Record<string, { count: number }>;
}

type Autocannon = (
  options: { url: string; connections: number; duration: number; requests: Array<{ method: 'GET'; path: string }>; timeout: number },
  done: (error: Error | null, result: AutocannonResult) => void,
) => unknown;

// autocannon ships no types; its result is checked field by field where it is used.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function fire(port: number, paths: string[], seconds: number, connections: number): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration: seconds,
        timeout: 30,
        requests: paths.map((requestPath) => ({ method: 'GET' as const, path: requestPath })),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/** Samples a process's RSS every second while `work` runs; resolves with the work's result and the peak. */
async function sampled<T>(pid: number, work: Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peakMb = rssMb(pid);
  const timer = setInterval(() => {
    peakMb = Math.max(peakMb, rssMb(pid));
  }, 1000);
  try {
    return { result: await work, peakMb };
  } finally {
    clearInterval(timer);
  }
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<number> {
  const options = readOptions();
  const work = await mkdtemp(path.join(os.tmpdir(), 'dossier-load-'));
  try {
    const indexFile = options.index ?? path.join(work, 'index.json');
    if (options.index === null) {
      process.stderr.write(`building the index of ${options.corpus}\n`);
      await runIndexer(options.corpus, indexFile);
    }
    const loaded = await loadIndex(indexFile);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const paths = requestMix(loaded.value);
    const { documents, paragraphs } = loaded.value.header;

    const server = await startServer(indexFile, options.corpus);
    process.stderr.write(`server ${server.pid} on port ${server.port}: ${documents} documents, ${paragraphs} paragraphs; ${paths.length} request kinds\n`);
    const rssStartMb = rssMb(server.pid);
    process.stderr.write(`warm-up: ${options.warmup} s, ${options.connections} connections\n`);
    const warm = await sampled(server.pid, fire(server.port, paths, options.warmup, options.connections));
    await settle(2000);
    const rssWarmMb = rssMb(server.pid);
    process.stderr.write(`run: ${options.seconds} s, ${options.connections} connections\n`);
    const run = await sampled(server.pid, fire(server.port, paths, options.seconds, options.connections));
    await settle(2000);
    const rssAfterMb = rssMb(server.pid);
    const exitCode = await stopServer(server);

    const r = run.result;
    const growth = (rssAfterMb - rssWarmMb) / rssWarmMb;
    const checks = {
      noErrors: r.errors === 0 && warm.result.errors === 0,
      noTimeouts: r.timeouts === 0 && warm.result.timeouts === 0,
      noServerErrors: r['5xx'] === 0 && warm.result['5xx'] === 0,
      allOk: r.non2xx === 0 && warm.result.non2xx === 0,
      noLeak: growth <= MAX_GROWTH,
      cleanExit: exitCode === 0,
    };
    const report = {
      corpus: options.corpus,
      documents,
      paragraphs,
      connections: options.connections,
      seconds: options.seconds,
      requestKinds: paths.length,
      requests: r.requests.total,
      requestsPerSec: r.requests.average,
      latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
      errors: r.errors,
      timeouts: r.timeouts,
      non2xx: r.non2xx,
      statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, stat]) => [code, stat.count])),
      memoryMb: {
        start: round(rssStartMb),
        afterWarmup: round(rssWarmMb),
        afterRun: round(rssAfterMb),
        peak: round(Math.max(warm.peakMb, run.peakMb)),
        growthPercent: round(growth * 100),
      },
      exitCodeOnSigterm: exitCode,
      checks,
    };
    console.log(formatReport(report));
    if (options.json !== null) await writeFile(options.json, `${JSON.stringify(report, null, 2)}\n`);
    return Object.values(checks).every(Boolean) ? 0 : 1;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function formatReport(report: {
  requests: number; requestsPerSec: number; latencyMs: Record<string, number>; errors: number; timeouts: number;
  non2xx: number; statusCodes: Record<string, number>; memoryMb: Record<string, number>; exitCodeOnSigterm: number | null;
  checks: Record<string, boolean>; connections: number; seconds: number; documents: number; paragraphs: number;
}): string {
  const lines = [
    `Load: ${report.connections} connections for ${report.seconds} s on ${report.documents} documents / ${report.paragraphs} paragraphs`,
    `  requests ${report.requests} (${Math.round(report.requestsPerSec)}/s), status ${JSON.stringify(report.statusCodes)}`,
    `  latency p50 ${report.latencyMs.p50} ms, p90 ${report.latencyMs.p90} ms, p99 ${report.latencyMs.p99} ms, max ${report.latencyMs.max} ms`,
    `  errors ${report.errors}, timeouts ${report.timeouts}, non-2xx ${report.non2xx}`,
    `  RSS MB: start ${report.memoryMb.start}, after warm-up ${report.memoryMb.afterWarmup}, after run ${report.memoryMb.afterRun}`
      + ` (${report.memoryMb.growthPercent}%), peak ${report.memoryMb.peak}`,
    `  exit code on SIGTERM: ${report.exitCodeOnSigterm}`,
    ...Object.entries(report.checks).map(([name, ok]) => `  ${ok ? 'PASS' : 'FAIL'} ${name}`),
  ];
  return lines.join('\n');
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`load: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
