import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { RateLimitError } from '../../../src/errors.js'
import { HttpClient } from '../../../src/http/http-client.js'
import { Pacing, routeOf } from '../../../src/http/pacing.js'
import { StaticTokenProvider } from '../../../src/auth/token-provider.js'
import { simClock, wireCounter } from '../../support/sim-clock.js'
import { fakeClock, serverBucket } from './fake-bucket.js'
import { address, API } from './fixtures.js'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

/** Whether the promise has settled after the microtasks queued so far. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false
  void promise.then(() => (done = true))
  for (let i = 0; i < 20; i++) await Promise.resolve()
  return done
}

describe('routeOf', () => {
  it('keys by the kind of method and the resource, not the id or sub-path', () => {
    expect(routeOf('GET', '/users')).toBe('read /users')
    expect(routeOf('GET', '/users/auth0%7C1/roles')).toBe('read /users')
    expect(routeOf('POST', '/users')).toBe('write /users')
    expect(routeOf('PATCH', '/users/auth0%7C1')).toBe('write /users')
    expect(routeOf('DELETE', '/users/auth0%7C1')).toBe('delete /users')
    expect(routeOf('GET', '/users-by-email')).toBe('read /users-by-email')
    expect(routeOf('POST', '/jobs/users-exports')).toBe('write /jobs')
  })
})

describe('Pacing', () => {
  const limited = (limit: number, remaining: number) => ({ limit, remaining, reset: 1 })

  it('sends a route alone until its answer tells its bucket, then paces it there', async () => {
    const pacing = new Pacing(fakeClock())
    const first = await pacing.acquire('POST', '/users')
    const second = pacing.acquire('POST', '/users')
    expect(await settled(second)).toBe(false)
    pacing.observe(first, limited(50, 49), false)
    expect(await settled(second)).toBe(true)
    const later = await pacing.acquire('PATCH', '/users/auth0%7C1')
    expect(later.pacer).not.toBe(first.pacer) // the bucket's pacer, not the route's probe
  })

  it('paces routes whose answers report the same bucket size with one pacer', async () => {
    // Enterprise: one global bucket of 50, so reads and writes spend the same tokens.
    const pacing = new Pacing(fakeClock())
    pacing.observe(await pacing.acquire('POST', '/users'), limited(50, 49), false)
    pacing.observe(await pacing.acquire('GET', '/users'), limited(50, 48), false)
    const write = await pacing.acquire('POST', '/users')
    const read = await pacing.acquire('GET', '/users')
    expect(read.pacer).toBe(write.pacer)
  })

  it('keeps buckets of different sizes apart (Essentials: reads 40, writes 20)', async () => {
    const pacing = new Pacing(fakeClock())
    pacing.observe(await pacing.acquire('POST', '/users'), limited(20, 19), false)
    pacing.observe(await pacing.acquire('GET', '/users'), limited(40, 39), false)
    const write = await pacing.acquire('POST', '/users')
    const read = await pacing.acquire('GET', '/users')
    expect(read.pacer).not.toBe(write.pacer)
  })

  it('keeps its state bounded: past 64 routes, new ones share one pacer', async () => {
    const pacing = new Pacing(fakeClock())
    const permits = []
    for (let i = 0; i < 200; i++) {
      const permit = await pacing.acquire('DELETE', `/r${i}`)
      pacing.observe(permit, undefined, false) // no headers: the next one need not wait
      permits.push(permit)
    }
    expect(new Set(permits.map((p) => p.pacer)).size).toBe(65)
    expect(permits[100]!.pacer).toBe(permits[199]!.pacer)
  })

  it("counts the client's requests in flight on other buckets against `remaining`", async () => {
    const pacing = new Pacing(fakeClock())
    pacing.observe(await pacing.acquire('GET', '/users'), limited(40, 39), false)
    for (let i = 0; i < 3; i++) await pacing.acquire('GET', '/users') // three reads in flight
    pacing.observe(await pacing.acquire('POST', '/users'), limited(20, 5), false)
    await pacing.acquire('POST', '/users')
    await pacing.acquire('POST', '/users') // 5 - 3 reads in flight = 2 tokens
    expect(await settled(pacing.acquire('POST', '/users'))).toBe(false)
  })
})

describe('HttpClient pacing', () => {
  /**
   * A client and a fake tenant bucket on one simulated clock: requests take no time, so the
   * 429s counted and the seconds measured are the pacer's decisions, whatever the machine's load.
   */
  function pacedTenant(burst: number, perSecond: number) {
    const wire = wireCounter()
    const clock = simClock(Date.parse('2025-06-01T12:00:00.000Z'), wire.busy)
    const bucket = serverBucket(burst, perSecond, clock.now)
    const answer = (ok: number, body: unknown) => () => {
      const { info, throttled } = bucket.take()
      const headers = {
        'x-ratelimit-limit': String(info.limit),
        'x-ratelimit-remaining': String(info.remaining),
        'x-ratelimit-reset': String(info.reset),
      }
      return [throttled ? 429 : ok, throttled ? { statusCode: 429 } : body, headers]
    }
    nock(API)
      .persist()
      .post('/users')
      .reply(answer(201, { user_id: 'auth0|1' }) as never)
      .get('/users')
      .query(true)
      .reply(answer(200, []) as never)
    const http = new HttpClient({
      address,
      tokens: new StaticTokenProvider('token'),
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0.5,
      logger: wire.logger,
    })
    return { http, clock, throttled: wire.throttled }
  }

  it('sends 300 concurrent creates at Enterprise limits (50 burst, 16/s) with no 429', async () => {
    const { http, clock, throttled } = pacedTenant(50, 16)
    const start = clock.now()
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        http.request({ method: 'POST', path: '/users', body: { email: `u${i}@x.y` } }),
      ),
    )
    expect(results).toHaveLength(300)
    expect(throttled()).toBe(0)
    // The burst is free; the other 250 come at the refill rate, less the pacer's margin.
    const seconds = (clock.now() - start) / 1000
    const ideal = (300 - 50) / 16
    expect(seconds).toBeGreaterThanOrEqual(ideal * 0.98)
    expect(seconds).toBeLessThan(ideal * 1.1)
  })

  it('paces reads and writes sharing one global bucket with no 429', async () => {
    const { http, throttled } = pacedTenant(50, 16)
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        i % 2 === 0
          ? http.request({ method: 'POST', path: '/users', body: {} })
          : http.request({ method: 'GET', path: '/users', params: { page: i } }),
      ),
    )
    expect(throttled()).toBe(0)
  })

  it('without pacing, the same creates meet 429s and some fail (what pacing prevents)', async () => {
    const clock = fakeClock()
    const bucket = serverBucket(50, 16, clock.now)
    let throttled = 0
    nock(API)
      .persist()
      .post('/users')
      .reply(() => {
        const answer = bucket.take()
        if (answer.throttled) throttled++
        const headers = {
          'x-ratelimit-limit': String(answer.info.limit),
          'x-ratelimit-remaining': String(answer.info.remaining),
          'x-ratelimit-reset': String(answer.info.reset),
        }
        return [answer.throttled ? 429 : 201, {}, headers]
      })
    const http = new HttpClient({
      address,
      tokens: new StaticTokenProvider('token'),
      now: clock.now,
      sleep: async () => {}, // retries come back at once: no time passes
      pace: false,
    })
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, () => http.request({ method: 'POST', path: '/users' })),
    )
    expect(throttled).toBeGreaterThan(0)
    const failures = outcomes.filter((o) => o.status === 'rejected')
    expect(failures.length).toBeGreaterThan(0)
    expect((failures[0] as PromiseRejectedResult).reason).toBeInstanceOf(RateLimitError)
  })
})
