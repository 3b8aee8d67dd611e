import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  Auth0,
  Auth0Error,
  DoesNotExist,
  getToken,
  InvalidLookup,
  NetworkError,
  RateLimitError,
  TimeoutError,
} from '../../../src/index.js'
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js'

const PASSWORD = 'Let-there-be-rock-77'
let offset = 0
let tenant: RunningEmulator
let throttled: RunningEmulator
let slow: RunningEmulator

beforeAll(async () => {
  tenant = await startEmulator({
    port: 0,
    // Moving this clock forward expires tokens the client still holds.
    now: () => Date.now() + offset,
    clients: [
      { clientId: 'reader', clientSecret: 'reader-secret-0123456789', scopes: ['read:users'] },
    ],
  })
  throttled = await startEmulator({ port: 0, rateLimit: { burst: 2, perSecond: 2 } })
  slow = await startEmulator({
    port: 0,
    faults: { rate: 1, kinds: ['slow'], seed: 1, slowMs: 1500 },
  })
})
afterAll(async () => {
  await Promise.all([tenant.stop(), throttled.stop(), slow.stop()])
})

function connect(running: RunningEmulator, extra: object = {}) {
  return new Auth0(running.domain, {
    clientId: running.clientId,
    clientSecret: running.clientSecret,
    defaultConnection: running.connection,
    ...extra,
  })
}

describe('tokens against the emulator', () => {
  it('getToken returns a redacted token with a local expiry', async () => {
    const token = await getToken(tenant.domain, tenant.clientId, tenant.clientSecret)
    expect(token.expires_in).toBe(86400)
    expect(token.expires_at).toBeGreaterThan(Date.now() / 1000 + 86000)
    expect(token.access_token.split('.')).toHaveLength(3)
    expect(inspect(token)).not.toContain(token.access_token)
  })

  it('a token that expires mid-job is renewed once and the request replayed', async () => {
    const auth0 = connect(tenant)
    const user = await auth0.users.create({ email: 'expiry@acdc.test', password: PASSWORD })
    offset += 90_000_000 // the emulator now sees the cached token as expired
    try {
      expect((await auth0.users.get(user.user_id!)).email).toBe('expiry@acdc.test')
    } finally {
      offset = 0
    }
  })

  it('a static token cannot be renewed: 401 surfaces', async () => {
    const auth0 = new Auth0(tenant.domain, 'not-a-jwt')
    const error = await auth0.users.get('auth0|x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Auth0Error)
    expect(String(error)).toBe('401: Invalid token')
  })

  it('wrong client credentials: the OAuth error', async () => {
    const error = await getToken(tenant.domain, tenant.clientId, 'wrong').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Auth0Error)
    expect(error).toMatchObject({
      statusCode: 401,
      errorCode: 'access_denied',
      message: 'Unauthorized',
    })
  })

  it('a missing scope is 403 insufficient_scope', async () => {
    const reader = new Auth0(tenant.domain, {
      clientId: 'reader',
      clientSecret: 'reader-secret-0123456789',
      defaultConnection: tenant.connection,
    })
    const error = await reader.users
      .create({ email: 'nope@acdc.test', password: PASSWORD })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 403, errorCode: 'insufficient_scope' })
    expect(String(error)).toBe('403: Insufficient scope, expected any of: create:users')
  })
})

