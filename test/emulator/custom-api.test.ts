import { createRemoteJWKSet, jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, startTenant, tokenRequest, type TestTenant } from './helpers.js'

const ORDERS = 'https://orders.acdc.test/'
const PLAIN = 'https://plain.acdc.test/'
const PROFILED = 'https://rfc9068.acdc.test/'
const HOSTILE = 'https://hostile.acdc.test/'
const WORKER = { clientId: 'ordersWorker', clientSecret: 'orders-worker-secret-000000000000' }
const ANN = { email: 'ann@acdc.test', password: 'Passw0rd!ann' }

const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >

let tenant: TestTenant
beforeAll(async () => {
  tenant = await startTenant({
    users: [ANN],
    clients: [{ ...WORKER, grant: false }],
    resourceServers: [
      {
        identifier: ORDERS,
        name: 'Orders',
        scopes: [{ value: 'read:orders' }, { value: 'write:orders' }],
        enforce_policies: true,
        token_dialect: 'access_token_authz',
        allow_offline_access: true,
        token_lifetime: 3600,
      },
      { identifier: PLAIN, scopes: [{ value: 'read:plain' }] },
      { identifier: HOSTILE, scopes: [{ value: 'constructor' }, { value: '__proto__' }] },
      {
        identifier: PROFILED,
        scopes: [{ value: 'read:x' }],
        enforce_policies: true,
        token_dialect: 'rfc9068_profile_authz',
      },
    ],
    roles: [
      {
        name: 'clerk',
        permissions: [
          { resource_server_identifier: ORDERS, permission_name: 'read:orders' },
          { resource_server_identifier: PROFILED, permission_name: 'read:x' },
        ],
        users: [ANN.email],
      },
    ],
    clientGrants: [{ client_id: WORKER.clientId, audience: ORDERS, scope: ['write:orders'] }],
  })
})
afterAll(() => tenant.stop())

const password = (body: Record<string, unknown>) =>
  tokenRequest(tenant, {
    grant_type: 'password',
    client_id: tenant.clientId,
    client_secret: tenant.clientSecret,
    username: ANN.email,
    password: ANN.password,
    ...body,
  })

describe('client credentials for a custom API', () => {
  it('gives the grant’s scopes, the API’s lifetime', async () => {
    const res = await tokenRequest(tenant, {
      grant_type: 'client_credentials',
      client_id: WORKER.clientId,
      client_secret: WORKER.clientSecret,
      audience: ORDERS,
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ scope: 'write:orders', expires_in: 3600 })
    expect(claimsOf((res.body as { access_token: string }).access_token)).toMatchObject({
      sub: `${WORKER.clientId}@clients`,
      aud: ORDERS,
      gty: 'client-credentials',
      scope: 'write:orders',
      permissions: ['write:orders'],
    })
  })

  it('answers Auth0’s 403 for a client without a grant to that API', async () => {
    const res = await tokenRequest(tenant, {
      grant_type: 'client_credentials',
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      audience: ORDERS,
    })
    expect(res.status).toBe(403)
    expect(res.body).toEqual({
      error: 'access_denied',
      error_description: `Client is not authorized to access "${ORDERS}". You need to create a "client-grant" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants`,
    })
  })
})

describe('user tokens for an API with RBAC and the access_token_authz dialect', () => {
  it('grants the requested scopes the user holds and lists all permissions', async () => {
    const res = await password({
      audience: ORDERS,
      scope: 'openid read:orders write:orders offline_access',
    })
    expect(res.status).toBe(200)
    const body = res.body as Record<string, string>
    expect(body.scope).toBe('openid read:orders offline_access')
    const claims = claimsOf(body.access_token!)
    expect(claims).toMatchObject({
      aud: [ORDERS, `${tenant.domain}/userinfo`],
      permissions: ['read:orders'],
      gty: 'password',
    })
    // The JWKS validates it, as an API would (jose: iss, aud, signature, exp).
    const jwks = createRemoteJWKSet(new URL(`${tenant.domain}/.well-known/jwks.json`))
    const { payload } = await jwtVerify(body.access_token!, jwks, {
      issuer: `${tenant.domain}/`,
      audience: ORDERS,
    })
    expect(payload.permissions).toEqual(['read:orders'])
    expect(body.refresh_token).toBeDefined()
  })

  it('carries new permissions after a refresh once an admin grants them', async () => {
    const login = await password({ audience: ORDERS, scope: 'openid read:orders offline_access' })
    const { refresh_token: rt, access_token: at } = login.body as Record<string, string>
    const userId = claimsOf(at!).sub as string
    const grant = await api(tenant, 'POST', `/users/${encodeURIComponent(userId)}/permissions`, {
      body: {
        permissions: [{ resource_server_identifier: ORDERS, permission_name: 'write:orders' }],
      },
    })
    expect(grant.status).toBe(201)
    const refreshed = await tokenRequest(tenant, {
      grant_type: 'refresh_token',
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      refresh_token: rt,
    })
    const claims = claimsOf((refreshed.body as { access_token: string }).access_token)
    expect(claims.permissions).toEqual(['read:orders', 'write:orders'])
    // The scopes stay those of the login.
    expect(claims.scope).toBe('openid read:orders offline_access')
  })
})

describe('user tokens for an API without RBAC', () => {
  it('grants the requested scopes it defines, no permissions claim, no offline access', async () => {
    const res = await password({ audience: PLAIN, scope: 'read:plain read:other offline_access' })
    const body = res.body as Record<string, string>
    expect(body.scope).toBe('read:plain')
    expect(body.refresh_token).toBeUndefined()
    const claims = claimsOf(body.access_token!)
    expect(claims.aud).toBe(PLAIN)
    expect(claims.permissions).toBeUndefined()
  })

  it('grants every scope of the API when no scope is sent', async () => {
    const res = await password({ audience: PLAIN })
    expect((res.body as { scope: string }).scope).toBe(
      'openid profile email address phone read:plain',
    )
  })
})

describe('the RFC 9068 profile (rfc9068_profile_authz)', () => {
  it('types the token at+jwt, with client_id and jti instead of azp and gty', async () => {
    const res = await password({ audience: PROFILED, scope: 'read:x' })
    const token = (res.body as { access_token: string }).access_token
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'))
    expect(header).toMatchObject({ alg: 'RS256', typ: 'at+jwt' })
    const claims = claimsOf(token)
    expect(claims).toMatchObject({
      aud: PROFILED,
      client_id: tenant.clientId,
      scope: 'read:x',
      permissions: ['read:x'],
    })
    expect(claims.jti).toMatch(/^[0-9a-f]{32}$/)
    expect(claims.azp).toBeUndefined()
    expect(claims.gty).toBeUndefined()
  })
})

describe('hostile scope names', () => {
  it('are plain strings through the grant, the token and /userinfo', async () => {
    const res = await password({ audience: HOSTILE, scope: 'openid profile constructor __proto__' })
    expect(res.status).toBe(200)
    const body = res.body as Record<string, string>
    expect(body.scope).toBe('openid profile constructor __proto__')
    const info = await fetch(`${tenant.domain}/userinfo`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    })
    expect(info.status).toBe(200)
    expect(Object.keys((await info.json()) as object)).toContain('nickname')
  })

  it('an unknown appType is an error, not a prototype lookup', async () => {
    const { toClient } = await import('../../src/emulator/clients.js')
    expect(() =>
      toClient({ clientId: 'x', clientSecret: 'y', appType: '__proto__' as never }),
    ).toThrow('Client x: unknown appType __proto__')
  })
})
