import { timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import type { AppDeps } from '../deps.ts';
import { RequestError } from '../errors.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** `POST /admin/reindex`: from loopback, or from anywhere with `Authorization: Bearer <DOSSIER_ADMIN_TOKEN>`. */
export function adminRouter(deps: AppDeps): Router {
  const router = Router();
  router.post('/admin/reindex', async (req, res, next) => {
    if (!isAllowed(req, deps.config.adminToken)) {
      next(new RequestError('forbidden', 're-indexing is allowed only from loopback or with the admin token'));
      return;
    }
    if (!deps.reindex) {
      next(new RequestError('unavailable', 'this server cannot re-index: it serves a fixed index'));
      return;
    }
    try {
      const outcome = await deps.reindex();
      res.status(202).json(outcome);
    } catch (error) {
      next(error);
    }
  });
  return router;
}

function isAllowed(req: Request, token: string | null): boolean {
  if (LOOPBACK.has(req.socket.remoteAddress ?? '')) return true;
  if (token === null) return false;
  const given = Buffer.from(req.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
