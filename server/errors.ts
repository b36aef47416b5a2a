import type { DossierError } from '../index/query/index.ts';

/** The closed catalogue of error codes the server answers with, and the HTTP status of each. */
export const ERROR_STATUS = {
  bad_parameter: 400,
  bad_query: 400,
  unknown_facet: 400,
  unknown_value: 400,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  too_many_requests: 429,
  unavailable: 503,
  too_much_work: 503,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An expected failure carried through `next(err)` to the one error handler. */
export class RequestError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.status = ERROR_STATUS[code];
  }

  toJSON(): { error: DossierError } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** Turns a parser's error value into a RequestError; unknown codes are treated as bad parameters. */
export function requestErrorFrom(error: DossierError): RequestError {
  const code = (error.code in ERROR_STATUS ? error.code : 'bad_parameter') as ErrorCode;
  return new RequestError(code, error.message);
}

/** An article page past its last: a 404, as for a page that does not exist, saying how many there are. */
export function pastLastPage(page: number, pages: number): RequestError {
  return new RequestError('not_found', `page ${page} does not exist: the article has ${pages} page${pages === 1 ? '' : 's'}`);
}
