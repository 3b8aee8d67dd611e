import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SearchLimitExceeded } from '../../../src/index.js'
import { HEAVY, bulkTenant, seedUsers, tally } from './bulk-tenant.js'

describe('2,500 users, past the 1000-result cap', { timeout: HEAVY }, () => {
  let t: Awaited<ReturnType<typeof bulkTenant>>
  beforeAll(async () => {
    // Creation times 1–3 ms apart and some shared, as imports make them.
    const users = seedUsers(2500).map((user, i) => ({
      ...user,
      created_at: new Date(Date.parse(user.created_at) + Math.floor(i / 3) * 2).toISOString(),
    }))
    t = await bulkTenant({ users, rateLimit: { burst: 500, perSecond: 2000 } })
  })
  afterAll(() => t.tenant.stop())

  it('iterates every user exactly once, in created_at order, in 28 requests, none spent planning', async () => {
    const seen: { id: string; createdAt: string }[] = []
    for await (const user of t.auth0.users.all())
      seen.push({ id: user.user_id!, createdAt: user.created_at! })
    expect(seen).toHaveLength(2500)
    expect(new Set(seen.map((user) => user.id)).size).toBe(2500)
    const times = seen.map((user) => Date.parse(user.createdAt))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    // 1 first page + 1 newest probe + 10 + 10 + 6 range pages (no partition probes).
    expect(t.sent('GET', '/users').length).toBe(28)
  })

  it('toArray() and count() agree', async () => {
    await expect(t.auth0.users.all().count()).resolves.toBe(2500)
    const all = await t.auth0.users.all().toArray()
    expect(new Set(all.map((user) => user.user_id)).size).toBe(2500)
  })

  it('refuses an orderBy other than created_at past the cap, before acting', async () => {
    await expect(t.auth0.users.all().orderBy('email').delete()).rejects.toThrow(SearchLimitExceeded)
    expect(t.sent('DELETE')).toHaveLength(0)
  })

  it('deletes every user exactly once', async () => {
    const result = await t.auth0.users.all().delete()
    expect(result).toEqual({ total: 2500, count: 2500, failed: [], notAttempted: [] })
    const deletes = tally(t.sent('DELETE').map((line) => line.path))
    expect(deletes.size).toBe(2500)
    expect([...deletes.values()].every((n) => n === 1)).toBe(true)
    await expect(t.auth0.users.all().count()).resolves.toBe(0)
  })
})
