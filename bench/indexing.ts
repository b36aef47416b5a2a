import { runChild, type ChildOptions } from './child.ts';
import { ENGINES, type Engine } from './engines.ts';
import type { BuildFigures } from './figures.ts';
import { numberAt, numbersAt, record } from './parse.ts';
import { mapSpread, spread } from './stats.ts';

/**
 * The indexing stage: each build in a fresh child, the engines taking turns run after run, so that a change of load
 * on a shared machine hits every engine alike. Dossier goes first: its pipeline writes the paragraphs.
 */

export interface IndexingOutcome {
  build: BuildFigures;
  documents: number;
  paragraphs: number;
  fileBytes: Record<Engine, number>;
}

/** Builds the three indexes of a corpus `runs` times each into `workDir` and returns the figures. */
export async function measureIndexing(corpusPath: string, workDir: string, runs: number, child: ChildOptions = {}): Promise<IndexingOutcome> {
  const results: Record<Engine, Array<Record<string, unknown>>> = { dossier: [], minisearch: [], fts5: [] };
  for (let run = 0; run < runs; run += 1) {
    for (const engine of ENGINES) {
      results[engine].push(record(await runChild('measure-build.ts', [engine, corpusPath, workDir, '1'], child), `build ${engine}`));
    }
  }
  const all = (engine: Engine, key: string) => results[engine].flatMap((result) => numbersAt(result, key, `build ${engine}`));
  const last = (engine: Engine, key: string) => {
    const result = results[engine][results[engine].length - 1];
    return result === undefined ? Number.NaN : numberAt(result, key, `build ${engine}`);
  };
  const paragraphs = last('dossier', 'paragraphs');
  const perSec = (ms: number[]) => mapSpread(spread(ms), (value) => (paragraphs * 1000) / value);
  const dossierMs = all('dossier', 'buildMs');
  const tagOnlyMs = all('dossier', 'tagOnlyMs');
  const minisearchMs = all('minisearch', 'buildMs');
  const fts5Ms = all('fts5', 'buildMs');
  return {
    documents: last('dossier', 'documents'),
    paragraphs,
    fileBytes: { dossier: last('dossier', 'fileBytes'), minisearch: last('minisearch', 'fileBytes'), fts5: last('fts5', 'fileBytes') },
    build: {
      dossierPipelineMs: spread(dossierMs),
      dossierPerSec: perSec(dossierMs),
      dossierReadMs: spread(all('dossier', 'pipeline_readMs')),
      dossierSegmentTagMs: spread(all('dossier', 'pipeline_tagMs')),
      dossierIndexMs: spread(all('dossier', 'pipeline_indexMs')),
      segmentOnlyMs: spread(all('dossier', 'segmentOnlyMs')),
      tagOnlyMs: spread(tagOnlyMs),
      tagOnlyPerSec: perSec(tagOnlyMs),
      minisearchMs: spread(minisearchMs),
      minisearchPerSec: perSec(minisearchMs),
      fts5Ms: spread(fts5Ms),
      fts5PerSec: perSec(fts5Ms),
      dossierSaveMs: last('dossier', 'saveMs'),
      dossierWorkerThreads: all('dossier', 'pipeline_threads'),
    },
  };
}
