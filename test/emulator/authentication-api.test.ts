import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { submitLogin, callbackParams } from './authorize-helpers.js'
import { api, startTenant, tokenRequest, type TestTenant } from './helpers.js'

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

describe('discovery', () => {
  it('serves the recorded document for this origin, issuer with a trailing slash', async () => {
    const res = await fetch(`${tenant.domain}/.well-known/openid-configuration`)
    expect(res.status).toBe(200)
    const doc = (await res.json()) as Record<string, unknown>
    expect(doc).toMatchObject({
      issuer: `${tenant.domain}/`,
      authorization_endpoint: `${tenant.domain}/authorize`,
      token_endpoint: `${tenant.domain}/oauth/token`,
      userinfo_endpoint: `${tenant.domain}/userinfo`,
      jwks_uri: `${tenant.domain}/.well-known/jwks.json`,
      revocation_endpoint: `${tenant.domain}/oauth/revoke`,
    })
    expect(Object.keys(doc).slice(0, 3)).toEqual([
      'issuer',
      'authorization_endpoint',
      'token_endpoint',
    ])
  })
})

describe('POST /dbconnections/signup', () => {
  const signup = (body: Record<string, unknown>) =>
    post('/dbconnections/signup', {
      client_id: tenant.clientId,
      connection: tenant.connection,
      ...body,
    })

  it('answers 200 with the minimal body, _id without auth0|, and the user can log in', async () => {
    const res = await signup({
      email: 'Malcolm@ACDC.test',
      password: 'Passw0rd!mal',
      given_name: 'Malcolm',
      user_metadata: { band: 'acdc' },
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown>
    expect(Object.keys(body)).toEqual(['_id', 'email', 'email_verified'])
    expect(body).toMatchObject({ email: 'malcolm@acdc.test', email_verified: false })
    expect(body._id).toMatch(/^[0-9a-f]{24}$/)
    const user = await api(
      tenant,
      'GET',
      `/users/${encodeURIComponent(`auth0|${String(body._id)}`)}`,
    )
    expect(user.body).toMatchObject({ given_name: 'Malcolm', user_metadata: { band: 'acdc' } })
    expect(tenant.sentEmails()).toContainEqual(
      expect.objectContaining({ template: 'verify_email', to: 'malcolm@acdc.test' }),
    )
    const login = await tokenRequest(tenant, {
      grant_type: 'password',
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      username: 'malcolm@acdc.test',
      password: 'Passw0rd!mal',
    })
    expect(login.status).toBe(200)
  })

  it('answers user_exists for a taken e-mail', async () => {
    const res = await signup({ email: 'ann@acdc.test', password: 'Passw0rd!x1' })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      name: 'BadRequestError',
      code: 'user_exists',
      description: 'The user already exists.',
      statusCode: 400,
    })
  })

  it('answers PasswordStrengthError with the policy rules for a weak password', async () => {
    const res = await signup({ email: 'weak@acdc.test', password: 'abc' })
    expect(res.status).toBe(400)
    const body = (await res.json()) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(body).toMatchObject({
      name: 'PasswordStrengthError',
      message: 'Password is too weak',
      code: 'invalid_password',
      statusCode: 400,
    })
    expect(body.description.rules[0]).toEqual({
      message: 'At least %d characters in length',
      format: [8],
      code: 'lengthAtLeast',
      verified: false,
    })
    expect(body.policy).toBe(
      '* At least 8 characters in length\n* Contain at least 3 of the following 3 types of characters:\n * lower case letters (a-z)\n * upper case letters (A-Z)\n * numbers (i.e. 0-9)',
    )
  })

  it('holds user_metadata to signup’s limits', async () => {
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']))
    for (const user_metadata of [eleven, { nested: { a: 1 } }, { k: 'x'.repeat(501) }, ['a']]) {
      const res = await signup({ email: 'meta@acdc.test', password: 'Passw0rd!x1', user_metadata })
      expect(res.status).toBe(400)
      expect(((await res.json()) as { code: string }).code).toBe('invalid_signup')
    }
  })

  it('refuses an unknown client or connection', async () => {
    expect(
      (await signup({ client_id: '__proto__', email: 'x@y.z', password: 'Passw0rd!x' })).status,
    ).toBe(400)
    expect(
      (await signup({ connection: 'nope', email: 'x@y.z', password: 'Passw0rd!x' })).status,
    ).toBe(400)
  })
})

