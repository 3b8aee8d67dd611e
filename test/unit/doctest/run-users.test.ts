import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { RunUsers } from '../../../src/doctest/index.js'
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js'
import { Auth0 } from '../../../src/index.js'

const running: RunningEmulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((tenant) => tenant.stop()))
})

async function setUp(indexDelayMs = 0) {
  const tenant = await startEmulator({
    port: 0,
    indexDelayMs,
    users: [{ email: 'bystander@example.com', connection: 'Username-Password-Authentication' }],
  })
  running.push(tenant)
  const env = {
    DOMAIN: tenant.domain,
    CLIENT_ID: tenant.clientId,
    CLIENT_SECRET: tenant.clientSecret,
    CONNECTION: tenant.connection,
  }
  const auth0 = Auth0.fromEnv(env)
  return { tenant, env, auth0 }
}

describe('RunUsers', () => {
  it('hands out addresses on a domain unique to each file, and wildcards on it', () => {
    const users = new RunUsers({ env: {} })
    const readme = users.globalsFor('README.md')
    const other = users.globalsFor('doctests/bulk.md')
    expect(readme.email('angus')).toMatch(/^angus@[a-z][a-z0-9]{4}\.acdc\.test$/)
    expect(users.globalsFor('README.md').email('bon').split('@')[1]).toBe(
      readme.email('x').split('@')[1],
    )
    expect(other.email('angus')).not.toBe(readme.email('angus'))
    expect(readme.email('*')).toBe(`*@${users.domains[0]}`)
    expect(users.domains).toHaveLength(2)
    expect(() => readme.email('angus@acdc.test')).toThrow(/the part before the @/)
    expect(new RunUsers({ env: {}, baseDomain: 'ex.test' }).globalsFor('a').email('x')).toMatch(
      /@[a-z0-9]{5}\.ex\.test$/,
    )
  })

  it('deletes the users holding its addresses, renamed ones included, and nobody else', async () => {
    const { env, auth0 } = await setUp()
    const users = new RunUsers({ env })
    const { email } = users.globalsFor('README.md')
    const angus = await auth0.users.create({ email: email('angus'), password: 'Highway-2-Hell' })
    const bon = await auth0.users.create({ email: email('bon'), password: 'Highway-2-Hell' })
    bon.email = email('brian')
    await bon.save()
    const report = await users.cleanUp()
    expect(report.failed).toEqual([])
    expect(report.deleted.sort()).toEqual(
      [`${angus.email} (${angus.user_id})`, `${bon.email} (${bon.user_id})`].sort(),
    )
    const left = await auth0.users.all({ connection: null }).toArray()
    expect(left.map((user) => user.email)).toEqual(['bystander@example.com'])
    expect(await users.cleanUp()).toEqual({ deleted: [], failed: [] })
  })

  it('also deletes users on its domain whose address email() never handed out', async () => {
    const { env, auth0 } = await setUp()
    const users = new RunUsers({ env })
    const domain = users.globalsFor('README.md').email('*').slice(2)
    await auth0.users.create({ email: `stranger@${domain}`, password: 'Highway-2-Hell' })
    expect((await users.cleanUp()).deleted).toEqual([
      expect.stringMatching(new RegExp(`^stranger@${domain} \\(auth0\\|`)),
    ])
  })

  it('indexed() waits until search shows creations, changes and deletions', async () => {
    const { env, auth0 } = await setUp(400)
    const users = new RunUsers({ env, pollMs: 50 })
    const { email, indexed } = users.globalsFor('README.md')
    const band = () => auth0.users.query({ email: email('*') })
    const angus = await auth0.users.create({ email: email('angus'), password: 'Highway-2-Hell' })
    expect(await band().count()).toBe(0)
    await indexed()
    expect(await band().count()).toBe(1)
    angus.email = email('brian')
    await angus.save()
    await indexed()
    expect((await band().first())?.email).toBe(angus.email)
    await angus.delete()
    await indexed()
    expect(await band().count()).toBe(0)
  })

  it('indexed() gives up after indexTimeoutMs, saying which domain lags', async () => {
    const { env, auth0 } = await setUp(5_000)
    const users = new RunUsers({ env, pollMs: 50, indexTimeoutMs: 300 })
    const { email, indexed } = users.globalsFor('README.md')
    await auth0.users.create({ email: email('angus'), password: 'Highway-2-Hell' })
    await expect(indexed()).rejects.toThrow(
      /^indexed\(\): search still differs from the stored users of [a-z0-9]{5}\.acdc\.test after 300 ms$/,
    )
    await sleep(0)
  })
})
