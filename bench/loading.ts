import { runChild, type ChildOptions } from './child.ts';
import { ENGINES, type Engine } from './engines.ts';
import type { LoadFigures } from './figures.ts';
import { numberAt, numbersAt, record } from './parse.ts';
import { spread } from './stats.ts';

/** The load stage: each engine's saved index loaded `runs` times in a child of its own, with memory after load. */
export async function measureLoading(workDir: string, runs: number, child: ChildOptions = {}): Promise<Record<Engine, LoadFigures>> {
  const figures: Partial<Record<Engine, LoadFigures>> = {};
  for (const engine of ENGINES) {
    const result = record(await runChild('measure-load.ts', [engine, workDir, String(runs)], child), `load ${engine}`);
    figures[engine] = {
      ms: spread(numbersAt(result, 'loadMs', engine)),
      heapMB: numberAt(result, 'heapMB', engine),
      rssMB: numberAt(result, 'rssMB', engine),
      heapBeforeMB: numberAt(result, 'heapBeforeMB', engine),
      rssBeforeMB: numberAt(result, 'rssBeforeMB', engine),
    };
  }
  return figures as Record<Engine, LoadFigures>;
}
