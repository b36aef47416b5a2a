import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildFromCorpus } from '../../index/build/pipeline.ts';
import { REPO_ROOT } from './run-cli.ts';

/** A temporary folder holding a copy of the seeds (`<dir>/corpus`, free to change) and the build of that copy. */
export async function builtSeedsCopy(prefix: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const corpus = path.join(dir, 'corpus');
  await cp(path.join(REPO_ROOT, 'seeds'), corpus, { recursive: true });
  const built = await buildFromCorpus(corpus);
  if (!built.ok) throw new Error(built.error.message);
  return { dir, corpus, built: built.value };
}
