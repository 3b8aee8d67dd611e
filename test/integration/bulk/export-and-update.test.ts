import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HEAVY, bulkTenant, seedUsers, tally } from './bulk-tenant.js'

describe('export and bulk update against the emulator', { timeout: HEAVY }, () => {
  let t: Awaited<ReturnType<typeof bulkTenant>>
  beforeAll(async () => {
    t = await bulkTenant({
      users: [
        ...seedUsers(1500, { prefix: 'tag' }),
        ...seedUsers(500, { prefix: 'keep', from: 1500 }),
      ],
      exportDelayMs: 300,
    })
  })
  afterAll(() => t.tenant.stop())

  it('export streams every user once, the file fetched without the token', async () => {
    const ids: string[] = []
    for await (const user of t.auth0.users.export()) ids.push(String(user.user_id))
    expect(ids).toHaveLength(2000)
    expect(new Set(ids).size).toBe(2000)
    expect(t.sent('POST', '/jobs/users-exports')).toHaveLength(1)
    expect(t.sent('GET', '/jobs/').length).toBeGreaterThanOrEqual(2) // pending, then completed
  })

  it('export with fields gives those fields and user_id', async () => {
    const lines = []
    for await (const user of t.auth0.users.export({ fields: ['email'] })) lines.push(user)
    expect(lines).toHaveLength(2000)
    expect(Object.keys(lines[0]!).sort()).toEqual(['email', 'user_id'])
  })

  it('bulk update patches every matched user exactly once, and only those', async () => {
    const before = t.sent('PATCH').length
    const result = await t.auth0.users
      .query({ email: 'tag*' })
      .update({ app_metadata: { tagged: true }, given_name: 'Tagged' })
    expect(result).toEqual({ total: 1500, count: 1500, failed: [], notAttempted: [] })
    const patches = tally(
      t
        .sent('PATCH')
        .slice(before)
        .map((line) => line.path),
    )
    expect(patches.size).toBe(1500)
    expect([...patches.values()].every((n) => n === 1)).toBe(true)
    const tagged = new Map<string, unknown>()
    for await (const user of t.auth0.users.export({
      fields: ['email', 'app_metadata', 'given_name'],
    })) {
      tagged.set(String(user.email), user)
    }
    expect(tagged.size).toBe(2000)
    for (const [email, user] of tagged) {
      if (email.startsWith('tag')) {
        expect(user).toMatchObject({ app_metadata: { tagged: true }, given_name: 'Tagged' })
      } else {
        expect(user).not.toHaveProperty('given_name')
      }
    }
  })
})

describe('export of one connection', () => {
  it('resolves the connection name to its id (GET /connections) and exports only its users', async () => {
    const t = await bulkTenant({
      connections: ['Username-Password-Authentication', 'legacy-db'],
      users: [
        ...seedUsers(3, { prefix: 'main' }),
        ...seedUsers(2, { prefix: 'old', from: 3 }).map((user) => ({
          ...user,
          connection: 'legacy-db',
        })),
      ],
    })
    try {
      const emails: string[] = []
      for await (const user of t.auth0.users.export({ connection: 'legacy-db' })) {
        emails.push(String(user.email))
      }
      expect(emails.sort()).toEqual(['old3@example.com', 'old4@example.com'])
      expect(t.sent('GET', '/connections')).toHaveLength(1)
      const everyone: unknown[] = []
      for await (const user of t.auth0.users.export()) everyone.push(user)
      expect(everyone).toHaveLength(5)
    } finally {
      await t.tenant.stop()
    }
  })
})
