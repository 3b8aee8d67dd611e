import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmulator } from 'auth0plus/emulator'
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SERVICE_API, SERVICE_AUDIENCE, serviceAdminRole } from '../src/dev-tenant.js'
import { ALL_SCOPES, FRONT_END, tokenFor } from './login.js'
import { OPERATOR, PASSWORD, STAFF_CONNECTION, startStack, type Stack } from './stack.js'

const DAY_MS = 86_400_000
// The emulator's clock: real time unless a test moves it.
let shift = 0

let stack: Stack
let userPath: string
beforeAll(async () => {
  stack = await startStack({ emulator: { now: () => Date.now() + shift } })
  const created = await stack.call('POST', '/users', {
    email: 'kept@example.com',
    password: PASSWORD,
  })
  userPath = `/users/${encodeURIComponent(created.body.user_id)}`
})
afterAll(() => stack.stop())

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** A 401 with RFC 6750's challenge; `description` is the error_description when there is one. */
async function expectUnauthorized(
  headers: Record<string, string>,
  message: RegExp,
  method = 'GET',
  path = '/users',
): Promise<void> {
  const res = await stack.call(method, path, undefined, headers)
  expect(res.status, res.text).toBe(401)
  expect(res.body.message).toMatch(message)
  const challenge = res.headers.get('www-authenticate') ?? ''
  expect(challenge).toMatch(/^Bearer realm="user-service"/)
  if (headers.authorization) expect(challenge).toContain('error="invalid_token"')
  for (const value of Object.values(headers)) {
    if (value.length > 20) expect(res.text + challenge).not.toContain(value.slice(-20))
  }
}

