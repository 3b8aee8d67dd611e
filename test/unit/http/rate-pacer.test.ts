import { describe, expect, it } from 'vitest'
import { RatePacer } from '../../../src/http/rate-pacer.js'
import { RefillEstimator } from '../../../src/http/refill-estimator.js'
import { fakeClock, serverBucket } from './fake-bucket.js'

/** Whether the promise has settled after the microtasks queued so far. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false
  void promise.then(() => (done = true))
  for (let i = 0; i < 20; i++) await Promise.resolve()
  return done
}

describe('RatePacer', () => {
  it('sends one request alone until an answer tells the bucket size', async () => {
    const clock = fakeClock()
    const pacer = new RatePacer(clock)
    const first = await pacer.acquire()
    const second = pacer.acquire()
    expect(await settled(second)).toBe(false)
    pacer.observe(first, { limit: 50, remaining: 49, reset: 0 })
    expect(await settled(second)).toBe(true)
    expect(clock.slept).toEqual([])
  })

  it('lifts pacing when answers carry no rate-limit headers', async () => {
    const clock = fakeClock()
    const pacer = new RatePacer(clock)
    pacer.observe(await pacer.acquire(), undefined)
    const tickets = await Promise.all(Array.from({ length: 50 }, () => pacer.acquire()))
    expect(tickets).toHaveLength(50)
    expect(clock.slept).toEqual([])
  })

  it('spends `remaining` minus what is in flight, then waits for x-ratelimit-reset', async () => {
    const clock = fakeClock(Date.parse('2025-06-01T12:00:00.400Z'))
    const pacer = new RatePacer(clock)
    const first = await pacer.acquire()
    const second = pacer.acquire()
    const reset = Date.parse('2025-06-01T12:00:01.000Z') / 1000
    pacer.observe(first, { limit: 5, remaining: 3, reset })
    await second
    await pacer.acquire()
    await pacer.acquire() // 3 tokens: this is the last
    expect(clock.slept).toEqual([])
    const fourth = pacer.acquire()
    expect(await settled(fourth)).toBe(false) // three in flight: wait for their answers
    // The answers say the bucket is empty: with no rate learnt yet, wait until the reset second.
    for (let seq = 1; seq <= 3; seq++)
      pacer.observe({ seq, sentAt: clock.now() }, { limit: 5, remaining: 0, reset })
    await fourth
    expect(clock.slept).toEqual([600])
  })

  it('runs at the learnt refill rate with no 429 (sequential, 400 requests, 20 burst, 5/s)', async () => {
    const clock = fakeClock()
    const server = serverBucket(20, 5, clock.now)
    const pacer = new RatePacer(clock)
    const start = clock.now()
    let throttled = 0
    for (let i = 0; i < 400; i++) {
      const ticket = await pacer.acquire()
      clock.advance(3) // latency
      const answer = server.take()
      if (answer.throttled) throttled++
      pacer.observe(ticket, answer.info, answer.throttled)
    }
    const seconds = (clock.now() - start) / 1000
    const ideal = (400 - 20) / 5 // the burst is free, the rest comes at 5/s
    expect(throttled).toBe(0)
    expect(seconds).toBeGreaterThanOrEqual(ideal * 0.98)
    expect(seconds).toBeLessThan(ideal * 1.1)
    expect(pacer.perSecond).toBeGreaterThan(4.5)
    expect(pacer.perSecond).toBeLessThanOrEqual(5)
  })

  it('ignores the headers of an answer older than the newest applied', async () => {
    const clock = fakeClock()
    const pacer = new RatePacer(clock)
    const reset = Math.ceil(clock.now() / 1000) + 1
    pacer.observe(await pacer.acquire(), { limit: 10, remaining: 2, reset })
    const a = await pacer.acquire()
    const b = await pacer.acquire()
    pacer.observe(b, { limit: 10, remaining: 0, reset })
    pacer.observe(a, { limit: 10, remaining: 1, reset }) // stale: b went later
    await pacer.acquire()
    expect(clock.slept).toHaveLength(1) // waited for the reset, not fooled by a's `remaining: 1`
  })
})

describe('RefillEstimator', () => {
  it('needs a second of history, or a tenth of one when the gain is 10+ tokens', () => {
    const slow = new RefillEstimator()
    slow.add({ at: 0, remaining: 10, spent: 0 }, 50)
    slow.add({ at: 900, remaining: 5, spent: 8 }, 50) // gained 3 - 1
    expect(slow.perMs()).toBeUndefined()
    slow.add({ at: 1000, remaining: 5, spent: 8 }, 50)
    expect(slow.perMs()).toBeCloseTo(0.002)
    const fast = new RefillEstimator()
    fast.add({ at: 0, remaining: 40, spent: 0 }, 50)
    fast.add({ at: 150, remaining: 10, spent: 60 }, 50) // gained 30 - 1 in 150 ms
    expect(fast.perMs()).toBeCloseTo(29 / 150)
  })

  it('counts tokens spent plus the change in remaining, less one for rounding', () => {
    const estimator = new RefillEstimator()
    estimator.add({ at: 0, remaining: 10, spent: 0 }, 50)
    estimator.add({ at: 2000, remaining: 10, spent: 33 }, 50)
    expect(estimator.perMs()).toBeCloseTo(0.016)
  })

  it('keeps only a lower bound from a bucket seen full (a full bucket stops refilling)', () => {
    const estimator = new RefillEstimator()
    estimator.add({ at: 0, remaining: 0, spent: 0 }, 50)
    estimator.add({ at: 5000, remaining: 49, spent: 10 }, 50) // ≥ 58 tokens in 5 s
    estimator.add({ at: 5500, remaining: 40, spent: 19 }, 50) // too little since to measure
    expect(estimator.perMs()).toBeCloseTo(58 / 5000)
  })

  it('measures from when the first request left, so answers read late err low', () => {
    // A loaded client reads the first answer 300 ms after sending: the server may have read
    // `remaining` as early as 0, so the 30 tokens (less 1) count over 1,300 ms, not 1,000.
    const estimator = new RefillEstimator()
    estimator.add({ at: 300, sentAt: 0, remaining: 10, spent: 0 }, 50)
    estimator.add({ at: 1300, sentAt: 1290, remaining: 10, spent: 30 }, 50)
    expect(estimator.perMs()).toBeCloseTo(29 / 1300)
  })

  it('takes the requests in flight off the gain (answers overtake each other)', () => {
    const estimator = new RefillEstimator()
    estimator.add({ at: 0, remaining: 10, spent: 0, inFlight: 4 }, 50)
    estimator.add({ at: 1000, remaining: 10, spent: 30, inFlight: 4 }, 50)
    expect(estimator.perMs()).toBeCloseTo(21 / 1000)
  })
})
