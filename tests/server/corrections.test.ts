import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { buildIndex } from '../../index/store/builder.ts';
import { FORMAT_VERSION, type LoadedIndex } from '../../index/store/format.ts';
import { createApp, type AppDeps } from '../../server/app.ts';
import { readConfig } from '../../server/config.ts';
import { fileCorrectionStore } from '../../server/corrections-store.ts';
import { swappableIndex } from '../../server/index-source.ts';

/**
 * `/admin/corrections` over HTTP: the guard, the checks of a correction against the served index, the file it is
 * kept in, the re-index a change starts, and the status of each correction in the index being served.
 */

function indexWith(stats: Record<string, number> = {}): LoadedIndex {
  return buildIndex({
    header: { formatVersion: FORMAT_VERSION, builtAt: '2025-01-01T00:00:00.000Z', corpusHash: 'x', corpus: 'x', documents: 1, paragraphs: 2, stats },
    documents: [{ id: 'a', title: 'A', date: null, author: null, source: null, url: null, metadata: {} }],
    paragraphs: [
      { docId: 'a', n: 1, section: null, text: 'Vincent Cable met Tony Blair in London.', countries: ['GB'], persons: ['tony-blair', 'vincent-cable'], topics: [], places: [] },
      { docId: 'a', n: 2, section: null, text: 'Downing Street said Vince Cable agreed.', countries: [], persons: ['downing-street', 'vince-cable'], topics: ['economy'], places: [] },
    ],
    entities: {
      countries: { GB: { code: 'GB', name: 'United Kingdom' } },
      persons: {
        'tony-blair': { id: 'tony-blair', name: 'Tony Blair', leader: true, role: null, country: 'GB' },
        'vincent-cable': { id: 'vincent-cable', name: 'Vincent Cable', leader: false, role: null, country: 'GB' },
        'vince-cable': { id: 'vince-cable', name: 'Vince Cable', leader: false, role: null, country: 'GB' },
        'downing-street': { id: 'downing-street', name: 'Downing Street', leader: false, role: null, country: null },
      },
      topics: { economy: { id: 'economy', label: 'Economy' } },
      places: {},
    },
  });
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** An app on a fresh corrections file, whose re-index only counts its calls. */
async function correctionsApp({ withReindex = true } = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-corrections-http-'));
  dirs.push(dir);
  const file = path.join(dir, 'corrections.json');
  const calls = { reindex: 0 };
  const index = swappableIndex(indexWith());
  const logged: string[] = [];
  const deps: AppDeps = { index, config: { adminToken: null }, corrections: fileCorrectionStore(file), log: (line) => logged.push(line) };
  if (withReindex) {
    deps.reindex = async () => {
      calls.reindex += 1;
      return { started: true, message: 're-index started' };
    };
  }
  return { app: createApp(deps), file, calls, index, logged };
}

type App = Awaited<ReturnType<typeof correctionsApp>>;
const post = (app: App['app'], body: unknown) => request(app).post('/admin/corrections').send(body as object);
const stored = async (file: string): Promise<unknown[]> => (JSON.parse(await readFile(file, 'utf8')) as { corrections: unknown[] }).corrections;

describe('POST /admin/corrections', () => {
  let app: App;
  beforeEach(async () => {
    app = await correctionsApp();
  });

  it.each([
    { action: 'reject', facet: 'person', value: 'downing-street', docId: 'a', n: 2 },
    { action: 'never', facet: 'person', value: 'downing-street' },
    { action: 'never', facet: 'person', value: 'downing-street', docId: 'a', n: 2 },
    { action: 'merge', facet: 'person', value: 'vincent-cable', into: 'vince-cable' },
    { action: 'reject', facet: 'country', value: 'GB', docId: 'a', n: 1 },
    { action: 'never', facet: 'topic', value: 'economy' },
  ])('stores $action $facet:$value, starts a re-index and answers 202', async (body) => {
    const response = await post(app.app, body).expect(202);
    expect(response.body.correction).toMatchObject({ ...body, status: 'pending', paragraphs: null });
    expect(response.body.correction.id).toMatch(/^[0-9a-f]{12}$/);
    expect(response.body.reindex).toEqual({ started: true, message: 're-index started' });
    expect(app.calls.reindex).toBe(1);
    const { status: _status, paragraphs: _paragraphs, ...correction } = response.body.correction;
    expect(await stored(app.file)).toEqual([correction]);
  });

  it.each<{ name: string; body: unknown; code: string }>([
    { name: 'no body', body: undefined, code: 'bad_parameter' },
    { name: 'an unknown facet', body: { action: 'never', facet: 'source', value: 'bbc' }, code: 'bad_parameter' },
    { name: 'an unknown action', body: { action: 'delete', facet: 'person', value: 'tony-blair' }, code: 'bad_parameter' },
    { name: 'a reject without n', body: { action: 'reject', facet: 'person', value: 'tony-blair', docId: 'a' }, code: 'bad_parameter' },
    { name: 'a merge without into', body: { action: 'merge', facet: 'person', value: 'vincent-cable' }, code: 'bad_parameter' },
    { name: 'a merge into itself', body: { action: 'merge', facet: 'person', value: 'tony-blair', into: 'tony-blair' }, code: 'bad_parameter' },
    { name: 'an extra field', body: { action: 'never', facet: 'person', value: 'tony-blair', reason: 'x' }, code: 'bad_parameter' },
    { name: 'a list', body: [{ action: 'never', facet: 'person', value: 'tony-blair' }], code: 'bad_parameter' },
    { name: 'an unknown document', body: { action: 'reject', facet: 'person', value: 'tony-blair', docId: 'zz', n: 1 }, code: 'unknown_value' },
    { name: 'an unknown paragraph', body: { action: 'reject', facet: 'person', value: 'tony-blair', docId: 'a', n: 9 }, code: 'unknown_value' },
    { name: 'a tag the paragraph does not have', body: { action: 'reject', facet: 'person', value: 'tony-blair', docId: 'a', n: 2 }, code: 'unknown_value' },
    { name: 'an unknown value', body: { action: 'never', facet: 'person', value: 'nobody' }, code: 'unknown_value' },
    { name: 'a value of another facet', body: { action: 'never', facet: 'country', value: 'tony-blair' }, code: 'unknown_value' },
    { name: 'never with an unknown paragraph', body: { action: 'never', facet: 'person', value: 'tony-blair', docId: 'a', n: 3 }, code: 'unknown_value' },
    { name: 'a merge of an unknown value', body: { action: 'merge', facet: 'person', value: 'nobody', into: 'vince-cable' }, code: 'unknown_value' },
    { name: 'a merge into an unknown entity', body: { action: 'merge', facet: 'person', value: 'vincent-cable', into: 'nobody' }, code: 'unknown_value' },
    { name: 'a prototype name', body: { action: 'never', facet: 'person', value: '__proto__' }, code: 'unknown_value' },
  ])('refuses $name with a 400 $code, storing nothing and starting nothing', async ({ body, code }) => {
    const response = await post(app.app, body).expect(400);
    expect(response.body.error.code).toBe(code);
    expect(typeof response.body.error.message).toBe('string');
    expect(app.calls.reindex).toBe(0);
    await expect(readFile(app.file)).rejects.toThrow();
  });

  it('refuses malformed JSON and a body that is not JSON with a 400', async () => {
    const malformed = await request(app.app).post('/admin/corrections').set('Content-Type', 'application/json').send('{"action":').expect(400);
    expect(malformed.body.error).toEqual({ code: 'bad_parameter', message: 'the request body is not valid JSON' });
    // What a cross-site form could send: not read as JSON at all.
    await request(app.app).post('/admin/corrections').set('Content-Type', 'text/plain')
      .send(JSON.stringify({ action: 'never', facet: 'person', value: 'tony-blair' })).expect(400);
    expect(app.calls.reindex).toBe(0);
  });

  it('refuses the same correction twice, naming the first', async () => {
    const body = { action: 'never', facet: 'person', value: 'downing-street' };
    const first = await post(app.app, body).expect(202);
    const second = await post(app.app, { facet: 'person', value: 'downing-street', action: 'never' }).expect(400);
    expect(second.body.error.message).toContain(first.body.correction.id);
    expect(await stored(app.file)).toHaveLength(1);
  });

  it('keeps every one of many corrections sent at once', async () => {
    const values = ['tony-blair', 'vincent-cable', 'vince-cable', 'downing-street'];
    await Promise.all(values.map((value) => post(app.app, { action: 'never', facet: 'person', value }).expect(202)));
    expect((await stored(app.file)).map((entry) => (entry as { value: string }).value).sort()).toEqual([...values].sort());
  });

  it('answers 201 when the server serves a fixed index: stored, applied by the next build', async () => {
    const fixed = await correctionsApp({ withReindex: false });
    const response = await post(fixed.app, { action: 'never', facet: 'topic', value: 'economy' }).expect(201);
    expect(response.body).toMatchObject({ correction: { action: 'never', status: 'pending' }, reindex: null });
    expect(await stored(fixed.file)).toHaveLength(1);
  });

  it('refuses a request from another site even on loopback (403), reading nothing', async () => {
    const response = await post(app.app, { action: 'never', facet: 'person', value: 'tony-blair' }).set('Origin', 'https://evil.example').expect(403);
    expect(response.body.error.code).toBe('forbidden');
    await request(app.app).get('/admin/corrections').set('Origin', 'null').expect(403);
    expect(app.calls.reindex).toBe(0);
  });

  it.each([
    { name: 'a domain rebound to 127.0.0.1 (its Host and Origin agree)', host: 'evil.example:3000', origin: 'http://evil.example:3000' },
    { name: 'a proxy on this host forwarding the public (no Origin)', host: 'dossier.example.org', origin: null },
  ])('refuses $name even from loopback (403)', async ({ host, origin }) => {
    const req = post(app.app, { action: 'never', facet: 'person', value: 'tony-blair' }).set('Host', host);
    const response = await (origin === null ? req : req.set('Origin', origin)).expect(403);
    expect(response.body.error.code).toBe('forbidden');
    expect(app.calls.reindex).toBe(0);
  });

  it('accepts a request whose Origin is this server', async () => {
    const response = await post(app.app, { action: 'never', facet: 'person', value: 'tony-blair' }).set('Host', 'localhost:3000').set('Origin', 'http://localhost:3000').expect(202);
    expect(response.body.correction.value).toBe('tony-blair');
  });
});

describe('GET and DELETE /admin/corrections', () => {
  it('lists corrections with their status in the served index: applied, unmatched or pending', async () => {
    const app = await correctionsApp();
    const ids: string[] = [];
    for (const body of [
      { action: 'merge', facet: 'person', value: 'vincent-cable', into: 'vince-cable' },
      { action: 'reject', facet: 'person', value: 'downing-street', docId: 'a', n: 2 },
      { action: 'never', facet: 'topic', value: 'economy' },
    ]) ids.push((await post(app.app, body).expect(202)).body.correction.id as string);
    const [merged, rejected] = ids as [string, string, string];
    app.index.replace(indexWith({ [`correction:${merged}`]: 2, [`correction:${rejected}`]: 0 }));

    const response = await request(app.app).get('/admin/corrections').expect(200);
    expect(response.body.corrections.map((c: { id: string; status: string; paragraphs: number | null }) => [c.id, c.status, c.paragraphs]))
      .toEqual([[merged, 'applied', 2], [rejected, 'unmatched', 0], [ids[2], 'pending', null]]);
  });

  it('DELETE undoes one correction and re-indexes; an unknown id is a 404', async () => {
    const app = await correctionsApp();
    const kept = (await post(app.app, { action: 'never', facet: 'topic', value: 'economy' }).expect(202)).body.correction;
    const undone = (await post(app.app, { action: 'never', facet: 'person', value: 'downing-street' }).expect(202)).body.correction;

    const response = await request(app.app).delete(`/admin/corrections/${undone.id as string}`).expect(202);
    expect(response.body.removed).toMatchObject({ id: undone.id, value: 'downing-street' });
    expect(app.calls.reindex).toBe(3);
    expect((await stored(app.file)).map((entry) => (entry as { id: string }).id)).toEqual([kept.id]);

    const missing = await request(app.app).delete(`/admin/corrections/${undone.id as string}`).expect(404);
    expect(missing.body.error.code).toBe('not_found');
    expect(app.calls.reindex).toBe(3);
  });

  it('a damaged corrections file is a 503 for every route, logged by name, and is never overwritten', async () => {
    const app = await correctionsApp();
    await writeFile(app.file, '{"version":1,"corrections":[');
    for (const call of [
      request(app.app).get('/admin/corrections'),
      post(app.app, { action: 'never', facet: 'person', value: 'tony-blair' }),
      request(app.app).delete('/admin/corrections/abc'),
    ]) {
      const response = await call.expect(503);
      expect(response.body.error.code).toBe('unavailable');
      expect(JSON.stringify(response.body)).not.toContain(app.file);
    }
    expect(await readFile(app.file, 'utf8')).toBe('{"version":1,"corrections":[');
    expect(app.logged.join('\n')).toContain(app.file);
    expect(app.calls.reindex).toBe(0);
  });

  it('is 503 on a server that keeps no corrections', async () => {
    const app = createApp({ index: swappableIndex(indexWith()), config: { adminToken: null }, log: () => {} });
    const response = await request(app).get('/admin/corrections').expect(503);
    expect(response.body.error.code).toBe('unavailable');
  });
});

describe('where the corrections are kept', () => {
  it.each([
    { env: {}, correctionsPath: path.join('data', 'corrections.json') },
    { env: { DOSSIER_INDEX: '/srv/dossier/index.json' }, correctionsPath: '/srv/dossier/corrections.json' },
    { env: { DOSSIER_INDEX: '/srv/dossier/index.json', DOSSIER_CORRECTIONS: '/etc/dossier/fixes.json' }, correctionsPath: '/etc/dossier/fixes.json' },
  ])('$env keeps them in $correctionsPath', ({ env, correctionsPath }) => {
    const config = readConfig(env);
    expect(config.ok && config.value.correctionsPath).toBe(correctionsPath);
  });
});

describe('correcting a tag from the article page', () => {
  /** The fixture with evidence for every tag, as a built index has: the article page then explains each tag. */
  function evidencedIndex(): LoadedIndex {
    const index = indexWith();
    const content = {
      header: index.header, documents: index.documents, entities: index.entities,
      paragraphs: index.paragraphs.map((paragraph) => ({
        ...paragraph,
        evidence: [
          ...paragraph.countries.map((value) => ({ facet: 'country' as const, value, start: 0, end: 5, rule: 'countries.json: name' })),
          ...paragraph.persons.map((value) => ({ facet: 'person' as const, value, start: 0, end: 5, rule: 'people.json' })),
          ...paragraph.topics.map((value) => ({ facet: 'topic' as const, value, start: 0, end: 5, rule: 'topics.json: term "x"' })),
        ],
      })),
    };
    return buildIndex(content);
  }

  async function pageApp({ corrections = true } = {}) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-corrections-page-'));
    dirs.push(dir);
    const file = path.join(dir, 'corrections.json');
    const calls = { reindex: 0 };
    const deps: AppDeps = { index: swappableIndex(evidencedIndex()), config: { adminToken: null }, log: () => {} };
    if (corrections) deps.corrections = fileCorrectionStore(file);
    deps.reindex = async () => {
      calls.reindex += 1;
      return { started: true, message: 're-index started' };
    };
    return { app: createApp(deps), file, calls };
  }

  const form = (fields: Record<string, string>) => new URLSearchParams({ return: '/doc/a', ...fields }).toString();

  it('offers "Not this tag here" and "Never a …" for each tag to an admin, beside its evidence', async () => {
    const { app } = await pageApp();
    const page = await request(app).get('/doc/a').expect(200);
    const forms = [...page.text.matchAll(/<form class="why-correct" method="post" action="\/admin\/corrections">([^]*?)<\/form>/g)].map((match) => match[1] ?? '');
    expect(forms).toHaveLength(2 * (3 + 3));
    expect(forms[0]).toContain('name="action" value="reject"');
    expect(page.text).toContain('Never a person');
    expect(page.text).toContain('Why these tags');
  });

  it('offers no correction forms when the server keeps no corrections', async () => {
    const { app } = await pageApp({ corrections: false });
    const page = await request(app).get('/doc/a').expect(200);
    expect(page.text).toContain('Why these tags');
    expect(page.text).not.toContain('class="why-correct"');
  });

  it('takes the form, keeps the correction, starts the re-index and goes back to the paragraph (303)', async () => {
    const { app, file, calls } = await pageApp();
    const response = await request(app).post('/admin/corrections').type('form')
      .send(form({ action: 'reject', facet: 'person', value: 'tony-blair', docId: 'a', n: '1' })).expect(303);
    expect(response.headers.location).toBe('/doc/a?corrected=reindexing#p-1');
    expect(JSON.parse(await readFile(file, 'utf8')).corrections).toMatchObject([{ action: 'reject', facet: 'person', value: 'tony-blair', docId: 'a', n: 1 }]);
    expect(calls.reindex).toBe(1);
    const back = await request(app).get(response.headers.location ?? '').expect(200);
    expect(back.text).toContain('Correction saved. The re-index that applies it has started');
  });

  it.each([
    { name: 'a return path off the article pages', fields: { return: 'https://evil.example/', action: 'never', facet: 'person', value: 'tony-blair' }, status: 400 },
    { name: 'a tag the paragraph does not have', fields: { action: 'reject', facet: 'person', value: 'vince-cable', docId: 'a', n: '1' }, status: 400 },
    { name: 'an unknown action', fields: { action: 'explode', facet: 'person', value: 'tony-blair' }, status: 400 },
  ] as Array<{ name: string; fields: Record<string, string>; status: number }>)('answers a form with $name with a $status page, not JSON, changing nothing', async ({ fields, status }) => {
    const { app, file, calls } = await pageApp();
    const response = await request(app).post('/admin/corrections').type('form').send(form(fields)).expect(status);
    expect(response.type).toBe('text/html');
    expect(response.text).not.toMatch(/at .*\.ts:\d+/);
    await expect(readFile(file, 'utf8')).rejects.toThrow();
    expect(calls.reindex).toBe(0);
  });

  it('refuses a form posted from another site (403)', async () => {
    const { app, calls } = await pageApp();
    await request(app).post('/admin/corrections').type('form').set('Origin', 'https://evil.example')
      .send(form({ action: 'never', facet: 'person', value: 'tony-blair' })).expect(403);
    expect(calls.reindex).toBe(0);
  });
});
