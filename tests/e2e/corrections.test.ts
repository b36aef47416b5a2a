import { readFile, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIndex, saveIndex } from '../../index/store/format.ts';
import { writeCorrections } from '../../index/corrections-file.ts';
import type { StoredParagraph } from '../../index/types.ts';
import { REPO_ROOT, runScript } from '../helpers/run-cli.ts';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';
import { builtSeedsCopy } from '../helpers/seeds-copy.ts';

/**
 * Corrections through a real `npm start`: one is stored, a re-index applies it, and it stays applied through a
 * re-index of a changed corpus and a restart that rebuilds the index from scratch; a correction whose paragraph
 * left the corpus is kept and listed as unmatched; undoing one brings the tag back. The tests run in order.
 */

interface Health {
  documents: number;
}

interface Listed {
  id: string;
  status: 'applied' | 'unmatched' | 'pending';
  paragraphs: number | null;
}

let dir: string;
let corpus: string;
let indexFile: string;
let env: NodeJS.ProcessEnv;
let server: ServerProcess;
/** A person tag of a seeds paragraph, to reject there, and another person, never a person anywhere. */
let rejected: StoredParagraph & { person: string };
let neverPerson: { id: string; paragraph: StoredParagraph };
const ids: Record<'reject' | 'never' | 'added', string> = { reject: '', never: '', added: '' };

beforeAll(async () => {
  let built;
  ({ dir, corpus, built } = await builtSeedsCopy('dossier-corrections-e2e-'));
  const { paragraphs } = built.index;
  const first = paragraphs.find((paragraph) => paragraph.persons.length > 0);
  if (!first) throw new Error('the seeds have no paragraph tagged with a person');
  rejected = { ...first, person: first.persons[0] as string };
  const other = paragraphs.find((paragraph) => paragraph.persons.some((id) => id !== rejected.person));
  if (!other) throw new Error('the seeds have only one person');
  neverPerson = { id: other.persons.find((id) => id !== rejected.person) as string, paragraph: other };
  indexFile = path.join(dir, 'data', 'index.json');
  await saveIndex(indexFile, built.index);
  env = { DOSSIER_INDEX: indexFile, DOSSIER_CORPUS: corpus };
  server = await startServer(env);
}, 120_000);

afterAll(async () => {
  if (server) await server.stop(5_000);
  await rm(dir, { recursive: true, force: true });
});

