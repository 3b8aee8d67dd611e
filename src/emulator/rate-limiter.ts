import type { Clock } from './clock.js'

/** A custom bucket: `burst` tokens, refilled continuously at `perSecond`. */
export interface BucketSpec {
  burst: number
  perSecond: number
}

/** What a request's bucket looks like after the check: the `x-ratelimit-*` headers. */
export interface RateLimitVerdict {
  allowed: boolean
  /** The 429 message, naming the bucket that refused. */
  message: string
  headers: Record<string, string>
}

/**
 * One token bucket (Auth0's algorithm): holds up to `burst` tokens, each request takes one,
 * tokens come back continuously at `perSecond`.
 */
export class TokenBucket {
  #tokens: number
  #updatedAt: number

  constructor(
    readonly spec: BucketSpec,
    readonly message: string,
    private readonly now: Clock,
  ) {
    this.#tokens = spec.burst
    this.#updatedAt = now()
  }

  /** Tokens available now (fractional). */
  level(): number {
    const now = this.now()
    const refilled = ((now - this.#updatedAt) / 1000) * this.spec.perSecond
    this.#tokens = Math.min(this.spec.burst, this.#tokens + refilled)
    this.#updatedAt = now
    return this.#tokens
  }

  take(): void {
    this.#tokens -= 1
  }

  /**
   * `x-ratelimit-reset`: the UNIX second at which the next whole token is added (now when full).
   * Rounded up so a client waiting until then always finds a token.
   */
  resetAt(): number {
    const tokens = this.level()
    const now = this.now()
    if (tokens >= this.spec.burst) return Math.ceil(now / 1000)
    const missing = Math.floor(tokens) + 1 - tokens
    return Math.ceil((now + (missing / this.spec.perSecond) * 1000) / 1000)
  }

  headers(): Record<string, string> {
    return {
      'x-ratelimit-limit': String(this.spec.burst),
      'x-ratelimit-remaining': String(Math.max(0, Math.floor(this.level()))),
      'x-ratelimit-reset': String(this.resetAt()),
    }
  }
}

/**
 * Checks and takes one token from every bucket a request falls in (global first, then the
 * endpoint group). Nothing is taken when any bucket is empty. The headers describe the tightest
 * bucket — the one that decides when the next request can go through.
 */
export function consume(buckets: readonly TokenBucket[]): RateLimitVerdict | undefined {
  if (buckets.length === 0) return undefined
  const empty = buckets.find((bucket) => bucket.level() < 1)
  if (empty !== undefined) {
    return { allowed: false, message: empty.message, headers: empty.headers() }
  }
  for (const bucket of buckets) bucket.take()
  const tightest = buckets.reduce((a, b) =>
    b.level() / b.spec.burst < a.level() / a.spec.burst ? b : a,
  )
  return { allowed: true, message: '', headers: tightest.headers() }
}
