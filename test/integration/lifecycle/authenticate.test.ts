import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Auth0, Auth0Error, InvalidArgument } from '../../../src/index.js'
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js'

const PASSWORD = 'Highway-to-hell-1979'
const SECRET = 'backend-secret-0123456789abcdef'
let tenant: RunningEmulator

beforeAll(async () => {
  tenant = await startEmulator({
    port: 0,
    users: [{ email: 'angus@acdc.test', password: PASSWORD } as never],
    // A machine-to-machine client: Auth0 gives it no password grant.
    clients: [{ clientId: 'backend', clientSecret: SECRET }],
  })
})
afterAll(() => tenant.stop())

describe('authenticate as a client without the password grant', { timeout: 30_000 }, () => {
  it("is Auth0's unauthorized_client error, without the password or the secret", async () => {
    const auth0 = new Auth0(tenant.domain, {
      clientId: 'backend',
      clientSecret: SECRET,
      defaultConnection: tenant.connection,
    })
    const error = await auth0.users
      .authenticate({ email: 'angus@acdc.test', password: PASSWORD })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Auth0Error)
    expect(error).toMatchObject({ statusCode: 403, errorCode: 'unauthorized_client' })
    expect(String(error)).toContain("Grant type 'http://auth0.com/oauth/grant-type/password-realm'")
    const shown = [String(error), (error as Error).stack, inspect(error, { depth: 5 })].join('\n')
    expect(shown).not.toContain(PASSWORD)
    expect(shown).not.toContain(SECRET)
  })

  it('checkPassword says the same, on the user fetched with the Management API', async () => {
    const auth0 = new Auth0(tenant.domain, {
      clientId: 'backend',
      clientSecret: SECRET,
      defaultConnection: tenant.connection,
    })
    const angus = await auth0.users.get({ email: 'angus@acdc.test' })
    await expect(angus.checkPassword(PASSWORD)).rejects.toMatchObject({
      errorCode: 'unauthorized_client',
    })
  })

  it('without a client secret, nothing is sent', async () => {
    const auth0 = new Auth0(tenant.domain, 'any-token', {
      clientId: 'backend',
      defaultConnection: tenant.connection,
    })
    await expect(
      auth0.users.authenticate({ email: 'angus@acdc.test', password: PASSWORD }),
    ).rejects.toThrow(InvalidArgument)
  })
})
