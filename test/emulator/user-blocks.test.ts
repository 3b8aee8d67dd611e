import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { authorizeRequest, callbackParams, NATIVE_APP, submitLogin } from './authorize-helpers.js'
import { rawApi } from './raw-request.js'
import { api, createUser, getToken, startTenant, userPath, type TestTenant } from './helpers.js'

const NARROW = { clientId: 'narrowClient', clientSecret: 'narrow-secret', scopes: ['read:users'] }
const PASSWORD = 'Passw0rd!x'

let tenant: TestTenant
let user: { user_id: string; email: string }
let emailNo = 0

beforeAll(async () => {
  tenant = await startTenant({ clients: [NATIVE_APP, NARROW], bruteForce: { threshold: 3 } })
})
afterAll(() => tenant.stop())
beforeEach(async () => {
  user = await createUser(tenant, { email: `user${++emailNo}@blocks.test` })
})

const login = (email: string, password: string) =>
  submitLogin(tenant, authorizeRequest(tenant).url, { email, password })

async function blockByFailedLogins(email: string): Promise<void> {
  for (let i = 0; i < 3; i++) await login(email, 'Wr0ng-password')
  expect((await login(email, PASSWORD)).status).toBe(429)
}

describe('user blocks', () => {
  it('GET /user-blocks/{id} lists the brute-force blocks; none → []', async () => {
    const path = `/user-blocks/${encodeURIComponent(user.user_id)}`
    expect((await api(tenant, 'GET', path)).body).toEqual({ blocked_for: [] })
    await blockByFailedLogins(user.email)
    const res = await api(tenant, 'GET', path)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      blocked_for: [
        { identifier: user.email, ip: '127.0.0.1', connection: 'Username-Password-Authentication' },
      ],
    })
  })

  it('DELETE /user-blocks/{id} lifts them (204, ublkdu logged) and the login works again', async () => {
    await blockByFailedLogins(user.email)
    const res = await api(tenant, 'DELETE', `/user-blocks/${encodeURIComponent(user.user_id)}`)
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    expect(callbackParams(await login(user.email, PASSWORD)).get('code')).toBeTruthy()
    const types = (await api(tenant, 'GET', `${userPath(user.user_id)}/logs`)).body.map(
      (e: { type: string }) => e.type,
    )
    expect(types).toEqual(['s', 'ublkdu', 'limit_wc', 'limit_wc', 'fp', 'fp', 'fp'])
  })

  it('by identifier: GET lists, DELETE lifts (204); identifier required', async () => {
    await blockByFailedLogins(user.email)
    const query = `?identifier=${encodeURIComponent(user.email.toUpperCase())}`
    expect((await api(tenant, 'GET', `/user-blocks${query}`)).body.blocked_for).toHaveLength(1)
    expect((await api(tenant, 'DELETE', `/user-blocks${query}`)).status).toBe(204)
    expect((await api(tenant, 'GET', `/user-blocks${query}`)).body).toEqual({ blocked_for: [] })
    // Unknown identifiers are blocked too (a block says nothing about existence).
    await blockByFailedLogins('ghost@blocks.test')
    const ghost = await api(tenant, 'GET', '/user-blocks?identifier=ghost@blocks.test')
    expect(ghost.body.blocked_for).toEqual([
      {
        identifier: 'ghost@blocks.test',
        ip: '127.0.0.1',
        connection: 'Username-Password-Authentication',
      },
    ])
    const missing = await api(tenant, 'GET', '/user-blocks')
    expect(missing.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: "Query validation error: 'Missing required property: identifier'.",
      errorCode: 'invalid_query_string',
    })
    expect((await api(tenant, 'DELETE', '/user-blocks?identifier=')).status).toBe(400)
  })

  it('does not touch admin blocks, and PATCH blocked:false does not lift brute-force ones', async () => {
    await blockByFailedLogins(user.email)
    await api(tenant, 'PATCH', userPath(user.user_id), { body: { blocked: false } })
    expect((await login(user.email, PASSWORD)).status).toBe(429)
    await api(tenant, 'PATCH', userPath(user.user_id), { body: { blocked: true } })
    await api(tenant, 'DELETE', `/user-blocks/${encodeURIComponent(user.user_id)}`)
    expect((await api(tenant, 'GET', userPath(user.user_id))).body.blocked).toBe(true)
    expect(callbackParams(await login(user.email, PASSWORD)).get('error_description')).toBe(
      'user is blocked',
    )
  })

  it("sends the blocked-account e-mail once; its link lifts that IP's block", async () => {
    tenant.outbox.clear()
    await blockByFailedLogins(user.email)
    const messages = tenant.outbox.list({ to: user.email })
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({
      template: 'blocked_account',
      userId: user.user_id,
      clientId: NATIVE_APP.clientId,
    })
    expect(messages[0]!.link).toMatch(/\/u\/unblock\?ticket=[A-Za-z0-9]{32}#$/)
    const page = await fetch(messages[0]!.link!)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Your account has been unblocked.')
    expect(callbackParams(await login(user.email, PASSWORD)).get('code')).toBeTruthy()
    expect((await fetch(messages[0]!.link!)).status).toBe(400)
  })

  it('404s unknown and hostile user ids; needs read:users / update:users', async () => {
    for (const id of ['auth0%7Cnobody', '__proto__', 'constructor', '..', '.', '%2E%2E']) {
      expect((await rawApi(tenant, 'GET', `/user-blocks/${id}`)).status).toBe(404)
      expect((await rawApi(tenant, 'DELETE', `/user-blocks/${id}`)).status).toBe(404)
    }
    const token = await getToken(tenant, NARROW.clientId, NARROW.clientSecret)
    const path = `/user-blocks/${encodeURIComponent(user.user_id)}`
    expect((await api(tenant, 'GET', path, { token })).status).toBe(200)
    const refused = await api(tenant, 'DELETE', path, { token })
    expect(refused.status).toBe(403)
    expect(refused.body.message).toBe('Insufficient scope, expected any of: update:users')
  })
})
