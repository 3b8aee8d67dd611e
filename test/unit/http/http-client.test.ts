import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ClientCredentialsProvider } from '../../../src/auth/client-credentials-provider.js'
import { StaticTokenProvider } from '../../../src/auth/token-provider.js'
import {
  Auth0Error,
  InvalidArgument,
  NetworkError,
  RateLimitError,
  TimeoutError,
} from '../../../src/errors.js'
import { HttpClient } from '../../../src/http/http-client.js'
import { address, API, ListTokens, NOW, ORIGIN, systemError, testClient } from './fixtures.js'

const RL = {
  'x-ratelimit-limit': '50',
  'x-ratelimit-remaining': '49',
  'x-ratelimit-reset': '1767225601',
}
const bearer = (token: string) => ({ reqheaders: { authorization: `Bearer ${token}` } })

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

describe('HttpClient requests', () => {
  it('sends a GET with bearer token, JSON accept, user agent and query; parses the answer', async () => {
    const scope = nock(API, {
      reqheaders: {
        authorization: 'Bearer token-1',
        accept: 'application/json',
        'user-agent': 'test-agent',
      },
      badheaders: ['content-type'],
    })
      .get('/users')
      .query({ q: 'email:"a b@c.d"', per_page: '100', include_totals: 'true' })
      .reply(200, [{ user_id: 'auth0|1' }], RL)
    const { http } = testClient({ userAgent: 'test-agent' })
    const res = await http.request<Array<{ user_id: string }>>({
      method: 'GET',
      path: '/users',
      params: { q: 'email:"a b@c.d"', per_page: 100, include_totals: true, page: undefined },
    })
    scope.done()
    expect(res).toEqual({
      status: 200,
      data: [{ user_id: 'auth0|1' }],
      rateLimit: { limit: 50, remaining: 49, reset: 1767225601 },
    })
  })

  it('sends a JSON body and keeps an encoded id in the path', async () => {
    const scope = nock(API, { reqheaders: { 'content-type': 'application/json' } })
      .patch('/users/auth0%7C123', { name: 'Ada' })
      .reply(200, { user_id: 'auth0|123', name: 'Ada' })
    const { http } = testClient()
    const res = await http.request({
      method: 'PATCH',
      path: '/users/auth0%7C123',
      body: { name: 'Ada' },
    })
    scope.done()
    expect(res.data).toEqual({ user_id: 'auth0|123', name: 'Ada' })
    expect(res.rateLimit).toBeUndefined()
  })

  it('resolves an empty 204 with undefined data', async () => {
    const scope = nock(API).delete('/users/auth0%7C1').reply(204)
    const { http } = testClient()
    expect(await http.request({ method: 'DELETE', path: '/users/auth0%7C1' })).toEqual({
      status: 204,
      data: undefined,
      rateLimit: undefined,
    })
    scope.done()
  })

  it('refuses a 2xx that is not JSON', async () => {
    const scope = nock(API).get('/users').reply(200, '<html>portal</html>')
    await expect(testClient().http.request({ method: 'GET', path: '/users' })).rejects.toThrow(
      /not JSON/,
    )
    scope.done()
  })

  it('checks its options and the path before any request', () => {
    expect(() => new HttpClient({ address, tokens: new ListTokens(), timeout: 0 })).toThrow(
      InvalidArgument,
    )
    expect(() => new HttpClient({ address, tokens: new ListTokens(), maxRetries: -1 })).toThrow(
      InvalidArgument,
    )
    expect(() => new HttpClient({ address, tokens: new ListTokens(), concurrency: 0 })).toThrow(
      InvalidArgument,
    )
    return expect(testClient().http.request({ method: 'GET', path: 'users' })).rejects.toThrow(
      InvalidArgument,
    )
  })
})

describe('HttpClient error answers', () => {
  it('maps an Auth0 body to Auth0Error with method and path, not the query', async () => {
    const scope = nock(API)
      .get('/users-by-email')
      .query({ email: 'private@example.com' })
      .reply(404, {
        statusCode: 404,
        error: 'Not Found',
        message: 'The user does not exist.',
        errorCode: 'inexistent_user',
      })
    const err = await testClient()
      .http.request({
        method: 'GET',
        path: '/users-by-email',
        params: { email: 'private@example.com' },
      })
      .catch((e: unknown) => e)
    scope.done()
    expect(err).toBeInstanceOf(Auth0Error)
    expect(err).toMatchObject({
      statusCode: 404,
      error: 'Not Found',
      errorCode: 'inexistent_user',
      message: 'The user does not exist.',
      method: 'GET',
      path: '/users-by-email',
    })
    expect(String(err)).toBe('404: The user does not exist.')
    expect(JSON.stringify(err)).not.toContain('private@example.com')
  })

  it('maps a non-JSON error page from the status and does not retry a POST', async () => {
    const scope = nock(API).post('/users').reply(502, '<html><h1>502 Bad Gateway</h1></html>', {
      'content-type': 'text/html',
    })
    const { http, delays } = testClient()
    await expect(http.request({ method: 'POST', path: '/users', body: {} })).rejects.toMatchObject({
      statusCode: 502,
      error: 'Bad Gateway',
      message: 'Bad Gateway',
    })
    scope.done()
    expect(delays).toEqual([])
  })
})

