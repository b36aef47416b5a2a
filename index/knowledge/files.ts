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
} as const;

/** The data files the tags depend on, so a change to any of them makes an index stale. */
export function knowledgeFiles(dir: string = KNOWLEDGE_DIR): string[] {
  return Object.values(KNOWLEDGE_FILES).map((file) => join(dir, file));
}
