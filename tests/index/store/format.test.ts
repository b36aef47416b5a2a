import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndex } from '../../../index/store/builder.ts';
import { FORMAT_VERSION, loadIndex, readIndexHeader, saveIndex, SEARCH_FIELDS, type LoadedIndex } from '../../../index/store/format.ts';
import { alignedLength, checksumOf, HEADER_CHECKSUM, headerChecksum } from '../../../index/store/layout.ts';
import { fixtureContent } from '../../fixtures/search/content.ts';

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

  it('keeps exactly texts that UTF-8 cannot hold, texts of every script, tags in their order and repeated', async () => {
    const content = fixtureContent();
    const [first, second] = content.paragraphs;
    if (first === undefined || second === undefined) throw new Error('fixture too small');
    first.text = 'A lone surrogate \ud800 from a JSON escape, and a pair 😀 kept.';
    first.countries = ['UA', 'FR', 'UA'];
    second.text = 'Ελληνικά, 日本語, Ärger — “quoted”';
    const built = buildIndex(content);
    const file = path.join(directory, 'irregular.json');
    await saveIndex(file, built);
    const loaded = await loadIndex(file);
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(loaded.value.paragraphs).toEqual(built.paragraphs);
    expect(loaded.value.columns).toEqual(built.columns);
  });

  it('gives loaded paragraphs as an array, whatever way they are read', async () => {
    const { file, built } = await savedFixture();
    const loaded = await loadIndex(file);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const { paragraphs } = loaded.value;
    const count = built.paragraphs.length;
    expect(Array.isArray(paragraphs)).toBe(true);
    expect(paragraphs.length).toBe(count);
    expect(paragraphs[count - 1]).toEqual(built.paragraphs[count - 1]);
    expect(paragraphs[count - 1]).toBe(paragraphs[count - 1]);
    expect(paragraphs[count]).toBeUndefined();
    expect(paragraphs.at(-1)).toEqual(built.paragraphs.at(-1));
    expect(count - 1 in paragraphs).toBe(true);
    expect(count in paragraphs).toBe(false);
    expect([...paragraphs.entries()].map(([ordinal, paragraph]) => `${ordinal}:${paragraph.text}`))
      .toEqual(built.paragraphs.map((paragraph, ordinal) => `${ordinal}:${paragraph.text}`));
    expect(paragraphs.filter((paragraph) => paragraph.countries.includes('FR')).map((paragraph) => paragraph.n))
      .toEqual(built.paragraphs.filter((paragraph) => paragraph.countries.includes('FR')).map((paragraph) => paragraph.n));
    expect(JSON.stringify(paragraphs)).toBe(JSON.stringify(built.paragraphs));
    expect(Object.keys(paragraphs)).toEqual(Object.keys(built.paragraphs));
  });

  it('reads the header alone', async () => {
    const { file, built } = await savedFixture();
    expect(await readIndexHeader(file)).toEqual({ ok: true, value: built.header });
  });
});

/** An index file taken apart: header line, catalog, blocks by name (in file order) and where each began. */
interface FileParts {
  header: string;
  catalog: Record<string, unknown> & { blocks: Array<[string, string, number, string]> };
  blocks: Array<[string, Buffer]>;
  offsets: number[];
}

function takeApart(bytes: Buffer): FileParts {
  const first = bytes.indexOf(0x0a);
  const second = bytes.indexOf(0x0a, first + 1);
  const catalog = JSON.parse(bytes.toString('utf8', first + 1, second)) as FileParts['catalog'];
  let at = second + 1;
  const offsets: number[] = [];
  const blocks = catalog.blocks.map(([name, , length]): [string, Buffer] => {
    const block = Buffer.from(bytes.subarray(at, at + length));
    offsets.push(at);
    at += alignedLength(length);
    return [name, block];
  });
  return { header: bytes.toString('utf8', 0, first), catalog, blocks, offsets };
}

/** Header line, catalog line and blocks laid out as the writer does: the header padded with spaces, blocks with zeros. */
function laidOut(headerLine: string, catalogLine: string, blocks: Buffer[]): Buffer {
  const header = headerLine.trimEnd();
  const linesLength = Buffer.byteLength(`${header}\n${catalogLine}\n`);
  const lines = Buffer.from(`${header}${' '.repeat(alignedLength(linesLength) - linesLength)}\n${catalogLine}\n`);
  const padding = (length: number) => Buffer.alloc(alignedLength(length) - length);
  return Buffer.concat([lines, ...blocks.flatMap((block) => [block, padding(block.length)])]);
}

