import { inspect } from 'node:util'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Auth0 } from '../../../src/auth0.js'
import { Auth0Error, InvalidArgument, RateLimitError } from '../../../src/errors.js'
import { api, CONNECTION, DOMAIN, fakeUser, ORIGIN, TOKEN } from '../../support/nock-tenant.js'

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

const ID = 'auth0|000000000000000000000001'
const SECRET = 'client-secret-Qx81vX3mW0pLk5'
const PASSWORD = 'Highway-to-hell-1973'
const GRANT = 'http://auth0.com/oauth/grant-type/password-realm'

function connect(
  options: { clientSecret?: string; defaultConnection?: string } = { clientSecret: SECRET },
) {
  return new Auth0(DOMAIN, TOKEN, {
    clientId: 'client-1',
    defaultConnection: CONNECTION,
    maxRetries: 0,
    ...options,
  })
}

/** An unsigned JWT: the library reads `sub` only to choose which user to GET. */
function idToken(sub: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss: `${ORIGIN}/`, sub, aud: 'client-1' })}.sig`
}

function grantBody(username: string, password = PASSWORD, realm = CONNECTION) {
  return {
    grant_type: GRANT,
    username,
    password,
    realm,
    scope: 'openid',
    client_id: 'client-1',
    client_secret: SECRET,
  }
}

function tokenEndpoint() {
  return nock(ORIGIN)
}

const granted = (sub = ID) => ({
  access_token: 'opaque-access-token',
  id_token: idToken(sub),
  scope: 'openid',
  expires_in: 86400,
  token_type: 'Bearer',
})

/** Every text an error exposes, to check that no secret is in it. */
function everything(error: unknown): string {
  return [
    String(error),
    (error as Error).stack,
    JSON.stringify(error),
    inspect(error, { depth: 5 }),
  ].join('\n')
}

describe('auth0.users.authenticate', () => {
  it('sends the password-realm grant, then GETs the user named by the id token', async () => {
    const grant = tokenEndpoint()
      .post('/oauth/token', grantBody('user1@example.com'))
      .reply(200, granted())
    const get = api()
      .get(`/users/${encodeURIComponent(ID)}`)
      .reply(200, fakeUser(1))
    const user = await connect().users.authenticate({
      email: 'user1@example.com',
      password: PASSWORD,
    })
    grant.done()
    get.done()
    expect(String(user)).toBe(`<User ${ID}>`)
    expect(user?._fetched).toBe(true)
  })

  it("takes a username, and forwards the person's IP to brute-force protection", async () => {
    const grant = tokenEndpoint()
      .matchHeader('auth0-forwarded-for', '203.0.113.7')
      .post('/oauth/token', grantBody('angus'))
      .reply(200, granted())
    const get = api()
      .get(`/users/${encodeURIComponent(ID)}`)
      .reply(200, fakeUser(1))
    await connect().users.authenticate({ username: 'angus', password: PASSWORD, ip: '203.0.113.7' })
    grant.done()
    get.done()
  })

  it('is null for a wrong e-mail or password (403 invalid_grant), with no second request', async () => {
    const grant = tokenEndpoint()
      .post('/oauth/token', grantBody('user1@example.com', 'wrong-password-1'))
      .reply(403, { error: 'invalid_grant', error_description: 'Wrong email or password.' })
    expect(
      await connect().users.authenticate({
        email: 'user1@example.com',
        password: 'wrong-password-1',
      }),
    ).toBeNull()
    grant.done()
  })

  it.each([
    [
      429,
      'too_many_attempts',
      "Your account has been blocked after multiple consecutive login attempts. We've sent you an email with instructions on how to unblock it.",
    ],
    [401, 'unauthorized', 'user is blocked'],
    [403, 'mfa_required', 'Multifactor authentication required'],
    [403, 'unauthorized_client', `Grant type '${GRANT}' not allowed for the client.`],
    [403, 'invalid_grant', 'user is blocked'],
  ])('a %i %s is a typed Auth0Error naming it', async (status, code, description) => {
    const grant = tokenEndpoint()
      .post('/oauth/token', grantBody('user1@example.com'))
      .reply(status, { error: code, error_description: description })
    const error = await connect()
      .users.authenticate({ email: 'user1@example.com', password: PASSWORD })
      .catch((e: unknown) => e)
    grant.done()
    expect(error).toBeInstanceOf(Auth0Error)
    expect(error).toMatchObject({ statusCode: status, errorCode: code, message: description })
    if (status === 429) expect(error).toBeInstanceOf(RateLimitError)
    expect(everything(error)).not.toContain(PASSWORD)
    expect(everything(error)).not.toContain(SECRET)
  })

  it('scrubs the password and the client secret from an error that echoes them', async () => {
    const grant = tokenEndpoint()
      .post('/oauth/token', grantBody('user1@example.com'))
      .reply(400, { error: 'invalid_request', error_description: `bad ${PASSWORD} for ${SECRET}` })
    const error = await connect()
      .users.authenticate({ email: 'user1@example.com', password: PASSWORD })
      .catch((e: unknown) => e)
    grant.done()
    expect(String(error)).toBe('400: bad [redacted] for [redacted]')
    expect(everything(error)).not.toContain(PASSWORD)
  })

  it('refuses malformed credentials and missing settings before any request', async () => {
    const users = connect().users
    await expect(users.authenticate({ password: PASSWORD })).rejects.toThrow(/email or a username/)
    await expect(
      users.authenticate({ email: 'a@b.c', username: 'a', password: PASSWORD }),
    ).rejects.toThrow(InvalidArgument)
    await expect(users.authenticate({ email: 'a@b.c', password: '' })).rejects.toThrow(/password/)
    await expect(
      users.authenticate({ email: 'a@b.c', password: PASSWORD, pasword: 'x' } as never),
    ).rejects.toThrow(/no field 'pasword'/)
    await expect(
      users.authenticate({ email: 'a@b.c', password: PASSWORD, ip: 'evil\r\nx: 1' }),
    ).rejects.toThrow(/ip/)
    await expect(
      connect({}).users.authenticate({ email: 'a@b.c', password: PASSWORD }),
    ).rejects.toThrow(/clientId and clientSecret/)
    await expect(
      new Auth0(DOMAIN, TOKEN, { clientId: 'c', clientSecret: SECRET }).users.authenticate({
        email: 'a@b.c',
        password: PASSWORD,
      }),
    ).rejects.toThrow(/defaultConnection/)
  })

  it('never shows the client secret when the Auth0 is inspected', () => {
    expect(inspect(connect(), { depth: 10, showHidden: true })).not.toContain(SECRET)
    expect(inspect(connect().users, { depth: 10, showHidden: true })).not.toContain(SECRET)
  })
})

describe('user.checkPassword', () => {
  async function fetched(extra: Record<string, unknown> = {}) {
    const scope = api()
      .get(`/users/${encodeURIComponent(ID)}`)
      .reply(200, fakeUser(1, extra))
    const user = await connect().users.get(ID)
    scope.done()
    return user
  }

  it('is true when the grant succeeds for this user, in its own connection', async () => {
    const identities = [
      {
        connection: 'Other-DB',
        user_id: '000000000000000000000001',
        provider: 'auth0',
        isSocial: false,
      },
    ]
    const user = await fetched({ identities })
    const grant = tokenEndpoint()
      .post('/oauth/token', grantBody('user1@example.com', PASSWORD, 'Other-DB'))
      .reply(200, granted())
    expect(await user.checkPassword(PASSWORD)).toBe(true)
    grant.done()
  })

  it('is false for a wrong password, and false when the credentials name another user', async () => {
    const user = await fetched()
    const grant = tokenEndpoint()
      .post('/oauth/token', grantBody('user1@example.com', 'guess-guess'))
      .reply(403, { error: 'invalid_grant', error_description: 'Wrong email or password.' })
      .post('/oauth/token', grantBody('user1@example.com'))
      .reply(200, granted('auth0|somebody-else'))
    expect(await user.checkPassword('guess-guess')).toBe(false)
    expect(await user.checkPassword(PASSWORD)).toBe(false)
    grant.done()
  })

  it('uses the username when the user has no e-mail, and refuses a user with neither', async () => {
    const user = await fetched({ email: undefined, username: 'angus' })
    const grant = tokenEndpoint().post('/oauth/token', grantBody('angus')).reply(200, granted())
    expect(await user.checkPassword(PASSWORD)).toBe(true)
    grant.done()
    const anonymous = await fetched({ email: undefined })
    await expect(anonymous.checkPassword(PASSWORD)).rejects.toThrow(/no email or username/)
    await expect(new (connect().users)({ user_id: ID }).checkPassword(PASSWORD)).rejects.toThrow(
      /unsaved/,
    )
  })

  it('never keeps the password on the user', async () => {
    const user = await fetched()
    const grant = tokenEndpoint()
      .post('/oauth/token', grantBody('user1@example.com'))
      .reply(200, granted())
    await user.checkPassword(PASSWORD)
    grant.done()
    expect(JSON.stringify(user)).not.toContain(PASSWORD)
    expect(inspect(user, { showHidden: true, depth: 5 })).not.toContain(PASSWORD)
  })
})

describe('user.sendPasswordChangeEmail', () => {
  it('POSTs /dbconnections/change_password with the client id, e-mail and connection', async () => {
    const scope = api()
      .get(`/users/${encodeURIComponent(ID)}`)
      .reply(200, fakeUser(1))
    const user = await connect({}).users.get(ID)
    scope.done()
    const mail = tokenEndpoint()
      .post('/dbconnections/change_password', {
        client_id: 'client-1',
        email: 'user1@example.com',
        connection: CONNECTION,
      })
      .reply(200, "We've just sent you an email to reset your password.", {
        'content-type': 'text/html; charset=utf-8',
      })
    await user.sendPasswordChangeEmail()
    mail.done()
  })

  it('refuses a user without e-mail or an Auth0 without client id, before any request', async () => {
    const scope = api()
      .get(`/users/${encodeURIComponent(ID)}`)
      .reply(200, fakeUser(1, { email: undefined }))
    const user = await connect({}).users.get(ID)
    scope.done()
    await expect(user.sendPasswordChangeEmail()).rejects.toThrow(/e-mail address/)
    const anonymous = new Auth0(DOMAIN, TOKEN, { defaultConnection: CONNECTION, maxRetries: 0 })
    const again = api()
      .get(`/users/${encodeURIComponent(ID)}`)
      .reply(200, fakeUser(1))
    const other = await anonymous.users.get(ID)
    again.done()
    await expect(other.sendPasswordChangeEmail()).rejects.toThrow(/clientId/)
  })
})

describe('a user without a database identity', () => {
  it('has no password to check or change: refused before any request', async () => {
    const identities = [
      { connection: 'github', user_id: '4242', provider: 'github', isSocial: true },
    ]
    const scope = api()
      .get(`/users/${encodeURIComponent(ID)}`)
      .reply(200, fakeUser(1, { user_id: ID, identities }))
    const user = await connect().users.get(ID)
    scope.done()
    await expect(user.checkPassword(PASSWORD)).rejects.toThrow(/logs in with github/)
    await expect(user.sendPasswordChangeEmail()).rejects.toThrow(/logs in with github/)
  })
})
