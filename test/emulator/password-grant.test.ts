import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PASSWORD_REALM } from '../../src/emulator/clients.js'
import { submitLogin } from './authorize-helpers.js'
import { manualClock, startTenant, tokenRequest, type TestTenant } from './helpers.js'

const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >

const ANN = { email: 'ann@acdc.test', password: 'Passw0rd!ann' }
const clock = manualClock(Date.now())
let tenant: TestTenant

beforeAll(async () => {
  tenant = await startTenant({
    now: clock.now,
    bruteForce: { threshold: 3 },
    connections: ['Username-Password-Authentication', { name: 'staff', requiresUsername: true }],
    users: [
      { ...ANN, given_name: 'Ann', email_verified: true },
      { email: 'bob@acdc.test', password: 'Passw0rd!bob', blocked: true },
      { email: 'sam@acdc.test', username: 'sam', password: 'Passw0rd!sam', connection: 'staff' },
    ],
    clients: [
      { clientId: 'm2mOnly', clientSecret: 'm2m-secret-000000000000000000000' },
      {
        clientId: 'spaApp',
        appType: 'spa',
        grantTypes: ['password', 'refresh_token'],
        refreshTokenRotation: 'rotating',
      },
    ],
  })
})
afterAll(() => tenant.stop())

const login = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  tokenRequest(
    tenant,
    {
      grant_type: 'password',
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      username: ANN.email,
      password: ANN.password,
      ...body,
    },
    { headers },
  )

describe('grant_type=password', () => {
  it('answers the recorded token response with an ID token for the default scopes', async () => {
    const res = await login({})
    expect(res.status).toBe(200)
    const body = res.body as Record<string, string | number>
    expect(Object.keys(body)).toEqual([
      'access_token',
      'id_token',
      'scope',
      'expires_in',
      'token_type',
    ])
    expect(body.scope).toBe('openid profile email address phone')
    const access = claimsOf(body.access_token as string)
    expect(access).toMatchObject({
      iss: `${tenant.domain}/`,
      aud: `${tenant.domain}/userinfo`,
      azp: tenant.clientId,
      gty: 'password',
      scope: 'openid profile email address phone',
    })
    expect(String(access.sub)).toMatch(/^auth0\|[0-9a-f]{24}$/)
    const id = claimsOf(body.id_token as string)
    expect(id).toMatchObject({
      iss: `${tenant.domain}/`,
      aud: tenant.clientId,
      sub: access.sub,
      email: ANN.email,
      email_verified: true,
      given_name: 'Ann',
      nickname: 'ann',
    })
    expect((id.exp as number) - (id.iat as number)).toBe(36000)
  })

  it('gives a Management API token with the requested scopes the client may grant', async () => {
    const res = await login({
      audience: tenant.audience,
      scope: 'openid read:users create:clients',
    })
    expect(res.status).toBe(200)
    const access = claimsOf((res.body as { access_token: string }).access_token)
    expect(access.scope).toBe('openid read:users')
    expect(access.aud).toEqual([tenant.audience, `${tenant.domain}/userinfo`])
  })

  it('answers Wrong email or password alike for a wrong password and an unknown user', async () => {
    const wrong = await login({ password: 'nope' })
    const unknown = await login({ username: 'nobody@acdc.test' })
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(403)
      expect(res.body).toEqual({
        error: 'invalid_grant',
        error_description: 'Wrong email or password.',
      })
    }
  })

  it('refuses an admin-blocked user only after the password: 401 user is blocked', async () => {
    const base = { username: 'bob@acdc.test' }
    expect((await login({ ...base, password: 'wrong' })).status).toBe(403)
    const res = await login({ ...base, password: 'Passw0rd!bob' })
    expect(res.status).toBe(401)
    expect(res.body).toEqual({ error: 'unauthorized', error_description: 'user is blocked' })
  })

  it('counts failures per identifier and auth0-forwarded-for IP with the tenant guard', async () => {
    const ip = { 'auth0-forwarded-for': '203.0.113.7' }
    expect((await login({ password: 'x1' }, ip)).status).toBe(403)
    expect((await login({ password: 'x2', username: ' ANN@acdc.test' }, ip)).status).toBe(403)
    const third = await login({ password: 'x3' }, ip)
    expect(third.status).toBe(429)
    expect(third.body).toEqual({
      error: 'too_many_attempts',
      error_description:
        "Your account has been blocked after multiple consecutive login attempts. We've sent you an email with instructions on how to unblock it.",
    })
    // Blocked: even the right password is refused, unchecked; another IP is not blocked.
    expect((await login({}, ip)).status).toBe(429)
    expect((await login({}, { 'auth0-forwarded-for': '198.51.100.1' })).status).toBe(200)
  })

  it('shares the counter with the login page (same e-mail, same IP)', async () => {
    for (let i = 0; i < 3; i++) {
      await login({ username: 'sam@acdc.test', password: `wrong-${i}` })
    }
    // The password grant without auth0-forwarded-for counts the caller's address, 127.0.0.1,
    // as the login page does: the page now refuses that e-mail too.
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: tenant.clientId,
      redirect_uri: 'http://127.0.0.1:9999/callback',
    })
    const page = await submitLogin(tenant, `${tenant.domain}/authorize?${query}`, {
      email: 'sam@acdc.test',
      password: 'Passw0rd!sam',
    })
    expect(page.status).toBe(429)
  })

  it('refuses a client without the grant, and unknown audiences', async () => {
    const m2m = await login({
      client_id: 'm2mOnly',
      client_secret: 'm2m-secret-000000000000000000000',
    })
    expect(m2m.status).toBe(403)
    expect(m2m.body).toEqual({
      error: 'unauthorized_client',
      error_description: "Grant type 'password' not allowed for the client.",
    })
    const api = await login({ audience: 'https://nowhere.example/' })
    expect(api.status).toBe(403)
    expect(api.body).toEqual({
      error: 'access_denied',
      error_description: 'Service not found: https://nowhere.example/',
    })
  })

  it('lets a public client (SPA) log in without a secret', async () => {
    const res = await login({ client_id: 'spaApp', client_secret: undefined, scope: 'openid' })
    expect(res.status).toBe(200)
  })
})