describe('POST /dbconnections/change_password', () => {
  it('answers the same text for known and unknown e-mails and records only real e-mails', async () => {
    for (const email of ['ann@acdc.test', 'nobody@acdc.test']) {
      const res = await post('/dbconnections/change_password', {
        client_id: tenant.clientId,
        connection: tenant.connection,
        email,
      })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(await res.text()).toBe("We've just sent you an email to reset your password.")
    }
    const sent = tenant.sentEmails().filter((email) => email.template === 'reset_email')
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({
      template: 'reset_email',
      to: 'ann@acdc.test',
      connection: tenant.connection,
    })
  })
})

describe('GET /userinfo', () => {
  it('answers the claims the token’s scopes release', async () => {
    const login = await tokenRequest(tenant, {
      grant_type: 'password',
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      username: 'ann@acdc.test',
      password: 'Passw0rd!ann',
      scope: 'openid email',
    })
    const token = (login.body as { access_token: string }).access_token
    const res = await fetch(`${tenant.domain}/userinfo`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown>
    expect(Object.keys(body)).toEqual(['sub', 'email', 'email_verified'])
    expect(body.email).toBe('ann@acdc.test')
  })

  it('refuses with 401 plain Unauthorized and WWW-Authenticate', async () => {
    for (const header of [undefined, 'Bearer nope', `Bearer ${tenant.token}`]) {
      const res = await fetch(`${tenant.domain}/userinfo`, {
        headers: header === undefined ? {} : { authorization: header },
      })
      expect(res.status).toBe(401)
      expect(await res.text()).toBe('Unauthorized')
      expect(res.headers.get('www-authenticate')).toMatch(
        /^Bearer realm="Users", error="invalid_token"/,
      )
    }
  })
})

describe('authorization code for a confidential client (regular web app)', () => {
  it('exchanges the code with the client secret, no PKCE; the ID token echoes the nonce', async () => {
    const redirectUri = 'http://127.0.0.1:5050/cb'
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: WEB_APP.clientId,
      redirect_uri: redirectUri,
      scope: 'openid profile offline_access',
      state: 'st4te',
      nonce: 'n0nce',
    })
    const done = await submitLogin(tenant, `${tenant.domain}/authorize?${query}`, {
      email: 'ann@acdc.test',
      password: 'Passw0rd!ann',
    })
    const params = callbackParams(done)
    expect(params.get('state')).toBe('st4te')
    const code = params.get('code')!
    const basic = Buffer.from(`${WEB_APP.clientId}:${WEB_APP.clientSecret}`).toString('base64')
    const wrongSecret = await tokenRequest(tenant, {
      grant_type: 'authorization_code',
      client_id: WEB_APP.clientId,
      client_secret: 'wrong',
      code,
      redirect_uri: redirectUri,
    })
    expect(wrongSecret.status).toBe(401)
    // The client is authenticated before the code is looked at: a wrong secret does not spend it.
    const res = await tokenRequest(
      tenant,
      { grant_type: 'authorization_code', code, redirect_uri: redirectUri },
      { headers: { authorization: `Basic ${basic}` } },
    )
    expect(res.status).toBe(200)
    const body = res.body as Record<string, string>
    expect(Object.keys(body)).toEqual([
      'access_token',
      'refresh_token',
      'id_token',
      'scope',
      'expires_in',
      'token_type',
    ])
    expect(claimsOf(body.id_token!)).toMatchObject({
      nonce: 'n0nce',
      aud: WEB_APP.clientId,
      given_name: 'Ann',
    })
    expect(claimsOf(body.access_token!).gty).toBeUndefined()
  })
})

describe('client credentials of a regular web app', () => {
  it('has no Management API grant (only M2M apps do)', async () => {
    const res = await tokenRequest(tenant, {
      grant_type: 'client_credentials',
      client_id: WEB_APP.clientId,
      client_secret: WEB_APP.clientSecret,
      audience: tenant.audience,
    })
    expect(res.status).toBe(403)
    expect((res.body as { error_description: string }).error_description).toMatch(
      /^Client is not authorized to access/,
    )
  })
})