describe('rate limits and timeouts', () => {
  it('retries 429s honouring x-ratelimit-reset until the request goes through', async () => {
    // Ten requests through a bucket of 2 (2/s): most wait for the reset Auth0 announces.
    const auth0 = connect(throttled)
    for (let i = 0; i < 5; i++) {
      const [, created] = await auth0.users.getOrCreate({
        email: `r${i}@acdc.test`,
        defaults: { password: PASSWORD },
      })
      expect(created).toBe(true)
    }
  })

  it('throws RateLimitError with resetAt once retries are spent', async () => {
    // One client paces itself to the bucket; eight clients of one tenant (eight processes) do
    // not see each other's requests, and their first ones all go at once into a bucket of 2.
    const clients = Array.from({ length: 8 }, () => connect(throttled, { maxRetries: 0 }))
    const attempts = await Promise.allSettled(
      clients.map((auth0) => auth0.users.get('auth0|000000000000000000000000')),
    )
    const limited = attempts
      .filter((a): a is PromiseRejectedResult => a.status === 'rejected')
      .map((a) => a.reason as unknown)
      .filter((e) => e instanceof RateLimitError)
    expect(limited.length).toBeGreaterThan(0)
    const error = limited[0] as RateLimitError
    expect(error.statusCode).toBe(429)
    expect(error.resetAt).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000))
    expect(String(error)).toBe('429: Global limit has been reached')
  })

  it('honours the timeout', async () => {
    const auth0 = connect(slow, { timeout: 300, maxRetries: 0 })
    await expect(auth0.users.get('auth0|x')).rejects.toThrow(TimeoutError)
  })
})

describe('no secret in any error', () => {
  it('checks every error path for the token, the client secret and the password', async () => {
    const lines: string[] = []
    const logger = {
      debug: (message: string, fields?: object) =>
        lines.push(message + JSON.stringify(fields ?? {})),
    }
    const token = await getToken(tenant.domain, tenant.clientId, tenant.clientSecret)
    const viaToken = new Auth0(tenant.domain, token.access_token, {
      defaultConnection: tenant.connection,
      logger,
    })
    const viaSecret = connect(tenant, { logger })
    await viaSecret.users.create({ email: 'dup@acdc.test', password: PASSWORD })

    const stopped = await startEmulator({ port: 0 })
    await stopped.stop()
    const errors: unknown[] = await Promise.all([
      viaToken.users.create({ email: 'dup@acdc.test', password: PASSWORD }).catch((e) => e), // 409
      viaToken.users.get('auth0|000000000000000000000000').catch((e) => e), // 404 → DoesNotExist
      viaToken.users
        .create({ email: 'weak@acdc.test', password: PASSWORD.toLowerCase() })
        .catch((e) => e), // 400
      new Auth0(tenant.domain, `${token.access_token}x`).users.get('auth0|1').catch((e) => e), // 401
      getToken(tenant.domain, tenant.clientId, `${tenant.clientSecret}x`).catch((e) => e), // OAuth 401
      new Auth0(stopped.domain, {
        clientId: 'c',
        clientSecret: tenant.clientSecret,
        maxRetries: 0,
        logger,
      }).users
        .get('auth0|1')
        .catch((e) => e), // network
      connect(slow, { timeout: 200, maxRetries: 0, logger })
        .users.get('auth0|1')
        .catch((e) => e), // timeout
      connect(throttled, { maxRetries: 0, logger })
        .users.all()
        .count()
        .then(() => connect(throttled, { maxRetries: 0 }).users.all().count())
        .then(() => connect(throttled, { maxRetries: 0 }).users.all().count())
        .catch((e) => e), // 429
      Promise.resolve()
        .then(() => viaToken.users.query({ user_metadata__x: 'a*' }))
        .catch((e) => e), // bad lookup
    ])
    expect(errors[0]).toBeInstanceOf(Auth0Error)
    expect(errors[1]).toBeInstanceOf(DoesNotExist)
    expect(errors[5]).toBeInstanceOf(NetworkError)
    expect(errors[6]).toBeInstanceOf(TimeoutError)
    expect(errors[8]).toBeInstanceOf(InvalidLookup)
    const secrets = [token.access_token, tenant.clientSecret, PASSWORD, PASSWORD.toLowerCase()]
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error)
      const views = [
        String(error),
        JSON.stringify(error),
        inspect(error, { depth: null, showHidden: true }),
        (error as Error).stack ?? '',
        inspect((error as Error).cause, { depth: null, showHidden: true }),
      ]
      for (const view of views) for (const secret of secrets) expect(view).not.toContain(secret)
    }
    expect(lines.length).toBeGreaterThan(0)
    for (const secret of secrets) expect(lines.join('\n')).not.toContain(secret)
  })
})
