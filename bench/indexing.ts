import { runChild, type ChildOptions } from './child.ts';
import type { BuildFigures } from './figures.ts';
import { numberAt, numbersAt, record } from './parse.ts';
import { mapSpread, spread } from './stats.ts';

/** The indexing stage: each engine built `runs` times in its own child (Dossier first: it writes the paragraphs). */

export interface IndexingOutcome {
  build: BuildFigures;
  documents: number;
  paragraphs: number;
  fileBytes: { dossier: number; minisearch: number; fts5: number };
}

/** Builds the three indexes of a corpus into `workDir` and returns the figures. */
export async function measureIndexing(corpusPath: string, workDir: string, runs: number, child: ChildOptions = {}): Promise<IndexingOutcome> {
  const run = async (engine: string) => record(await runChild('measure-build.ts', [engine, corpusPath, workDir, String(runs)], child), `build ${engine}`);
  const dossier = await run('dossier');
  const minisearch = await run('minisearch');
  const fts5 = await run('fts5');
  const paragraphs = numberAt(dossier, 'paragraphs', 'dossier');
  const perSec = (ms: number[]) => mapSpread(spread(ms), (value) => (paragraphs * 1000) / value);
  const dossierMs = numbersAt(dossier, 'buildMs', 'dossier');
  const tagOnlyMs = numbersAt(dossier, 'tagOnlyMs', 'dossier');
  const minisearchMs = numbersAt(minisearch, 'buildMs', 'minisearch');
  const fts5Ms = numbersAt(fts5, 'buildMs', 'fts5');
  return {
    documents: numberAt(dossier, 'documents', 'dossier'),
    paragraphs,
    fileBytes: {
      dossier: numberAt(dossier, 'fileBytes', 'dossier'),
      minisearch: numberAt(minisearch, 'fileBytes', 'minisearch'),
      fts5: numberAt(fts5, 'fileBytes', 'fts5'),
    },
    build: {
      dossierPipelineMs: spread(dossierMs),
      dossierPerSec: perSec(dossierMs),
      dossierReadMs: spread(numbersAt(dossier, 'pipeline_readMs', 'dossier')),
      dossierSegmentTagMs: spread(numbersAt(dossier, 'pipeline_tagMs', 'dossier')),
      dossierIndexMs: spread(numbersAt(dossier, 'pipeline_indexMs', 'dossier')),
      segmentOnlyMs: spread(numbersAt(dossier, 'segmentOnlyMs', 'dossier')),
      tagOnlyMs: spread(tagOnlyMs),
      tagOnlyPerSec: perSec(tagOnlyMs),
      minisearchMs: spread(minisearchMs),
      minisearchPerSec: perSec(minisearchMs),
      fts5Ms: spread(fts5Ms),
      fts5PerSec: perSec(fts5Ms),
      dossierSaveMs: numberAt(dossier, 'saveMs', 'dossier'),
    },
  };
}
