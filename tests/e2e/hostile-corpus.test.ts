import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIndex, type LoadedIndex } from '../../index/store/format.ts';
import type { SearchPage } from '../../index/types.ts';
import { createApp } from '../../server/app.ts';
import { swappableIndex } from '../../server/index-source.ts';
import { pageProblems } from '../fixtures/hostile/inspect-html.ts';
import { writeMessyCorpus, type MessyCorpus } from '../fixtures/hostile/messy-corpus.ts';
import { REPO_ROOT } from '../helpers/run-cli.ts';

/**
 * `npm run index` end to end on a messy folder: a binary file, an empty file, a 20 MB article, Latin-1 bytes, CRLF
 * and a BOM, a symlink loop, an unreadable file, a JSONL file with a malformed line in the middle, duplicate ids, an
 * article whose text is a `<script>` element, and a file that disappears while the corpus is read. The indexer exits
 * 0, names each bad input exactly once with a reason, and every good article has all its paragraphs in the index.
 */

/**
 * How the indexer is started: a command and its first arguments (the node invocation follows), and the user to run
 * it as. A mode-000 file must be unreadable to it; root reads every file, so as root the indexer runs either as root
 * without the capabilities that bypass file permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH; `setpriv` of
 * util-linux), which still reaches a checkout wherever it is, e.g. inside a mode-700 folder, or else as `nobody`,
 * which needs a checkout that `nobody` can read.
 */
interface Launcher {
  name: string;
  command: string;
  prefix: string[];
  ids: { uid?: number; gid?: number };
}

const NOBODY = 65534;
const AS_ROOT = process.getuid?.() === 0;
const LAUNCHERS: Launcher[] = [
  { name: 'this user', command: process.execPath, prefix: [], ids: {} },
  ...(AS_ROOT
    ? [
        { name: 'root without CAP_DAC_OVERRIDE (setpriv)', command: 'setpriv', prefix: ['--bounding-set', '-dac_override,-dac_read_search', '--', process.execPath], ids: {} },
        { name: 'nobody', command: process.execPath, prefix: [], ids: { uid: NOBODY, gid: NOBODY } },
      ]
    : []),
];

/**
 * The first launcher whose node, started in the checkout, can read the indexer and tsx but not `probe` (a mode-000
 * file); throws, saying why each failed, when none can.
 */
function unprivilegedLauncher(probe: string): Launcher {
  const script = [
    "const fs = require('node:fs');",
    `for (const file of ${JSON.stringify([path.join(REPO_ROOT, 'index', 'cli.ts'), path.join(REPO_ROOT, 'node_modules', 'tsx', 'package.json')])}) fs.readFileSync(file);`,
    `try { fs.readFileSync(${JSON.stringify(probe)}); } catch (error) { process.exit(error.code === 'EACCES' ? 0 : 3); }`,
    "console.error('reads a mode-000 file'); process.exit(2);",
  ].join('\n');
  const failures: string[] = [];
  for (const launcher of LAUNCHERS) {
    const probeRun = spawnSync(launcher.command, [...launcher.prefix, '-e', script], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 30_000,
      ...launcher.ids,
    });
    if (probeRun.error === undefined && probeRun.status === 0) return launcher;
    const why = probeRun.error?.message ?? (probeRun.stderr.trim().split('\n').find((line) => /Error|reads/.test(line)) ?? `exit ${probeRun.status}`);
    failures.push(`${launcher.name}: ${why}`);
  }
  throw new Error(`no way to run the indexer with a mode-000 file unreadable to it:\n${failures.join('\n')}`);
}

let dir: string;
let corpus: MessyCorpus;
let run: { code: number | null; signal: NodeJS.Signals | null; output: string; removedDuringRead: boolean };
let index: LoadedIndex;
let launcher: Launcher;

/** Runs the indexer CLI; deletes `corpus.disappearing` as soon as the reading stage reports its start. */
function indexMessyCorpus(corpusDir: string, out: string): Promise<typeof run> {
  return new Promise((resolve) => {
    const args = [...launcher.prefix, '--import', 'tsx', path.join(REPO_ROOT, 'index', 'cli.ts'), '--corpus', corpusDir, '--out', out];
    const child = spawn(launcher.command, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, HOME: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...launcher.ids,
    });
    let output = '';
    let removedDuringRead = false;
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      // The list of files is made before "reading 0/N" is printed; the 20 MB file is read before this one.
      if (!removedDuringRead && /^reading 0\/\d+/m.test(output)) {
        unlinkSync(corpus.disappearing);
        removedDuringRead = true;
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code, signal) => resolve({ code, signal, output, removedDuringRead }));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-messy-'));
  // Writable for `nobody`, should the indexer run as that user.
  chmodSync(dir, 0o777);
  const probe = path.join(dir, 'probe.txt');
  writeFileSync(probe, 'unreadable\n');
  chmodSync(probe, 0o000);
  launcher = unprivilegedLauncher(probe);
  const corpusDir = path.join(dir, 'corpus');
  mkdirSync(corpusDir);
  corpus = writeMessyCorpus(corpusDir, { unreadable: true });
  const out = path.join(dir, 'out', 'index.json');
  mkdirSync(path.dirname(out));
  chmodSync(path.dirname(out), 0o777);
  run = await indexMessyCorpus(corpusDir, out);
  const loaded = await loadIndex(out);
  if (!loaded.ok) throw new Error(`${loaded.error.message}\n${run.output.slice(-3000)}`);
  index = loaded.value;
}, 240_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Lines of the output that name `origin` as the subject of a warning: `<origin>: <reason>`. */
function warningLines(output: string, origin: string): string[] {
  return output.split('\n').filter((line) => line.trim().startsWith(`${origin}: `));
}

