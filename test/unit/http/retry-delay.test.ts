import { describe, expect, it } from 'vitest'
import {
  BACKOFF_BASE_MS,
  MAX_RETRY_DELAY_MS,
  parseRetryAfter,
  retryDelay,
} from '../../../src/http/retry-delay.js'

const NOW = Date.parse('2026-01-01T00:00:00Z')
const base = { retry: 1, rateLimited: true, now: NOW, random: 0.5 }

describe('retryDelay precedence', () => {
  it('takes Retry-After in seconds first, over x-ratelimit-reset', () => {
    expect(retryDelay({ ...base, retryAfter: '2', rateLimitReset: NOW / 1000 + 30 })).toBe(2000)
    expect(retryDelay({ ...base, retryAfter: '0.5' })).toBe(500)
  })

  it('takes Retry-After as an HTTP date', () => {
    const date = new Date(NOW + 7000).toUTCString()
    expect(retryDelay({ ...base, retryAfter: date })).toBe(7000)
    expect(retryDelay({ ...base, retryAfter: new Date(NOW - 5000).toUTCString() })).toBe(0)
  })

  it('falls back to x-ratelimit-reset with a positive jitter on a 429', () => {
    const reset = NOW / 1000 + 10
    expect(retryDelay({ ...base, rateLimitReset: reset, random: 0 })).toBe(10_000)
    expect(retryDelay({ ...base, rateLimitReset: reset, random: 0.999 })).toBe(11_998)
    for (let i = 0; i < 50; i++) {
      const delay = retryDelay({ ...base, rateLimitReset: reset, random: Math.random() })
      expect(delay).toBeGreaterThanOrEqual(10_000)
      expect(delay).toBeLessThanOrEqual(12_000)
    }
  })

  it('jitters a reset that has already passed by a few hundred ms, never negative', () => {
    const reset = NOW / 1000 - 3
    expect(retryDelay({ ...base, rateLimitReset: reset, random: 0 })).toBe(0)
    expect(retryDelay({ ...base, rateLimitReset: reset, random: 0.999 })).toBe(250)
  })

  it('ignores x-ratelimit-reset when the failure is not a 429', () => {
    const reset = NOW / 1000 + 30
    expect(retryDelay({ ...base, rateLimited: false, rateLimitReset: reset })).toBe(BACKOFF_BASE_MS)
  })

  it('ignores unreadable headers', () => {
    expect(retryDelay({ ...base, retryAfter: 'soon', rateLimitReset: -1 })).toBe(BACKOFF_BASE_MS)
  })
})

describe('retryDelay backoff', () => {
  it('doubles per retry with ±20 % jitter', () => {
    const at = (retry: number, random: number) =>
      retryDelay({ retry, rateLimited: false, now: NOW, random })
    expect([1, 2, 3, 4].map((r) => at(r, 0.5))).toEqual([500, 1000, 2000, 4000])
    expect(at(3, 0)).toBe(1600)
    expect(at(3, 0.999999)).toBe(2400)
  })

  it('caps every delay at 60 s', () => {
    expect(retryDelay({ retry: 30, rateLimited: false, now: NOW, random: 0.999 })).toBe(
      MAX_RETRY_DELAY_MS,
    )
    expect(retryDelay({ ...base, retryAfter: '3600' })).toBe(MAX_RETRY_DELAY_MS)
    expect(retryDelay({ ...base, rateLimitReset: NOW / 1000 + 3600 })).toBe(MAX_RETRY_DELAY_MS)
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and dates, and nothing else', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000)
    expect(parseRetryAfter(' 3 ', NOW)).toBe(3000)
    expect(parseRetryAfter(new Date(NOW + 1000).toUTCString(), NOW)).toBe(1000)
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined()
    expect(parseRetryAfter('', NOW)).toBeUndefined()
    expect(parseRetryAfter('-5', NOW)).toBeUndefined()
    expect(parseRetryAfter('tomorrow-ish', NOW)).toBeUndefined()
  })
})
