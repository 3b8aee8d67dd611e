import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createUser, manualClock, startTenant, type TestTenant } from './helpers.js'

let tenant: TestTenant

/** 120 users with distinct created_at, seeded so the default order is known. */
const seeds = Array.from({ length: 120 }, (_, i) => ({
  email: `user${String(i).padStart(3, '0')}@${i % 2 === 0 ? 'even' : 'odd'}.example.com`,
  created_at: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(),
  logins_count: i,
  app_metadata: { group: i % 3 },
}))

beforeAll(async () => {
  tenant = await startTenant({ users: seeds })
})
afterAll(() => tenant.stop())

const badRequest = (message: string, errorCode: string) => ({
  statusCode: 400,
  error: 'Bad Request',
  message,
  errorCode,
})

const PAGING =
  '{"statusCode":400,"error":"Bad Request","message":"You can only page through the first 1000 records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation","errorCode":"invalid_paging"}'

describe('GET /users paging', () => {
  it('returns a bare array of 50 by default, in created_at order', async () => {
    const res = await api(tenant, 'GET', '/users')
    expect(res.status).toBe(200)
    expect(Array.isArray(res.body)).toBe(true)
    expect(res.body).toHaveLength(50)
    expect(res.body.map((u: { email: string }) => u.email)).toEqual(
      seeds.slice(0, 50).map((s) => s.email),
    )
  })

  it('pages with page/per_page and the include_totals envelope', async () => {
    const res = await api(tenant, 'GET', '/users?page=1&per_page=100&include_totals=true')
    expect(Object.keys(res.body)).toEqual(['start', 'limit', 'length', 'total', 'users'])
    expect(res.body).toMatchObject({ start: 100, limit: 100, length: 20, total: 120 })
    expect(res.body.users[0].email).toBe(seeds[100]!.email)
  })

  it('answers an empty page past the end (inside the cap)', async () => {
    const res = await api(tenant, 'GET', '/users?page=5&per_page=100&include_totals=true')
    expect(res.body).toEqual({ start: 500, limit: 100, length: 0, total: 120, users: [] })
  })

  it.each([
    ['page=10&per_page=100', false],
    ['page=9&per_page=100', true],
    ['page=20&per_page=50', false],
    ['page=20', false],
    ['page=19', true],
    ['page=33&per_page=30', false],
    ['page=32&per_page=30', true],
  ])('applies the 1000-result cap on the request alone: %s', async (params, ok) => {
    const res = await api(tenant, 'GET', `/users?${params}`)
    if (ok) expect(res.status).toBe(200)
    else expect(res.text).toBe(PAGING)
  })

  it('refuses per_page over 100 and malformed paging parameters', async () => {
    expect((await api(tenant, 'GET', '/users?per_page=101')).body).toEqual(
      badRequest(
        "Query validation error: 'Value 101 is greater than maximum 100' on property per_page (Number of results per page).",
        'invalid_query_string',
      ),
    )
    expect((await api(tenant, 'GET', '/users?page=-1')).body).toEqual(
      badRequest(
        "Query validation error: 'Value -1 is less than minimum 0' on property page (Page index of the results to return. First page is 0).",
        'invalid_query_string',
      ),
    )
    expect((await api(tenant, 'GET', '/users?per_page=ten')).body.message).toBe(
      "Query validation error: 'Expected type integer but found type string' on property per_page (Number of results per page).",
    )
    expect((await api(tenant, 'GET', '/users?include_totals=yes')).body.errorCode).toBe(
      'invalid_query_string',
    )
  })

  it('projects fields and excludes them with include_fields=false', async () => {
    const only = await api(tenant, 'GET', '/users?per_page=2&fields=email,user_id')
    expect(Object.keys(only.body[0]).sort()).toEqual(['email', 'user_id'])
    const without = await api(
      tenant,
      'GET',
      '/users?per_page=2&fields=identities,picture&include_fields=false',
    )
    expect(without.body[0]).not.toHaveProperty('identities')
    expect(without.body[0]).toHaveProperty('email')
  })
})

