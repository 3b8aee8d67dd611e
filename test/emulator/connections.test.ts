import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, getToken, startTenant, type TestTenant } from './helpers.js'

let tenant: TestTenant
beforeAll(async () => {
  tenant = await startTenant({
    connections: [
      'Username-Password-Authentication',
      { name: 'legacy-db', requiresUsername: true },
    ],
    clients: [{ clientId: 'reader', clientSecret: 'reader-secret', scopes: ['read:users'] }],
  })
})
afterAll(() => tenant.stop())

describe('GET /connections', () => {
  it('lists the database connections, by name case-insensitively (as recorded)', async () => {
    const res = await api(tenant, 'GET', '/connections')
    expect(res.status).toBe(200)
    expect(res.body.map((c: { name: string }) => c.name)).toEqual([
      'legacy-db',
      'Username-Password-Authentication',
    ])
    expect(res.body[0]).toMatchObject({ strategy: 'auth0', options: { requires_username: true } })
    expect(res.body[0].id).toMatch(/^con_[A-Za-z0-9]{16}$/)
  })

  it('finds one by name, with fields, giving the id an export job takes', async () => {
    const res = await api(tenant, 'GET', '/connections?name=legacy-db&fields=id,name')
    expect(res.body).toEqual([{ id: expect.stringMatching(/^con_/), name: 'legacy-db' }])
    const job = await api(tenant, 'POST', '/jobs/users-exports', {
      body: { connection_id: res.body[0].id, format: 'json' },
    })
    expect(job.status).toBe(200)
    expect(job.body.connection).toBe('legacy-db')
    expect((await api(tenant, 'GET', '/connections?name=nope')).body).toEqual([])
  })

  it('needs read:connections', async () => {
    const token = await getToken(tenant, 'reader', 'reader-secret')
    const res = await api(tenant, 'GET', '/connections', { token })
    expect(res.status).toBe(403)
    expect(res.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'Insufficient scope, expected any of: read:connections',
      errorCode: 'insufficient_scope',
    })
  })
})

describe('GET /connections paging (what node-auth0 v5+/v7 and auth0-python 5 send)', () => {
  const NAMES = [
    'Conn1',
    'conn1test',
    'conn2',
    'Conn3000',
    'email-db',
    'Username-Password-Authentication',
  ]
  let many: TestTenant
  beforeAll(async () => {
    many = await startTenant({ connections: NAMES })
  })
  afterAll(() => many.stop())
  const names = (list: { name: string }[]) => list.map((c) => c.name)

  it('serves checkpoint paging with take/from; no next on the last page', async () => {
    const seen: string[] = []
    let from: string | undefined
    for (let pages = 0; pages < 10; pages++) {
      // include_totals and per_page are ignored next to take, as recorded from terraform.
      const query = `take=4&include_totals=true&per_page=50${from ? `&from=${from}` : ''}`
      const res = await api(many, 'GET', `/connections?${query}`)
      expect(res.status).toBe(200)
      // Exactly these keys: `next` only while more pages follow.
      expect(Object.keys(res.body)).toEqual(
        res.body.next === undefined ? ['connections'] : ['connections', 'next'],
      )
      seen.push(...names(res.body.connections))
      from = res.body.next
      if (from === undefined) break
    }
    expect(seen).toEqual(NAMES)
    expect(from).toBeUndefined()
  })

  it('serves page/per_page, with include_totals the recorded envelope', async () => {
    const res = await api(many, 'GET', '/connections?page=1&per_page=2&include_totals=true')
    expect(Object.keys(res.body)).toEqual(['total', 'start', 'limit', 'connections'])
    expect(res.body).toMatchObject({ total: 6, start: 2, limit: 2 })
    expect(names(res.body.connections)).toEqual(['conn2', 'Conn3000'])
    const plain = await api(many, 'GET', '/connections?page=2&per_page=2')
    expect(names(plain.body)).toEqual(['email-db', 'Username-Password-Authentication'])
  })

  it('validates take and refuses a forged cursor', async () => {
    const res = await api(many, 'GET', '/connections?take=101')
    expect(res.status).toBe(400)
    expect(res.body.errorCode).toBe('invalid_query_string')
    expect((await api(many, 'GET', '/connections?take=2&from=%3Cscript%3E')).status).toBe(400)
    // A cursor past every name is an empty last page.
    const past = Buffer.from('zzzz').toString('base64url')
    expect((await api(many, 'GET', `/connections?take=2&from=${past}`)).body).toEqual({
      connections: [],
    })
  })

  it('caps offset paging at 1000', async () => {
    const res = await api(many, 'GET', '/connections?page=10&per_page=100')
    expect(res.status).toBe(400)
    expect(res.body.errorCode).toBe('invalid_paging')
  })
})
