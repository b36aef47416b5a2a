import type { IncomingMessage } from 'node:http';
import type { Stream } from 'node:stream';
import request from 'supertest';
type App = Parameters<typeof request>[0];

/** `/api/export` as the HTTP suites read it: supertest buffers only known text types, so JSON Lines is read here. */

/** A supertest parser that reads the body as UTF-8 text. */
export function asText(res: Pick<IncomingMessage, 'setEncoding'> & Pick<Stream, 'on'>, done: (error: Error | null, body: string) => void): void {
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    text += chunk;
  });
  res.on('end', () => done(null, text));
}

/** The rows of `/api/export?<query>` (JSON Lines), after checking the answer is a 200. */
export async function exportedRows<Row>(app: App, query: string): Promise<Row[]> {
  const response = await request(app).get(`/api/export?${query}`).buffer(true).parse(asText).expect(200);
  return (response.body as string).split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Row);
}
