import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bulkTenant, seedUsers } from './bulk-tenant.js'

describe('pacing bulk work from the x-ratelimit-* headers', () => {
  let t: Awaited<ReturnType<typeof bulkTenant>>
  const RATE = { burst: 20, perSecond: 100 }
  beforeAll(async () => {
    t = await bulkTenant({ users: seedUsers(400), rateLimit: RATE })
  })
  afterAll(() => t.tenant.stop())

  it('runs at the tenant limit with no 429 and no failure', async () => {
    let actingSince = 0
    const result = await t.auth0.users
      .all()
      .delete({ beforeAct: () => void (actingSince = Date.now()) })
    const seconds = (Date.now() - actingSince) / 1000
    expect(result).toMatchObject({ total: 400, count: 400, failed: [] })
    expect(t.log.filter((line) => line.status === 429)).toHaveLength(0)
    // The bucket holds 20 at the start (partly spent on the search); the rest comes at 100/s.
    const ideal = 400 / RATE.perSecond
    expect(seconds).toBeGreaterThan((400 - RATE.burst) / RATE.perSecond - 0.1)
    expect(seconds).toBeLessThan(ideal * 1.15)
  })
})
