/** The Authentication API's session end: logout, revocation; routes that do not exist; the default tenant. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { submitLogin, callbackParams } from './authorize-helpers.js'
import { startTenant, tokenRequest, type TestTenant } from './helpers.js'

const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >

const WEB_APP = {
  clientId: 'regularWebApp',
  clientSecret: 'web-secret-0000000000000000000000',
  appType: 'regular_web',
  callbacks: ['http://127.0.0.1/cb'],
  allowedLogoutUrls: ['http://127.0.0.1:3000/bye', 'http://127.0.0.1:3000/'],
} as const

let tenant: TestTenant

beforeAll(async () => {
  tenant = await startTenant({
    clients: [WEB_APP],
    allowedLogoutUrls: ['http://tenant.example/bye'],
    users: [{ email: 'ann@acdc.test', password: 'Passw0rd!ann', given_name: 'Ann' }],
  })
})
afterAll(() => tenant.stop())

const post = (path: string, body: unknown) =>
  fetch(`${tenant.domain}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

describe('GET /v2/logout', () => {
  const logout = (query: Record<string, string>) =>
    fetch(`${tenant.domain}/v2/logout?${new URLSearchParams(query)}`, { redirect: 'manual' })

  it('redirects to an allowed returnTo of the app, or its first one', async () => {
    const res = await logout({ client_id: WEB_APP.clientId, returnTo: 'http://127.0.0.1:3000/' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('http://127.0.0.1:3000/')
    const first = await logout({ client_id: WEB_APP.clientId })
    expect(first.headers.get('location')).toBe('http://127.0.0.1:3000/bye')
  })

  it('uses the tenant list without client_id', async () => {
    expect((await logout({ returnTo: 'http://tenant.example/bye' })).status).toBe(302)
    expect((await logout({ returnTo: 'http://127.0.0.1:3000/' })).status).toBe(400)
  })

  it('never redirects to a URL not allowed', async () => {
    const res = await logout({ client_id: WEB_APP.clientId, returnTo: 'https://evil.example/' })
    expect(res.status).toBe(400)
    expect(res.headers.get('location')).toBeNull()
    expect(await res.text()).toContain(
      'The &quot;returnTo&quot; querystring parameter &quot;https://evil.example/&quot; is not defined as a valid URL in &quot;Allowed Logout URLs&quot;.',
    )
  })
})

describe('POST /oauth/revoke', () => {
  it('needs client authentication and a token', async () => {
    const bad = await post('/oauth/revoke', {
      client_id: tenant.clientId,
      client_secret: 'x',
      token: 't',
    })
    expect(bad.status).toBe(401)
    const missing = await post('/oauth/revoke', {
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
    })
    expect(missing.status).toBe(400)
    expect(await missing.json()).toEqual({
      error: 'invalid_request',
      error_description: 'Missing required parameter: token',
    })
  })
})

describe('routes that do not exist', () => {
  const HAPI_404 = { statusCode: 404, error: 'Not Found', message: 'Not Found' }

  it.each([
    ['GET', '/api/v2/users/auth0%7C123/no-such-thing'],
    ['GET', '/api/v2/nothing-here'],
    ['PUT', '/api/v2/users/auth0%7C123'],
    ['GET', '/oauth/token'],
    ['GET', '/no/such/path'],
  ])('%s %s answers the plain 404, never a resource’s "does not exist"', async (method, path) => {
    const res = await fetch(`${tenant.domain}${path}`, {
      method,
      headers: { authorization: `Bearer ${tenant.token}` },
    })
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual(HAPI_404)
  })
})

describe('the default tenant, out of the box', () => {
  it('lets the default client log a person in through /authorize on any loopback port', async () => {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: tenant.clientId,
      redirect_uri: 'http://localhost:8123/callback',
      scope: 'openid email',
    })
    const done = await submitLogin(tenant, `${tenant.domain}/authorize?${query}`, {
      email: 'ann@acdc.test',
      password: 'Passw0rd!ann',
    })
    const res = await tokenRequest(tenant, {
      grant_type: 'authorization_code',
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      code: callbackParams(done).get('code')!,
      redirect_uri: 'http://localhost:8123/callback',
    })
    expect(res.status).toBe(200)
    expect(claimsOf((res.body as { id_token: string }).id_token).email).toBe('ann@acdc.test')
    const out = await fetch(
      `${tenant.domain}/v2/logout?client_id=${tenant.clientId}&returnTo=${encodeURIComponent('http://127.0.0.1:8123/')}`,
      { redirect: 'manual' },
    )
    expect(out.status).toBe(302)
  })
})
