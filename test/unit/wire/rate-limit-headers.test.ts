import { describe, expect, it } from 'vitest'
import { parseRateLimit, parseReset } from '../../../src/wire/rate-limit-headers.js'

describe('parseRateLimit', () => {
  it('reads the three x-ratelimit headers', () => {
    expect(
      parseRateLimit({
        'x-ratelimit-limit': '50',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': '1675452600',
      }),
    ).toEqual({ limit: 50, remaining: 0, reset: 1675452600 })
  })

  it('is undefined unless all three are numbers', () => {
    expect(parseRateLimit({})).toBeUndefined()
    expect(
      parseRateLimit({ 'x-ratelimit-limit': '50', 'x-ratelimit-remaining': '1' }),
    ).toBeUndefined()
    expect(
      parseRateLimit({
        'x-ratelimit-limit': '50',
        'x-ratelimit-remaining': 'lots',
        'x-ratelimit-reset': '1',
      }),
    ).toBeUndefined()
  })
})

describe('parseReset', () => {
  it('is the reset in unix seconds, -1 when absent or unreadable', () => {
    expect(parseReset({ 'x-ratelimit-reset': '1675452600' })).toBe(1675452600)
    expect(parseReset({})).toBe(-1)
    expect(parseReset({ 'x-ratelimit-reset': 'Tuesday' })).toBe(-1)
  })
})
