import { afterEach, describe, expect, it } from 'vitest'
import { HEAVY, seedUsers } from './bulk-tenant.js'
import { simTenant } from './sim-tenant.js'

/** Auth0 Enterprise, production tenant: 50 burst, 16 per second for the whole Management API. */
const BURST = 50
const PER_SECOND = 16

/*
 * The emulator and the client share a simulated clock (sim-tenant.ts): 429s and seconds are the
 * pacer's decisions against the real emulator's buckets, not the machine's speed.
 */
describe(
  'every request of a client is paced from the x-ratelimit-* headers',
  { timeout: HEAVY },
  () => {
    let t: Awaited<ReturnType<typeof simTenant>> | undefined
    afterEach(async () => {
      await t?.stop()
      t = undefined
    })

    it('300 concurrent creates at Enterprise limits: no 429 on the wire, no RateLimitError', async () => {
      t = await simTenant({ rateLimit: 'enterprise' })
      const start = t.clock.now()
      const created = await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          t!.users.create({ email: `new${i}@example.com`, password: 'Passw0rd!x' }),
        ),
      )
      const seconds = (t.clock.now() - start) / 1000
      expect(new Set(created.map((user) => user.user_id)).size).toBe(300)
      expect(t.throttled()).toBe(0)
      expect(t.tap.counts.api).toBe(300) // not one retry
      // Paced, not let through: the burst is free, the other 250 come at the tenant's rate.
      const ideal = (300 - BURST) / PER_SECOND
      expect(seconds).toBeGreaterThanOrEqual(ideal * 0.98)
      expect(seconds).toBeLessThan(ideal * 1.15)
    })

    it('iterating 6,000 users page by page meets no 429', async () => {
      t = await simTenant({ rateLimit: 'enterprise', users: seedUsers(6000) })
      let seen = 0
      for await (const user of t.users.all()) if (user.user_id) seen++
      expect(seen).toBe(6000)
      expect(t.tap.counts.api).toBeGreaterThan(BURST) // past the burst: pacing had to act
      expect(t.throttled()).toBe(0)
    })

    it('a bulk delete still runs at the tenant rate, with no 429 and no failure', async () => {
      const n = 400
      t = await simTenant({ rateLimit: 'enterprise', users: seedUsers(n) })
      let actingSince = 0
      const result = await t.users
        .all()
        .delete({ beforeAct: () => void (actingSince = t!.clock.now()) })
      const seconds = (t.clock.now() - actingSince) / 1000
      expect(result).toEqual({ total: n, count: n, failed: [], notAttempted: [] })
      expect(t.throttled()).toBe(0)
      // At best the bucket is full when acting starts (less what the search spent): the rest
      // comes at 16/s. The pacer's 3 % margin and rounding may cost a little, never 4×.
      expect(seconds).toBeGreaterThanOrEqual(((n - BURST) / PER_SECOND) * 0.98)
      expect(seconds).toBeLessThan((n / PER_SECOND) * 1.15)
    })
  },
)
