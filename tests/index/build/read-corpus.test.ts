import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../../helpers/run-cli.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { hashCorpus, readCorpus, type CorpusRead } from '../../../index/build/read-corpus.ts';
import { splitParagraphs } from '../../../index/build/segment.ts';

const repoRoot = REPO_ROOT;
const messy = join(repoRoot, 'tests/fixtures/messy');

const temporary: string[] = [];
afterEach(() => {
  for (const folder of temporary.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A fresh copy of the messy fixtures in a temporary folder that the test may change. */
function messyCopy(): string {
  const folder = mkdtempSync(join(tmpdir(), 'dossier-corpus-'));
  temporary.push(folder);
  const corpus = join(folder, 'corpus');
  cpSync(messy, corpus, { recursive: true });
  return corpus;
}

async function read(path: string, options?: Parameters<typeof readCorpus>[1]): Promise<CorpusRead> {
  const result = await readCorpus(path, options);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Warning origins relative to the corpus folder. */
const origins = (corpus: CorpusRead, root: string): string[] =>
  corpus.warnings.map((warning) => warning.origin.slice(root.length + 1));

describe('readCorpus on the messy fixtures', () => {
  it('keeps every good article in path order and JSONL line order', async () => {
    const corpus = await read(messy);
    expect(corpus.articles.map((article) => article.id)).toEqual([
      'jsonl-1', '42', 'dated', 'duplicate-id', // articles.jsonl, lines 1, 2, 6, 7
      'crlf-bom', 'front-matter', 'latin1', 'nested-deeper-nested-article', 'plain-article', 'script-text',
    ]);
    expect(corpus.files).toBe(11);
  });

  it('reports each bad input once, by path or path:line', async () => {
    const corpus = await read(messy);
    expect(origins(corpus, messy)).toEqual([
      'articles.jsonl:3', // malformed JSON in the middle of the file
      'articles.jsonl:4', // no text
      'articles.jsonl:5', // duplicate id jsonl-1
      'binary.txt',
      'blank.txt',
      'duplicate-id.txt', // id already used by articles.jsonl:7
      'empty.txt',
      'latin1.txt', // read as Windows-1252; the article is kept
    ]);
    const duplicate = corpus.warnings.find((warning) => warning.origin.endsWith('duplicate-id.txt'));
    expect(duplicate?.message).toContain(`${messy}/articles.jsonl:7`);
  });

  it('repairs what it can: BOM, CRLF, Latin-1, and keeps markup as text', async () => {
    const corpus = await read(messy);
    const byId = new Map(corpus.articles.map((article) => [article.id, article]));
    expect(byId.get('crlf-bom')?.text).toBe('Council approves new cycle lanes\n\nThe city council voted on Tuesday to build six new cycle lanes.\n\nWork is due to start in the spring.\n');
    expect(byId.get('latin1')?.title).toBe('Café owners protest rent rises');
    expect(byId.get('latin1')?.text).toContain('£200 a month');
    expect(byId.get('latin1')?.text).toContain('“unacceptable”');
    const script = byId.get('script-text');
    expect(script && splitParagraphs(script).map((p) => p.text)).toContain('<script>alert("not executed")</script>');
    expect(byId.get('plain-article')).toMatchObject({ title: 'Harbour strike enters second week', author: 'Maria Lopez', date: '2025-03-03' });
    expect(byId.get('front-matter')).toMatchObject({ source: 'Farm Weekly', metadata: { region: 'West Africa', pages: 3 } });
    expect(byId.get('jsonl-1')?.metadata).toEqual({ category: 'business' });
  });

  it('reports progress from 0 to the number of files', async () => {
    const calls: Array<[number, number]> = [];
    await read(messy, { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual(Array.from({ length: 12 }, (_v, done) => [done, 11]));
  });
});

describe('readCorpus paths', () => {
  it.each([
    { name: 'a missing path', path: 'no/such/corpus' },
    { name: 'a missing file', path: 'no-such-file.jsonl' },
  ])('$name is corpus_missing, for reading and for hashing', async ({ path }) => {
    const result = await readCorpus(join(messy, path));
    expect(result.ok ? null : result.error.code).toBe('corpus_missing');
    const hashed = await hashCorpus(join(messy, path));
    expect(hashed.ok ? null : hashed.error.code).toBe('corpus_missing');
  });

  it.each([
    { file: 'articles.jsonl', ids: ['jsonl-1', '42', 'dated', 'duplicate-id'], warnings: 3 },
    { file: 'plain-article.txt', ids: ['plain-article'], warnings: 0 },
    { file: 'front-matter.md', ids: ['front-matter'], warnings: 0 },
    { file: 'notes.csv', ids: [], warnings: 1 },
  ])('a single file: $file', async ({ file, ids, warnings }) => {
    const corpus = await read(join(messy, file));
    expect(corpus.articles.map((article) => article.id)).toEqual(ids);
    expect(corpus.warnings).toHaveLength(warnings);
  });
});

describe('corpus hash', () => {
  it('equals the hash readCorpus gives, and does not depend on where the corpus lives', async () => {
    const copy = messyCopy();
    const [original, copied] = [await read(messy), await hashCorpus(copy)];
    expect(copied).toEqual({ ok: true, value: original.hash });
    expect(original.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    { change: 'one byte of one file', apply: (root: string) => writeFileSync(join(root, 'script-text.md'), 'Changed.\n') },
    { change: 'a renamed file', apply: (root: string) => execFileSync('mv', [join(root, 'latin1.txt'), join(root, 'latin2.txt')]) },
    { change: 'a new article', apply: (root: string) => writeFileSync(join(root, 'new.md'), 'New article.\n') },
    { change: 'a removed file', apply: (root: string) => unlinkSync(join(root, 'empty.txt')) },
  ])('changes with $change, and readCorpus agrees', async ({ apply }) => {
    const root = messyCopy();
    const before = await hashCorpus(root);
    apply(root);
    const after = await hashCorpus(root);
    expect(after.ok && before.ok && after.value !== before.value).toBe(true);
    expect((await read(root)).hash).toBe(after.ok ? after.value : null);
  });

  it('ignores files that are not read: other extensions and hidden files', async () => {
    const root = messyCopy();
    const before = await hashCorpus(root);
    writeFileSync(join(root, 'image.png'), 'not read');
    writeFileSync(join(root, '.draft.txt'), 'hidden');
    expect(await hashCorpus(root)).toEqual(before);
  });
});

describe('readCorpus on hostile folders', () => {
  it('survives a symlink loop, dangling links, a FIFO, a folder named .txt and a file that disappears', async () => {
    const root = messyCopy();
    symlinkSync('..', join(root, 'nested', 'loop'));
    symlinkSync(root, join(root, 'again'));
    symlinkSync(join(root, 'no-such-target.txt'), join(root, 'dangling.txt'));
    execFileSync('mkfifo', [join(root, 'pipe.txt')]);
    mkdirSync(join(root, 'folder.txt'));
    writeFileSync(join(root, 'folder.txt', 'inside.txt'), 'Inside a folder named like a file.\n');
    writeFileSync(join(root, 'zz-disappears.txt'), 'Removed before it is read.\n');

    const corpus = await read(root, {
      onProgress: (done, total) => {
        if (done === total - 1) unlinkSync(join(root, 'zz-disappears.txt'));
      },
    });
    const warned = origins(corpus, root);
    expect(warned).toEqual(expect.arrayContaining(['dangling.txt', 'pipe.txt', 'zz-disappears.txt']));
    expect(warned.filter((origin) => origin === 'zz-disappears.txt')).toHaveLength(1);
    const ids = corpus.articles.map((article) => article.id);
    expect(ids).toContain('folder.txt-inside');
    expect(ids).toContain('nested-deeper-nested-article');
    // Each real folder is read once: nothing under the loop or the second link to the root.
    expect(ids.filter((id) => id.startsWith('nested-loop') || id.startsWith('again'))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names a file whose name is not UTF-8, skips it with that reason, and reads the rest', async () => {
    const root = messyCopy();
    writeFileSync(Buffer.concat([Buffer.from(`${root}/caf`), Buffer.from([0xe9]), Buffer.from('-notes.txt')]), 'Ministers met in the capital.\n');
    const corpus = await read(root);
    const warning = corpus.warnings.find((entry) => entry.message.includes('not valid UTF-8'));
    expect(warning?.origin).toBe(join(root, 'café-notes.txt'));
    expect(warning?.message).toBe('skipped: its file name is not valid UTF-8; rename it');
    expect(corpus.articles.map((article) => article.id)).toContain('plain-article');
  });

  it('reads a file whose name starts with a byte order mark as itself, and ignores other non-UTF-8 names silently', async () => {
    const root = messyCopy();
    writeFileSync(Buffer.concat([Buffer.from(`${root}/`), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('bom-name.txt')]), 'A second article, named with a BOM.\n');
    writeFileSync(join(root, 'bom-name.txt'), 'The article without one.\n');
    writeFileSync(Buffer.concat([Buffer.from(`${root}/photo`), Buffer.from([0xe9]), Buffer.from('.jpg')]), 'not an article');
    const corpus = await read(root);
    // Each file is read as itself: the plain name once, and the BOM-named one under its own name (whose id then
    // clashes with the plain one's, which is reported), never the plain file twice.
    const texts = corpus.articles.filter((article) => article.id.endsWith('bom-name')).map((article) => article.text.trim());
    expect(texts).toHaveLength(1);
    const bomWarning = corpus.warnings.find((warning) => warning.origin.includes('\uFEFFbom-name.txt'));
    expect(bomWarning?.message ?? '').toMatch(/duplicate|id/);
    expect(corpus.warnings.filter((warning) => warning.origin.includes('photo'))).toEqual([]);
  });

  it.skipIf(process.getuid?.() === 0)('skips an unreadable file with a warning (not testable as root)', async () => {
    const root = messyCopy();
    chmodSync(join(root, 'plain-article.txt'), 0o000);
    const corpus = await read(root);
    expect(origins(corpus, root)).toContain('plain-article.txt');
    expect(corpus.articles.map((article) => article.id)).not.toContain('plain-article');
  });

  it('reads and splits a 20 MB article: paragraphs on blank lines, on single lines, or one line', async () => {
    const root = messyCopy();
    const paragraph = (i: number): string =>
      `Paragraph ${i} reports that the ministers met again in the capital, where talks on the budget, ` +
      `the harbour strike and the rail timetable went on late into the night. Officials said more meetings ` +
      `were planned, and that a statement would follow on Friday; the unions said they would wait and see.`;
    const count = 70_000;
    const body = Array.from({ length: count }, (_v, i) => paragraph(i)).join('\n\n');
    writeFileSync(join(root, 'huge.txt'), `# A very long report\n\n${body}\n`);
    writeFileSync(join(root, 'huge-lines.txt'), body.replace(/\n\n/g, '\n'));
    writeFileSync(join(root, 'huge-line.txt'), `${body.replace(/\n\n/g, ' ')}\n`);
    expect(body.length).toBeGreaterThan(20_000_000);

    const corpus = await read(root);
    const huge = corpus.articles.find((article) => article.id === 'huge');
    const line = corpus.articles.find((article) => article.id === 'huge-line');
    expect(huge?.title).toBe('A very long report');
    expect(huge && splitParagraphs(huge)).toHaveLength(count);
    const lines = corpus.articles.find((article) => article.id === 'huge-lines');
    expect(lines && splitParagraphs(lines)).toHaveLength(count);
    const pieces = line ? splitParagraphs(line) : [];
    expect(pieces.length).toBeGreaterThan(count / 20);
    expect(pieces.map((p) => p.text).join(' ')).toBe(body.replace(/\n\n/g, ' '));
  });
});

describe('front matter a corpus may hold', () => {
  function corpusOf(files: Record<string, string>): string {
    const folder = mkdtempSync(join(tmpdir(), 'dossier-front-'));
    temporary.push(folder);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    return folder;
  }
  const body = 'Troops arrived in the capital on Monday, the ministry said.';

  it.each([
    { name: 'a flow list 5,000 deep', front: `title: ${'['.repeat(5000)}${']'.repeat(5000)}`, warning: null },
    { name: 'front matter not closed within 64 KB', front: `title: Big\nnote: ${'x'.repeat(70_000)}`, warning: 'its front matter is not closed within 64 KB; read as text' },
    { name: 'nested YAML', front: 'title: Nested\nauthor:\n  name: Ann\n  nested:\n    deeper: yes\n: broken', warning: 'its front matter is not flat "key: value" YAML; read as text' },
  ])('$name: the file is indexed, the others too, with warning $warning', async ({ front, warning }) => {
    const folder = corpusOf({ 'odd.md': `---\n${front}\n---\n${body}\n`, 'plain.md': `---\ntitle: Plain\n---\n${body}\n` });
    const corpus = await read(folder);
    expect(corpus.articles.map((article) => article.id).sort()).toEqual(['odd', 'plain']);
    expect(corpus.warnings.map((w) => [w.origin.slice(folder.length + 1), w.message])).toEqual(warning === null ? [] : [['odd.md', warning]]);
  });
});
