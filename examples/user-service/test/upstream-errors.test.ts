import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator } from 'auth0plus/emulator'
import { PASSWORD, startStack, type Stack } from './stack.js'

const UNKNOWN = '/users/auth0%7C0123456789abcdef01234567'

describe('answers about users', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack()
  })
  afterAll(() => stack.stop())

  it('answers 404 for an unknown user on GET, PATCH and DELETE', async () => {
    for (const [method, body] of [['GET'], ['PATCH', { name: 'x' }], ['DELETE']] as const) {
      const res = await stack.call(method, UNKNOWN, body)
      expect(res.status).toBe(404)
      expect(res.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'No user has this id.',
      })
    }
  })

  it("answers 409 with Auth0's message for a duplicate e-mail", async () => {
    const user = { email: 'twice@example.com', password: PASSWORD }
    expect((await stack.call('POST', '/users', user)).status).toBe(201)
    const res = await stack.call('POST', '/users', user)
    expect(res.status).toBe(409)
    expect(res.body).toMatchObject({
      statusCode: 409,
      error: 'Conflict',
      message: 'The user already exists.',
    })
  })
})

describe('rate limits', () => {
  let stack: Stack
  beforeAll(async () => {
    // Three requests, then one token every 4 s, for the whole tenant; the library must not retry.
    stack = await startStack({
      emulator: { rateLimit: { burst: 3, perSecond: 0.25 } },
      auth0: { maxRetries: 0 },
    })
  })
  afterAll(() => stack.stop())

  it("passes Auth0's 429 on with a Retry-After computed from its reset time", async () => {
    // The library paces its own requests from the rate-limit headers, so the service alone
    // meets no 429: another client of the tenant spends the shared bucket (401s count too).
    for (let i = 0; i < 3; i++) {
      expect((await fetch(`${stack.tenant.domain}/api/v2/users`)).status).toBe(401)
    }
    const limited = await stack.call('GET', UNKNOWN)
    expect(limited.status).toBe(429)
    const retryAfter = Number(limited.headers.get('retry-after'))
    expect(Number.isInteger(retryAfter)).toBe(true)
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(5)
    expect(limited.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `Auth0's rate limit is reached. Retry in ${retryAfter} s.`,
    })
  })
})

describe('upstream trouble', () => {
  async function answer(options: Parameters<typeof startStack>[0], path = UNKNOWN) {
    const stack = await startStack(options)
    try {
      const res = await stack.call('GET', path)
      return { res, logs: stack.logs }
    } finally {
      await stack.stop()
    }
  }

  it('answers 502 when Auth0 fails with a 5xx', async () => {
    const { res, logs } = await answer({
      emulator: { faults: { rate: 1, kinds: ['500'] } },
      auth0: { maxRetries: 0 },
    })
    expect(res.status).toBe(502)
    expect(res.body.message).toBe('Auth0 answered 500.')
    expect(
      logs.some((line) =>
        /^GET \/users\/auth0%7C\w+ failed: Auth0Error: An internal server error/.test(line),
      ),
    ).toBe(true)
  })

  it('answers 503 when the connection to Auth0 breaks', async () => {
    const { res } = await answer({
      emulator: { faults: { rate: 1, kinds: ['reset'] } },
      auth0: { maxRetries: 0 },
    })
    expect(res.status).toBe(503)
    expect(res.body.message).toBe('Auth0 cannot be reached (ECONNRESET).')
  })

  it('answers 503 when the tenant is not there at all', async () => {
    const gone = await startEmulator({ port: 0 })
    await gone.stop()
    const { res } = await answer({ auth0: { domain: gone.domain, maxRetries: 0 } }, '/users')
    expect(res.status).toBe(503)
    expect(res.body.message).toBe('Auth0 cannot be reached (ECONNREFUSED).')
  })

  it('answers 504 when Auth0 is too slow', async () => {
    const { res } = await answer({
      emulator: { faults: { rate: 1, kinds: ['slow'], slowMs: 1000 } },
      auth0: { maxRetries: 0, timeout: 100 },
    })
    expect(res.status).toBe(504)
  })

  it("answers 502 without detail when Auth0 refuses the service's credentials", async () => {
    const { res } = await answer({ auth0: { clientSecret: 'not-the-secret' } }, '/users')
    expect(res.status).toBe(502)
    expect(res.body.message).toBe("Auth0 refused this service's credentials (401).")
  })
})
