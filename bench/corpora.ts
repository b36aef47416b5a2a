import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { record, stringAt } from './parse.ts';
import { ROOT } from './child.ts';

/** The corpora the benchmark runs on: the seeds, the BBC news corpus, and BBC×10 generated in a temporary folder. */

export interface CorpusSpec {
  /** Short name used in file names and tables. */
  name: string;
  /** Folder or .jsonl file, as `npm run index -- --corpus` takes it. */
  path: string;
}

export const DEFAULT_BBC_PATH = path.resolve(ROOT, '../shared/corpora/bbc-news/articles.jsonl');
export const DEFAULT_CRANFIELD_DIR = path.resolve(ROOT, '../shared/corpora/cranfield');

/** The corpus list of a run: seeds and BBC×1 always, BBC×`copies` unless `quick`. */
export async function prepareCorpora(options: {
  bbcPath: string;
  quick: boolean;
  workDir: string;
  copies: number;
}): Promise<CorpusSpec[]> {
  const corpora: CorpusSpec[] = [
    { name: 'seeds', path: path.join(ROOT, 'seeds') },
    { name: 'bbc', path: options.bbcPath },
  ];
  if (!options.quick) {
    const multiplied = path.join(options.workDir, `bbc-x${options.copies}.jsonl`);
    await writeMultipliedCorpus(options.bbcPath, multiplied, options.copies);
    corpora.push({ name: `bbc-x${options.copies}`, path: multiplied });
  }
  return corpora;
}

/**
 * Writes a JSONL corpus in which every article of `source` appears `copies` times, each copy with a new id
 * (`<id>-x<k>`, k from 1) and otherwise the same fields.
 */
export async function writeMultipliedCorpus(source: string, target: string, copies: number): Promise<number> {
  const out = createWriteStream(target, { encoding: 'utf8' });
  const lines = createInterface({ input: createReadStream(source, { encoding: 'utf8' }), crlfDelay: Infinity });
  let written = 0;
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim().length === 0) continue;
    const article = record(JSON.parse(line) as unknown, `${source}:${lineNumber}`);
    const id = stringAt(article, 'id', `${source}:${lineNumber}`);
    for (let k = 1; k <= copies; k += 1) {
      if (!out.write(`${JSON.stringify({ ...article, id: `${id}-x${k}` })}\n`)) await once(out, 'drain');
      written += 1;
    }
  }
  out.end();
  await once(out, 'finish');
  return written;
}
