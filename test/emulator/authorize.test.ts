import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dataFileText, readDataFile } from './data-file-helpers.js'
import { api, createUser, getToken, manualClock, startTenant, type TestTenant } from './helpers.js'
import {
  authorizeRequest,
  callbackParams,
  exchange,
  NATIVE_APP,
  openAuthorize,
  OPERATOR,
  submitLogin,
} from './authorize-helpers.js'

const VIEWER = { email: 'viewer@acdc.test', password: 'Passw0rd!viewer' }
const BLOCKED = { email: 'blocked@acdc.test', password: 'Passw0rd!blocked' }
const UNFLAGGED_APP = {
  clientId: 'unflaggedNativeApp000000000000',
  appType: 'native',
  callbacks: ['http://127.0.0.1/callback'],
} as const
const FIXED_PORT_APP = {
  clientId: 'fixedPortNativeApp000000000000',
  appType: 'native',
  callbacks: ['http://127.0.0.1:8484/callback'],
  managementApi: true,
} as const

const clock = manualClock()
let tenant: TestTenant
let dataFile: string

beforeAll(async () => {
  dataFile = join(await mkdtemp(join(tmpdir(), 'auth0plus-authorize-')), 'tenant.json')
  tenant = await startTenant({
    now: clock.now,
    dataFile,
    clients: [NATIVE_APP, UNFLAGGED_APP, FIXED_PORT_APP],
    loginRule: { role: 'cli' },
    users: [
      { ...OPERATOR, name: 'Operator', app_metadata: { roles: ['cli'] } },
      { ...VIEWER, app_metadata: { roles: ['viewer'] } },
      { ...BLOCKED, blocked: true, app_metadata: { roles: ['cli'] } },
    ],
  })
})
afterAll(async () => {
  await tenant.stop()
})

/** A full login as the operator; returns the callback's code and the request it answers. */
async function codeFor(overrides: Record<string, string | undefined> = {}) {
  const request = authorizeRequest(tenant, overrides)
  const params = callbackParams(await submitLogin(tenant, request.url))
  return { ...request, code: params.get('code')! }
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'))
}

describe('GET /authorize', () => {
  it('sends the browser to the login page, which asks for e-mail and password', async () => {
    const res = await openAuthorize(authorizeRequest(tenant).url)
    expect(res.status).toBe(302)
    const location = res.headers.get('location')!
    expect(location).toMatch(/^\/u\/login\?state=[A-Za-z0-9_-]+$/)
    const page = await fetch(`${tenant.domain}${location}`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('x-frame-options')).toBe('DENY')
    expect(page.headers.get('cache-control')).toBe('no-store')
    const html = await page.text()
    expect(html).toContain('<input id="username" name="username" type="email"')
    expect(html).toContain('<input id="password" name="password" type="password"')
    expect(html).toContain(`action="${location}"`)
  })

  it('shows an error page, and never redirects, for an unknown client or callback URL', async () => {
    const unknown = await openAuthorize(authorizeRequest(tenant, { client_id: 'nope' }).url)
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toContain('Unknown client: nope')

    const missing = await openAuthorize(authorizeRequest(tenant, { client_id: undefined }).url)
    expect(await missing.text()).toContain('Missing required parameter: client_id')

    for (const uri of [
      'http://127.0.0.1:45678/other',
      'https://127.0.0.1:45678/callback',
      'http://evil.example/callback',
      'http://127.0.0.1:45678/callback/',
    ]) {
      const res = await openAuthorize(authorizeRequest(tenant, { redirect_uri: uri }).url)
      expect(res.status).toBe(400)
      expect(res.headers.get('location')).toBeNull()
      const html = await res.text()
      expect(html).toContain('Callback URL mismatch.')
      expect(html).toContain(`is not in the list of allowed callback URLs.`)
    }
  })

  it('matches a callback registered with a port exactly, port included', async () => {
    const at = (port: number) =>
      openAuthorize(
        authorizeRequest(tenant, {
          client_id: FIXED_PORT_APP.clientId,
          redirect_uri: `http://127.0.0.1:${port}/callback`,
        }).url,
      )
    expect((await at(8484)).status).toBe(302)
    expect((await at(8485)).status).toBe(400)
  })

  it('sends other errors back to the callback, with the state', async () => {
    const cases: [Record<string, string | undefined>, string, string][] = [
      [{ response_type: 'token' }, 'unsupported_response_type', 'Unsupported response type: token'],
      [
        { code_challenge: undefined, code_challenge_method: undefined },
        'invalid_request',
        'Missing required parameter: code_challenge',
      ],
      [
        { code_challenge_method: 'plain' },
        'invalid_request',
        'Unsupported code_challenge_method; use S256',
      ],
      [
        { audience: 'https://api.example.com/' },
        'access_denied',
        'Service not found: https://api.example.com/',
      ],
    ]
    for (const [overrides, error, description] of cases) {
      const request = authorizeRequest(tenant, overrides)
      const res = await openAuthorize(request.url)
      const params = callbackParams(res)
      expect(res.headers.get('location')!.startsWith(request.redirectUri)).toBe(true)
      expect(Object.fromEntries(params)).toEqual({
        error,
        error_description: description,
        state: request.state,
      })
    }
  })
})

