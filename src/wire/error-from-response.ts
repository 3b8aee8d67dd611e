import { STATUS_CODES } from 'node:http'
import { Auth0Error, RateLimitError, type Auth0ErrorBody, type RequestInfo } from '../errors.js'
import { parseRateLimit, parseReset } from './rate-limit-headers.js'
import { redact } from './redact.js'
import type { WireResponse } from './transport.js'

/**
 * Reads an error answer in any of the shapes Auth0 sends:
 * - Management API: `{ statusCode, error: 'Not Found', message, errorCode }`;
 * - OAuth (`/oauth/token`): `{ error: 'access_denied', error_description }`: `error` is a code there,
 *   so it becomes `errorCode` and the reason phrase becomes `error`;
 * - anything else (an HTML 502 from a proxy, an empty body): the HTTP status and reason phrase.
 *
 * The HTTP status always wins over a `statusCode` in the body.
 *
 * @example
 * errorBody(401, '', '{"error":"access_denied","error_description":"Unauthorized"}')
 * //=> { statusCode: 401, error: 'Unauthorized', message: 'Unauthorized', errorCode: 'access_denied' }
 */
export function errorBody(status: number, statusText: string, text: string): Auth0ErrorBody {
  const reason = STATUS_CODES[status] ?? (statusText || `HTTP ${status}`)
  const json = parseObject(text)
  if (json && typeof json.error_description === 'string') {
    return {
      statusCode: status,
      error: reason,
      message: json.error_description,
      errorCode: stringOr(json.error, undefined),
    }
  }
  if (json && (typeof json.message === 'string' || typeof json.error === 'string')) {
    const oauthStyle = json.message === undefined && json.statusCode === undefined
    return {
      statusCode: status,
      error: oauthStyle ? reason : stringOr(json.error, reason),
      message: stringOr(json.message, reason),
      errorCode: oauthStyle ? stringOr(json.error, undefined) : stringOr(json.errorCode, undefined),
    }
  }
  return { statusCode: status, error: reason, message: reason }
}

/**
 * The {@link Auth0Error} for an error answer (a {@link RateLimitError} for a 429, `resetAt` from
 * `x-ratelimit-reset`), with `secrets` (the token, a password from the request body) scrubbed
 * from whatever text the server echoed back.
 */
export function errorFromResponse(
  res: WireResponse,
  info: RequestInfo,
  secrets: readonly string[],
): Auth0Error {
  const body = scrubbed(errorBody(res.status, res.statusText, res.text), secrets)
  const rateLimit = parseRateLimit(res.headers)
  if (res.status === 429) {
    return new RateLimitError(body, parseReset(res.headers), info, { rateLimit })
  }
  return new Auth0Error(body, info, { rateLimit })
}

/** `body` with every text field scrubbed of `secrets`. */
export function scrubbed(body: Auth0ErrorBody, secrets: readonly string[]): Auth0ErrorBody {
  const clean = (text: string | undefined) =>
    text === undefined ? undefined : redact(text, secrets)
  return {
    statusCode: body.statusCode,
    error: clean(body.error),
    message: clean(body.message),
    errorCode: clean(body.errorCode),
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

function stringOr<T>(value: unknown, fallback: T): string | T {
  return typeof value === 'string' && value !== '' ? value : fallback
}
