/**
 * Client libraries nobody here wrote, unmodified, against the emulator over HTTPS, trusting its
 * local CA: the official Node SDK v7 (in a child process started with NODE_EXTRA_CA_CERTS),
 * openid-client v6 through discovery, express-oauth2-jwt-bearer through `issuerBaseURL`.
 */
import { execFile } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { Agent } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import express from 'express'
import { auth, claimIncludes, requiredScopes } from 'express-oauth2-jwt-bearer'
import * as oidc from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js'
import { trustingFetch } from './fixtures/trusting-fetch.js'

const run = promisify(execFile)
const SDK_CLIENT = fileURLToPath(new URL('./fixtures/sdk-auth-client.ts', import.meta.url))

const WEB_APP = {
  clientId: 'oidcWebApp',
  clientSecret: 'oidc-web-secret-00000000000000000',
  appType: 'regular_web',
  callbacks: ['http://127.0.0.1/callback'],
} as const
const CONNECTIONS = ['Username-Password-Authentication', 'acdc', 'Backstage', 'conn2', 'zeppelin']
const ANN = { email: 'ann@acdc.test', password: 'Passw0rd!ann' }
const ORDERS_API = 'https://orders.acdc.test/'

let tenant: RunningEmulator
let trusted: typeof fetch

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'auth0plus-clients-'))
  tenant = await startEmulator({
    https: true,
    dataFile: join(dir, 'tenant.json'),
    connections: CONNECTIONS,
    clients: [WEB_APP],
    users: [
      { ...ANN, given_name: 'Ann' },
      { email: 'bob@acdc.test', password: 'Passw0rd!bob' },
    ],
    resourceServers: [
      {
        identifier: ORDERS_API,
        scopes: [{ value: 'read:orders' }],
        enforce_policies: true,
        token_dialect: 'access_token_authz',
      },
    ],
    roles: [
      {
        name: 'clerk',
        permissions: [{ resource_server_identifier: ORDERS_API, permission_name: 'read:orders' }],
        users: [ANN.email],
      },
    ],
  })
  trusted = trustingFetch(tenant.caCert!)
})
afterAll(() => tenant.stop())

describe('the official Node SDK v7 (AuthenticationClient, UserInfoClient, ManagementClient)', () => {
  let out: Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the child
  beforeAll(async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        SDK_CLIENT,
        `127.0.0.1:${tenant.port}`,
        tenant.clientId,
        tenant.clientSecret,
        tenant.connection,
      ],
      // The one trust setting: the CA file kept beside the data file.
      { env: { ...process.env, NODE_EXTRA_CA_CERTS: tenant.caFile! }, timeout: 30_000 },
    )
    out = JSON.parse(stdout.trim().split('\n').pop()!)
  }, 40_000)

  it('signs up, logs in (ID token validated by the SDK), reads userinfo, refreshes', () => {
    expect(out.signUp).toMatchObject({ email: 'sdk.signup@example.com', email_verified: false })
    expect(out.passwordGrant).toEqual({
      status: 200,
      keys: ['access_token', 'refresh_token', 'id_token', 'scope', 'expires_in', 'token_type'],
      scope: 'openid profile email offline_access',
    })
    expect(out.realmGrant.status).toBe(200)
    expect(out.userInfo).toMatchObject({
      sub: `auth0|${out.signUp._id}`,
      email: 'sdk.signup@example.com',
      nickname: 'sdk.signup',
    })
    expect(out.refresh).toMatchObject({ status: 200 })
    expect(out.refresh.keys).toContain('id_token')
    // The default client does not rotate: no new refresh token.
    expect(out.refresh.keys).not.toContain('refresh_token')
  })

  it('gets Auth0’s error for a wrong password', () => {
    expect(out.wrongPassword).toMatchObject({
      statusCode: 403,
      error: 'invalid_grant',
      error_description: 'Wrong email or password.',
    })
  })

  it('pages connections with take/from to the end', () => {
    expect(out.connections).toEqual(
      [...CONNECTIONS].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
    )
  })
})

