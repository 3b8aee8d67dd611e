/** No header may hold a caller longer than this. */
export const MAX_RETRY_DELAY_MS = 60_000
/** The first backoff step; it doubles on each retry. */
export const BACKOFF_BASE_MS = 500
/** A reset instant has one-second resolution: spread the clients it releases over at least this. */
const RESET_JITTER_FLOOR_MS = 250

/** What decides the wait before a retry. */
export interface RetryDelayInput {
  /** 1 for the first retry. */
  retry: number
  /** The answer was a 429: only then does `x-ratelimit-reset` say when to come back. */
  rateLimited: boolean
  /** The answer's raw `Retry-After` header, if any. */
  retryAfter?: string
  /** The answer's `x-ratelimit-reset` as wire/rate-limit-headers.ts parsed it: unix seconds, `-1` when absent. */
  rateLimitReset?: number
  /** Milliseconds, like `Date.now()`. */
  now: number
  /** A number in [0, 1), like `Math.random()`. */
  random: number
}

/**
 * Milliseconds to wait before a retry. Header precedence, most authoritative first:
 * 1. `Retry-After` (delta seconds or an HTTP date): the server said when; honour it exactly.
 * 2. `x-ratelimit-reset` on a 429 (unix seconds when Auth0 next adds tokens to the bucket): wait
 *    until then plus a small positive jitter (never early), so clients throttled together do not
 *    all return in the same millisecond. On other statuses it describes the bucket, not the failure.
 * 3. Otherwise exponential backoff, `500 ms × 2^(retry-1)`, with ±20 % jitter.
 * Every delay is capped at {@link MAX_RETRY_DELAY_MS}, so a wrong clock or header cannot stall a caller.
 *
 * @example
 * retryDelay({ retry: 1, rateLimited: true, retryAfter: '2', now, random: 0.5 }) //=> 2000
 */
export function retryDelay(input: RetryDelayInput): number {
  const { retry, rateLimited, now, random } = input
  const retryAfter = parseRetryAfter(input.retryAfter, now)
  if (retryAfter !== undefined) return cap(retryAfter)
  const resetSeconds = input.rateLimitReset ?? -1
  if (rateLimited && resetSeconds >= 0) {
    const reset = resetSeconds * 1000
    const wait = Math.max(0, reset - now)
    return cap(wait + random * Math.max(RESET_JITTER_FLOOR_MS, wait * 0.2))
  }
  const step = Math.min(MAX_RETRY_DELAY_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, retry - 1))
  return cap(step * (0.8 + 0.4 * random))
}

/**
 * `Retry-After` in milliseconds from `now`: `'120'` or `'Wed, 21 Oct 2015 07:28:00 GMT'`;
 * `undefined` when absent or unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const text = value.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000
  // An HTTP date always names its weekday and month; without letters Date.parse reads '-5' as a year.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

function cap(ms: number): number {
  return Math.round(Math.min(MAX_RETRY_DELAY_MS, Math.max(0, ms)))
}