/**
 * The parts as a file again, checksums recomputed as a writer with a bug would: what the loader's structural checks
 * must catch on their own, past the checksums.
 */
function putTogether(parts: FileParts): Buffer {
  const blocks = new Map(parts.blocks);
  if (Array.isArray(parts.catalog.blocks)) {
    for (const entry of parts.catalog.blocks as Array<[string, string, number, string?]>) {
      const block = blocks.get(entry[0]);
      if (block !== undefined && entry.length === 4) entry[3] = checksumOf(block);
    }
  }
  const catalogLine = JSON.stringify(parts.catalog);
  const { [HEADER_CHECKSUM]: _old, ...header } = JSON.parse(parts.header) as Record<string, unknown>;
  const sealed = JSON.stringify({ ...header, [HEADER_CHECKSUM]: headerChecksum(header as unknown as LoadedIndex['header'], catalogLine) });
  return laidOut(sealed, catalogLine, parts.blocks.map(([, block]) => block));
}

/** Replaces a block's bytes and its length in the catalog. */
function replaceBlock(parts: FileParts, name: string, change: (block: Buffer) => Buffer): void {
  const entry = parts.blocks.find(([blockName]) => blockName === name);
  const listed = parts.catalog.blocks.find(([blockName]) => blockName === name);
  if (entry === undefined || listed === undefined) throw new Error(`no block ${name}`);
  entry[1] = change(entry[1]);
  listed[2] = entry[1].length;
}

/** An integer block rewritten as int32 (a type every integer block may have), its first value replaced by `value`. */
function setFirstValue(parts: FileParts, name: string, value: number): void {
  const listed = parts.catalog.blocks.find(([blockName]) => blockName === name);
  if (listed === undefined) throw new Error(`no block ${name}`);
  const kind = listed[1];
  replaceBlock(parts, name, (block) => {
    const copy = Buffer.from(block);
    const values = kind === 'int32' ? new Int32Array(copy.buffer, copy.byteOffset, copy.length / 4)
      : kind === 'uint16' ? new Uint16Array(copy.buffer, copy.byteOffset, copy.length / 2) : new Uint8Array(copy);
    const widened = Int32Array.from(values);
    widened[0] = value;
    return Buffer.from(widened.buffer);
  });
  listed[1] = 'int32';
}

