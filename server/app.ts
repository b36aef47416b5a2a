import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type ErrorRequestHandler, type Express } from 'express';
import helmet from 'helmet';
import type { AppDeps } from './deps.ts';
import { RequestError } from './errors.ts';
import { apiRouter } from './routes/api.ts';
import { pageRouter } from './routes/pages.ts';
import { adminRouter } from './routes/admin.ts';
import { correctionsRouter } from './routes/corrections.ts';

export type { AppDeps } from './deps.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');


/** Builds the Express app: middleware, routes and the one error handler. No listening, no env, no file reads. */
export function createApp(deps: AppDeps): Express {
  const log = deps.log ?? ((line: string) => console.error(line));
  const app = express();
  app.disable('x-powered-by');
  app.set('view engine', 'ejs');
  app.set('views', path.join(ROOT, 'views'));
  app.set('view cache', true);
  app.set('query parser', 'extended');
  // Answers carry tookMs, so a search's ETag never matches twice: hashing every body would be wasted work.
  app.set('etag', false);

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
      // HSTS means something only over HTTPS, and sent over plain HTTP it tells a browser nothing true: it goes out
      // when the request came over TLS, or when the operator says readers reach the site at an https URL.
      strictTransportSecurity: false,
    }),
  );
  const alwaysHttps = deps.config.publicUrl?.startsWith('https:') === true;
  app.use((req, res, next) => {
    if (alwaysHttps || req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  });
  app.use('/assets', express.static(path.join(ROOT, 'public'), { maxAge: '1h', index: false }));

  app.use(adminRouter(deps));
  app.use(correctionsRouter(deps));
  app.use(apiRouter(deps));
  app.use(pageRouter(deps));

  app.use((req, _res, next) => {
    next(new RequestError('not_found', `no page at ${req.path}`));
  });

  const handleError: ErrorRequestHandler = (err, req, res, _next) => {
    const known = toRequestError(err);
    if (known.status >= 500) log(`error ${req.method} ${req.path}: ${describe(err)}`);
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(known.status);
    // A query over its work budget may succeed on a quieter server; say when to try again.
    if (known.code === 'too_much_work' || known.code === 'too_many_requests') res.set('Retry-After', '5');
    // An admin form on a page (a correction from the article page) is answered with a page, as any form is.
    const fromForm = typeof req.is('application/x-www-form-urlencoded') === 'string';
    const wantsJson = req.path.startsWith('/api/') || (req.path.startsWith('/admin/') && !fromForm) || req.path === '/healthz'
      || !req.accepts('html');
    if (wantsJson) {
      res.json(known.toJSON());
      return;
    }
    res.render('error', { status: known.status, code: known.code, message: known.message }, (renderError, html) => {
      if (renderError) {
        log(`error rendering the error page: ${describe(renderError)}`);
        res.type('text/plain').send(`${known.status} ${known.message}`);
        return;
      }
      res.send(html);
    });
  };
  app.use(handleError);
  return app;
}

function toRequestError(err: unknown): RequestError {
  if (err instanceof RequestError) return err;
  // Errors from Express's own parsers carry a status (400 malformed, 413 too large).
  const status = typeof err === 'object' && err !== null && 'status' in err ? Number(err.status) : 500;
  if (status === 413) return new RequestError('payload_too_large', 'request body too large');
  if (status === 400) {
    const isBadJson = typeof err === 'object' && err !== null && 'type' in err && err.type === 'entity.parse.failed';
    return new RequestError('bad_parameter', isBadJson ? 'the request body is not valid JSON' : 'malformed request');
  }
  if (status === 404) return new RequestError('not_found', 'not found');
  return new RequestError('internal_error', 'internal error: the server could not answer this request');
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