describe('POST /u/login', () => {
  it('redisplays the form for a wrong password or an unknown e-mail, without echoing the password', async () => {
    for (const credentials of [
      { email: OPERATOR.email, password: 'Wr0ngPassword!' },
      { email: 'nobody@acdc.test', password: OPERATOR.password },
    ]) {
      const res = await submitLogin(tenant, authorizeRequest(tenant).url, credentials)
      expect(res.status).toBe(400)
      const html = await res.text()
      expect(html).toContain('Wrong email or password.')
      expect(html).toContain(`value="${credentials.email}"`)
      expect(html).not.toContain(credentials.password)
    }
  })

  it('redirects to the callback with a code and the state, and ends the transaction', async () => {
    const request = authorizeRequest(tenant)
    const start = await openAuthorize(request.url)
    const loginPath = start.headers.get('location')!
    const post = () =>
      fetch(`${tenant.domain}${loginPath}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: 'OPS@acdc.test', password: OPERATOR.password }),
      })
    const res = await post()
    const location = new URL(res.headers.get('location')!)
    expect(`${location.origin}${location.pathname}`).toBe(request.redirectUri)
    expect([...location.searchParams.keys()]).toEqual(['code', 'state'])
    expect(location.searchParams.get('state')).toBe(request.state)

    const again = await post()
    expect(again.status).toBe(400)
    expect(await again.text()).toContain('This login page has expired or was already used.')
  })

  it('refuses a blocked user with Auth0’s `unauthorized` / `user is blocked`', async () => {
    const request = authorizeRequest(tenant)
    const params = callbackParams(await submitLogin(tenant, request.url, BLOCKED))
    expect(Object.fromEntries(params)).toEqual({
      error: 'unauthorized',
      error_description: 'user is blocked',
      state: request.state,
    })
  })

  it('enforces the login rule with access_denied: users need the role, apps the flag', async () => {
    const viewer = authorizeRequest(tenant)
    expect(
      Object.fromEntries(callbackParams(await submitLogin(tenant, viewer.url, VIEWER))),
    ).toEqual({
      error: 'access_denied',
      error_description: 'Only users with the "cli" role may get a Management API token.',
      state: viewer.state,
    })
    const unflagged = authorizeRequest(tenant, { client_id: UNFLAGGED_APP.clientId })
    expect(Object.fromEntries(callbackParams(await submitLogin(tenant, unflagged.url)))).toEqual({
      error: 'access_denied',
      error_description: 'This application may not get Management API tokens.',
      state: unflagged.state,
    })
  })
})

describe('POST /oauth/token, grant_type=authorization_code', () => {
  it('issues the user’s token: sub = user id, the granted scopes, accepted by the API', async () => {
    const { code, verifier, redirectUri } = await codeFor({
      scope: 'openid read:users update:users create:clients',
    })
    const res = await exchange(tenant, { code, code_verifier: verifier, redirect_uri: redirectUri })
    expect(res.status).toBe(200)
    // openid is granted (with an ID token); create:clients is not the app's to grant.
    expect(Object.keys(res.body)).toEqual([
      'access_token',
      'id_token',
      'scope',
      'expires_in',
      'token_type',
    ])
    expect(res.body).toMatchObject({
      scope: 'openid read:users update:users',
      expires_in: 86400,
      token_type: 'Bearer',
    })
    const token = res.body.access_token as string
    const [operator] = (await api(tenant, 'GET', `/users-by-email?email=${OPERATOR.email}`)).body
    expect(claimsOf(token)).toMatchObject({
      sub: operator.user_id,
      azp: NATIVE_APP.clientId,
      aud: [tenant.audience, `${tenant.domain}/userinfo`],
      scope: 'openid read:users update:users',
    })
    expect(claimsOf(res.body.id_token as string)).toMatchObject({
      sub: operator.user_id,
      aud: NATIVE_APP.clientId,
      iss: `${tenant.domain}/`,
    })
    expect((await api(tenant, 'GET', '/users', { token })).status).toBe(200)
    const denied = await api(tenant, 'DELETE', `/users/${encodeURIComponent(operator.user_id)}`, {
      token,
    })
    expect(denied.status).toBe(403)
    expect(denied.body.message).toBe('Insufficient scope, expected any of: delete:users')
  })

  it('refuses a wrong verifier, and the code is spent afterwards', async () => {
    const { code, verifier, redirectUri } = await codeFor()
    const wrong = await exchange(tenant, {
      code,
      code_verifier: `${verifier.slice(0, -1)}${verifier.endsWith('A') ? 'B' : 'A'}`,
      redirect_uri: redirectUri,
    })
    expect(wrong).toEqual({
      status: 403,
      body: { error: 'invalid_grant', error_description: 'Failed to verify code verifier' },
    })
    const retry = await exchange(tenant, {
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
    })
    expect(retry.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid authorization code',
    })

    const missing = await codeFor()
    const none = await exchange(tenant, { code: missing.code, redirect_uri: missing.redirectUri })
    expect(none.body.error_description).toBe('Failed to verify code verifier')
  })

  it('refuses a reused code', async () => {
    const { code, verifier, redirectUri } = await codeFor()
    const params = { code, code_verifier: verifier, redirect_uri: redirectUri }
    expect((await exchange(tenant, params)).status).toBe(200)
    expect(await exchange(tenant, params)).toEqual({
      status: 403,
      body: { error: 'invalid_grant', error_description: 'Invalid authorization code' },
    })
  })

  it('refuses an expired code', async () => {
    const { code, verifier, redirectUri } = await codeFor()
    clock.advance(60_001)
    expect(
      await exchange(tenant, { code, code_verifier: verifier, redirect_uri: redirectUri }),
    ).toEqual({
      status: 403,
      body: { error: 'invalid_grant', error_description: 'Invalid authorization code' },
    })
  })

  it('refuses another redirect URI than the one of the /authorize request', async () => {
    const { code, verifier, redirectUri } = await codeFor()
    const other = 'http://127.0.0.1:45679/callback'
    expect(await exchange(tenant, { code, code_verifier: verifier, redirect_uri: other })).toEqual({
      status: 403,
      body: {
        error: 'invalid_grant',
        error_description: `The redirect URI is wrong. You send ${other}, and we expected ${redirectUri}`,
      },
    })
  })

  it('refuses another app’s code, a missing code, and other grants for a native app', async () => {
    const { code, verifier, redirectUri } = await codeFor()
    const stolen = await exchange(tenant, {
      client_id: UNFLAGGED_APP.clientId,
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
    })
    expect(stolen.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid authorization code',
    })

    const missing = await exchange(tenant, { code_verifier: verifier, redirect_uri: redirectUri })
    expect(missing).toEqual({
      status: 400,
      body: { error: 'invalid_request', error_description: 'Missing required parameter: code' },
    })

    const credentials = await exchange(tenant, {
      grant_type: 'client_credentials',
      client_secret: '',
      audience: tenant.audience,
    })
    expect(credentials).toEqual({
      status: 403,
      body: {
        error: 'unauthorized_client',
        error_description: "Grant type 'client_credentials' not allowed for the client.",
      },
    })

    // The default client has the code flow (README "Default tenant"); the native app's code is not its.
    const m2m = await exchange(tenant, {
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      code: 'x',
    })
    expect(m2m.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid authorization code',
    })
  })
})

describe('passwords', () => {
  it('are set by POST /users and PATCH, checked at login, and never returned', async () => {
    const email = 'newop@acdc.test'
    const user = await createUser(tenant, {
      email,
      password: 'Created1!pass',
      app_metadata: { roles: ['cli'] },
    })
    expect(JSON.stringify(user)).not.toContain('Created1!pass')
    const first = await submitLogin(tenant, authorizeRequest(tenant).url, {
      email,
      password: 'Created1!pass',
    })
    expect(callbackParams(first).get('code')).toBeTruthy()

    const path = `/users/${encodeURIComponent(user.user_id)}`
    expect((await api(tenant, 'PATCH', path, { body: { password: 'Changed2!pass' } })).status).toBe(
      200,
    )
    const old = await submitLogin(tenant, authorizeRequest(tenant).url, {
      email,
      password: 'Created1!pass',
    })
    expect(old.status).toBe(400)
    const fresh = await submitLogin(tenant, authorizeRequest(tenant).url, {
      email,
      password: 'Changed2!pass',
    })
    expect(callbackParams(fresh).get('code')).toBeTruthy()
    expect((await api(tenant, 'GET', path)).text).not.toContain('Changed2!pass')
  })

  it('are kept in the data file only as salted digests, and survive a restart', async () => {
    // Every write reaches the file before it is acknowledged, so the file is current here.
    expect(await dataFileText(dataFile)).not.toContain(OPERATOR.password)
    const saved = (await readDataFile(dataFile)) as { passwords: Record<string, string> }
    expect(Object.values(saved.passwords)[0]).toMatch(/^sha256\$[0-9a-f]{32}\$[0-9a-f]{64}$/)

    // A copy (in the old one-document format, which still loads), so this tenant keeps its own file.
    await writeFile(`${dataFile}.copy`, JSON.stringify(saved))
    const restarted = await startTenant({ dataFile: `${dataFile}.copy`, clients: [NATIVE_APP] })
    try {
      const res = await submitLogin(restarted, authorizeRequest(restarted).url)
      expect(callbackParams(res).get('code')).toBeTruthy()
    } finally {
      await restarted.stop()
    }
  })

  it('lets the default M2M client keep working beside native apps', async () => {
    expect(await getToken(tenant, tenant.clientId, tenant.clientSecret)).toMatch(/^eyJ/)
  })
})