describe('HttpClient retries', () => {
  it('retries a 429 on POST after Retry-After (seconds)', async () => {
    const scope = nock(API)
      .post('/users', { email: 'a@b.c' })
      .reply(
        429,
        { statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached' },
        { 'retry-after': '2' },
      )
      .post('/users', { email: 'a@b.c' })
      .reply(201, { user_id: 'auth0|1' })
    const { http, delays } = testClient()
    const res = await http.request({ method: 'POST', path: '/users', body: { email: 'a@b.c' } })
    scope.done()
    expect(res.status).toBe(201)
    expect(delays).toEqual([2000])
  })

  it('waits for a Retry-After date', async () => {
    const scope = nock(API)
      .get('/users')
      .reply(429, {}, { 'retry-after': new Date(NOW + 5000).toUTCString() })
      .get('/users')
      .reply(200, [])
    const { http, delays } = testClient()
    await http.request({ method: 'GET', path: '/users' })
    scope.done()
    expect(delays).toEqual([5000])
  })

  it('throws RateLimitError with resetAt after the retries are spent, waiting for x-ratelimit-reset', async () => {
    // The test clock moves only when the client sleeps: each answer's reset is 3 s after it.
    const headers = (answer: number) => ({
      'x-ratelimit-limit': '2',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(NOW / 1000 + 3 * answer),
    })
    const body = {
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Global limit has been reached',
      errorCode: 'too_many_requests',
    }
    const scope = nock(API)
    for (let answer = 1; answer <= 4; answer++) {
      scope.patch('/users/u1', { name: 'x' }).reply(429, body, headers(answer))
    }
    const { http, delays } = testClient({ random: () => 0 })
    const err = await http
      .request({ method: 'PATCH', path: '/users/u1', body: { name: 'x' } })
      .catch((e: unknown) => e)
    scope.done()
    expect(err).toBeInstanceOf(RateLimitError)
    const reset = NOW / 1000 + 12 // the last answer's
    expect(err).toMatchObject({
      statusCode: 429,
      resetAt: reset,
      errorCode: 'too_many_requests',
      message: 'Global limit has been reached',
      method: 'PATCH',
      path: '/users/u1',
    })
    expect(delays).toEqual([3000, 3000, 3000])
    // The numbers travel on the error itself, not on the client.
    expect((err as RateLimitError).rateLimit).toEqual({ limit: 2, remaining: 0, reset })
  })

  it('gives resetAt -1 when Auth0 sent no reset, after backoff delays', async () => {
    const scope = nock(API).get('/users').times(3).reply(429, 'slow down')
    const { http, delays } = testClient({ maxRetries: 2 })
    await expect(http.request({ method: 'GET', path: '/users' })).rejects.toMatchObject({
      name: 'RateLimitError',
      resetAt: -1,
      message: 'Too Many Requests',
    })
    scope.done()
    expect(delays).toEqual([500, 1000])
  })

  it('retries 5xx on GET and DELETE with capped exponential backoff', async () => {
    const get = nock(API)
      .get('/users/u1')
      .times(3)
      .reply(503)
      .get('/users/u1')
      .reply(200, { user_id: 'u1' })
    const del = nock(API).delete('/users/u1').reply(500).delete('/users/u1').reply(204)
    const { http, delays } = testClient()
    expect((await http.request({ method: 'GET', path: '/users/u1' })).data).toEqual({
      user_id: 'u1',
    })
    expect((await http.request({ method: 'DELETE', path: '/users/u1' })).status).toBe(204)
    get.done()
    del.done()
    expect(delays).toEqual([500, 1000, 2000, 500])
  })

  it('honours Retry-After on a 503', async () => {
    const scope = nock(API)
      .get('/users')
      .reply(503, '', { 'retry-after': '1' })
      .get('/users')
      .reply(200, [])
    const { http, delays } = testClient()
    await http.request({ method: 'GET', path: '/users' })
    scope.done()
    expect(delays).toEqual([1000])
  })

  it('does not retry 5xx on POST or PATCH', async () => {
    const scope = nock(API)
      .post('/users')
      .reply(500, { statusCode: 500, error: 'Internal Server Error', message: 'oops' })
      .patch('/users/u1')
      .reply(503)
    const { http, delays } = testClient()
    await expect(http.request({ method: 'POST', path: '/users', body: {} })).rejects.toMatchObject({
      statusCode: 500,
      message: 'oops',
    })
    await expect(
      http.request({ method: 'PATCH', path: '/users/u1', body: {} }),
    ).rejects.toMatchObject({ statusCode: 503 })
    scope.done()
    expect(delays).toEqual([])
  })

  it('gives up after maxRetries 5xx answers', async () => {
    const scope = nock(API).get('/users').times(2).reply(500)
    const { http, delays } = testClient({ maxRetries: 1 })
    await expect(http.request({ method: 'GET', path: '/users' })).rejects.toMatchObject({
      statusCode: 500,
    })
    scope.done()
    expect(delays).toEqual([500])
  })

  it('does not retry other 4xx', async () => {
    const scope = nock(API).get('/users').reply(400, {
      statusCode: 400,
      error: 'Bad Request',
      message: 'bad q',
      errorCode: 'invalid_query_string',
    })
    await expect(testClient().http.request({ method: 'GET', path: '/users' })).rejects.toThrow(
      'bad q',
    )
    scope.done()
  })

  it('retries a reset connection on GET, not on POST', async () => {
    const scope = nock(API)
      .get('/users')
      .replyWithError(systemError('ECONNRESET'))
      .get('/users')
      .reply(200, [])
      .post('/users')
      .replyWithError(systemError('ECONNRESET'))
    const { http, delays } = testClient()
    await http.request({ method: 'GET', path: '/users' })
    const err = await http
      .request({ method: 'POST', path: '/users', body: {} })
      .catch((e: unknown) => e)
    scope.done()
    expect(err).toBeInstanceOf(NetworkError)
    expect(err).toMatchObject({ code: 'ECONNRESET', method: 'POST', path: '/users' })
    expect(String(err)).toBe('NetworkError: POST /users: network error (ECONNRESET)')
    expect(delays).toEqual([500])
  })

  it('retries a refused connection even on POST: nothing was sent', async () => {
    const scope = nock(API)
      .post('/users')
      .replyWithError(systemError('ECONNREFUSED'))
      .post('/users')
      .reply(201, {})
    const { http, delays } = testClient()
    await http.request({ method: 'POST', path: '/users', body: {} })
    scope.done()
    expect(delays).toEqual([500])
  })

  it('times out, retrying a GET but not a POST', async () => {
    const scope = nock(API)
      .get('/users')
      .times(2)
      .delay(5_000) // far past the timeout, so a loaded machine cannot reorder the two
      .reply(200, [])
      .post('/users')
      .delay(5_000)
      .reply(201, {})
    const { http, delays } = testClient({ timeout: 25, maxRetries: 1 })
    const get = await http.request({ method: 'GET', path: '/users' }).catch((e: unknown) => e)
    expect(get).toBeInstanceOf(TimeoutError)
    expect(get).toMatchObject({
      code: 'ETIMEDOUT',
      method: 'GET',
      path: '/users',
      message: 'GET /users: timed out after 25 ms',
    })
    await expect(http.request({ method: 'POST', path: '/users', body: {} })).rejects.toThrow(
      TimeoutError,
    )
    scope.done()
    expect(delays).toEqual([500])
  })
})

describe('HttpClient 401 handling', () => {
  it('renews once and replays with the new token', async () => {
    const scope = nock(API, bearer('token-1')).get('/users/u1').reply(401, {
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Expired token received for JSON Web Token validation',
    })
    const replay = nock(API, bearer('token-2')).get('/users/u1').reply(200, { user_id: 'u1' })
    const tokens = new ListTokens()
    const { http, delays } = testClient({ tokens })
    expect((await http.request({ method: 'GET', path: '/users/u1' })).data).toEqual({
      user_id: 'u1',
    })
    scope.done()
    replay.done()
    expect(tokens.renewed).toEqual(['token-1'])
    expect(delays).toEqual([])
  })

  it('surfaces a second 401 as Auth0Error', async () => {
    const first = nock(API, bearer('token-1'))
      .post('/users')
      .reply(401, { statusCode: 401, error: 'Unauthorized', message: 'Invalid token' })
    const second = nock(API, bearer('token-2'))
      .post('/users')
      .reply(401, { statusCode: 401, error: 'Unauthorized', message: 'Invalid token' })
    const tokens = new ListTokens()
    await expect(
      testClient({ tokens }).http.request({ method: 'POST', path: '/users', body: {} }),
    ).rejects.toMatchObject({ statusCode: 401, message: 'Invalid token' })
    first.done()
    second.done()
    expect(tokens.renewed).toEqual(['token-1'])
  })

  it('surfaces a 401 at once with a static token', async () => {
    const scope = nock(API, bearer('static'))
      .get('/users')
      .reply(401, { statusCode: 401, error: 'Unauthorized', message: 'Invalid token' })
    const err = await testClient({ tokens: new StaticTokenProvider('static') })
      .http.request({ method: 'GET', path: '/users' })
      .catch((e: unknown) => e)
    scope.done()
    expect(err).toBeInstanceOf(Auth0Error)
    expect(String(err)).toBe('401: Invalid token')
  })

  it('renews once for eight concurrent 401s with client credentials', async () => {
    let issued = 0
    const tokenEndpoint = nock(ORIGIN)
      .post('/oauth/token')
      .times(2)
      .reply(200, () => ({
        access_token: `cc-${++issued}`,
        token_type: 'Bearer',
        expires_in: 86400,
      }))
    const refused = nock(API, bearer('cc-1'))
      .get(/\/users\/u\d/)
      .times(8)
      .reply(401, { statusCode: 401, error: 'Unauthorized', message: 'Invalid token' })
    const accepted = nock(API, bearer('cc-2'))
      .get(/\/users\/u\d/)
      .times(8)
      .reply(200, {})
    const tokens = new ClientCredentialsProvider({
      address,
      clientId: 'cid',
      clientSecret: 'csecret',
      now: () => NOW,
    })
    const { http } = testClient({ tokens })
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => http.request({ method: 'GET', path: `/users/u${i}` })),
    )
    tokenEndpoint.done()
    refused.done()
    accepted.done()
  })

  it('shares one token request among eight concurrent first requests', async () => {
    const tokenEndpoint = nock(ORIGIN)
      .post('/oauth/token')
      .once()
      .reply(200, { access_token: 'cc-1', token_type: 'Bearer', expires_in: 86400 })
    const api = nock(API, bearer('cc-1')).get('/users').times(8).reply(200, [])
    const tokens = new ClientCredentialsProvider({
      address,
      clientId: 'cid',
      clientSecret: 'csecret',
    })
    const { http } = testClient({ tokens })
    await Promise.all(
      Array.from({ length: 8 }, () => http.request({ method: 'GET', path: '/users' })),
    )
    tokenEndpoint.done()
    api.done()
  })
})

