/**
 * Concurrency: racing `getOrCreate` calls agree on one user, and concurrent saves of different
 * users never mix their fields, with search lagging writes and the tenant failing requests.
 * (The plain ten-way race without faults is in test/integration/core/users.test.ts.)
 */
import { describe, expect, it } from 'vitest'
import type { FaultOptions } from '../../src/emulator/index.js'
import { faultSuite, FAULTS } from './support/fault-suite.js'
import { connect, PASSWORD, seedUsers } from './support/tenant.js'

const { faultyTenant } = faultSuite('concurrency')

/** Ten calls at once for one lookup: they must all answer the same single user. */
async function race(getOrCreate: () => Promise<[{ user_id?: string }, boolean]>) {
  const answers = await Promise.all(Array.from({ length: 10 }, getOrCreate))
  const ids = new Set(answers.map(([user]) => user.user_id))
  return { ids, created: answers.filter(([, created]) => created).length }
}

describe('ten concurrent getOrCreate calls for one e-mail', () => {
  it('with search lagging writes by 300 ms: one user, ten equal answers, five times over', async () => {
    const { tenant, tap } = await faultyTenant([], { indexDelayMs: 300 }, false)
    const users = connect(tenant, {}, tap.domain).users
    for (let round = 0; round < 5; round++) {
      const email = `lag-${round}@race.test`
      // given_name makes the lookup a search, which lags: the 409 path must wait for the index.
      const { ids, created } = await race(() =>
        users.getOrCreate({ email, given_name: 'Malcolm', defaults: { password: PASSWORD } }),
      )
      expect(ids.size).toBe(1)
      expect(created).toBe(1)
      expect(await users.get({ email })).toMatchObject({ user_id: [...ids][0] })
    }
  }, 30_000)

  it('with 10 % faults: one user, ten equal answers, ten times over', async () => {
    const { tenant, tap } = await faultyTenant([], { indexDelayMs: 100 })
    const users = connect(tenant, {}, tap.domain).users
    const failures: string[] = []
    for (let round = 0; round < 10; round++) {
      const email = `fault-${round}@race.test`
      const answers = await Promise.allSettled(
        Array.from({ length: 10 }, () =>
          users.getOrCreate({ email, defaults: { password: PASSWORD } }),
        ),
      )
      for (const answer of answers) {
        if (answer.status === 'rejected') failures.push(`${email}: ${String(answer.reason)}`)
      }
      const ids = new Set(
        answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value[0].user_id] : [])),
      )
      expect(ids.size, email).toBeLessThanOrEqual(1)
    }
    // A create that met a 5xx or a reset may or may not have been applied: getOrCreate must
    // look again rather than fail, as it does after a 409.
    expect(failures).toEqual([])
    expect(await users.all().count()).toBe(10)
  }, 60_000)
})

describe('concurrent saves of different users', () => {
  it('never mix their fields, with 429s and slow answers interleaving them', async () => {
    // Only faults the library may retry for a PATCH: saves must succeed, so mixing would show.
    const interleaving: FaultOptions = { ...FAULTS, rate: 0.2, kinds: ['429', 'slow'] }
    const seeded = seedUsers(60, 'player', 'mix.test', undefined, (i) => ({
      user_metadata: { shirt: i },
    }))
    const { tenant, tap } = await faultyTenant(seeded, {}, interleaving)
    const users = connect(tenant, { concurrency: 20 }, tap.domain).users
    const loaded = await users.query({ email: '*@mix.test' }).toArray()
    expect(loaded).toHaveLength(60)

    for (let round = 0; round < 3; round++) {
      await Promise.all(
        loaded.map((user) => {
          const mine = user.email!.split('@')[0]!
          user.given_name = `${mine}-r${round}`
          user.user_metadata = { ...user.user_metadata, owner: mine, round }
          user.app_metadata = { tag: `${mine}-tag-${round}` }
          return user.save()
        }),
      )
    }

    const after = await connect(tenant).users.query({ email: '*@mix.test' }).toArray()
    for (const user of after) {
      const mine = user.email!.split('@')[0]!
      const shirt = Number(mine.split('-')[1])
      expect(user).toMatchObject({
        given_name: `${mine}-r2`,
        user_metadata: { shirt, owner: mine, round: 2 },
        app_metadata: { tag: `${mine}-tag-2` },
      })
    }
    // The in-memory instances agree with the tenant too.
    for (const user of loaded) expect(user.given_name).toBe(`${user.email!.split('@')[0]}-r2`)
  }, 60_000)
})
