import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Stream } from 'node:stream';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facetSchema } from '../../index/schema.ts';
import { buildIndex } from '../../index/store/builder.ts';
import { createApp } from '../../server/app.ts';
import { swappableIndex } from '../../server/index-source.ts';
import { parseExportParams } from '../../server/params.ts';
import { exportFileName, MAX_CONCURRENT_EXPORTS } from '../../server/routes/api.ts';
import { fixtureContent } from '../fixtures/search/content.ts';
import { asText, exportedCsv, exportedRows, parseCsv } from '../helpers/export-rows.ts';
import { appFor } from '../helpers/test-app.ts';

/**
 * GET /api/export as a researcher receives it: a CSV that a spreadsheet opens as UTF-8, with names beside ids and
 * absolute permalinks; a file named after the search; and a stream that waits for slow readers without piling up
 * listeners on the response.
 */

const index = buildIndex(fixtureContent());
const app = appFor(index);

/** The body as bytes, exactly as sent. */
function asBytes(res: Pick<Stream, 'on'>, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** The app listening on a port of its own, so a test knows the port a fallback permalink names. */
async function listening(on: http.RequestListener): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(on);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

const today = (): string => new Date().toISOString().slice(0, 10);

describe('GET /api/export?format=csv', () => {
  it('starts with a UTF-8 byte order mark and keeps non-ASCII text as UTF-8', async () => {
    const response = await request(app).get('/api/export?format=csv&doc=hostile-page').buffer(true).parse(asBytes).expect(200);
    const bytes = response.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('Prices in the café rose');
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
  });

  it('has the columns in order: names beside their ids, metadata facets before score', async () => {
    const { columns } = await exportedCsv(app, 'doc=paris-summit');
    expect(columns).toEqual([
      'id', 'docId', 'n', 'url', 'title', 'date', 'source', 'section', 'countries', 'countryCodes', 'persons', 'personIds',
      'topics', 'topicIds', 'places', 'placeIds', 'score', 'text',
    ]);
  });

  it('writes display names joined by "; ", ids joined by ";" and an absolute permalink on the request host', async () => {
    const response = await request(app).get('/api/export?format=csv&doc=kyiv-visit').set('Host', 'dossier.example:8080')
      .buffer(true).parse(asText).expect(200);
    const { rows } = parseCsv(response.body as string);
    expect(rows.find((row) => row.n === '2')).toMatchObject({
      id: 'kyiv-visit#p-2', url: 'http://dossier.example:8080/doc/kyiv-visit#p-2', title: 'Zelenskyy asks for guarantees',
      countries: 'Ukraine; United Kingdom', countryCodes: 'UA;GB',
      persons: 'Volodymyr Zelenskyy; Keir Starmer', personIds: 'volodymyr-zelenskyy;keir-starmer',
      topics: 'Troop deployment', topicIds: 'troop-deployment',
    });
  });

  it('adds a metadata facet column before score', async () => {
    const content = fixtureContent();
    for (const document of content.documents) document.metadata = { desk: document.id === 'kyiv-visit' ? 'world' : 'europe' };
    const schema = facetSchema(['desk']);
    if (!schema.ok) throw new Error(schema.message);
    const { columns, rows } = await exportedCsv(appFor(buildIndex(content, schema.value)), 'doc=kyiv-visit');
    expect(columns.slice(-3)).toEqual(['desk', 'score', 'text']);
    expect(rows.map((row) => row.desk)).toEqual(['world', 'world', 'world']);
  });
});

describe('GET /api/export?format=jsonl', () => {
  it('writes no byte order mark, the entity objects whole and the absolute permalink', async () => {
    const response = await request(app).get('/api/export?format=jsonl&doc=kyiv-visit').set('Host', 'dossier.example')
      .buffer(true).parse(asBytes).expect(200);
    const bytes = response.body as Buffer;
    expect(bytes[0]).toBe('{'.charCodeAt(0));
    const rows = bytes.toString('utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.find((row) => row.n === 2)).toMatchObject({
      url: 'http://dossier.example/doc/kyiv-visit#p-2',
      countries: [{ code: 'UA', name: 'Ukraine' }, { code: 'GB', name: 'United Kingdom' }],
      persons: [
        { id: 'volodymyr-zelenskyy', name: 'Volodymyr Zelenskyy', leader: true, role: 'President of Ukraine' },
        { id: 'keir-starmer', name: 'Keir Starmer', leader: true, role: 'Prime Minister of the United Kingdom' },
      ],
      topics: [{ id: 'troop-deployment', label: 'Troop deployment' }],
    });
  });
});