describe('grant_type=password-realm', () => {
  const realm = (body: Record<string, unknown>) => login({ grant_type: PASSWORD_REALM, ...body })

  it('logs in on the named connection, by username where the connection has them', async () => {
    const res = await realm({ realm: 'staff', username: 'sam', password: 'Passw0rd!sam' })
    expect(res.status).toBe(200)
    // Ann is not a user of "staff".
    expect((await realm({ realm: 'staff' })).status).toBe(403)
    expect((await realm({ realm: 'Username-Password-Authentication' })).status).toBe(200)
  })

  it('refuses an unknown realm and a missing one', async () => {
    expect((await realm({ realm: 'nope' })).status).toBe(400)
    expect((await realm({})).body).toEqual({
      error: 'invalid_request',
      error_description: 'Missing required parameter: realm',
    })
  })

  it('needs the exact grant type on the client', async () => {
    const res = await realm({ client_id: 'spaApp', client_secret: undefined, realm: 'staff' })
    expect(res.body).toEqual({
      error: 'unauthorized_client',
      error_description: `Grant type '${PASSWORD_REALM}' not allowed for the client.`,
    })
  })
})

describe('grant_type=refresh_token', () => {
  const refresh = (token: string, client: Record<string, unknown> = {}) =>
    tokenRequest(tenant, {
      grant_type: 'refresh_token',
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      refresh_token: token,
      ...client,
    })

  it('issues one with offline_access; without rotation the same token keeps working', async () => {
    const res = await login({ scope: 'openid email offline_access' })
    const { refresh_token: rt } = res.body as { refresh_token: string }
    expect(rt).toMatch(/^[A-Za-z0-9_-]{43}$/)
    for (let i = 0; i < 2; i++) {
      const again = await refresh(rt)
      expect(again.status).toBe(200)
      expect(Object.keys(again.body as object)).not.toContain('refresh_token')
      expect(claimsOf((again.body as { access_token: string }).access_token).gty).toBe(
        'refresh_token',
      )
    }
    const narrowed = await refresh(rt)
    expect((narrowed.body as { scope: string }).scope).toBe('openid email offline_access')
    const fewer = await tokenRequest(tenant, {
      grant_type: 'refresh_token',
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      refresh_token: rt,
      scope: 'openid',
    })
    expect((fewer.body as { scope: string }).scope).toBe('openid')
  })

  it('rotates for a rotating client, and a reused token revokes the family', async () => {
    const spa = { client_id: 'spaApp', client_secret: undefined }
    const first = await login({ ...spa, scope: 'openid offline_access' })
    const rt1 = (first.body as { refresh_token: string }).refresh_token
    const second = await refresh(rt1, spa)
    const rt2 = (second.body as { refresh_token: string }).refresh_token
    expect(rt2).toBeDefined()
    expect(rt2).not.toBe(rt1)
    const reuse = await refresh(rt1, spa)
    expect(reuse.status).toBe(403)
    expect(reuse.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Unknown or invalid refresh token.',
    })
    // The whole family went with the reuse.
    expect((await refresh(rt2, spa)).status).toBe(403)
  })

  it('refuses another client’s token, an unknown one, and a revoked one', async () => {
    const res = await login({ scope: 'openid offline_access' })
    const rt = (res.body as { refresh_token: string }).refresh_token
    expect((await refresh(rt, { client_id: 'spaApp', client_secret: undefined })).status).toBe(403)
    expect((await refresh('nope')).status).toBe(403)
    const revoked = await fetch(`${tenant.domain}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: tenant.clientId,
        client_secret: tenant.clientSecret,
        token: rt,
      }),
    })
    expect(revoked.status).toBe(200)
    expect(await revoked.text()).toBe('')
    expect((await refresh(rt)).status).toBe(403)
  })

  it('expires after 30 days', async () => {
    const res = await login({ scope: 'openid offline_access' })
    const rt = (res.body as { refresh_token: string }).refresh_token
    clock.advance(30 * 24 * 3600 * 1000)
    expect((await refresh(rt)).status).toBe(403)
  })
})

describe('hostile client ids', () => {
  it.each(['__proto__', 'constructor', 'toString'])(
    'refuses %s as an unknown client',
    async (id) => {
      const res = await login({ client_id: id })
      expect(res.status).toBe(401)
      expect(res.body).toEqual({ error: 'access_denied', error_description: 'Unauthorized' })
    },
  )
})
