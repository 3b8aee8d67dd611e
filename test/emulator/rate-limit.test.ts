import { describe, expect, it } from 'vitest'
import { api, manualClock, startTenant, tokenRequest } from './helpers.js'

const TOO_MANY =
  '{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached","errorCode":"too_many_requests"}'

const limits = (headers: Headers) => ({
  limit: Number(headers.get('x-ratelimit-limit')),
  remaining: Number(headers.get('x-ratelimit-remaining')),
  reset: Number(headers.get('x-ratelimit-reset')),
})

describe('rate limits', () => {
  it('is off by default: no headers, no 429', async () => {
    const tenant = await startTenant()
    try {
      const results = await Promise.all(
        Array.from({ length: 60 }, () => api(tenant, 'GET', '/users')),
      )
      expect(results.every((r) => r.status === 200)).toBe(true)
      expect(results[0]!.headers.get('x-ratelimit-limit')).toBeNull()
    } finally {
      await tenant.stop()
    }
  })

  it('drains a custom bucket, answers the recorded 429 with headers, and refills over (injected) time', async () => {
    const clock = manualClock()
    const tenant = await startTenant({ rateLimit: { burst: 3, perSecond: 2 }, now: clock.now })
    try {
      const seconds = Math.ceil(clock.now() / 1000)
      const ok = []
      for (let i = 0; i < 3; i++) ok.push(await api(tenant, 'GET', '/users'))
      expect(ok.map((r) => r.status)).toEqual([200, 200, 200])
      expect(ok.map((r) => limits(r.headers).remaining)).toEqual([2, 1, 0])
      expect(limits(ok[0]!.headers).limit).toBe(3)

      const refused = await api(tenant, 'GET', '/users')
      expect(refused.status).toBe(429)
      expect(refused.text).toBe(TOO_MANY)
      // One token comes back in 500 ms: the reset is the next whole second after that.
      expect(limits(refused.headers)).toEqual({ limit: 3, remaining: 0, reset: seconds + 1 })

      // Error answers carry the headers too (every API response does).
      clock.advance(500)
      const notFound = await api(tenant, 'GET', '/users/auth0%7Cnobody')
      expect(notFound.status).toBe(404)
      expect(limits(notFound.headers).remaining).toBe(0)

      clock.advance(10_000)
      const full = await api(tenant, 'GET', '/users')
      // Next token due in 500 ms.
      expect(limits(full.headers)).toEqual({
        limit: 3,
        remaining: 2,
        reset: Math.ceil((clock.now() + 500) / 1000),
      })
    } finally {
      await tenant.stop()
    }
  })

  it('counts 401s against the bucket (the limit is per tenant, checked before auth)', async () => {
    const clock = manualClock()
    const tenant = await startTenant({ rateLimit: { burst: 1, perSecond: 1 }, now: clock.now })
    try {
      expect((await api(tenant, 'GET', '/users', { token: null })).status).toBe(401)
      expect((await api(tenant, 'GET', '/users')).status).toBe(429)
    } finally {
      await tenant.stop()
    }
  })

  it('enterprise preset: 50 burst, 16/s', async () => {
    const clock = manualClock()
    const tenant = await startTenant({ rateLimit: 'enterprise', now: clock.now })
    try {
      const statuses = []
      for (let i = 0; i < 51; i++)
        statuses.push((await api(tenant, 'GET', '/users?per_page=1')).status)
      expect(statuses.filter((s) => s === 200)).toHaveLength(50)
      expect(statuses[50]).toBe(429)
      clock.advance(1000)
      const after = []
      for (let i = 0; i < 17; i++)
        after.push((await api(tenant, 'GET', '/users?per_page=1')).status)
      expect(after.filter((s) => s === 200)).toHaveLength(16)
    } finally {
      await tenant.stop()
    }
  })

  it('essentials preset: separate users_read / users_write / users_delete buckets', async () => {
    const clock = manualClock()
    const tenant = await startTenant({ rateLimit: 'essentials', now: clock.now })
    try {
      for (let i = 0; i < 20; i++) {
        const res = await api(tenant, 'DELETE', `/users/auth0%7C${i}`)
        expect(res.status).toBe(204)
      }
      const refused = await api(tenant, 'DELETE', '/users/auth0%7Cx')
      expect(refused.body).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'Global per second users_delete group limit has been reached',
        errorCode: 'too_many_requests',
      })
      const read = await api(tenant, 'GET', '/users')
      expect(read.status).toBe(200)
      expect(limits(read.headers)).toMatchObject({ limit: 40, remaining: 39 })
      const write = await api(tenant, 'PATCH', '/users/auth0%7Cx', { body: { name: 'n' } })
      expect(write.status).toBe(404)
      expect(limits(write.headers)).toMatchObject({ limit: 20, remaining: 19 })
      // 200 per minute: one token back every 300 ms.
      clock.advance(300)
      expect((await api(tenant, 'DELETE', '/users/auth0%7Cx')).status).toBe(204)
    } finally {
      await tenant.stop()
    }
  })

  it('free preset: 2 burst on the API, its own /oauth/token bucket with an OAuth-style 429', async () => {
    const clock = manualClock()
    const tenant = await startTenant({ rateLimit: 'free', now: clock.now })
    try {
      const statuses = []
      for (let i = 0; i < 3; i++) statuses.push((await api(tenant, 'GET', '/users')).status)
      expect(statuses).toEqual([200, 200, 429])
      const params = {
        grant_type: 'client_credentials',
        client_id: tenant.clientId,
        client_secret: tenant.clientSecret,
        audience: tenant.audience,
      }
      // startTenant already took one token from the 30-token bucket.
      for (let i = 0; i < 29; i++) expect((await tokenRequest(tenant, params)).status).toBe(200)
      const refused = await tokenRequest(tenant, params)
      expect(refused.status).toBe(429)
      expect(refused.body).toEqual({
        error: 'too_many_requests',
        error_description: 'Global limit has been reached',
      })
    } finally {
      await tenant.stop()
    }
  })
})