describe('absolute permalinks', () => {
  let served: { server: http.Server; port: number };
  beforeAll(async () => {
    served = await listening(app);
  });
  afterAll(() => new Promise<void>((resolve) => served.server.close(() => resolve())));

  const urlFor = async (on: http.Server | typeof app, host: string | null): Promise<string | undefined> => {
    const get = request(on).get('/api/export?doc=undated-note');
    const response = await (host === null ? get : get.set('Host', host)).buffer(true).parse(asText).expect(200);
    return (JSON.parse((response.body as string).split('\n')[0] ?? '') as { url?: string }).url;
  };

  it.each([
    { host: 'dossier.example', base: 'http://dossier.example' },
    { host: 'Dossier.Example:8443', base: 'http://dossier.example:8443' },
    { host: '192.0.2.7:3000', base: 'http://192.0.2.7:3000' },
    { host: '[::1]:3000', base: 'http://[::1]:3000' },
    { host: '[2001:db8::1]', base: 'http://[2001:db8::1]' },
  ])('take the Host header $host', async ({ host, base }) => {
    expect(await urlFor(served.server, host)).toBe(`${base}/doc/undated-note#p-1`);
  });

  it.each([
    'evil.example/phish?x=', 'user@evil.example', 'evil.example#', '"><script>alert(1)</script>', 'evil example',
    'evil.example:99999', 'evil.example:80:80', '[::1', '[::1]x', 'evil.example:', '',
  ])('fall back to localhost on the server port for the Host header %j', async (host) => {
    expect(await urlFor(served.server, host)).toBe(`http://localhost:${served.port}/doc/undated-note#p-1`);
  });

  it('use DOSSIER_PUBLIC_URL when it is configured, whatever the Host header says', async () => {
    const configured = createApp({
      index: swappableIndex(index), config: { adminToken: null, publicUrl: 'https://news.example/dossier' }, log: () => {},
    });
    for (const host of ['dossier.example', 'evil.example/phish?']) {
      expect(await urlFor(configured, host)).toBe('https://news.example/dossier/doc/undated-note#p-1');
    }
    const csv = await exportedCsv(configured, 'doc=undated-note');
    expect(csv.rows[0]?.url).toBe('https://news.example/dossier/doc/undated-note#p-1');
  });
});

