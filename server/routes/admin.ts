import { timingSafeEqual } from 'node:crypto';
import { Router, type Request, type RequestHandler } from 'express';
import type { AppDeps } from '../deps.ts';
import { RequestError } from '../errors.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** `POST /admin/reindex`: from loopback, or from anywhere with `Authorization: Bearer <DOSSIER_ADMIN_TOKEN>`. */
export function adminRouter(deps: AppDeps): Router {
  const router = Router();
  router.post('/admin/reindex', adminOnly(deps), async (_req, res, next) => {
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

/**
 * The guard of every /admin/ route: loopback, or the admin token. A request a browser sends on behalf of another
 * site (its Origin names another host) is refused even from loopback, so no page can act for the admin.
 */
export function adminOnly(deps: AppDeps): RequestHandler {
  return (req, _res, next) => {
    if (isAdminRequest(req, deps)) next();
    else next(new RequestError('forbidden', 'admin requests are allowed only from loopback or with the admin token, from this site'));
  };
}

/** Whether the request may act as the admin: what pages ask before they offer admin controls. */
export function isAdminRequest(req: Request, deps: Pick<AppDeps, 'config'>): boolean {
  return isAllowed(req, deps.config.adminToken);
}

function isAllowed(req: Request, token: string | null): boolean {
  if (!isSameOrigin(req)) return false;
  // Loopback is trusted only when it was also asked for by a loopback name: a page on a domain rebound to 127.0.0.1
  // (its Host and Origin are that domain) or a proxy on this host forwarding the public is not the admin.
  if (LOOPBACK.has(req.socket.remoteAddress ?? '') && LOOPBACK_HOST.test(req.get('host') ?? '')) return true;
  if (token === null) return false;
  const bearer = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '');
  if (bearer === null) return false;
  const given = Buffer.from(bearer[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A Host header naming this machine's loopback: localhost, 127.0.0.1 or [::1], with or without a port. */
const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

/** No Origin header (curl, scripts), or one that names the host the request was sent to. */
function isSameOrigin(req: Request): boolean {
  const origin = req.get('origin');
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}
