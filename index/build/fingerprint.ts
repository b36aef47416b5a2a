import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { tagDataFiles } from '../knowledge/files.ts';
import { FORMAT_VERSION } from '../store/loaded-index.ts';
import type { Result } from '../types.ts';
import { hashCorpus } from './read-corpus.ts';

/**
 * The fingerprint an index records to know when it is stale: the corpus content, the knowledge files the tags came
 * from and the format version. Any change to one of them means a rebuild.
 */
export async function corpusFingerprint(corpusPath: string, knowledgeDir?: string): Promise<Result<string>> {
  const corpusHash = await hashCorpus(corpusPath);
  if (!corpusHash.ok) return corpusHash;
  return { ok: true, value: await fingerprintOf(corpusHash.value, knowledgeDir) };
}

/** The fingerprint of a corpus hash with the knowledge files and the format version. */
export async function fingerprintOf(corpusHash: string, knowledgeDir: string | undefined): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`format ${FORMAT_VERSION}\0corpus ${corpusHash}\0`);
  for (const file of tagDataFiles(knowledgeDir).sort()) {
    hash.update(file.slice(file.lastIndexOf('/') + 1));
    hash.update('\0');
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}