describe('the file name', () => {
  const SCHEMA = facetSchema(['category']);
  if (!SCHEMA.ok) throw new Error(SCHEMA.message);
  const schema = SCHEMA.value;
  const DAY = new Date('2025-03-10T23:59:59Z');

  type Query = Record<string, string | string[]>;
  const nameOf = (query: Query, format: 'csv' | 'jsonl' = 'csv'): string => {
    const parsed = parseExportParams({ ...query, format }, schema);
    if (!parsed.ok) throw new Error(parsed.error.message);
    return exportFileName(parsed.value.request, schema, format, DAY);
  };

  it.each<{ query: Query; format?: 'csv' | 'jsonl'; name: string }>([
    { query: {}, name: 'dossier-all-2025-03-10.csv' },
    { query: { q: '   ' }, name: 'dossier-all-2025-03-10.csv' },
    { query: { q: 'troops' }, name: 'dossier-troops-2025-03-10.csv' },
    { query: { q: 'Troops', country: ['fr', 'GB'] }, name: 'dossier-troops-fr-gb-2025-03-10.csv' },
    { query: { q: '"coalition of the willing" -Macron' }, name: 'dossier-coalition-of-the-willing-macron-2025-03-10.csv' },
    { query: { q: 'Élysée café Zoë' }, name: 'dossier-elysee-cafe-zoe-2025-03-10.csv' },
    { query: { source: 'Le Monde', person: 'emmanuel-macron' }, name: 'dossier-emmanuel-macron-le-monde-2025-03-10.csv' },
    { query: { topic: 'troop-deployment', category: 'World News' }, name: 'dossier-troop-deployment-world-news-2025-03-10.csv' },
    { query: { from: '2025-01-01', to: '2025-02-28' }, name: 'dossier-from-2025-01-01-to-2025-02-28-2025-03-10.csv' },
    { query: { doc: 'paris-summit' }, name: 'dossier-paris-summit-2025-03-10.csv' },
    { query: { q: 'a"b\r\nc; filename=x.exe' }, name: 'dossier-a-b-c-filename-x-exe-2025-03-10.csv' },
    { query: { q: '---troops---' }, name: 'dossier-troops-2025-03-10.csv' },
    { query: { q: 'Кремль 日本' }, name: 'dossier-search-2025-03-10.csv' },
    // Sixty characters fit; past them the name ends at the last whole word.
    {
      query: { q: 'sanctions against the central bank of the russian federation' },
      name: 'dossier-sanctions-against-the-central-bank-of-the-russian-federation-2025-03-10.csv',
    },
    {
      query: { q: 'sanctions against the central bank of the russian federations' },
      name: 'dossier-sanctions-against-the-central-bank-of-the-russian-2025-03-10.csv',
    },
    { query: { q: 'x'.repeat(100) }, name: `dossier-${'x'.repeat(60)}-2025-03-10.csv` },
    { query: { q: 'troops' }, format: 'jsonl', name: 'dossier-troops-2025-03-10.jsonl' },
  ])('$query → $name', ({ query, format, name }) => {
    expect(nameOf(query, format)).toBe(name);
  });

  it('is always a short ASCII name a header can carry unquoted', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 40 }), (q, category) => {
      const name = nameOf({ q, category });
      expect(name).toMatch(/^dossier-[a-z0-9]+(?:-[a-z0-9]+)*-\d{4}-\d{2}-\d{2}\.csv$/);
      expect(name.length).toBeLessThanOrEqual('dossier--2025-03-10.csv'.length + 60);
    }));
  });

  it('reaches the Content-Disposition header, dated today', async () => {
    const before = today();
    const response = await request(app).get('/api/export?format=csv&q=troops&country=FR').expect(200);
    const dates = new Set([before, today()]);
    const disposition = String(response.headers['content-disposition']);
    const date = /^attachment; filename="?dossier-troops-fr-(\d{4}-\d{2}-\d{2})\.csv"?$/.exec(disposition)?.[1];
    expect(dates).toContain(date);
    const jsonl = await request(app).get('/api/export?source=Le%20Monde').buffer(true).parse(asText).expect(200);
    expect(jsonl.headers['content-disposition']).toMatch(/^attachment; filename="?dossier-le-monde-\d{4}-\d{2}-\d{2}\.jsonl"?$/);
  });
});

