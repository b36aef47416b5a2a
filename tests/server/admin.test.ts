import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../index/store/builder.ts';
import { FORMAT_VERSION, type LoadedIndex } from '../../index/store/format.ts';
import { createApp, type AppDeps } from '../../server/app.ts';
import { swappableIndex } from '../../server/index-source.ts';

/**
 * `POST /admin/reindex`: allowed from loopback, or from anywhere with `Authorization: Bearer <DOSSIER_ADMIN_TOKEN>`.
 * The non-loopback cases connect for real to this machine's own network address, so the server sees a remote
 * address that is not loopback; they are skipped on a machine with no such interface.
 */

const index: LoadedIndex = buildIndex({
  header: { formatVersion: FORMAT_VERSION, builtAt: '2025-01-01T00:00:00.000Z', corpusHash: 'x', corpus: 'x', documents: 1, paragraphs: 1, stats: {} },
  documents: [{ id: 'a', title: 'A', date: null, author: null, source: null, url: null, metadata: {} }],
  paragraphs: [{ docId: 'a', n: 1, section: null, text: 'Troops arrived.', countries: [], persons: [], topics: [], places: [] }],
  entities: { countries: {}, persons: {}, topics: {}, places: {} },
});

/** An app whose re-index only counts its calls. */
function adminApp(adminToken: string | null, withReindex = true) {
  const calls = { count: 0 };
  const deps: AppDeps = { index: swappableIndex(index), config: { adminToken }, log: () => {} };
  if (withReindex) {
    deps.reindex = async () => {
      calls.count += 1;
      return { started: true, message: 're-index started' };
    };
  }
  return { app: createApp(deps), calls };
}

/** This machine's first non-internal IPv4 address, or null. */
function externalAddress(): string | null {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return null;
}
const EXTERNAL = externalAddress();

/** Listens on all interfaces; `post` connects through the external address, so the request is not from loopback. */
async function listenAll(app: ReturnType<typeof createApp>) {
  const server = app.listen(0, '0.0.0.0');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const post = (headers: Record<string, string> = {}, host = EXTERNAL ?? '127.0.0.1') =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host, port, path: '/admin/reindex', method: 'POST', headers }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
  return { post, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('re-index from loopback (supertest connects over loopback)', () => {
  it('is accepted without a token: 202 and the re-index runs', async () => {
    const { app, calls } = adminApp(null);
    const response = await request(app).post('/admin/reindex').expect(202);
    expect(response.body).toMatchObject({ started: true });
    expect(calls.count).toBe(1);
  });

  it('is accepted when a token is configured but not sent', async () => {
    const { app, calls } = adminApp('s3cret-token');
    await request(app).post('/admin/reindex').expect(202);
    expect(calls.count).toBe(1);
  });

  it('is 503 unavailable when the server serves a fixed index', async () => {
    const { app } = adminApp(null, false);
    const response = await request(app).post('/admin/reindex').expect(503);
    expect(response.body.error.code).toBe('unavailable');
  });

  it.each(['get', 'put', 'delete'] as const)('%s /admin/reindex does nothing (404)', async (method) => {
    const { app, calls } = adminApp(null);
    await request(app)[method]('/admin/reindex').expect(404);
    expect(calls.count).toBe(0);
  });
});

describe.skipIf(EXTERNAL === null)(`re-index from a non-loopback address (${EXTERNAL ?? 'none'})`, () => {
  const TOKEN = 'correct-horse-battery-staple';
  let withToken: Awaited<ReturnType<typeof listenAll>>;
  let withoutToken: Awaited<ReturnType<typeof listenAll>>;
  const tokenApp = adminApp(TOKEN);
  const noTokenApp = adminApp(null);

  beforeAll(async () => {
    withToken = await listenAll(tokenApp.app);
    withoutToken = await listenAll(noTokenApp.app);
  });
  afterAll(async () => {
    await withToken.close();
    await withoutToken.close();
  });

  it.each<{ name: string; headers: Record<string, string> }>([
    { name: 'no Authorization header', headers: {} },
    { name: 'a wrong token of the same length', headers: { Authorization: `Bearer ${'x'.repeat(TOKEN.length)}` } },
    { name: 'a wrong token of another length', headers: { Authorization: 'Bearer short' } },
    { name: 'the token with a suffix', headers: { Authorization: `Bearer ${TOKEN}x` } },
    { name: 'a token prefix', headers: { Authorization: `Bearer ${TOKEN.slice(0, 5)}` } },
    { name: 'an empty bearer', headers: { Authorization: 'Bearer ' } },
    { name: 'the bare token without "Bearer"', headers: { Authorization: TOKEN } },
    { name: 'Basic auth', headers: { Authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` } },
    { name: 'a forged X-Forwarded-For: 127.0.0.1', headers: { 'X-Forwarded-For': '127.0.0.1' } },
    { name: 'a forged Host: localhost', headers: { Host: 'localhost' } },
  ])('with a token configured, $name is 403', async ({ headers }) => {
    const before = tokenApp.calls.count;
    const response = await withToken.post(headers);
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'forbidden' } });
    expect(tokenApp.calls.count).toBe(before);
  });

  it.each<{ name: string; headers: Record<string, string> }>([
    { name: 'Bearer <token>', headers: { Authorization: `Bearer ${TOKEN}` } },
    { name: 'bearer <token> (scheme in lower case)', headers: { Authorization: `bearer ${TOKEN}` } },
  ])('with a token configured, $name is 202 and starts the re-index', async ({ headers }) => {
    const before = tokenApp.calls.count;
    const response = await withToken.post(headers);
    expect(response.status).toBe(202);
    expect(tokenApp.calls.count).toBe(before + 1);
  });

  it('without a configured token, nothing from outside is accepted, not even an empty bearer', async () => {
    for (const headers of [{}, { Authorization: 'Bearer ' }, { Authorization: 'Bearer null' }] as Array<Record<string, string>>) {
      const response = await withoutToken.post(headers);
      expect(response.status).toBe(403);
    }
    expect(noTokenApp.calls.count).toBe(0);
  });

  it('the same server still accepts loopback', async () => {
    const response = await withoutToken.post({}, '127.0.0.1');
    expect(response.status).toBe(202);
  });
});
