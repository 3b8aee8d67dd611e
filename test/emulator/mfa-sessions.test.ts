import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { maskEmail, maskPhone } from '../../src/emulator/authentication-methods.js'
import { startEmulator } from '../../src/emulator/index.js'
import { rawApi } from './raw-request.js'
import { api, getToken, startTenant, userPath, type TestTenant } from './helpers.js'

const NARROW = { clientId: 'narrowClient', clientSecret: 'narrow-secret', scopes: ['read:users'] }

let tenant: TestTenant
let ann: string
let bob: string

beforeAll(async () => {
  tenant = await startTenant({
    clients: [NARROW],
    users: [
      {
        email: 'ann@mfa.test',
        authentication_methods: [
          {
            type: 'email',
            email: 'chuck249@example.com',
            name: 'Work',
            created_at: '2023-03-10T16:25:51.113Z',
          },
          { type: 'phone', phone_number: '+14155555044', name: 'Mobile' },
          { type: 'totp', name: 'App' },
        ],
      },
      { email: 'bob@mfa.test' },
    ],
  })
  const users = (await api(tenant, 'GET', '/users?sort=email:1')).body
  ann = users[0].user_id
  bob = users[1].user_id
})
afterAll(() => tenant.stop())

const methods = (id: string, query = '') =>
  api(tenant, 'GET', `${userPath(id)}/authentication-methods${query}`)

describe('authentication methods', () => {
  it('lists seeded methods masked, in the recorded envelope; an empty list has no total', async () => {
    const res = await methods(ann, '?include_totals=true')
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toEqual(['authenticators', 'total', 'start', 'limit'])
    expect(res.body).toMatchObject({ total: 3, start: 0, limit: 50 })
    const [email, phone, totp] = res.body.authenticators
    expect(email).toEqual({
      id: expect.stringMatching(/^email\|dev_[A-Za-z0-9]{16}$/),
      type: 'email',
      confirmed: true,
      name: 'Work',
      email: 'chuc****@exam*******',
      created_at: '2023-03-10T16:25:51.113Z',
    })
    expect(phone).toMatchObject({ type: 'phone', phone_number: 'XXXXXXXX5044' })
    expect(totp.id).toMatch(/^totp\|dev_/)
    expect((await methods(bob, '?include_totals=true')).body).toEqual({
      authenticators: [],
      start: 0,
      limit: 50,
    })
    expect(
      (await methods(ann, '?page=1&per_page=2')).body.map((m: { type: string }) => m.type),
    ).toEqual(['totp'])
    expect((await methods(ann, '?per_page=101')).status).toBe(400)
    // The profile never shows them.
    expect((await api(tenant, 'GET', userPath(ann))).body.authentication_methods).toBeUndefined()
  })

  it('deletes one (204, then 404) and all (204)', async () => {
    const [first] = (await methods(ann)).body
    const path = `${userPath(ann)}/authentication-methods/${encodeURIComponent(first.id)}`
    expect((await api(tenant, 'DELETE', path)).status).toBe(204)
    const again = await api(tenant, 'DELETE', path)
    expect(again.status).toBe(404)
    expect(again.body.message).toBe('Authentication method not found')
    expect((await methods(ann)).body).toHaveLength(2)
    expect((await api(tenant, 'DELETE', `${userPath(ann)}/authentication-methods`)).status).toBe(
      204,
    )
    expect((await methods(ann)).body).toEqual([])
    const types = (await api(tenant, 'GET', '/logs?q=type:sapi')).body.map(
      (e: { description: string }) => e.description,
    )
    expect(types.slice(0, 2)).toEqual([
      'Delete all authentication methods of a user',
      'Delete an authentication method',
    ])
  })

  it('refuses a seed with an unknown type', async () => {
    await expect(
      startEmulator({
        port: 0,
        users: [{ email: 'x@mfa.test', authentication_methods: [{ type: 'sms' }] }],
      }),
    ).rejects.toThrow(/Unknown authentication method type: sms/)
  })

  it('masks like the recordings', () => {
    expect(maskEmail('chuck249@example.com')).toBe('chuc****@exam*******')
    expect(maskEmail('ann@ex.io')).toBe('***@ex.i*')
    expect(maskPhone('+14155555044')).toBe('XXXXXXXX5044')
  })
})

describe('remember-browser, sessions, refresh tokens', () => {
  it('answer 204, 202 {} and 202 {} for a user; 404 for unknown or hostile ids', async () => {
    const invalidate = await api(
      tenant,
      'POST',
      `${userPath(bob)}/multifactor/actions/invalidate-remember-browser`,
    )
    expect(invalidate.status).toBe(204)
    for (const path of ['sessions', 'refresh-tokens']) {
      const res = await api(tenant, 'DELETE', `${userPath(bob)}/${path}`)
      expect(res.status).toBe(202)
      expect(res.body).toEqual({})
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
      for (const id of ['auth0%7Cnobody', '__proto__', '..', '.']) {
        expect((await rawApi(tenant, 'DELETE', `/users/${id}/${path}`)).status).toBe(404)
      }
    }
    expect(
      (await api(tenant, 'GET', `${userPath('auth0|nobody')}/authentication-methods`)).status,
    ).toBe(404)
  })

  it('need their scopes', async () => {
    const token = await getToken(tenant, NARROW.clientId, NARROW.clientSecret)
    const cases: [string, string, string][] = [
      ['GET', 'authentication-methods', 'read:authentication_methods'],
      ['DELETE', 'authentication-methods', 'delete:authentication_methods'],
      ['DELETE', 'authentication-methods/x', 'delete:authentication_methods'],
      ['POST', 'multifactor/actions/invalidate-remember-browser', 'update:users'],
      ['DELETE', 'sessions', 'delete:sessions'],
      ['DELETE', 'refresh-tokens', 'delete:refresh_tokens'],
    ]
    for (const [method, path, scope] of cases) {
      const res = await api(tenant, method, `${userPath(bob)}/${path}`, { token })
      expect(res.status).toBe(403)
      expect(res.body.message).toBe(`Insufficient scope, expected any of: ${scope}`)
    }
  })
})