describe('streaming a large export', () => {
  /** 20 000 paragraphs of 300 characters: megabytes more than the socket buffers hold, so the stream must wait. */
  function largeIndex() {
    const content = fixtureContent();
    for (let d = 0; d < 200; d += 1) {
      const id = `bulk-${d}`;
      content.documents.push({ id, title: `Bulk ${d}`, date: '2025-01-01', source: 'Bulk', author: null, url: null, metadata: {} });
      for (let n = 1; n <= 100; n += 1) {
        const text = `Paragraph ${n} of bulk ${d}: `.padEnd(300, 'lorem ipsum dolor sit amet ');
        content.paragraphs.push({ docId: id, n, section: null, text, countries: ['FR'], persons: [], topics: [], places: [] });
      }
    }
    return buildIndex(content);
  }

  it(`runs at most ${MAX_CONCURRENT_EXPORTS} exports at once: one more is a 429 with Retry-After, and a slot frees when one ends`, async () => {
    const { server, port } = await listening(appFor(largeIndex()));
    const stalled: http.ClientRequest[] = [];
    try {
      // Readers that never read: their exports wait on the socket and keep their slot.
      for (let k = 0; k < MAX_CONCURRENT_EXPORTS; k += 1) {
        await new Promise<void>((resolve, reject) => {
          const req = http.get({ host: '127.0.0.1', port, path: '/api/export?format=jsonl' }, (res) => {
            expect(res.statusCode).toBe(200);
            res.pause();
            resolve();
          });
          req.on('error', reject);
          stalled.push(req);
        });
      }
      const refused = await request(server).get('/api/export?format=jsonl&doc=paris-summit');
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('5');
      expect(refused.body.error.code).toBe('too_many_requests');
      expect((await request(server).get('/api/search?q=troops')).status).toBe(200);
      stalled.shift()?.destroy();
      const deadline = Date.now() + 30_000;
      let status = 0;
      while (Date.now() < deadline) {
        status = (await request(server).get('/api/export?format=jsonl&doc=paris-summit').buffer(true).parse(asText)).status;
        if (status === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(status).toBe(200);
    } finally {
      for (const req of stalled) req.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('cuts off a reader that takes nothing for the stall time, which frees its export slot', async () => {
    const stallApp = createApp({ index: swappableIndex(largeIndex()), config: { adminToken: null, exportStallMs: 300 }, log: () => {} });
    const { server, port } = await listening(stallApp);
    const stalled: http.ClientRequest[] = [];
    try {
      for (let k = 0; k < MAX_CONCURRENT_EXPORTS; k += 1) {
        await new Promise<void>((resolve, reject) => {
          const req = http.get({ host: '127.0.0.1', port, path: '/api/export?format=jsonl' }, (res) => {
            res.pause();
            res.on('error', () => {});
            resolve();
          });
          // Before the answer, an error fails the test; after it, the server cutting the reader off is expected.
          req.on('error', reject);
          stalled.push(req);
        });
      }
      const exportStatus = async () => (await request(server).get('/api/export?format=jsonl&doc=paris-summit').buffer(true).parse(asText)).status;
      expect(await exportStatus()).toBe(429);
      // The server gives up on both readers after the stall time, and their slots free.
      const deadline = Date.now() + 30_000;
      let status = 429;
      while (status === 429 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = await exportStatus();
      }
      expect(status).toBe(200);
    } finally {
      for (const req of stalled) req.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('answers HEAD with the status and headers a GET gets, writing no row', async () => {
    const big = largeIndex();
    const bigApp = appFor(big);
    let writes = 0;
    const { server } = await listening((req, res) => {
      const write = res.write.bind(res) as (...args: unknown[]) => boolean;
      res.write = ((...args: unknown[]) => {
        writes += 1;
        return write(...args);
      }) as typeof res.write;
      bigApp(req, res);
    });
    try {
      const head = await request(server).head('/api/export?format=csv&country=FR').expect(200);
      expect(writes).toBe(0);
      expect(head.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(head.headers['content-disposition']).toMatch(/^attachment; filename="?dossier-fr-\d{4}-\d{2}-\d{2}\.csv"?$/);
      await request(server).head('/api/export?country=FRA').expect(400);
      await request(server).head(`/api/export?q=${encodeURIComponent('"the who"')}`).expect(400);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('waits for the reader many times without leaving a listener behind or warning', async () => {
    const big = largeIndex();
    const bigApp = appFor(big);
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on('warning', onWarning);
    let drains = 0;
    const left: Array<{ drain: number; close: number }> = [];
    const { server } = await listening((req, res) => {
      res.on('drain', () => {
        drains += 1;
      });
      res.on('finish', () => left.push({ drain: res.listenerCount('drain'), close: res.listenerCount('close') }));
      bigApp(req, res);
    });
    try {
      // A small export first: what a response carries when the stream never had to wait.
      await exportedRows(server, 'doc=paris-summit');
      const rows = await exportedRows<{ id: string }>(server, '');
      expect(rows).toHaveLength(big.paragraphs.length);
      // Warnings are emitted on a later tick; let one pass before reading them.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(drains).toBeGreaterThan(20);
    expect(left).toHaveLength(2);
    expect(left[1]).toEqual(left[0]);
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
