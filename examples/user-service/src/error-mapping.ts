import {
  Auth0Error,
  AttributeError,
  DoesNotExist,
  InvalidArgument,
  InvalidLookup,
  NetworkError,
  RateLimitError,
  SearchLimitExceeded,
  TimeoutError,
} from 'auth0plus'
import { HttpError } from './http-error.js'

/**
 * The HTTP answer for anything a handler throws. Library messages are safe to pass on (they
 * never hold a token, secret or password); Auth0's answers about the service's own credentials
 * or requests are not the caller's business and become a 502 without detail.
 *
 * | thrown                                  | answer |
 * | --------------------------------------- | ------ |
 * | HttpError (validation, routing)         | its own status |
 * | DoesNotExist, Auth0Error 404            | 404 |
 * | Auth0Error 409 (user already exists)    | 409 |
 * | InvalidLookup, InvalidArgument, SearchLimitExceeded, AttributeError | 400 |
 * | Auth0Error 400 (weak password, bad q…)  | 400 with Auth0's message and errorCode |
 * | RateLimitError                          | 429, `Retry-After` from `resetAt` |
 * | TimeoutError                            | 504 |
 * | NetworkError                            | 503 |
 * | Auth0Error 401/403 (our credentials), other 4xx, 5xx | 502 |
 * | anything else                           | 500 |
 */
export function toHttpError(error: unknown, now: () => number): HttpError {
  if (error instanceof HttpError) return error
  if (error instanceof DoesNotExist) return new HttpError(404, 'No user has this id.')
  if (
    error instanceof InvalidLookup ||
    error instanceof InvalidArgument ||
    error instanceof SearchLimitExceeded ||
    error instanceof AttributeError
  ) {
    return new HttpError(400, error.message)
  }
  // Before Auth0Error, which it extends.
  if (error instanceof RateLimitError) return rateLimited(error, now)
  if (error instanceof Auth0Error) return fromAuth0(error)
  // Before NetworkError, which it extends.
  if (error instanceof TimeoutError) return new HttpError(504, 'Auth0 did not answer in time.')
  if (error instanceof NetworkError) {
    return new HttpError(503, `Auth0 cannot be reached (${error.code ?? 'network error'}).`)
  }
  return new HttpError(500, 'Internal error.')
}

/**
 * `Retry-After` in whole seconds until Auth0's bucket has a token again (at least 1, since a
 * 0 invites a retry storm). Without a reset time (`-1`), no header: guessing would mislead.
 */
function rateLimited(error: RateLimitError, now: () => number): HttpError {
  const headers: Record<string, string> = {}
  let when = ''
  if (error.resetAt > 0) {
    const seconds = Math.max(1, Math.ceil(error.resetAt - now() / 1000))
    headers['Retry-After'] = String(seconds)
    when = ` Retry in ${seconds} s.`
  }
  return new HttpError(429, `Auth0's rate limit is reached.${when}`, { headers })
}

function fromAuth0(error: Auth0Error): HttpError {
  const { statusCode, errorCode } = error
  const extra = errorCode === undefined ? {} : { errorCode }
  if (statusCode === 404) return new HttpError(404, 'No user has this id.')
  // Auth0's 400s and 409s are about what the caller sent: pass the reason on.
  if (statusCode === 400 || statusCode === 409) {
    return new HttpError(statusCode, error.message, extra)
  }
  if (statusCode === 401 || statusCode === 403) {
    return new HttpError(502, `Auth0 refused this service's credentials (${statusCode}).`)
  }
  return new HttpError(502, `Auth0 answered ${statusCode}.`)
}
