import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './child.ts';
import { numberAt, record } from './parse.ts';
import { startServer } from './server-process.ts';

/**
 * HTTP throughput: `autocannon` (its CLI, in its own process) against `/api/search`, `/search` (HTML) and `/healthz`
 * of one `npm start` server on loopback, one endpoint after the other.
 */

export interface EndpointFigures {
  path: string;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Mean response size, headers included. */
  bytesPerResponse: number;
  non2xx: number;
  errors: number;
}

const AUTOCANNON = path.join(ROOT, 'node_modules', 'autocannon', 'autocannon.js');

/** Runs autocannon for `seconds` with `connections` against `url` and reads its JSON report. */
export function autocannon(url: string, seconds: number, connections = 10): Promise<Omit<EndpointFigures, 'path'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AUTOCANNON, '--json', '-c', String(connections), '-d', String(seconds), url], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`autocannon exited with ${code}`);
        const report = record(JSON.parse(stdout.trim()) as unknown, 'autocannon');
        const requests = record(report.requests, 'autocannon.requests');
        const latency = record(report.latency, 'autocannon.latency');
        const throughput = record(report.throughput, 'autocannon.throughput');
        resolve({
          requestsPerSec: numberAt(requests, 'average', 'autocannon.requests'),
          p50Ms: numberAt(latency, 'p50', 'autocannon.latency'),
          p99Ms: numberAt(latency, 'p99', 'autocannon.latency'),
          requests: numberAt(requests, 'total', 'autocannon.requests'),
          bytesPerResponse: numberAt(throughput, 'total', 'autocannon.throughput') / numberAt(requests, 'total', 'autocannon.requests'),
          non2xx: numberAt(report, 'non2xx', 'autocannon'),
          errors: numberAt(report, 'errors', 'autocannon'),
        });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

/** Starts one server and measures each endpoint in turn. */
export async function measureHttp(options: {
  indexPath: string;
  corpusPath: string;
  query: string;
  seconds: number;
  nodeArgs?: string[];
  /** Which endpoints to load, in this order; all three by default. */
  endpoints?: ReadonlyArray<'api' | 'page' | 'health'>;
}): Promise<EndpointFigures[]> {
  const q = encodeURIComponent(options.query);
  const all = { api: `/api/search?q=${q}`, page: `/search?q=${q}`, health: '/healthz' };
  const paths = (options.endpoints ?? ['api', 'page', 'health']).map((endpoint) => all[endpoint]);
  const server = await startServer({
    indexPath: options.indexPath,
    corpusPath: options.corpusPath,
    readyPath: all.api,
    ...(options.nodeArgs === undefined ? {} : { nodeArgs: options.nodeArgs }),
  });
  try {
    const figures: EndpointFigures[] = [];
    for (const endpoint of paths) {
      figures.push({ path: endpoint, ...(await autocannon(`http://127.0.0.1:${server.port}${endpoint}`, options.seconds)) });
    }
    return figures;
  } finally {
    await server.stop();
  }
}
