import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { BuiltInFacet } from '../index/types.ts';
import { record, stringAt, stringsAt } from './parse.ts';

/**
 * The paragraphs Dossier's pipeline produced, handed to the baselines so that every engine indexes exactly the
 * same text. One JSON line per paragraph, in Dossier's ordinal order (line k = paragraph ordinal k).
 */

export const FACET_NAMES: readonly BuiltInFacet[] = ['country', 'person', 'topic', 'source', 'year'];

/** A paragraph's text and facet values, as the baselines see it. */
export interface BenchParagraph {
  text: string;
  facets: Record<BuiltInFacet, string[]>;
}

/** Writes paragraphs as JSON lines. */
export async function writeParagraphs(file: string, paragraphs: Iterable<BenchParagraph>): Promise<void> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  for (const paragraph of paragraphs) {
    if (!out.write(`${JSON.stringify(paragraph)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Reads the paragraphs written by `writeParagraphs`. */
export async function readParagraphs(file: string): Promise<BenchParagraph[]> {
  const paragraphs: BenchParagraph[] = [];
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.length === 0) continue;
    paragraphs.push(parseParagraph(JSON.parse(line) as unknown, `${file}:${paragraphs.length + 1}`));
  }
  return paragraphs;
}

function parseParagraph(value: unknown, what: string): BenchParagraph {
  const object = record(value, what);
  const facets = record(object.facets, `${what}.facets`);
  return {
    text: stringAt(object, 'text', what),
    facets: {
      country: stringsAt(facets, 'country', what),
      person: stringsAt(facets, 'person', what),
      topic: stringsAt(facets, 'topic', what),
      place: stringsAt(facets, 'place', what),
      source: stringsAt(facets, 'source', what),
      year: stringsAt(facets, 'year', what),
    },
  };
}