function mentions(output: string, origin: string): number {
  return output.split(origin).length - 1;
}

describe('npm run index on a messy folder', () => {
  it('exits 0 without an unexpected failure, and the disappearing file was removed mid-read', () => {
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
    expect(run.output).not.toMatch(/unexpected failure|\n\s+at /);
    expect(run.removedDuringRead).toBe(true);
  });

  it('reports each bad input exactly once, by name, with a reason', () => {
    for (const { origin, fault } of corpus.bad) {
      const lines = warningLines(run.output, origin);
      expect(lines, `${fault}: ${origin}`).toHaveLength(1);
      expect(mentions(run.output, `${origin}:`) + mentions(run.output, `${origin} `), fault).toBe(1);
      const reason = (lines[0] ?? '').trim().slice(origin.length + 2);
      expect(reason.length, fault).toBeGreaterThan(5);
    }
  });

  it('reports a repaired input at most once', () => {
    for (const { origin } of corpus.repaired) expect(warningLines(run.output, origin).length).toBeLessThanOrEqual(1);
  });

  it('names no good article as a problem', () => {
    for (const { file } of corpus.good) {
      const origin = path.join(dir, 'corpus', file);
      if (corpus.repaired.some((input) => input.origin === origin)) continue;
      expect(warningLines(run.output, origin), file).toEqual([]);
    }
  });

  it('indexes every good article with all its paragraphs, in order, and nothing from the bad inputs', () => {
    for (const article of corpus.good) {
      const ordinal = index.documentOrdinal.get(article.docId);
      expect(ordinal, article.file).toBeDefined();
      const texts = [...(index.documentParagraphs[ordinal ?? -1] ?? [])].map((p) => index.paragraphs[p]?.text ?? '');
      if (article.paragraphs.length > 100) {
        expect(texts).toEqual(article.paragraphs);
      } else {
        const found = article.paragraphs.map((paragraph) => texts.indexOf(paragraph));
        expect(found.every((position) => position >= 0), `${article.file}: ${JSON.stringify(texts)}`).toBe(true);
        expect([...found].sort((a, b) => a - b)).toEqual(found);
      }
    }
    const ids = new Set(index.documents.map((document) => document.id));
    for (const id of ['feed-broken', 'h-binary', 'i-empty', 'j-unreadable', 'l-self-loop', 'zz-disappears']) expect(ids.has(id), id).toBe(false);
    expect(index.documents.filter((document) => document.id === 'feed-1')).toHaveLength(1);
    expect(index.documents.filter((document) => document.id === 'g-dup')).toHaveLength(1);
    expect(index.documents.some((document) => document.id.startsWith('nested-loop'))).toBe(false);
  });

  it('keeps no BOM, carriage return or mojibake in the text', () => {
    for (const paragraph of index.paragraphs) {
      expect(paragraph.text).not.toMatch(/[\uFEFF\r\uFFFD]|Ã©|â€/);
    }
  });

  describe('the <script> article', () => {
    const app = () => createApp({ index: swappableIndex(index), config: { adminToken: null }, log: () => {} });

    it('is searchable, with the markup escaped in the JSON snippet', async () => {
      const page = (await request(app()).get('/api/search?q=alert').expect(200)).body as SearchPage;
      const hit = page.hits.find((candidate) => candidate.docId === 'e-script');
      expect(hit).toBeDefined();
      expect(hit?.snippet).toContain('&lt;script&gt;');
      expect(hit?.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
      expect(hit?.text).toBe('<script>alert("xss")</script>');
    });

    it.each(['/search?q=alert', '/doc/e-script', '/doc/e-script?q=script', '/'])('%s shows it escaped', async (url) => {
      const response = await request(app()).get(url).expect(200);
      expect(response.text).not.toContain('<script>alert');
      expect(pageProblems(response.text)).toEqual([]);
      if (url.startsWith('/doc/')) expect(response.text).toMatch(/&lt;(<mark>)?script(<\/mark>)?&gt;alert\(/);
    });
  });
});
