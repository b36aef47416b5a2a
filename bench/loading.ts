import { runChild, type ChildOptions } from './child.ts';
import { ENGINES, type Engine } from './engines.ts';
import type { LoadFigures } from './figures.ts';
import { numberAt, numbersAt, record } from './parse.ts';
import { spread } from './stats.ts';

/**
 * The load stage: each load in a fresh child holding one engine's data only, the engines taking turns. Memory is
 * measured after every first load; the figures keep the median of those.
 */
export async function measureLoading(workDir: string, runs: number, child: ChildOptions = {}): Promise<Record<Engine, LoadFigures>> {
  const results: Record<Engine, Array<Record<string, unknown>>> = { dossier: [], minisearch: [], fts5: [] };
  for (let run = 0; run < runs; run += 1) {
    for (const engine of ENGINES) {
      results[engine].push(record(await runChild('measure-load.ts', [engine, workDir, '1'], child), `load ${engine}`));
    }
  }
  const figures = (engine: Engine): LoadFigures => {
    const median = (key: string) => spread(results[engine].map((result) => numberAt(result, key, `load ${engine}`))).median;
    return {
      ms: spread(results[engine].flatMap((result) => numbersAt(result, 'loadMs', `load ${engine}`))),
      heapMB: median('heapMB'),
      externalMB: median('externalMB'),
      rssMB: median('rssMB'),
      heapBeforeMB: median('heapBeforeMB'),
      externalBeforeMB: median('externalBeforeMB'),
      rssBeforeMB: median('rssBeforeMB'),
    };
  };
  return { dossier: figures('dossier'), minisearch: figures('minisearch'), fts5: figures('fts5') };
}