describe('callers without a valid token', () => {
  it('answers 401 with a challenge on every route, before routing, and changes nothing', async () => {
    const anonymous = { authorization: '' }
    for (const [method, path] of [
      ['GET', '/users'],
      ['POST', '/users'],
      ['GET', userPath],
      ['PATCH', userPath],
      ['DELETE', userPath],
      ['GET', '/nope'],
    ] as const) {
      await expectUnauthorized(anonymous, /Send an access token/, method, path)
    }
    const still = await stack.call('GET', userPath)
    expect(still.status).toBe(200)
    expect(still.body.email).toBe('kept@example.com')
  })

  it('refuses a header that is not a bearer token', async () => {
    for (const authorization of [
      `Basic ${Buffer.from('a:b').toString('base64')}`,
      `Bearer ${stack.token} extra`,
      `Bearer ${'a'.repeat(9000)}`,
      'Bearer',
    ]) {
      await expectUnauthorized({ authorization }, /Authorization header must be: Bearer/)
    }
    await expectUnauthorized(bearer('not.a.jwt'), /not a valid JWT/)
  })

  it('refuses a token signed by another key, even with the tenant kid', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const forged = await new SignJWT({ ...decodeJwt(stack.token) })
      .setProtectedHeader({
        alg: 'RS256',
        typ: 'JWT',
        kid: decodeProtectedHeader(stack.token).kid!,
      })
      .sign(privateKey)
    await expectUnauthorized(bearer(forged), /signature does not verify/)
    const otherKid = await new SignJWT({ ...decodeJwt(stack.token) })
      .setProtectedHeader({ alg: 'RS256', kid: 'someone-else' })
      .sign(privateKey)
    await expectUnauthorized(bearer(otherKid), /not signed by one of the tenant's keys/)
  })

  it('refuses alg none and HS256 keyed with the public JWKS (algorithm confusion)', async () => {
    const [, payload] = stack.token.split('.')
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`
    await expectUnauthorized(bearer(none), /RS256|not a valid JWT/)
    const jwks = (await (await fetch(`${stack.tenant.domain}/.well-known/jwks.json`)).json()) as {
      keys: Record<string, unknown>[]
    }
    const hs256 = await new SignJWT({ ...decodeJwt(stack.token) })
      .setProtectedHeader({ alg: 'HS256', kid: decodeProtectedHeader(stack.token).kid! })
      .sign(Buffer.from(JSON.stringify(jwks.keys[0])))
    await expectUnauthorized(bearer(hs256), /must be signed with RS256/)
  })

  it('refuses a tenant token that has expired (the emulator clock moved back 2 days)', async () => {
    shift = -2 * DAY_MS
    let old: string
    try {
      old = await tokenFor(stack.tenant, OPERATOR)
    } finally {
      shift = 0
    }
    expect(decodeJwt(old).exp! * 1000).toBeLessThan(Date.now())
    await expectUnauthorized(bearer(old), /^The token has expired\.$/)
    await expectUnauthorized(bearer(old), /expired/, 'DELETE', userPath)
    expect((await stack.call('GET', userPath)).status).toBe(200)
  })

  it("refuses the same person's Management API token (the tenant's, not the service's API)", async () => {
    // Same tenant, key, issuer, person and scopes; only the audience differs.
    const management = await tokenFor(stack.tenant, OPERATOR, ALL_SCOPES, stack.tenant.audience)
    expect(decodeJwt(management).aud).toBe(stack.tenant.audience)
    await expectUnauthorized(bearer(management), /^The token's 'aud' claim is not accepted here\.$/)
    await expectUnauthorized(bearer(management), /'aud'/, 'DELETE', userPath)
    expect((await stack.call('GET', userPath)).status).toBe(200)
  })

  it('refuses a token from another issuer signed with the same key', async () => {
    // Two tenants sharing a data file share its signing key, not their issuer.
    const dir = await mkdtemp(join(tmpdir(), 'user-service-iss-'))
    const dataFile = join(dir, 'tenant.json')
    const other = await startEmulator({
      port: 0,
      dataFile,
      connections: ['Username-Password-Authentication', STAFF_CONNECTION],
      users: [{ ...OPERATOR, connection: STAFF_CONNECTION }],
      clients: [FRONT_END],
      resourceServers: [SERVICE_API],
      roles: [serviceAdminRole([OPERATOR.email])],
    })
    const foreign = await tokenFor(other, OPERATOR)
    await other.stop()
    const same = await startStack({ emulator: { dataFile } })
    try {
      expect(decodeJwt(foreign).iss).toBe(`${other.domain}/`)
      // The same key (the signature verifies) and the audience the service expects: only the
      // issuer is wrong.
      const res = await same.call('GET', '/users', undefined, bearer(foreign))
      expect(res.status).toBe(401)
      expect(res.body.message).toBe("The token's 'iss' claim is not accepted here.")
    } finally {
      await same.stop()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it("fails closed (503) when the tenant's keys cannot be fetched", async () => {
    const gone = await startEmulator({ port: 0 })
    await gone.stop()
    const cut = await startStack({ auth: { issuer: `${gone.domain}/` } })
    try {
      const res = await cut.call('GET', '/users')
      expect(res.status).toBe(503)
      expect(res.body.message).toMatch(/signing keys cannot be fetched/)
      expect(
        cut.logs.some((line) =>
          /^GET \/users failed: .*\ncaused by TypeError: fetch failed/s.test(line),
        ),
      ).toBe(true)
    } finally {
      await cut.stop()
    }
  })
})

describe("tokens for the service's API", () => {
  it('are what the front end gets: this audience, the role in permissions; they work', async () => {
    const claims = decodeJwt(stack.token)
    expect(claims.aud).toBe(SERVICE_AUDIENCE)
    expect(claims.azp).toBe(FRONT_END.clientId)
    expect(claims.permissions).toEqual([...ALL_SCOPES.split(' ')].sort())
    expect((await stack.call('GET', userPath)).status).toBe(200)
    // With openid the audience is a list (the API and /userinfo): still this service's.
    const oidc = await tokenFor(stack.tenant, OPERATOR, `openid ${ALL_SCOPES}`)
    expect(decodeJwt(oidc).aud).toEqual([SERVICE_AUDIENCE, `${stack.tenant.domain}/userinfo`])
    const res = await stack.call('PATCH', userPath, { nickname: 'kept' }, bearer(oidc))
    expect(res.status, res.text).toBe(200)
    expect(res.body.nickname).toBe('kept')
  })

  it('grant nothing without the permissions claim, whatever their scope says', async () => {
    // The service's API defined without RBAC: anyone who logs in gets any scope it defines,
    // and no permissions claim, so the service lets nobody in.
    const open = await startStack({
      emulator: {
        resourceServers: [
          {
            ...SERVICE_API,
            identifier: 'https://open.example/api',
            enforce_policies: false,
            token_dialect: 'access_token',
          },
        ],
      },
      auth: { audience: 'https://open.example/api' },
    })
    try {
      const token = await tokenFor(open.tenant, OPERATOR, ALL_SCOPES, 'https://open.example/api')
      expect(decodeJwt(token)).toMatchObject({ scope: ALL_SCOPES })
      expect(decodeJwt(token)).not.toHaveProperty('permissions')
      const res = await open.call('GET', '/users', undefined, bearer(token))
      expect(res.status).toBe(403)
      expect(res.body.message).toBe("This request needs the 'read:users' permission.")
    } finally {
      await open.stop()
    }
  })
})

describe('permissions', () => {
  it('answers 403 naming a permission the token was not asked for, and does not act', async () => {
    // The operator holds every permission, but this token asked for reading only.
    const reader = await tokenFor(stack.tenant, OPERATOR, 'read:users')
    expect(decodeJwt(reader).permissions).toHaveLength(4)
    expect((await stack.call('GET', userPath, undefined, bearer(reader))).status).toBe(200)
    for (const [method, permission, body] of [
      ['POST', 'create:users', { email: 'no@example.com', password: PASSWORD }],
      ['PATCH', 'update:users', { name: 'Changed' }],
      ['DELETE', 'delete:users', undefined],
    ] as const) {
      const path = method === 'POST' ? '/users' : userPath
      const res = await stack.call(method, path, body, bearer(reader))
      expect(res.status).toBe(403)
      expect(res.body.message).toBe(`This request needs the '${permission}' permission.`)
      expect(res.headers.get('www-authenticate')).toBe(
        `Bearer realm="user-service", error="insufficient_scope", scope="${permission}"`,
      )
    }
    const after = await stack.call('GET', userPath)
    expect(after.body).not.toHaveProperty('name', 'Changed')
    expect((await stack.call('GET', '/users?email=no@example.com')).body.total).toBe(0)
  })
})
