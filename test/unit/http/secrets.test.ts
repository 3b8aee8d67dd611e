import { inspect } from 'node:util'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getToken } from '../../../src/auth/get-token.js'
import { ClientCredentialsProvider } from '../../../src/auth/client-credentials-provider.js'
import { StaticTokenProvider } from '../../../src/auth/token-provider.js'
import { Auth0PlusError } from '../../../src/errors.js'
import type { TokenProvider } from '../../../src/auth/token-provider.js'
import type { ApiRequest } from '../../../src/http/types.js'
import { address, API, ListTokens, ORIGIN, testClient } from './fixtures.js'

const TOKEN = 'eyJ-ACCESS-TOKEN-d41d8cd98f00'
const RENEWED = 'eyJ-RENEWED-TOKEN-9e107d9d372b'
const CLIENT_SECRET = 'CLIENT-SECRET-e4d909c290d0'
const PASSWORD = 'P@ssw0rd-HUNTER2-7c4a8d09'
const SECRETS = [TOKEN, RENEWED, CLIENT_SECRET, PASSWORD]

const create: ApiRequest = {
  method: 'POST',
  path: '/users',
  body: { email: 'a@b.c', password: PASSWORD, connection: 'db' },
}
const update: ApiRequest = {
  method: 'PATCH',
  path: '/users/auth0%7C1',
  body: { password: PASSWORD },
}
const fetchOne: ApiRequest = { method: 'GET', path: '/users/auth0%7C1' }

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

/** Every way an error or the log could expose its content. */
function exposures(err: unknown, logged: string): Record<string, string> {
  const e = err as Error
  return {
    string: String(err),
    json: JSON.stringify(err),
    inspect: inspect(err, { depth: null, showHidden: true }),
    stack: String(e.stack),
    message: e.message,
    cause: inspect(e.cause, { depth: null, showHidden: true }),
    ownProps: inspect(Object.getOwnPropertyDescriptors(err), { depth: null, showHidden: true }),
    logged,
  }
}

async function expectNoSecrets(run: () => Promise<unknown>, logged: () => string) {
  const err = await run().then(
    () => expect.fail('expected a rejection'),
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(Auth0PlusError)
  for (const [where, text] of Object.entries(exposures(err, logged()))) {
    for (const secret of SECRETS) {
      expect(text, `${secret} leaked through ${where}`).not.toContain(secret)
    }
  }
  return err
}

/** A generous timeout: a loaded machine must not turn an answer into a TimeoutError. */
function client(tokens: TokenProvider = new ListTokens([TOKEN, RENEWED]), timeout = 10_000) {
  const made = testClient({ tokens, maxRetries: 2, timeout })
  const logged = () => JSON.stringify(made.lines)
  return { ...made, logged }
}

const auth0Body = (statusCode: number, error: string, message: string, errorCode?: string) => ({
  statusCode,
  error,
  message,
  ...(errorCode ? { errorCode } : {}),
})

describe('no error or log line reaches the token, the client secret or a password', () => {
  it('401 with a static token', async () => {
    const { http, logged } = client(new StaticTokenProvider(TOKEN))
    nock(API)
      .post('/users')
      .reply(401, auth0Body(401, 'Unauthorized', `Invalid token ${TOKEN}`))
    await expectNoSecrets(() => http.request(create), logged)
  })

  it('401 after a renewal', async () => {
    const { http, logged } = client()
    nock(API)
      .patch('/users/auth0%7C1')
      .times(2)
      .reply(401, auth0Body(401, 'Unauthorized', 'Invalid token'))
    await expectNoSecrets(() => http.request(update), logged)
  })

  it.each([
    [403, 'Forbidden', 'Insufficient scope, expected any of: create:users', 'insufficient_scope'],
    [404, 'Not Found', 'The user does not exist.', 'inexistent_user'],
    [409, 'Conflict', 'The user already exists.', 'auth0_idp_error'],
    [400, 'Bad Request', `PasswordDictionaryError: ${PASSWORD} is too common`, 'invalid_body'],
  ])(
    '%i from the API, even when the message echoes the password',
    async (status, error, message, code) => {
      const { http, logged } = client()
      nock(API)
        .post('/users')
        .reply(status, auth0Body(status, error, message, code))
      await expectNoSecrets(() => http.request(create), logged)
    },
  )

  it('429 after the retries', async () => {
    const { http, logged } = client()
    nock(API)
      .post('/users')
      .times(3)
      .reply(
        429,
        auth0Body(429, 'Too Many Requests', 'Global limit has been reached', 'too_many_requests'),
        {
          'x-ratelimit-reset': '1767225601',
        },
      )
    const err = await expectNoSecrets(() => http.request(create), logged)
    expect(err).toMatchObject({ name: 'RateLimitError', resetAt: 1767225601 })
  })

  it('500 and a non-JSON error page', async () => {
    const { http, logged } = client()
    nock(API)
      .post('/users')
      .reply(500, auth0Body(500, 'Internal Server Error', 'oops'))
    await expectNoSecrets(() => http.request(create), logged)
    nock(API).get('/users/auth0%7C1').times(3).reply(502, `<html>upstream said ${TOKEN}</html>`)
    await expectNoSecrets(() => http.request(fetchOne), logged)
  })

  it('a network error whose own message holds a secret', async () => {
    const { http, logged } = client()
    const failure = Object.assign(new Error(`reset while sending ${PASSWORD} with ${TOKEN}`), {
      code: 'ECONNRESET',
    })
    nock(API).post('/users').replyWithError(failure)
    const err = await expectNoSecrets(() => http.request(create), logged)
    expect(err).toMatchObject({ name: 'NetworkError', code: 'ECONNRESET' })
  })

  it('a timeout', async () => {
    // 50 ms against an answer 5 s away: the order holds however slow the machine is.
    const { http, logged } = client(undefined, 50)
    nock(API).post('/users').delay(5_000).reply(201, {})
    const err = await expectNoSecrets(() => http.request(create), logged)
    expect(err).toMatchObject({ name: 'TimeoutError' })
  })

  it('bad client credentials at the token endpoint, directly and through the client', async () => {
    nock(ORIGIN)
      .post('/oauth/token')
      .times(2)
      .reply(401, {
        error: 'access_denied',
        error_description: `Unauthorized client secret ${CLIENT_SECRET}`,
      })
    await expectNoSecrets(
      () => getToken('tenant.eu.auth0.com', 'cid', CLIENT_SECRET),
      () => '',
    )
    const tokens = new ClientCredentialsProvider({
      address,
      clientId: 'cid',
      clientSecret: CLIENT_SECRET,
    })
    const { http, logged } = client(tokens)
    const err = await expectNoSecrets(() => http.request(create), logged)
    expect(err).toMatchObject({ statusCode: 401, errorCode: 'access_denied', path: '/oauth/token' })
  })

  it('a token endpoint that cannot be reached', async () => {
    nock(ORIGIN)
      .post('/oauth/token')
      .replyWithError(
        Object.assign(new Error(`refused ${CLIENT_SECRET}`), { code: 'ECONNREFUSED' }),
      )
    await expectNoSecrets(
      () => getToken('tenant.eu.auth0.com', 'cid', CLIENT_SECRET),
      () => '',
    )
  })
})
