import { describe, expect, it } from 'vitest'
import { ExpiringMap } from '../../src/emulator/expiring-map.js'
import { RefreshTokens } from '../../src/emulator/refresh-tokens.js'
import { manualClock } from './helpers.js'

const grant = { clientId: 'app', userId: 'auth0|1', audience: undefined, scopes: ['openid'] }

describe('ExpiringMap', () => {
  it('expires entries and keeps at most `max`, dropping the oldest', () => {
    const clock = manualClock()
    const map = new ExpiringMap<number>(clock.now, 1000, 3)
    for (const key of ['a', 'b', 'c', 'd']) map.set(key, 1)
    expect(map.size).toBe(3)
    expect(map.get('a')).toBeUndefined()
    expect(map.get('d')).toBe(1)
    clock.advance(1000)
    expect(map.get('b')).toBeUndefined()
    map.set('e', 2)
    // The expired ones were swept from the head by the set.
    expect(map.size).toBe(1)
  })

  it('takes prototype names as plain keys', () => {
    const map = new ExpiringMap<string>(manualClock().now, 1000, 10)
    expect(map.get('__proto__')).toBeUndefined()
    expect(map.get('constructor')).toBeUndefined()
    map.set('__proto__', 'x')
    expect(map.get('__proto__')).toBe('x')
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })

  it('stays bounded under a flood (amortised sweep)', () => {
    const clock = manualClock()
    const map = new ExpiringMap<number>(clock.now, 50, 1000)
    for (let i = 0; i < 100_000; i++) {
      map.set(`k${i}`, i)
      clock.advance(1)
    }
    expect(map.size).toBeLessThanOrEqual(51)
  })
})

describe('RefreshTokens', () => {
  it('keeps at most `max`, the oldest going first', () => {
    const tokens = new RefreshTokens(manualClock().now, 60_000, 2)
    const [a, b, c] = [tokens.issue(grant), tokens.issue(grant), tokens.issue(grant)]
    expect(tokens.size).toBe(2)
    expect(tokens.exchange(a, 'app', false)).toBeUndefined()
    expect(tokens.exchange(b, 'app', false)).toMatchObject(grant)
    expect(tokens.exchange(c, 'app', false)).toMatchObject(grant)
  })

  it('expires, refuses other clients, and a reuse under rotation revokes the family', () => {
    const clock = manualClock()
    const tokens = new RefreshTokens(clock.now, 1000, 100)
    const first = tokens.issue(grant)
    expect(tokens.exchange(first, 'other', true)).toBeUndefined()
    const spent = tokens.exchange(first, 'app', true)!
    const second = tokens.issue(grant, spent.family)
    const unrelated = tokens.issue(grant)
    expect(tokens.exchange(first, 'app', true)).toBeUndefined()
    expect(tokens.exchange(second, 'app', true)).toBeUndefined()
    expect(tokens.exchange(unrelated, 'app', false)).toBeDefined()
    clock.advance(1000)
    expect(tokens.exchange(unrelated, 'app', false)).toBeUndefined()
    expect(tokens.exchange('__proto__', 'app', false)).toBeUndefined()
  })
})
