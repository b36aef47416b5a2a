import type { LoadedIndex } from '../../index/format.ts';
import { fixtureIndex } from '../pages-fixture.ts';

/** The index the screenshots show: the seeds corpus built by the pipeline, or the page-test fixture until it lands. */
export async function screenshotIndex(): Promise<LoadedIndex> {
  try {
    const { buildFromCorpus } = await import('../../index/build.ts');
    const built = await buildFromCorpus('seeds');
    if (built.ok) return built.value.index;
  } catch {
    // The pipeline is not complete yet.
  }
  return fixtureIndex();
}
