import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFromCorpus } from '../../index/build/pipeline.ts';
import type { LoadedIndex } from '../../index/store/format.ts';
import type { SearchPage } from '../../index/types.ts';
import { createApp } from '../../server/app.ts';
import { appFor } from '../helpers/test-app.ts';

/**
 * Names that are also members of every JavaScript object (`constructor`, `toString`, `__proto__`, …) are data like
 * any other: as entity ids in URLs and filters they name nothing, and as JSONL field names or ids they are kept.
 */

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'] as const;

let dir: string;
let index: LoadedIndex;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-prototype-'));
  const corpus = path.join(dir, 'corpus.jsonl');
  const lines: Array<Record<string, string>> = [
    { id: 'normal', title: 'A normal article', text: 'Ministers met in Oslo, Norway, to discuss fishing quotas.\n\nTalks continue.' },
    {
      id: '__proto__', title: 'Prototype keys', constructor: 'a constructor field', toString: 'a toString field',
      hasOwnProperty: 'a hasOwnProperty field', valueOf: 'a valueOf field',
      text: 'An article from Bergen, Norway, whose fields are named like prototype keys.\n\nIt is indexed like any other.',
    },
  ];
  // JSON.stringify drops nothing here: every key above is an own property of its literal.
  await writeFile(corpus, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
  const built = await buildFromCorpus(corpus);
  if (!built.ok) throw new Error(built.error.message);
  index = built.value.index;
  app = appFor(index);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('prototype names as entity ids', () => {
  it.each(['person', 'country', 'topic'])('/%s/<prototype name> is 404: no such entity', async (kind) => {
    const statuses: number[] = [];
    for (const id of PROTOTYPE_KEYS) statuses.push((await request(app).get(`/${kind}/${id}`).set('Accept', 'text/html')).status);
    expect(statuses).toEqual(PROTOTYPE_KEYS.map(() => 404));
  });

  it.each(['person', 'topic'] as const)('a %s filter on a prototype name is an unknown value, as any other is', async (facet) => {
    for (const id of PROTOTYPE_KEYS) {
      const answer = await request(app).get(`/api/search?${facet}=${id}`).expect(400);
      expect(answer.body.error.code, id).toBe('unknown_value');
      expect(answer.body.error.message, id).toContain(`no ${facet} "${id}" in this index`);
      const html = await request(app).get(`/search?${facet}=${id}`).set('Accept', 'text/html').expect(400);
      expect(html.text, id).not.toMatch(/>\s*(Object|Function)\s*</);
    }
  });
});

describe('prototype names in the corpus', () => {
  it('indexes an article whose id is "__proto__" and serves it', async () => {
    const document = await request(app).get('/api/doc/__proto__').expect(200);
    expect(document.body.title).toBe('Prototype keys');
    await request(app).get('/doc/__proto__').set('Accept', 'text/html').expect(200);
  });

  it('keeps JSONL fields named like prototype members in the metadata', () => {
    const record = index.documents.find((document) => document.id === '__proto__');
    expect(record).toBeDefined();
    const metadata = record?.metadata ?? {};
    expect(Object.keys(metadata).sort()).toEqual(['constructor', 'hasOwnProperty', 'toString', 'valueOf']);
    expect(Object.hasOwn(metadata, 'constructor') && metadata.constructor).toBe('a constructor field');
  });
});
