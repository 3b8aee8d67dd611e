import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BulkProgress, ImportUser } from '../../../src/index.js'
import { HEAVY, bulkTenant } from './bulk-tenant.js'

/** Users of ~330 bytes each: 3,000 of them need two files of ≤ 512 000 bytes. */
function people(n: number, prefix: string): ImportUser[] {
  return Array.from({ length: n }, (_, i) => ({
    email: `${prefix}${i}@import.test`,
    email_verified: true,
    given_name: `Given ${i}`,
    user_metadata: { note: `imported ${i} `.padEnd(200, '·') },
    app_metadata: { cohort: prefix },
  }))
}

describe('auth0.users.import() against the emulator', { timeout: HEAVY }, () => {
  let t: Awaited<ReturnType<typeof bulkTenant>>
  beforeAll(async () => {
    t = await bulkTenant()
  })
  afterAll(() => t.tenant.stop())

  it('imports 3,000 users in files of ≤ 512 000 bytes, 2 jobs at most, and every user is there', async () => {
    const reports: BulkProgress[] = []
    async function* input() {
      yield* people(3000, 'bulk')
    }
    const result = await t.auth0.users.import(input(), { onProgress: (p) => reports.push(p) })
    expect(result).toMatchObject({ total: 3000, count: 3000, inserted: 3000, updated: 0 })
    expect(result.failed).toEqual([])
    expect(result.notAttempted).toEqual([])
    expect(result.jobs.length).toBeGreaterThanOrEqual(2)
    for (const job of result.jobs) {
      expect(job.status).toBe('completed')
      expect(job.bytes).toBeLessThanOrEqual(512_000)
    }
    expect(result.jobs.reduce((n, job) => n + job.users, 0)).toBe(3000)
    expect(t.sent('POST', '/jobs/users-imports')).toHaveLength(result.jobs.length)
    // The library never had a third job in flight, so the emulator never refused one.
    expect(t.log.filter((line) => line.event === 'response' && line.status === 429)).toEqual([])
    expect(reports.at(-1)).toMatchObject({ total: 3000, done: 3000, succeeded: 3000 })

    expect(await t.auth0.users.query({ email: 'bulk*' }).count()).toBe(3000)
    const one = await t.auth0.users.get({ email: 'bulk2999@import.test' })
    expect(one).toMatchObject({
      email_verified: true,
      given_name: 'Given 2999',
      app_metadata: { cohort: 'bulk' },
    })
  })

  it("reports each existing user with Auth0's code, by place and e-mail; upsert then updates them", async () => {
    const first = await t.auth0.users.import(people(5, 'dup'))
    expect(first.inserted).toBe(5)
    const again = await t.auth0.users.import([...people(5, 'dup'), ...people(2, 'new')])
    expect(again).toMatchObject({ total: 7, inserted: 2, updated: 0, count: 2 })
    expect(again.failed.map((f) => [f.index, f.email, f.errors[0]!.code])).toEqual(
      [0, 1, 2, 3, 4].map((i) => [i, `dup${i}@import.test`, 'DUPLICATED_USER']),
    )
    expect(t.sent('GET', '/jobs/').some((line) => line.path.endsWith('/errors'))).toBe(true)

    const changed = people(5, 'dup').map((user) => ({ ...user, given_name: 'Upserted' }))
    const upserted = await t.auth0.users.import(changed, { upsert: true })
    expect(upserted).toMatchObject({ total: 5, updated: 5, inserted: 0, failed: [] })
    expect((await t.auth0.users.get({ email: 'dup3@import.test' })).given_name).toBe('Upserted')
  })

  it('refuses a bad record locally (never sent) and imports the others', async () => {
    const input = [
      { email: 'ok1@import.test' },
      { email: 'bad@import.test', user_id: 'auth0|nope' },
      { email: 'ok2@import.test', password: 'plain' },
      { email: 'ok3@import.test' },
    ] as ImportUser[]
    const result = await t.auth0.users.import(input)
    expect(result).toMatchObject({ total: 4, inserted: 2 })
    expect(result.failed.map((f) => [f.index, f.errors[0]!.code])).toEqual([
      [1, 'INVALID_RECORD'],
      [2, 'INVALID_RECORD'],
    ])
    expect(JSON.stringify(result)).not.toContain('plain')
    await expect(t.auth0.users.query({ email: 'bad@import.test' }).count()).resolves.toBe(0)
  })

  it('a migrated custom_password_hash signs the user in with the old password', async () => {
    const password = 'Migrated-from-legacy-42'
    const hash = createHash('sha256').update(password).digest('hex')
    const result = await t.auth0.users.import([
      {
        email: 'legacy@import.test',
        user_id: 'legacy-42',
        custom_password_hash: { algorithm: 'sha256', hash: { value: hash, encoding: 'hex' } },
      },
    ])
    expect(result).toMatchObject({ inserted: 1, failed: [] })
    const user = await t.auth0.users.authenticate({ email: 'legacy@import.test', password })
    expect(user?.user_id).toBe('auth0|legacy-42')
  })
})

describe('auth0.users.import() while other jobs hold the import slots', { timeout: HEAVY }, () => {
  it('waits out the 429 (2 jobs pending) instead of failing', async () => {
    // Slow imports: other clients' two jobs keep both slots busy for a while.
    const t = await bulkTenant({ importUsersPerSecond: 1500 })
    try {
      const others = [people(600, 'otherA'), people(600, 'otherB')].map((users) =>
        t.auth0.users.import(users, { concurrency: 1 }),
      )
      // Let the two other jobs take both slots first.
      while (t.sent('POST', '/jobs/users-imports').length < 2) {
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      const mine = await t.auth0.users.import(people(50, 'mine'))
      expect(mine).toMatchObject({ total: 50, inserted: 50, failed: [], notAttempted: [] })
      expect(
        t.log.filter((line) => line.event === 'response' && line.status === 429).length,
      ).toBeGreaterThan(0)
      for (const other of await Promise.all(others)) expect(other.inserted).toBe(600)
    } finally {
      await t.tenant.stop()
    }
  })
})
