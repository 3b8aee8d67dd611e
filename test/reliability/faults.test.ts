/**
 * Faults: the emulator fails 10 % of Management API requests (429, 500, 503, connection reset,
 * slow), seeded; bulk updates, iteration, token renewal and timeouts must hold through it.
 * A tap in front of each emulator counts the requests; the faults are replayed from the seed.
 * The 1,000-user bulk delete is in faults-delete.test.ts (a file of its own, to run in parallel).
 */
import { describe, expect, it } from 'vitest'
import type { FaultOptions } from '../../src/emulator/index.js'
import { TimeoutError } from '../../src/index.js'
import { expectFaultsAsSeeded, faultSuite } from './support/fault-suite.js'
import { faultsInjected } from './support/figures.js'
import { SEED } from './support/prng.js'
import { connect, RecordingLogger, RecordingTokenStore, seedUsers } from './support/tenant.js'

const { faultyTenant } = faultSuite('faults (update, iteration, tokens, timeouts)')

const doomed = (n: number, domain = 'doomed.test') => seedUsers(n, 'doomed', domain)

describe('a bulk update under 10 % faults', () => {
  it('leaves every user updated, each by exactly one applied PATCH', async () => {
    const users = seedUsers(500, 'member', 'band.test', undefined, (i) => ({
      app_metadata: { wave: 'first', i },
    }))
    const { tenant, tap } = await faultyTenant(users)
    const logger = new RecordingLogger()
    const auth0 = connect(tenant, { logger }, tap.domain)

    const result = await auth0.users
      .query({ email: '*@band.test' })
      .update({ app_metadata: { wave: 'second' } })

    const after = await auth0.users.all().toArray()
    const stale = after.filter((user) => user.app_metadata?.wave !== 'second')
    expect(
      stale.map((user) => user.user_id),
      `${stale.length} users kept the old value`,
    ).toEqual([])
    // The merge kept each user's own key: the body is the same for all, the users are not.
    expect(new Set(after.map((user) => user.app_metadata?.i)).size).toBe(500)
    expect(result).toMatchObject({ total: 500, count: 500, failed: [], notAttempted: [] })
    // The emulator applies nothing it fails, so a 2xx answer is exactly one applied PATCH.
    const patches = after.map(
      (user) => logger.succeeded.get(`PATCH /users/${encodeURIComponent(user.user_id!)}`) ?? 0,
    )
    expect(patches.filter((n) => n !== 1)).toEqual([])
    expectFaultsAsSeeded(tap)
  }, 60_000)
})

describe('iteration under 10 % faults', () => {
  it('yields every one of 1,500 users exactly once (past the 1000 cap), in every form', async () => {
    const users = seedUsers(1500, 'fan', 'stadium.test')
    // Two-second tokens: a job this long outlives several of them.
    const { tenant, tap } = await faultyTenant(users, { tokenLifetimeSeconds: 2 })
    const auth0 = connect(tenant, {}, tap.domain)
    const qs = auth0.users.query({ email: '*@stadium.test' })

    const streamed: string[] = []
    for await (const user of qs) streamed.push(user.email!)
    const collected = (await qs.toArray()).map((user) => user.email!)

    const expected = users.map((u) => u.email as string).sort()
    for (const seen of [streamed, collected]) {
      expect(seen).toHaveLength(1500)
      expect([...seen].sort()).toEqual(expected)
    }
    expect(await qs.count()).toBe(1500)
    expect(tap.counts.tokens).toBeGreaterThan(1)
    expectFaultsAsSeeded(tap)
  }, 60_000)
})

describe('a token that expires in the middle of a long job', () => {
  it('is renewed and the job finishes: every user deleted, none failed', async () => {
    let offset = 0
    const users = doomed(400)
    const { tenant, tap } = await faultyTenant(users, { now: () => Date.now() + offset })
    const tokens = new RecordingTokenStore()
    const auth0 = connect(tenant, { tokenStore: tokens }, tap.domain)

    const result = await auth0.users.query({ email: '*@doomed.test' }).delete({
      onProgress: ({ done, total }) => {
        // Halfway through, the tenant's clock passes the token's expiry (a day and then some).
        if (done >= total / 2 && offset === 0) offset = 90_000_000
      },
    })

    expect(offset).toBe(90_000_000)
    expect(result).toEqual({ total: 400, count: 400, failed: [], notAttempted: [] })
    expect(tokens.issued).toHaveLength(2)
    expect(await auth0.users.all().count()).toBe(0)
    expectFaultsAsSeeded(tap)
  }, 60_000)
})

