import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest'
import { Auth0, Auth0Error, RateLimitError } from '../../../src/index.js'
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js'

const PASSWORD = 'Highway-to-hell-1979'
let tenant: RunningEmulator
let auth0: Auth0
/**
 * Whether this emulator serves the password-realm grant to its default client (the
 * Authentication API branch): until it does, these tests skip instead of failing.
 */
let passwordGrant = false
const needsPasswordGrant = (context: TestContext) => {
  if (!passwordGrant) context.skip()
}

beforeAll(async () => {
  tenant = await startEmulator({
    port: 0,
    bruteForce: { threshold: 3 },
    users: [
      { email: 'angus@acdc.test', password: PASSWORD },
      { email: 'bon@acdc.test', password: PASSWORD },
      { email: 'malcolm@acdc.test', password: PASSWORD, blocked: true },
    ] as never,
  })
  auth0 = new Auth0(tenant.domain, {
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
    defaultConnection: tenant.connection,
  })
  passwordGrant = await auth0.users
    .authenticate({ email: 'nobody@acdc.test', password: PASSWORD })
    .then(() => true)
    .catch((e: unknown) => !(e instanceof Auth0Error && e.errorCode === 'unauthorized_client'))
})
afterAll(() => tenant.stop())

describe('the password-realm grant on the emulator', { timeout: 30_000 }, () => {
  it('authenticate gives the user for right credentials, null for wrong or unknown ones', async (context) => {
    needsPasswordGrant(context)
    const angus = await auth0.users.authenticate({ email: 'angus@acdc.test', password: PASSWORD })
    expect(angus?.email).toBe('angus@acdc.test')
    expect(angus?._fetched).toBe(true)
    expect(
      await auth0.users.authenticate({ email: 'angus@acdc.test', password: 'nope-nope-1' }),
    ).toBeNull()
    expect(
      await auth0.users.authenticate({ email: 'nobody@acdc.test', password: PASSWORD }),
    ).toBeNull()
    expect(await angus!.checkPassword(PASSWORD)).toBe(true)
    expect(await angus!.checkPassword('guess-guess')).toBe(false)
  })

  it('failed checks end in a brute-force block: a typed error, also for the right password', async (context) => {
    needsPasswordGrant(context)
    const bon = await auth0.users.get({ email: 'bon@acdc.test' })
    let error: unknown
    for (let i = 0; i < 5 && error === undefined; i++) {
      await bon.checkPassword('wrong-guess-1').catch((e: unknown) => (error = e))
    }
    expect(error).toBeInstanceOf(RateLimitError)
    expect(error).toMatchObject({ statusCode: 429, errorCode: 'too_many_attempts' })
    expect(inspect(error)).not.toContain('wrong-guess-1')
    await expect(bon.checkPassword(PASSWORD)).rejects.toMatchObject({
      errorCode: 'too_many_attempts',
    })
  })

  it("an administrator's block is an Auth0Error, not a wrong password", async (context) => {
    needsPasswordGrant(context)
    const error = await auth0.users
      .authenticate({ email: 'malcolm@acdc.test', password: PASSWORD })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Auth0Error)
    expect((error as Auth0Error).message).toMatch(/blocked/)
  })
})
