import type { RateLimitInfo } from '../../../src/errors.js'

/** A clock whose sleep advances time at once, so pacing is tested without waiting. */
export function fakeClock(start = Date.parse('2025-06-01T12:00:00.000Z')) {
  let t = start
  const slept: number[] = []
  return {
    now: () => t,
    sleep: async (ms: number) => {
      slept.push(ms)
      t += ms
    },
    advance: (ms: number) => {
      t += ms
    },
    slept,
  }
}

/** Auth0's token bucket as the emulator runs it: the headers a request gets back, or a 429. */
export function serverBucket(burst: number, perSecond: number, now: () => number) {
  let tokens = burst
  let at = now()
  const level = () => {
    tokens = Math.min(burst, tokens + ((now() - at) / 1000) * perSecond)
    at = now()
    return tokens
  }
  const headers = (): RateLimitInfo => {
    const level_ = level()
    const missing = Math.floor(level_) + 1 - level_
    const reset =
      level_ >= burst
        ? Math.ceil(now() / 1000)
        : Math.ceil((now() + (missing / perSecond) * 1000) / 1000)
    return { limit: burst, remaining: Math.max(0, Math.floor(level_)), reset }
  }
  return {
    /** One request: `throttled` when the bucket was empty. */
    take(): { info: RateLimitInfo; throttled: boolean } {
      if (level() < 1) return { info: headers(), throttled: true }
      tokens -= 1
      return { info: headers(), throttled: false }
    },
  }
}