describe('timeouts', () => {
  const SLOW: FaultOptions = { rate: 0.3, kinds: ['slow'], seed: SEED, slowMs: 2000 }

  it('a request held past the timeout fails at the timeout, not when the tenant answers', async () => {
    // Held 6 s against a 400 ms timeout: "at the timeout" (under 4 s) keeps seconds of margin
    // for a loaded machine and still cannot be mistaken for the answer.
    const HELD: FaultOptions = { ...SLOW, slowMs: 6_000 }
    const { tenant, tap } = await faultyTenant(seedUsers(1, 'solo', 'one.test'), {}, HELD)
    const auth0 = connect(tenant, { timeout: 400, maxRetries: 0, concurrency: 20 }, tap.domain)
    const [user] = await connect(tenant, {}, tap.domain).users.all().toArray()
    const before = faultsInjected(HELD, tap.counts.api).slow
    const calls = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const started = performance.now()
        const error = await auth0.users.get(user!.user_id!).then(
          () => undefined,
          (e: unknown) => e,
        )
        return { error, ms: performance.now() - started }
      }),
    )
    const timedOut = calls.filter((call) => call.error !== undefined)
    // The seed decides how many of the 20 were held: exactly those time out.
    expect(timedOut).toHaveLength(faultsInjected(HELD, tap.counts.api).slow - before)
    expect(timedOut.length).toBeGreaterThan(0)
    for (const call of timedOut) {
      expect(call.error).toBeInstanceOf(TimeoutError)
      expect(call.ms).toBeGreaterThanOrEqual(390)
      expect(call.ms).toBeLessThan(4_000)
    }
  })

  it('a search whose pages time out is retried and still returns every user', async () => {
    const users = seedUsers(450, 'late', 'slow.test')
    const { tenant, tap } = await faultyTenant(users, {}, SLOW)
    const auth0 = connect(tenant, { timeout: 400, maxRetries: 6 }, tap.domain)
    const found = await auth0.users.query({ email: '*@slow.test' }).toArray()
    expect(found.map((user) => user.email).sort()).toEqual(users.map((u) => u.email).sort())
    expect(faultsInjected(SLOW, tap.counts.api).slow).toBeGreaterThan(0)
  }, 30_000)
})

describe('an outage longer than the HTTP retries', () => {
  it('does not drop users from a bulk delete: a DELETE is idempotent and is sent again', async () => {
    // Five users' DELETEs meet four 503s in a row (the first try and the HTTP layer's three
    // retries, ~3.5 s), then the tenant recovers. Deterministic: the tap answers those itself.
    const users = doomed(100)
    const unlucky = new Set<string>()
    const outage = new Map<string, number>()
    const { tenant, tap } = await faultyTenant(users, {}, false, (method, url) => {
      if (method !== 'DELETE' || !unlucky.has(url)) return undefined
      const seen = (outage.get(url) ?? 0) + 1
      outage.set(url, seen)
      return seen <= 4 ? 503 : undefined
    })
    const auth0Direct = connect(tenant)
    const ids = (await auth0Direct.users.all().toArray()).map((user) => user.user_id!)
    for (const id of ids.slice(0, 5)) unlucky.add(`/api/v2/users/${encodeURIComponent(id)}`)

    const result = await connect(tenant, {}, tap.domain).users.all().delete()

    expect(result.failed.map((f) => `${f.user_id}: ${String(f.error)}`)).toEqual([])
    expect(result).toEqual({ total: 100, count: 100, failed: [], notAttempted: [] })
    expect(await auth0Direct.users.all().count()).toBe(0)
  }, 30_000)
})