describe('unusable index files', () => {
  /** The file changed as text; Latin-1 maps each byte to one character, so the binary blocks survive unchanged. */
  async function rewritten(change: (text: string) => string): Promise<string> {
    const { file } = await savedFixture();
    await writeFile(file, change(await readFile(file, 'latin1')), 'latin1');
    return file;
  }
  async function rewrittenParts(change: (parts: FileParts) => void): Promise<string> {
    const { file } = await savedFixture();
    const parts = takeApart(await readFile(file));
    change(parts);
    await writeFile(file, putTogether(parts));
    return file;
  }
  const otherVersion = (text: string) => text.replace(`"formatVersion":${FORMAT_VERSION}`, `"formatVersion":${FORMAT_VERSION + 1}`);

  it.each([
    { name: 'cut in the header', change: (text: string) => text.slice(0, 20), code: 'index_corrupt' },
    { name: 'cut after the header', change: (text: string) => text.slice(0, text.indexOf('\n') + 1), code: 'index_corrupt' },
    { name: 'cut in the catalog', change: (text: string) => text.slice(0, text.indexOf('\n') + 200), code: 'index_corrupt' },
    { name: 'cut by its last byte', change: (text: string) => text.slice(0, -1), code: 'index_corrupt' },
    { name: 'cut right after the catalog', change: (text: string) => text.slice(0, text.indexOf('\n', text.indexOf('\n') + 1) + 1), code: 'index_corrupt' },
    { name: 'a header line one space longer (blocks not aligned)', change: (text: string) => text.replace('\n', ' \n'), code: 'index_corrupt' },
    { name: 'a header line padded with a tab', change: (text: string) => text.replace(/ *\n/, (padding) => `\t${padding.slice(1)}`), code: 'index_corrupt' },
    { name: 'cut halfway through the blocks', change: (text: string) => {
      const blocksStart = text.indexOf('\n', text.indexOf('\n') + 1) + 1;
      return text.slice(0, blocksStart + Math.floor((text.length - blocksStart) / 2));
    }, code: 'index_corrupt' },
    { name: 'extra data after the last block', change: (text: string) => `${text}more\n`, code: 'index_corrupt' },
    { name: 'not JSON at all', change: () => 'hello world\n', code: 'index_corrupt' },
    { name: 'empty', change: () => '', code: 'index_corrupt' },
    { name: 'wrong shape (documents not an array)', change: (text: string) => text.replace('"documents":[', '"documents":{"x":['), code: 'index_corrupt' },
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

  it.each([
    { name: 'a block length that disagrees', change: (parts: FileParts) => { (parts.catalog.blocks[3] as [string, string, number, string])[2] += 4; } },
    { name: 'a block length that disagrees within its padding', change: (parts: FileParts) => { (parts.catalog.blocks[3] as [string, string, number, string])[2] -= 4; } },
    { name: 'an unknown block', change: (parts: FileParts) => { (parts.catalog.blocks[2] as [string, string, number, string])[0] = 'surprise'; } },
    { name: 'a missing block', change: (parts: FileParts) => { parts.catalog.blocks.pop(); parts.blocks.pop(); } },
    { name: 'a block that is not whole elements', change: (parts: FileParts) => replaceBlock(parts, 'textPostingParagraphs', (block) => block.subarray(0, block.length - 1)) },
    { name: 'a block of an element type its name does not allow', change: (parts: FileParts) => { (parts.catalog.blocks.find(([name]) => name === 'paragraphDocument') as [string, string, number, string])[1] = 'uint16'; } },
    { name: 'a block of an unknown element type', change: (parts: FileParts) => { (parts.catalog.blocks[0] as [string, string, number, string])[1] = 'float64'; } },
    { name: 'a block of the wrong size', change: (parts: FileParts) => replaceBlock(parts, 'paragraphNumber', (block) => block.subarray(4)) },
    { name: 'a posting outside the paragraphs', change: (parts: FileParts) => setFirstValue(parts, 'textPostingParagraphs', 1_000_000) },
    { name: 'postings out of order', change: (parts: FileParts) => setFirstValue(parts, 'textPostingOffsets', 1) },
    { name: 'a paragraph of an unknown document', change: (parts: FileParts) => setFirstValue(parts, 'paragraphDocument', 999) },
    { name: 'a tag id outside its values', change: (parts: FileParts) => { (parts.catalog.tagValues as Record<string, string[]>).country = []; } },
    { name: 'text offsets past the text', change: (parts: FileParts) => replaceBlock(parts, 'text', (block) => block.subarray(0, block.length - 10)) },
    { name: 'no term list', change: (parts: FileParts) => { delete parts.catalog.terms; } },
  ])('$name → index_corrupt', async ({ change }) => {
    const file = await rewrittenParts(change);
    const loaded = await loadIndex(file);
    expect(loaded.ok ? 'ok' : loaded.error.code).toBe('index_corrupt');
  });

  it('refuses a file that went through a text round trip (UTF-8 decoded and encoded again)', async () => {
    const { file } = await savedFixture();
    await writeFile(file, await readFile(file, 'utf8'), 'utf8');
    const loaded = await loadIndex(file);
    expect(loaded.ok ? 'ok' : loaded.error.code).toBe('index_corrupt');
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

describe('tag evidence in the index file', () => {
  /** The fixture with evidence for every tag: each value's entry spans the paragraph's first word. */
  function evidencedContent() {
    const content = fixtureContent();
    content.paragraphs = content.paragraphs.map((paragraph) => {
      const end = Math.max(1, paragraph.text.indexOf(' '));
      const entries = [
        ...paragraph.countries.map((value) => ({ facet: 'country' as const, value, rule: 'countries.json: name' })),
        ...paragraph.persons.map((value) => ({ facet: 'person' as const, value, rule: 'people.json' })),
        ...paragraph.topics.map((value) => ({ facet: 'topic' as const, value, rule: `topics.json: term "${value}"` })),
      ];
      return { ...paragraph, evidence: entries.map((entry) => ({ ...entry, start: 0, end })) };
    });
    return content;
  }

  async function saved(): Promise<{ file: string; built: LoadedIndex }> {
    const built = buildIndex(evidencedContent());
    const file = path.join(directory, 'evidence.json');
    await saveIndex(file, built);
    return { file, built };
  }

  it('loads back every entry, in order, with its facet, value, span and rule', async () => {
    const { file, built } = await saved();
    const loaded = await loadIndex(file);
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(loaded.value.paragraphs).toEqual(built.paragraphs);
    expect(loaded.value.paragraphs.some((paragraph) => (paragraph.evidence?.length ?? 0) > 1)).toBe(true);
  });

  it('leaves out the field for content made without evidence, and keeps it empty for a paragraph with no tag', async () => {
    const { file } = await savedFixture();
    const loaded = await loadIndex(file);
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(loaded.value.paragraphs.every((paragraph) => !('evidence' in paragraph))).toBe(true);
    const content = evidencedContent();
    content.paragraphs[0] = { ...content.paragraphs[0]!, countries: [], persons: [], topics: [], evidence: [] };
    const other = path.join(directory, 'untagged.json');
    await saveIndex(other, buildIndex(content));
    const reloaded = await loadIndex(other);
    if (!reloaded.ok) throw new Error(reloaded.error.message);
    expect(reloaded.value.paragraphs[0]?.evidence).toEqual([]);
  });

  it.each([
    { name: 'a rule outside the rule table', change: (parts: FileParts) => { (parts.catalog.evidence as { rules: string[] }).rules = []; } },
    { name: 'an unknown facet', change: (parts: FileParts) => setFirstValue(parts, 'evidenceFacet', 7) },
    { name: 'a value outside its facet', change: (parts: FileParts) => setFirstValue(parts, 'evidenceValue', 100_000) },
    { name: 'a span that ends before it starts', change: (parts: FileParts) => setFirstValue(parts, 'evidenceStart', 50_000) },
    { name: 'offsets past the entries', change: (parts: FileParts) => setFirstValue(parts, 'evidenceOffsets', 3) },
    { name: 'no evidence description', change: (parts: FileParts) => { delete parts.catalog.evidence; } },
  ])('refuses $name as index_corrupt', async ({ change }) => {
    const { file } = await saved();
    const parts = takeApart(await readFile(file));
    change(parts);
    await writeFile(file, putTogether(parts));
    const loaded = await loadIndex(file);
    expect(loaded.ok ? 'ok' : loaded.error.message).toMatch(/evidence|malformed/);
    expect(loaded.ok ? 'ok' : loaded.error.code).toBe('index_corrupt');
  });
});

describe('checksums', () => {
  it('refuses the file whatever single byte is flipped, past its version: header, catalog or any block', async () => {
    const { file } = await savedFixture();
    const original = await readFile(file);
    const versionAt = original.indexOf(`"formatVersion":${FORMAT_VERSION}`);
    const positions = Array.from({ length: 240 }, (_, k) => Math.floor((k * (original.length - 1)) / 239));
    const loadedAnyway: number[] = [];
    for (const at of positions) {
      // A flip inside the version number is a version error, which is refused too, with its own code.
      if (at >= versionAt && at < versionAt + 20) continue;
      const flipped = Buffer.from(original);
      flipped[at] = (flipped[at] ?? 0) ^ 0x04;
      await writeFile(file, flipped);
      const loaded = await loadIndex(file);
      if (loaded.ok) loadedAnyway.push(at);
    }
    expect(loadedAnyway).toEqual([]);
  });

  it.each([
    { name: 'a flipped byte in the text block', block: 'text' },
    { name: 'a flipped byte in the paragraph numbers', block: 'paragraphNumber' },
    { name: 'a flipped byte in the field lengths', block: 'fieldLengths' },
  ])('names the block that fails: $name', async ({ block }) => {
    const { file } = await savedFixture();
    const parts = takeApart(await readFile(file));
    const entry = parts.blocks.find(([name]) => name === block);
    if (entry === undefined) throw new Error(`no block ${block}`);
    // A low bit in the middle of the block: a value that may still look valid, so only the checksum can tell.
    const at = Math.floor(entry[1].length / 2);
    entry[1][at] = (entry[1][at] ?? 0) ^ 0x02;
    const bytes = laidOut(parts.header, JSON.stringify(parts.catalog), parts.blocks.map(([, b]) => b));
    await writeFile(file, bytes);
    const loaded = await loadIndex(file);
    expect(loaded.ok ? 'ok' : loaded.error.message).toContain(`its ${block} block fails its checksum`);
  });

  it('refuses two blocks of the same length swapped', async () => {
    const { file } = await savedFixture();
    const parts = takeApart(await readFile(file));
    const byLength = new Map<number, number[]>();
    parts.blocks.forEach(([, block], k) => byLength.set(block.length, [...(byLength.get(block.length) ?? []), k]));
    const pair = [...byLength.values()].find((ks) => ks.length >= 2 && !parts.blocks[ks[0] ?? 0]?.[1].equals(parts.blocks[ks[1] ?? 0]?.[1] ?? Buffer.alloc(0)));
    if (pair === undefined) throw new Error('no two different blocks of one length in the fixture');
    const [a = 0, b = 0] = pair;
    const swapped = parts.blocks.map(([name, block], k): [string, Buffer] => [name, k === a ? parts.blocks[b]![1] : k === b ? parts.blocks[a]![1] : block]);
    const bytes = laidOut(parts.header, JSON.stringify(parts.catalog), swapped.map(([, block]) => block));
    await writeFile(file, bytes);
    const loaded = await loadIndex(file);
    expect(loaded.ok ? 'ok' : loaded.error.message).toMatch(/fails its checksum/);
  });

  it('refuses a padding byte that is not zero, naming the block it follows', async () => {
    const { file } = await savedFixture();
    const original = await readFile(file);
    const parts = takeApart(original);
    const padded = parts.blocks.findIndex(([, block]) => block.length % 8 !== 0);
    if (padded < 0) throw new Error('no padded block in the fixture');
    const flipped = Buffer.from(original);
    const at = (parts.offsets[padded] ?? 0) + (parts.blocks[padded]?.[1].length ?? 0);
    flipped[at] = 1;
    await writeFile(file, flipped);
    const loaded = await loadIndex(file);
    expect(loaded.ok ? 'ok' : loaded.error.message).toMatch(/non-zero padding/);
  });
});

describe('binary blocks', () => {
  it('starts every block at a multiple of 8 and views the integer blocks in the one buffer the file was read into', async () => {
    const { file } = await savedFixture();
    const parts = takeApart(await readFile(file));
    expect(parts.offsets.every((offset) => offset % 8 === 0)).toBe(true);
    const loaded = await loadIndex(file);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const { buffer } = loaded.value.paragraphDocument;
    expect(buffer.byteLength).toBe((await readFile(file)).length);
    expect(loaded.value.copyOf.buffer).toBe(buffer);
    expect(loaded.value.terms.parts().fields[0]?.paragraphs.buffer).toBe(buffer);
    expect(loaded.value.columns.country.ids.buffer).toBe(buffer);
  });

  it('stores frequencies and evidence in the narrowest element type that holds them, and loads the same values', async () => {
    const content = fixtureContent();
    const [first] = content.paragraphs;
    if (first === undefined) throw new Error('fixture too small');
    // 300 repeats of one word: a frequency that needs 16 bits in the text field only.
    first.text = `${first.text} ${'tractor '.repeat(300)}`;
    const built = buildIndex(content);
    const file = path.join(directory, 'narrow.json');
    await saveIndex(file, built);
    const kinds = new Map(takeApart(await readFile(file)).catalog.blocks.map(([name, kind]) => [name, kind]));
    expect(kinds.get('textPostingFrequencies')).toBe('uint16');
    expect(kinds.get('titlePostingFrequencies')).toBe('uint8');
    expect(kinds.get('paragraphDocument')).toBe('int32');
    const loaded = await loadIndex(file);
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(postingsOf(loaded.value)).toEqual(postingsOf(built));
    expect(loaded.value.terms.postings('tractor', 0)?.frequencies[0]).toBe(300);
  });
});