describe('openid-client v6 through discovery (https, the emulator CA trusted)', () => {
  it('runs Authorization Code + PKCE, validates the ID token, reads userinfo, refreshes', async () => {
    const config = await oidc.discovery(
      new URL(tenant.domain),
      WEB_APP.clientId,
      WEB_APP.clientSecret,
      undefined,
      { [oidc.customFetch]: trusted },
    )
    expect(config.serverMetadata().issuer).toBe(`${tenant.domain}/`)
    const verifier = oidc.randomPKCECodeVerifier()
    const state = oidc.randomState()
    const nonce = oidc.randomNonce()
    const redirectUri = 'http://127.0.0.1:4567/callback'
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile email offline_access',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    })
    // The person: /authorize → the login page → the callback.
    const start = await trusted(url.href, { redirect: 'manual' })
    const loginPage = `${tenant.domain}${start.headers.get('location')}`
    const done = await trusted(loginPage, {
      method: 'POST',
      body: new URLSearchParams({ username: ANN.email, password: ANN.password, action: 'default' }),
    })
    expect(done.status).toBe(302)
    const tokens = await oidc.authorizationCodeGrant(
      config,
      new URL(done.headers.get('location')!),
      {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
      },
    )
    const claims = tokens.claims()!
    expect(claims).toMatchObject({
      iss: `${tenant.domain}/`,
      aud: WEB_APP.clientId,
      given_name: 'Ann',
    })
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)
    expect(info).toMatchObject({ sub: claims.sub, email: ANN.email, given_name: 'Ann' })
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!)
    expect(refreshed.claims()?.sub).toBe(claims.sub)
  })
})

describe('express-oauth2-jwt-bearer (issuerBaseURL + audience) in an express app', () => {
  let api: string
  let server: import('node:http').Server
  beforeAll(async () => {
    const app = express()
    app.get(
      '/orders',
      auth({
        issuerBaseURL: `${tenant.domain}/`,
        audience: tenant.audience,
        agent: new Agent({ ca: tenant.caCert! }),
      }),
      requiredScopes('read:users'),
      (req, res) => {
        res.json({ caller: req.auth!.payload.sub })
      },
    )
    // An app's own API: RBAC permissions in the token decide.
    app.get(
      '/my-orders',
      auth({
        issuerBaseURL: `${tenant.domain}/`,
        audience: ORDERS_API,
        agent: new Agent({ ca: tenant.caCert! }),
      }),
      claimIncludes('permissions', 'read:orders'),
      (req, res) => {
        res.json({ permissions: req.auth!.payload.permissions })
      },
    )
    server = app.listen(0, '127.0.0.1')
    await once(server, 'listening')
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const token = async (body: Record<string, string>) => {
    const res = await trusted(`${tenant.domain}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: tenant.clientId,
        client_secret: tenant.clientSecret,
        ...body,
      }),
    })
    return ((await res.json()) as { access_token: string }).access_token
  }

  it('accepts the emulator’s tokens for its audience, refuses others', async () => {
    const m2m = await token({ grant_type: 'client_credentials', audience: tenant.audience })
    const ok = await fetch(`${api}/orders`, { headers: { authorization: `Bearer ${m2m}` } })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual({ caller: `${tenant.clientId}@clients` })

    const narrow = await token({
      grant_type: 'client_credentials',
      audience: tenant.audience,
      scope: 'read:connections',
    })
    expect(
      (await fetch(`${api}/orders`, { headers: { authorization: `Bearer ${narrow}` } })).status,
    ).toBe(403)

    // A user's token for the app's API carries its RBAC permissions.
    const ann = await token({
      grant_type: 'password',
      username: ANN.email,
      password: ANN.password,
      audience: ORDERS_API,
    })
    const mine = await fetch(`${api}/my-orders`, { headers: { authorization: `Bearer ${ann}` } })
    expect(mine.status).toBe(200)
    expect(await mine.json()).toEqual({ permissions: ['read:orders'] })
    const bob = await token({
      grant_type: 'password',
      username: 'bob@acdc.test',
      password: 'Passw0rd!bob',
      audience: ORDERS_API,
    })
    // Bob's token is valid but lists no permission: claimIncludes refuses it (401 invalid_token).
    const refused = await fetch(`${api}/my-orders`, { headers: { authorization: `Bearer ${bob}` } })
    expect(refused.status).toBe(401)
    expect(refused.headers.get('www-authenticate')).toContain('invalid_token')

    // A user token without an audience is for /userinfo only.
    const user = await token({
      grant_type: 'password',
      username: ANN.email,
      password: ANN.password,
    })
    expect(
      (await fetch(`${api}/orders`, { headers: { authorization: `Bearer ${user}` } })).status,
    ).toBe(401)
  })
})