describe('GET /users search', () => {
  it('round-trips a few q queries with totals', async () => {
    const exact = await api(
      tenant,
      'GET',
      `/users?q=${encodeURIComponent('email:"user007@odd.example.com"')}&include_totals=true`,
    )
    expect(exact.body.total).toBe(1)
    const range = await api(
      tenant,
      'GET',
      `/users?q=${encodeURIComponent('logins_count:[10 TO 19]')}&include_totals=true`,
    )
    expect(range.body.total).toBe(10)
    const domain = await api(
      tenant,
      'GET',
      `/users?q=${encodeURIComponent('email.domain:"even.example.com"')}&include_totals=true&per_page=1`,
    )
    expect(domain.body).toMatchObject({ total: 60, length: 1 })
    const meta = await api(
      tenant,
      'GET',
      `/users?q=${encodeURIComponent('app_metadata.group:0 AND email:user00*')}`,
    )
    expect(meta.body.map((u: { email: string }) => u.email)).toEqual([
      'user000@even.example.com',
      'user003@odd.example.com',
      'user006@even.example.com',
      'user009@odd.example.com',
    ])
  })

  it('sorts with sort=field:-1', async () => {
    const res = await api(
      tenant,
      'GET',
      '/users?sort=logins_count:-1&per_page=3&fields=logins_count',
    )
    expect(res.body.map((u: { logins_count: number }) => u.logins_count)).toEqual([119, 118, 117])
  })

  it('answers invalid_query_string for a query the search engine refuses', async () => {
    const res = await api(tenant, 'GET', `/users?q=${encodeURIComponent('email:(unclosed')}`)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      errorCode: 'invalid_query_string',
    })
    expect(typeof res.body.message).toBe('string')
  })

  it('refuses search engines v1 and v2, and the v1-only connection parameter', async () => {
    const v1 = await api(tenant, 'GET', '/users?search_engine=v1&q=name:x')
    expect(v1.text).toBe(
      '{"statusCode":400,"error":"Bad Request","message":"You are not allowed to use search_engine=v1.","errorCode":"operation_not_supported"}',
    )
    const v2 = await api(tenant, 'GET', '/users?search_engine=v2')
    expect(v2.body.message).toBe('You are not allowed to use search_engine=v2.')
    const connection = await api(
      tenant,
      'GET',
      `/users?connection=${encodeURIComponent(tenant.connection)}`,
    )
    expect(connection.body.message).toBe('You are not allowed to use search_engine=v1.')
    const v3 = await api(
      tenant,
      'GET',
      `/users?search_engine=v3&connection=${encodeURIComponent(tenant.connection)}&per_page=1`,
    )
    expect(v3.status).toBe(200)
    const v4 = await api(tenant, 'GET', '/users?search_engine=v4')
    expect(v4.body.message).toBe(
      `Query validation error: 'No enum match for: "v4"' on property search_engine (The version of the search engine).`,
    )
  })
})

describe('indexDelayMs', () => {
  it('shows writes in search only after the delay; get by id and by email at once', async () => {
    const clock = manualClock()
    const lagging = await startTenant({ indexDelayMs: 1500, now: clock.now })
    try {
      const user = await createUser(lagging, { email: 'late@example.com' })
      const q = `/users?q=${encodeURIComponent('email:"late@example.com"')}`
      expect((await api(lagging, 'GET', q)).body).toEqual([])
      expect((await api(lagging, 'GET', `/users/${encodeURIComponent(user.user_id)}`)).status).toBe(
        200,
      )
      expect(
        (await api(lagging, 'GET', '/users-by-email?email=late%40example.com')).body,
      ).toHaveLength(1)
      clock.advance(1500)
      expect((await api(lagging, 'GET', q)).body).toHaveLength(1)

      // Deletes lag too: the search still finds the user right after the 204.
      await api(lagging, 'DELETE', `/users/${encodeURIComponent(user.user_id)}`)
      expect((await api(lagging, 'GET', q)).body).toHaveLength(1)
      expect((await api(lagging, 'GET', `/users/${encodeURIComponent(user.user_id)}`)).status).toBe(
        404,
      )
      clock.advance(1500)
      expect((await api(lagging, 'GET', q)).body).toEqual([])
    } finally {
      await lagging.stop()
    }
  })
})
