import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SearchLimitExceeded } from '../../../src/index.js'
import { bulkTenant, seedUsers } from './bulk-tenant.js'

describe('a partition that cannot be split', () => {
  let t: Awaited<ReturnType<typeof bulkTenant>>
  beforeAll(async () => {
    // 1,001 users imported in the same millisecond, between 100 others.
    const crowd = seedUsers(1001, { prefix: 'crowd', stepMs: 0 }).map((user) => ({
      ...user,
      created_at: '2024-01-01T00:00:00.050Z',
    }))
    t = await bulkTenant({
      users: [...seedUsers(100, { prefix: 'spread', stepMs: 1000 }), ...crowd],
    })
  })
  afterAll(() => t.tenant.stop())

  it('fails before acting, saying why and pointing to the export job', async () => {
    const beforeAct = () => {
      throw new Error('must not be reached')
    }
    const job = t.auth0.users.all().delete({ beforeAct })
    await expect(job).rejects.toThrow(SearchLimitExceeded)
    await expect(job).rejects.toThrow(/1001 users .* same millisecond .*auth0\.users\.export\(\)/)
    expect(t.sent('DELETE')).toHaveLength(0)
    await expect(t.auth0.users.all().count()).resolves.toBe(1101)
  })

  it('a narrower query of the same users is served', async () => {
    await expect(t.auth0.users.query({ email: 'spread*' }).toArray()).resolves.toHaveLength(100)
  })
})
