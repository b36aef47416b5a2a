import type { LoadedIndex } from '../../index/store/format.ts';
import { buildFromCorpus } from '../../index/build/pipeline.ts';

/** The index the screenshots show: the seeds corpus, built by the real pipeline, as a reader would see it. */
export async function screenshotIndex(): Promise<LoadedIndex> {
  const built = await buildFromCorpus('seeds');
  if (!built.ok) throw new Error(`cannot build the seeds index for the screenshots: ${built.error.message}`);
  return built.value.index;
}
