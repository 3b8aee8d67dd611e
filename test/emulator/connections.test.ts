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
  it('lists the database connections, default first', async () => {
    const res = await api(tenant, 'GET', '/connections')
    expect(res.status).toBe(200)
    expect(res.body.map((c: { name: string }) => c.name)).toEqual([
      'Username-Password-Authentication',
      'legacy-db',
    ])
    expect(res.body[1]).toMatchObject({ strategy: 'auth0', options: { requires_username: true } })
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
