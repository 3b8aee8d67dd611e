import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator } from '../../src/emulator/index.js'
import {
  api,
  getToken,
  manualClock,
  startTenant,
  tokenRequest,
  type TestTenant,
} from './helpers.js'

const clock = manualClock()
let tenant: TestTenant

beforeAll(async () => {
  tenant = await startTenant({
    now: clock.now,
    clients: [
      { clientId: 'reader', clientSecret: 'reader-secret', scopes: ['read:users'] },
      {
        clientId: 'appmeta',
        clientSecret: 'appmeta-secret',
        scopes: ['update:users_app_metadata'],
      },
      { clientId: 'nogrant', clientSecret: 'nogrant-secret', grant: false },
      { clientId: 'nocc', clientSecret: 'nocc-secret', clientCredentials: false },
    ],
  })
})
afterAll(() => tenant.stop())

const decode = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >

describe('POST /oauth/token', () => {
  it('issues an RS256 JWT with Auth0 claims and the default lifetime', async () => {
    const res = await tokenRequest(tenant, {
      grant_type: 'client_credentials',
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      audience: tenant.audience,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = res.body as Record<string, string | number>
    expect(body).toMatchObject({ expires_in: 86400, token_type: 'Bearer' })
    expect(String(body.scope).split(' ')).toEqual(
      expect.arrayContaining(['read:users', 'create:users', 'update:users', 'delete:users']),
    )
    const header = JSON.parse(
      Buffer.from(String(body.access_token).split('.')[0]!, 'base64url').toString(),
    )
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' })
    const claims = decode(String(body.access_token))
    const iat = Math.floor(clock.now() / 1000)
    expect(claims).toMatchObject({
      iss: `${tenant.domain}/`,
      sub: `${tenant.clientId}@clients`,
      aud: tenant.audience,
      iat,
      exp: iat + 86400,
      gty: 'client-credentials',
      scope: body.scope,
    })
  })

  it('accepts form-urlencoded bodies, HTTP Basic credentials and the http/localhost audiences', async () => {
    const form = await tokenRequest(
      tenant,
      {
        grant_type: 'client_credentials',
        client_id: tenant.clientId,
        client_secret: tenant.clientSecret,
        audience: tenant.audience,
      },
      { form: true },
    )
    expect(form.status).toBe(200)
    const basic = await tokenRequest(
      tenant,
      { grant_type: 'client_credentials', audience: `http://localhost:${tenant.port}/api/v2/` },
      {
        headers: {
          authorization: `Basic ${Buffer.from(`${tenant.clientId}:${tenant.clientSecret}`).toString('base64')}`,
        },
      },
    )
    expect(basic.status).toBe(200)
    const http = await tokenRequest(tenant, {
      grant_type: 'client_credentials',
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      audience: `http://127.0.0.1:${tenant.port}/api/v2/`,
    })
    expect(http.status).toBe(200)
  })

  it('narrows the token to the requested scopes', async () => {
    const res = await tokenRequest(tenant, {
      grant_type: 'client_credentials',
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      audience: tenant.audience,
      scope: 'read:users delete:clients',
    })
    expect((res.body as { scope: string }).scope).toBe('read:users')
  })

  it.each([
    [
      'a wrong secret',
      { client_secret: 'nope' },
      401,
      { error: 'access_denied', error_description: 'Unauthorized' },
    ],
    [
      'an unknown client',
      { client_id: 'nobody' },
      401,
      { error: 'access_denied', error_description: 'Unauthorized' },
    ],
    [
      'an unknown audience',
      { audience: 'https://other.example.com/api/v2/' },
      403,
      {
        error: 'access_denied',
        error_description: 'Service not found: https://other.example.com/api/v2/',
      },
    ],
    [
      'no audience',
      { audience: undefined },
      403,
      {
        error: 'access_denied',
        error_description:
          'No audience parameter was provided, and no default audience has been configured',
      },
    ],
    [
      'a client without a client grant',
      { client_id: 'nogrant', client_secret: 'nogrant-secret' },
      403,
      {
        error: 'access_denied',
        error_description: `Client is not authorized to access "AUD". You need to create a "client-grant" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants`,
      },
    ],
    [
      'a client without client_credentials',
      { client_id: 'nocc', client_secret: 'nocc-secret' },
      403,
      {
        error: 'unauthorized_client',
        error_description: "Grant type 'client_credentials' not allowed for the client.",
      },
    ],
    [
      'another grant type',
      { grant_type: 'urn:ietf:params:oauth:grant-type:device_code' },
      403,
      {
        error: 'unauthorized_client',
        error_description:
          "Grant type 'urn:ietf:params:oauth:grant-type:device_code' not allowed for the client.",
      },
    ],
    [
      'an unknown grant type',
      { grant_type: 'magic' },
      400,
      { error: 'unsupported_grant_type', error_description: 'Unsupported grant type: magic' },
    ],
    [
      'no grant type',
      { grant_type: undefined },
      400,
      { error: 'invalid_request', error_description: 'Missing required parameter: grant_type' },
    ],
  ])('refuses %s', async (_name, override, status, body) => {
    const params: Record<string, unknown> = {
      grant_type: 'client_credentials',
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      audience: tenant.audience,
      ...override,
    }
    const res = await tokenRequest(tenant, params)
    expect(res.status).toBe(status)
    const expected = JSON.parse(JSON.stringify(body).replace('AUD', tenant.audience))
    expect(res.body).toEqual(expected)
  })
})

describe('Management API authentication', () => {
  it('answers 401 Missing authentication without a bearer token', async () => {
    const res = await api(tenant, 'GET', '/users', { token: null })
    expect(res.status).toBe(401)
    expect(res.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Missing authentication',
    })
  })

  it('answers the JWT-layer 401 with attributes for a malformed token', async () => {
    const res = await api(tenant, 'GET', '/users', { token: 'not-a-jwt' })
    expect(res.text).toBe(
      '{"statusCode":401,"error":"Unauthorized","message":"Invalid token","attributes":{"error":"Invalid token"}}',
    )
  })

  it('refuses a token signed by another tenant', async () => {
    const other = await startEmulator({ port: 0 })
    try {
      const foreign = await getToken(other, other.clientId, other.clientSecret)
      const res = await api(tenant, 'GET', '/users', { token: foreign })
      expect(res.status).toBe(401)
      expect(res.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Invalid signature received for JSON Web Token validation',
        attributes: { error: 'Invalid signature received for JSON Web Token validation' },
      })
    } finally {
      await other.stop()
    }
  })

  it('refuses an expired token (injected clock) and honours tokenLifetimeSeconds', async () => {
    const short = await startTenant({ now: clock.now, tokenLifetimeSeconds: 60 })
    try {
      expect((await api(short, 'GET', '/users')).status).toBe(200)
      clock.advance(60_000)
      const res = await api(short, 'GET', '/users')
      expect(res.status).toBe(401)
      expect(res.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Expired token received for JSON Web Token validation',
        attributes: { error: 'Expired token received for JSON Web Token validation' },
      })
    } finally {
      await short.stop()
    }
  })

  it('answers 403 insufficient_scope with the recorded body', async () => {
    const reader = await getToken(tenant, 'reader', 'reader-secret')
    expect((await api(tenant, 'GET', '/users', { token: reader })).status).toBe(200)
    const create = await api(tenant, 'POST', '/users', {
      token: reader,
      body: { connection: tenant.connection },
    })
    expect(create.text).toBe(
      '{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: create:users","errorCode":"insufficient_scope"}',
    )
    const del = await api(tenant, 'DELETE', '/users/auth0%7Cx', { token: reader })
    expect(del.body.message).toBe('Insufficient scope, expected any of: delete:users')
  })

  it('joins several qualifying scopes without spaces', async () => {
    const appmeta = await getToken(tenant, 'appmeta', 'appmeta-secret')
    const res = await api(tenant, 'GET', '/users/auth0%7Cx', { token: appmeta })
    expect(res.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'Insufficient scope, expected any of: read:users,read:user_idp_tokens',
      errorCode: 'insufficient_scope',
    })
  })

  it('lets update:users_app_metadata touch app_metadata only', async () => {
    const created = await api(tenant, 'POST', '/users', {
      body: {
        connection: tenant.connection,
        email: 'meta-scope@example.com',
        password: 'Passw0rd!x',
      },
    })
    const id = encodeURIComponent(created.body.user_id)
    const appmeta = await getToken(tenant, 'appmeta', 'appmeta-secret')
    const ok = await api(tenant, 'PATCH', `/users/${id}`, {
      token: appmeta,
      body: { app_metadata: { plan: 'gold' } },
    })
    expect(ok.status).toBe(200)
    expect(ok.body.app_metadata).toEqual({ plan: 'gold' })
    const refused = await api(tenant, 'PATCH', `/users/${id}`, {
      token: appmeta,
      body: { name: 'x' },
    })
    expect(refused.status).toBe(403)
    expect(refused.body.message).toBe('Insufficient scope, expected any of: update:users')
  })

  it('serves the signing key as a JWKS', async () => {
    const res = await fetch(`${tenant.domain}/.well-known/jwks.json`)
    const { keys } = (await res.json()) as { keys: Record<string, string>[] }
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' })
    const header = JSON.parse(Buffer.from(tenant.token.split('.')[0]!, 'base64url').toString())
    expect(keys[0]!.kid).toBe(header.kid)
  })
})