describe('HttpClient concurrency and logging', () => {
  it('keeps at most `concurrency` requests in flight', async () => {
    let active = 0
    let peak = 0
    const scope = nock(API)
      .get('/users')
      .times(7)
      .reply((_uri, _body, callback) => {
        peak = Math.max(peak, ++active)
        setTimeout(() => {
          active--
          callback(null, [200, '[]'])
        }, 15)
      })
    const { http } = testClient({ concurrency: 3 })
    await Promise.all(
      Array.from({ length: 7 }, () => http.request({ method: 'GET', path: '/users' })),
    )
    scope.done()
    expect(peak).toBe(3)
  })

  it('logs one line per request, response and retry, without headers, bodies or tokens', async () => {
    const scope = nock(API)
      .post('/users', { password: 'pw-secret-1' })
      .query({ email: 'x@y.z' })
      .reply(429, {}, { 'retry-after': '1' })
      .post('/users', { password: 'pw-secret-1' })
      .query({ email: 'x@y.z' })
      .reply(201, { user_id: 'u1' })
    const { http, lines } = testClient()
    await http.request({
      method: 'POST',
      path: '/users',
      params: { email: 'x@y.z' },
      body: { password: 'pw-secret-1' },
    })
    scope.done()
    expect(lines.map((l) => l.message)).toEqual([
      'auth0plus http request POST /users (attempt 1)',
      'auth0plus http response POST /users 429 (attempt 1)',
      'auth0plus http retry POST /users 429 (attempt 1) in 1000 ms',
      'auth0plus http request POST /users (attempt 2)',
      'auth0plus http response POST /users 201 (attempt 2)',
    ])
    expect(lines[2]!.fields).toEqual({
      method: 'POST',
      path: '/users',
      status: 429,
      attempt: 1,
      delay: 1000,
    })
    const all = JSON.stringify(lines)
    for (const secret of ['pw-secret-1', 'token-1', 'x@y.z']) expect(all).not.toContain(secret)
  })
})
