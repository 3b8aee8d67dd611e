import type { RateLimitInfo } from '../errors.js'

/**
 * The one reader of Auth0's rate-limit headers: the HTTP client, the retry delay, the errors
 * and the bulk pacer all take their numbers from here.
 *
 * Auth0's `x-ratelimit-limit`, `-remaining` and `-reset` headers, or `undefined` unless all three
 * are present and numeric. They describe the tenant's bucket and come on successful and throttled
 * answers alike.
 *
 * @example
 * parseRateLimit({ 'x-ratelimit-limit': '50', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1675452600' })
 * //=> { limit: 50, remaining: 0, reset: 1675452600 }
 */
export function parseRateLimit(headers: Record<string, string>): RateLimitInfo | undefined {
  const limit = integer(headers['x-ratelimit-limit'])
  const remaining = integer(headers['x-ratelimit-remaining'])
  const reset = integer(headers['x-ratelimit-reset'])
  if (limit === undefined || remaining === undefined || reset === undefined) return undefined
  return { limit, remaining, reset }
}

/** `x-ratelimit-reset` in unix seconds, `-1` when absent or not a number (as `RateLimitError.resetAt`). */
export function parseReset(headers: Record<string, string>): number {
  return integer(headers['x-ratelimit-reset']) ?? -1
}

function integer(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined
  return Number(value)
}
