import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './child.ts';
import { percentile } from './stats.ts';
import { startServer } from './server-process.ts';

/**
 * Hostile requests against a running server: `npm run bench:attack [-- --corpus <path>] [--index <file>]
 * [--seconds 5] [--workers 4]`. Each attack is sent by `workers` loops at once for `seconds`, while a probe asks
 * `/healthz` every 50 ms. Printed per attack: the statuses it got, its own time (p50, max), and the probe's time
 * while it ran (p50, p99, max). Fails (exit 1) on a 5xx other than the documented 503 `too_much_work`, a dropped
 * connection, or a probe slower than 1 s: one request must never hold the server. The corpus defaults to BBC (../shared), else the seeds.
 */

const BBC = path.resolve(ROOT, '..', 'shared', 'corpora', 'bbc-news', 'articles.jsonl');
const PROBE_EVERY_MS = 50;
const PROBE_LIMIT_MS = 1_000;

interface Attack {
  name: string;
  method?: 'GET' | 'HEAD' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

const stopWordPhrases = Array.from({ length: 333 }, () => '"a"').join(' ');
const unknownPeople = Array.from({ length: 20 }, (_v, i) => `person=nobody-${i}`).join('&');
const typedFilters = Array.from({ length: 20 }, (_v, i) => `person:nobody-${i}`).join(' ');
const longWords = Array.from({ length: 40 }, (_v, i) => `zqxw${'abcdefghij'.slice(0, (i % 9) + 1)}ty`).join(' ');

const ATTACKS: Attack[] = [
  { name: '333 stop-word phrases', path: `/api/search?q=${encodeURIComponent(stopWordPhrases)}` },
  { name: 'excluded stop-word phrases', path: `/api/search?q=${encodeURIComponent(`government ${Array.from({ length: 10 }, () => '-"a"').join(' ')}`)}` },
  { name: '20 unknown people, results page', path: `/search?q=${encodeURIComponent('"a" "the"')}&${unknownPeople}` },
  { name: '20 typed filters and a phrase', path: `/search?q=${encodeURIComponent(`"of the" ${typedFilters}`)}` },
  { name: '40 long typo words, fuzzy', path: `/api/search?fuzzy=on&q=${encodeURIComponent(longWords)}` },
  { name: 'q of 1,000 characters', path: `/api/search?q=${encodeURIComponent('government minister '.repeat(50).slice(0, 1000))}` },
  { name: 'q of 1,001 characters', path: `/api/search?q=${'a'.repeat(1001)}` },
  { name: 'deepest page', path: '/api/search?q=the&page=500&size=20' },
  { name: 'page past the limit', path: '/api/search?q=the&page=501&size=20' },
  { name: 'every facet value, prefix a', path: '/api/facets/person?prefix=a&facetSize=100' },
  { name: 'suggest one letter', path: '/api/suggest?q=a&size=50' },
  { name: 'export everything (JSONL)', path: '/api/export' },
  { name: 'HEAD export', method: 'HEAD', path: '/api/export?q=the' },
  { name: 'path traversal', path: '/assets/..%2f..%2fpackage.json' },
  { name: 'document id traversal', path: '/api/doc/..%2f..%2fetc%2fpasswd' },
  { name: 'cross-site reindex', method: 'POST', path: '/admin/reindex', headers: { origin: 'http://evil.example' } },
  { name: 'prototype keys', path: '/api/search?__proto__[x]=1&constructor=1&person=__proto__' },
];

interface Outcome {
  statuses: Map<number, number>;
  times: number[];
  failures: string[];
}

async function send(base: string, attack: Attack): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${base}${attack.path}`, {
    method: attack.method ?? 'GET',
    headers: attack.headers ?? {},
    ...(attack.body === undefined ? {} : { body: attack.body }),
    redirect: 'manual',
  });
  // Read the whole body: a slow reader is its own attack, measured by the export's stall guard, not here.
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

async function run(base: string, attack: Attack, seconds: number, workers: number): Promise<{ attack: Outcome; probe: number[] }> {
  const outcome: Outcome = { statuses: new Map(), times: [], failures: [] };
  const probe: number[] = [];
  const until = performance.now() + seconds * 1000;
  const loop = async (): Promise<void> => {
    while (performance.now() < until) {
      try {
        const { status, ms } = await send(base, attack);
        outcome.statuses.set(status, (outcome.statuses.get(status) ?? 0) + 1);
        outcome.times.push(ms);
        if (status >= 500 && status !== 503) outcome.failures.push(`answered ${status}`);
      } catch (error) {
        outcome.failures.push(`connection failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  const probing = (async () => {
    while (performance.now() < until) {
      const started = performance.now();
      try {
        const response = await fetch(`${base}/healthz`);
        await response.arrayBuffer();
        if (response.status !== 200) outcome.failures.push(`/healthz answered ${response.status}`);
      } catch (error) {
        outcome.failures.push(`/healthz failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      probe.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
    }
  })();
  await Promise.all([...Array.from({ length: workers }, loop), probing]);
  const slowest = Math.max(...probe);
  if (slowest > PROBE_LIMIT_MS) outcome.failures.push(`/healthz took ${Math.round(slowest)} ms`);
  return { attack: outcome, probe };
}

function buildIndex(corpus: string, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'index/cli.ts', '--corpus', corpus, '--out', out, '--quiet'], { cwd: ROOT, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the indexer exited with ${code}`))));
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { corpus: { type: 'string' }, index: { type: 'string' }, seconds: { type: 'string' }, workers: { type: 'string' } },
    strict: true,
  });
  const corpus = path.resolve(values.corpus ?? (existsSync(BBC) ? BBC : path.join(ROOT, 'seeds')));
  const seconds = Number(values.seconds ?? 5);
  const workers = Number(values.workers ?? 4);
  if (!(seconds > 0) || !Number.isInteger(workers) || workers < 1) throw new Error('--seconds must be positive and --workers a whole number ≥ 1');
  const work = await mkdtemp(path.join(os.tmpdir(), 'dossier-attack-'));
  try {
    const indexPath = values.index === undefined ? path.join(work, 'index.json') : path.resolve(values.index);
    if (values.index === undefined) await buildIndex(corpus, indexPath);
    const server = await startServer({ indexPath, corpusPath: corpus, readyPath: '/healthz' });
    const base = `http://127.0.0.1:${server.port}`;
    let failed = 0;
    console.log(`Attacks on ${path.basename(corpus)}: ${workers} loops × ${seconds} s each, /healthz probed every ${PROBE_EVERY_MS} ms`);
    console.log(`${'attack'.padEnd(34)} ${'answers'.padEnd(22)} ${'its p50 / max ms'.padEnd(20)} /healthz p50 / p99 / max ms`);
    try {
      for (const attack of ATTACKS) {
        const { attack: outcome, probe } = await run(base, attack, seconds, workers);
        const statuses = [...outcome.statuses].sort((a, b) => a[0] - b[0]).map(([status, n]) => `${status}×${n}`).join(' ');
        const own = outcome.times.length === 0 ? 'none answered' : `${percentile(outcome.times, 50).toFixed(1)} / ${Math.max(...outcome.times).toFixed(1)}`;
        const health = `${percentile(probe, 50).toFixed(1)} / ${percentile(probe, 99).toFixed(1)} / ${Math.max(...probe).toFixed(1)}`;
        const verdict = outcome.failures.length === 0 ? '' : `  FAIL: ${[...new Set(outcome.failures)].slice(0, 3).join('; ')}`;
        if (outcome.failures.length > 0) failed += 1;
        console.log(`${attack.name.padEnd(34)} ${statuses.padEnd(22)} ${own.padEnd(20)} ${health}${verdict}`);
      }
    } finally {
      await server.stop();
    }
    console.log(failed === 0 ? 'No attack got a 5xx or held the server.' : `${failed} attack(s) failed.`);
    return failed === 0 ? 0 : 1;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
