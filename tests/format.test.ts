import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildIndex, FORMAT_VERSION, loadIndex, readIndexHeader, saveIndex, SEARCH_FIELDS, type LoadedIndex,
} from '../index/format.ts';
import { fixtureContent } from './fixtures/search/content.ts';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'dossier-format-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Everything observable about an index's term postings, as plain data. */
function postingsOf(index: LoadedIndex): Record<string, Array<Array<[number, number]>>> {
  const all: Record<string, Array<Array<[number, number]>>> = {};
  for (const term of [...index.terms.terms].sort()) {
    all[term] = SEARCH_FIELDS.map((_, field) => {
      const postings = index.terms.postings(term, field);
      return [...(postings?.paragraphs ?? [])].map((paragraph, k): [number, number] => [paragraph, postings?.frequencies[k] ?? 0]);
    });
  }
  return all;
}

async function savedFixture(): Promise<{ file: string; built: LoadedIndex }> {
  const built = buildIndex(fixtureContent());
  const file = path.join(directory, 'nested', 'index.json');
  await saveIndex(file, built);
  return { file, built };
}

describe('index file round trip', () => {
  it('loads back the same content, header, postings, field lengths and lookups', async () => {
    const { file, built } = await savedFixture();
    const loaded = await loadIndex(file);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const index = loaded.value;

    expect(index.header).toEqual({ ...fixtureContent().header, formatVersion: FORMAT_VERSION });
    expect(index.documents).toEqual(built.documents);
    expect(index.paragraphs).toEqual(built.paragraphs);
    expect(index.entities).toEqual(built.entities);
    expect(index.vocabulary).toEqual(built.vocabulary);
    expect(postingsOf(index)).toEqual(postingsOf(built));
    expect(Object.keys(postingsOf(index)).length).toBeGreaterThan(50);
    for (let paragraph = 0; paragraph < built.paragraphs.length; paragraph += 1) {
      for (let field = 0; field < SEARCH_FIELDS.length; field += 1) {
        expect(index.terms.fieldLength(paragraph, field)).toBe(built.terms.fieldLength(paragraph, field));
      }
    }
    expect(index.terms.documentCount).toBe(built.paragraphs.length);
    expect(index.recencyRank).toEqual(built.recencyRank);
    expect(index.columns).toEqual(built.columns);
    expect(index.documentParagraphs).toEqual(built.documentParagraphs);
  });

  it('indexes words folded, stemmed and without stop words, in text, title and section', () => {
    const index = buildIndex(fixtureContent());
    const ordinalsWith = (term: string, field: number) => [...(index.terms.postings(term, field)?.paragraphs ?? [])];
    const textOf = (ordinal: number) => index.paragraphs[ordinal]?.text ?? '';
    // "troops" and "troop" share the stem; "Élysée" and "Elysee" share the folded form.
    expect(ordinalsWith('troop', 0).map(textOf).join(' ')).toMatch(/troops[\s\S]*troop /);
    expect(ordinalsWith('elyse', 0).map(textOf).every((text) => /[EÉ]lys[eé]e/.test(text))).toBe(true);
    expect(ordinalsWith('elyse', 0)).toHaveLength(2);
    expect(index.terms.postings('the', 0)).toBeUndefined();
    expect(ordinalsWith('reaction', 2)).toHaveLength(2);
    expect(ordinalsWith('elyse', 1)).toHaveLength(4);
  });

  it('replaces an existing file and leaves no temporary file behind', async () => {
    const { file } = await savedFixture();
    const content = fixtureContent();
    content.documents = content.documents.slice(0, 1);
    content.paragraphs = content.paragraphs.filter((paragraph) => paragraph.docId === content.documents[0]?.id);
    await saveIndex(file, buildIndex(content));
    const loaded = await loadIndex(file);
    expect(loaded.ok && loaded.value.documents.length).toBe(1);
    expect(await readdir(path.dirname(file))).toEqual(['index.json']);
  });

  it('reads the header alone', async () => {
    const { file, built } = await savedFixture();
    expect(await readIndexHeader(file)).toEqual({ ok: true, value: built.header });
  });
});

describe('unusable index files', () => {
  async function rewritten(change: (text: string) => string): Promise<string> {
    const { file } = await savedFixture();
    await writeFile(file, change(await readFile(file, 'utf8')));
    return file;
  }
  const otherVersion = (text: string) => text.replace(`"formatVersion":${FORMAT_VERSION}`, `"formatVersion":${FORMAT_VERSION + 1}`);

  it.each([
    { name: 'cut in the header', change: (text: string) => text.slice(0, 20), code: 'index_corrupt' },
    { name: 'cut after the header', change: (text: string) => text.slice(0, text.indexOf('\n') + 1), code: 'index_corrupt' },
    { name: 'cut in the content', change: (text: string) => text.slice(0, text.indexOf('\n') + 200), code: 'index_corrupt' },
    { name: 'cut before the last newline', change: (text: string) => text.slice(0, -1), code: 'index_corrupt' },
    { name: 'cut in the middle of the search line', change: (text: string) => text.slice(0, text.lastIndexOf('\n', text.length - 2) + 100), code: 'index_corrupt' },
    { name: 'not JSON at all', change: () => 'hello world\n', code: 'index_corrupt' },
    { name: 'empty', change: () => '', code: 'index_corrupt' },
    { name: 'wrong shape (paragraphs not an array)', change: (text: string) => text.replace('"paragraphs":[', '"paragraphs":{"x":['), code: 'index_corrupt' },
    { name: 'postings out of shape', change: (text: string) => text.replace('"postings":"', '"postings":"AAAA'), code: 'index_corrupt' },
    { name: 'postings cut short', change: (text: string) => text.replace(/"postings":"([^"]*?)[^"]{8}"/, '"postings":"$1"'), code: 'index_corrupt' },
    { name: 'postings not text', change: (text: string) => text.replace(/"postings":"[^"]*"/, '"postings":[1,2]'), code: 'index_corrupt' },
    { name: 'wrong posting count', change: (text: string) => text.replace(/"count":(\d+)/, (_, count: string) => `"count":${Number(count) + 1}`), code: 'index_corrupt' },
    { name: 'header counts disagree', change: (text: string) => text.replace(/"documents":\d+/, '"documents":99'), code: 'index_corrupt' },
    { name: 'another format version', change: otherVersion, code: 'index_version' },
  ])('$name → $code', async ({ change, code }) => {
    const file = await rewritten(change);
    const loaded = await loadIndex(file);
    expect(loaded.ok ? 'ok' : loaded.error.code).toBe(code);
    if (!loaded.ok) {
      expect(loaded.error.message).toContain(file);
      expect(loaded.error.message).not.toContain('\n');
    }
  });

  it('reports the header problems from readIndexHeader too', async () => {
    expect(await readIndexHeader(await rewritten(otherVersion))).toMatchObject({ ok: false, error: { code: 'index_version' } });
    expect(await readIndexHeader(await rewritten(() => 'nope'))).toMatchObject({ ok: false, error: { code: 'index_corrupt' } });
  });

  it.each([loadIndex, readIndexHeader])('a missing file is index_missing (%o)', async (read) => {
    const result = await read(path.join(directory, 'absent.json'));
    expect(result).toMatchObject({ ok: false, error: { code: 'index_missing' } });
  });
});
