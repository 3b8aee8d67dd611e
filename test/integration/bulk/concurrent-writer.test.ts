import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HEAVY, bulkTenant, seedUsers } from './bulk-tenant.js'

describe('deleting while another writer creates users', { timeout: HEAVY }, () => {
  let t: Awaited<ReturnType<typeof bulkTenant>>
  beforeAll(async () => {
    // Search lags writes by 300 ms, as Auth0's does by "a short period".
    t = await bulkTenant({ users: seedUsers(1200, { prefix: 'old' }), indexDelayMs: 300 })
  })
  afterAll(() => t.tenant.stop())

  it('deletes the matched users; the ones created meanwhile survive', async () => {
    const matched = t.auth0.users.query({ email: '*@example.com' })
    const created: string[] = []
    let writing: Promise<void> | undefined
    const result = await matched.delete({
      // The writer starts once the matches are collected and runs while they are deleted.
      beforeAct: () => {
        writing = (async () => {
          for (let i = 0; i < 40; i++) {
            const user = await t.auth0.users.create({
              email: `new${i}@example.com`,
              password: 'Passw0rd!x',
            })
            created.push(user.user_id!)
          }
        })()
      },
    })
    await writing
    expect(result).toEqual({ total: 1200, count: 1200, failed: [], notAttempted: [] })
    // By id: immediately consistent, unlike search.
    for (const id of created) await expect(t.auth0.users.get(id)).resolves.toBeDefined()
    await new Promise((resolve) => setTimeout(resolve, 400))
    const left = await t.auth0.users.query({ email: '*@example.com' }).toArray()
    expect(left.map((user) => user.user_id).sort()).toEqual([...created].sort())
  })
})