async function getJson<T>(pathAndQuery: string): Promise<T> {
  const response = await fetch(server.url(pathAndQuery));
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

async function send(method: 'POST' | 'DELETE', pathAndQuery: string, body?: object): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(server.url(pathAndQuery), {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Runs `change` and resolves once the server serves the index it caused (its log line), within a minute. */
async function reindexedAfter<T>(change: () => Promise<T>): Promise<T> {
  const from = server.output().length;
  const result = await change();
  await server.waitForOutput(/serving the new index/, 60_000, from);
  return result;
}

/** The person ids of paragraph `n` of a document, as the API shows them. */
async function personsOf(docId: string, n: number): Promise<string[]> {
  const document = await getJson<{ paragraphs: Array<{ n: number; persons: Array<{ id: string }> }> }>(`/api/doc/${encodeURIComponent(docId)}`);
  return document.paragraphs.find((paragraph) => paragraph.n === n)?.persons.map((person) => person.id) ?? [];
}

async function listed(): Promise<Map<string, Listed>> {
  const { corrections } = await getJson<{ corrections: Listed[] }>('/admin/corrections');
  return new Map(corrections.map((correction) => [correction.id, correction]));
}

async function correct(body: object): Promise<string> {
  const response = await reindexedAfter(() => send('POST', '/admin/corrections', body));
  expect(response.status).toBe(202);
  return (response.body.correction as { id: string }).id;
}

async function reindex(): Promise<void> {
  const response = await reindexedAfter(() => send('POST', '/admin/reindex'));
  expect(response.status).toBe(202);
}

describe('corrections on a running server', () => {
  it('a reject and a never are applied by the re-index they start', async () => {
    expect(await personsOf(rejected.docId, rejected.n)).toContain(rejected.person);
    ids.reject = await correct({ action: 'reject', facet: 'person', value: rejected.person, docId: rejected.docId, n: rejected.n });
    expect(await personsOf(rejected.docId, rejected.n)).not.toContain(rejected.person);

    ids.never = await correct({ action: 'never', facet: 'person', value: neverPerson.id });
    expect(await personsOf(neverPerson.paragraph.docId, neverPerson.paragraph.n)).not.toContain(neverPerson.id);
    const filtered = await fetch(server.url(`/api/search?person=${encodeURIComponent(neverPerson.id)}`));
    expect(filtered.status).toBe(400);

    const statuses = await listed();
    expect(statuses.get(ids.reject)).toMatchObject({ status: 'applied', paragraphs: 1 });
    expect(statuses.get(ids.never)?.status).toBe('applied');
  }, 120_000);

  it('they stay applied when a changed corpus is re-indexed', async () => {
    const before = await getJson<Health>('/healthz');
    await writeFile(path.join(corpus, 'added.txt'), '# Blair in Lisbon\n\nTony Blair spoke in Lisbon about the economy on Monday.\n');
    await reindex();
    expect((await getJson<Health>('/healthz')).documents).toBe(before.documents + 1);
    expect(await personsOf(rejected.docId, rejected.n)).not.toContain(rejected.person);
    expect(await personsOf(neverPerson.paragraph.docId, neverPerson.paragraph.n)).not.toContain(neverPerson.id);
    expect([...(await listed()).values()].map((correction) => correction.status)).toEqual(['applied', 'applied']);
  }, 120_000);

  it('a correction whose paragraph left the corpus is kept, listed as unmatched', async () => {
    const added = await personsOf('added', 1);
    expect(added).toContain('tony-blair');
    ids.added = await correct({ action: 'reject', facet: 'person', value: 'tony-blair', docId: 'added', n: 1 });
    expect((await listed()).get(ids.added)?.status).toBe('applied');

    await unlink(path.join(corpus, 'added.txt'));
    await reindex();
    expect((await listed()).get(ids.added)).toMatchObject({ status: 'unmatched', paragraphs: 0 });
  }, 120_000);

  it('they survive a restart that rebuilds the index from scratch', async () => {
    const file = await readFile(path.join(dir, 'data', 'corrections.json'), 'utf8');
    expect(await server.stop()).toEqual({ code: 0, signal: null });
    await rm(indexFile);
    server = await startServer(env);
    expect(await readFile(path.join(dir, 'data', 'corrections.json'), 'utf8')).toBe(file);
    expect(await personsOf(rejected.docId, rejected.n)).not.toContain(rejected.person);
    expect(await personsOf(neverPerson.paragraph.docId, neverPerson.paragraph.n)).not.toContain(neverPerson.id);
    const statuses = await listed();
    expect([ids.reject, ids.never, ids.added].map((id) => statuses.get(id)?.status)).toEqual(['applied', 'applied', 'unmatched']);
  }, 120_000);

  it('DELETE undoes a correction: the re-index it starts brings the tag back', async () => {
    const response = await reindexedAfter(() => send('DELETE', `/admin/corrections/${ids.reject}`));
    expect(response.status).toBe(202);
    expect(await personsOf(rejected.docId, rejected.n)).toContain(rejected.person);
    expect([...(await listed()).keys()]).toEqual([ids.never, ids.added]);
    expect((await send('DELETE', `/admin/corrections/${ids.reject}`)).status).toBe(404);
  }, 120_000);
});

describe('npm run index applies corrections too', () => {
  const indexCli = (args: string[]) => runScript('index/cli.ts', ['--corpus', path.join(REPO_ROOT, 'seeds'), ...args], { env: { DOSSIER_CORRECTIONS: '' } });

  it('reads corrections.json beside --out by default, rebuilds --if-stale when they change, and names a damaged file', async () => {
    const out = path.join(dir, 'cli', 'index.json');
    const file = path.join(dir, 'cli', 'corrections.json');
    await writeCorrections(file, [{ id: 'never1', createdAt: '2026-01-01T00:00:00.000Z', action: 'never', facet: 'person', value: neverPerson.id }]);
    const first = await indexCli(['--out', out]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Corrections: 1 applied, 0 unmatched');
    const loaded = await loadIndex(out);
    expect(loaded.ok && loaded.value.entities.persons[neverPerson.id]).toBe(undefined);
    expect(loaded.ok && loaded.value.paragraphs.some((paragraph) => paragraph.persons.includes(neverPerson.id))).toBe(false);

    expect((await indexCli(['--out', out, '--if-stale'])).stdout).toContain('up to date');
    await writeCorrections(file, []);
    const rebuilt = await indexCli(['--out', out, '--if-stale']);
    expect(rebuilt.stdout).toContain('Rebuilding');

    await writeFile(file, '{"version":1,"corrections":[{"id":"x"}]}');
    const damaged = await indexCli(['--out', out, '--if-stale']);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain(`the corrections file ${file} is not valid`);

    const elsewhere = path.join(dir, 'cli', 'other.json');
    await writeCorrections(elsewhere, []);
    expect((await indexCli(['--out', out, '--corrections', elsewhere])).code).toBe(0);
  }, 120_000);
});
