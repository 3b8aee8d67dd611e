import { createPrivateKey } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signingKeyFrom, signJwt } from '../../src/emulator/jwt.js'
import { rawApi } from './raw-request.js'
import { readDataFile } from './data-file-helpers.js'
import { api, createUser, getToken, startTenant, userPath, type TestTenant } from './helpers.js'

const NARROW = { clientId: 'narrowClient', clientSecret: 'narrow-secret', scopes: ['read:users'] }

let tenant: TestTenant
let n = 0

beforeAll(async () => {
  tenant = await startTenant({ clients: [NARROW] })
})
afterAll(() => tenant.stop())

async function pair() {
  n += 1
  const primary = await createUser(tenant, {
    email: `main${n}@link.test`,
    given_name: 'Main',
    user_metadata: { keep: true },
  })
  const secondary = await createUser(tenant, {
    email: `second${n}@link.test`,
    nickname: 'Second',
    user_metadata: { lost: true },
    app_metadata: { lost: true },
  })
  return { primary, secondary }
}

const linkPath = (id: string) => `${userPath(id)}/identities`
const bare = (id: string) => id.slice('auth0|'.length)

describe('POST /users/{id}/identities', () => {
  it('moves the secondary identity onto the primary, deletes the secondary, answers 201 + identities', async () => {
    const { primary, secondary } = await pair()
    const con = (await api(tenant, 'GET', '/connections')).body[0].id
    const res = await api(tenant, 'POST', linkPath(primary.user_id), {
      body: { provider: 'auth0', user_id: secondary.user_id, connection_id: con },
    })
    expect(res.status).toBe(201)
    expect(res.body).toEqual([
      {
        profileData: {
          email: primary.email,
          email_verified: false,
          name: primary.email,
          given_name: 'Main',
          nickname: primary.nickname,
          picture: primary.picture,
        },
        connection: 'Username-Password-Authentication',
        user_id: bare(primary.user_id),
        provider: 'auth0',
        isSocial: false,
      },
      {
        profileData: {
          email: secondary.email,
          email_verified: false,
          name: secondary.email,
          nickname: 'Second',
          picture: secondary.picture,
        },
        connection: 'Username-Password-Authentication',
        user_id: bare(secondary.user_id),
        provider: 'auth0',
        isSocial: false,
      },
    ])
    expect(Object.keys(res.body[0])).toEqual([
      'profileData',
      'connection',
      'user_id',
      'provider',
      'isSocial',
    ])
    expect((await api(tenant, 'GET', userPath(secondary.user_id))).status).toBe(404)
    const after = (await api(tenant, 'GET', userPath(primary.user_id))).body
    expect(after.identities[0].profileData).toBeUndefined()
    expect(after.identities[1]).toEqual(res.body[1])
    expect(after.user_metadata).toEqual({ keep: true })
    expect(after.email).toBe(primary.email)
    expect(JSON.stringify(after)).not.toContain('lost')
  })

  it('accepts the bare user_id (string or integer-typed) with provider', async () => {
    const { primary, secondary } = await pair()
    const res = await api(tenant, 'POST', linkPath(primary.user_id), {
      body: { provider: 'auth0', user_id: bare(secondary.user_id) },
    })
    expect(res.status).toBe(201)
    expect(res.body).toHaveLength(2)
    const numeric = await createUser(tenant, { email: 'numeric@link.test', user_id: '12345' })
    const linked = await api(tenant, 'POST', linkPath(primary.user_id), {
      body: { provider: 'auth0', user_id: 12345 },
    })
    expect(linked.status).toBe(201)
    expect(linked.body[2].user_id).toBe(bare(numeric.user_id))
  })

  it('deleting the primary deletes the linked identity with it', async () => {
    const { primary, secondary } = await pair()
    await api(tenant, 'POST', linkPath(primary.user_id), {
      body: { provider: 'auth0', user_id: secondary.user_id },
    })
    await api(tenant, 'DELETE', userPath(primary.user_id))
    const found = await api(tenant, 'GET', `/users-by-email?email=${secondary.email}`)
    expect(found.body).toEqual([])
  })

  it('refuses linking to itself, unknown users, bad bodies, link_with mixed or forged', async () => {
    const { primary, secondary } = await pair()
    const self = await api(tenant, 'POST', linkPath(primary.user_id), {
      body: { provider: 'auth0', user_id: primary.user_id },
    })
    expect(self.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Main identity and the new one are the same.',
      errorCode: 'invalid_body',
    })
    const link = (id: string, body: unknown) => api(tenant, 'POST', linkPath(id), { body })
    expect(
      (await link(primary.user_id, { provider: 'auth0', user_id: 'auth0|nobody' })).status,
    ).toBe(404)
    expect(
      (await link('auth0|nobody', { provider: 'auth0', user_id: secondary.user_id })).status,
    ).toBe(404)
    expect((await link(primary.user_id, { provider: 'auth0' })).body.message).toBe(
      "Payload validation error: 'Missing required property: user_id'.",
    )
    expect((await link(primary.user_id, { user_id: 'x' })).body.message).toBe(
      "Payload validation error: 'Missing required property: provider'.",
    )
    expect((await link(primary.user_id, { provider: 'auth0', user_id: 'x', foo: 1 })).status).toBe(
      400,
    )
    expect(
      (
        await link(primary.user_id, {
          link_with: 'a.b.c',
          provider: 'auth0',
          user_id: secondary.user_id,
        })
      ).body.message,
    ).toBe('link_with cannot be sent together with provider, user_id or connection_id')
    // An access token is not an ID token for this client: refused.
    expect((await link(primary.user_id, { link_with: tenant.token })).body.message).toBe(
      'Invalid link_with token',
    )
    expect((await link(primary.user_id, { link_with: 'garbage' })).status).toBe(400)
    expect(
      (
        await link(primary.user_id, {
          provider: 'auth0',
          user_id: secondary.user_id,
          connection_id: 'con_AAAAAAAAAAAAAAAA',
        })
      ).body.errorCode,
    ).toBe('inexistent_connection')
    // Nothing moved.
    expect((await api(tenant, 'GET', userPath(secondary.user_id))).status).toBe(200)
  })
})

describe('DELETE /users/{id}/identities/{provider}/{user_id}', () => {
  it('answers 200 + the remaining identities and recreates the secondary without metadata', async () => {
    const { primary, secondary } = await pair()
    await api(tenant, 'POST', linkPath(primary.user_id), {
      body: { provider: 'auth0', user_id: secondary.user_id },
    })
    const res = await api(
      tenant,
      'DELETE',
      `${linkPath(primary.user_id)}/auth0/${bare(secondary.user_id)}`,
    )
    expect(res.status).toBe(200)
    expect(res.body).toHaveLength(1)
    expect(res.body[0]).toMatchObject({
      profileData: { email: primary.email },
      user_id: bare(primary.user_id),
    })
    const back = (await api(tenant, 'GET', userPath(secondary.user_id))).body
    expect(back).toMatchObject({
      user_id: secondary.user_id,
      email: secondary.email,
      nickname: 'Second',
      identities: [
        {
          connection: 'Username-Password-Authentication',
          user_id: bare(secondary.user_id),
          provider: 'auth0',
          isSocial: false,
        },
      ],
    })
    expect(back.user_metadata).toBeUndefined()
    expect(back.app_metadata).toBeUndefined()
    expect((await api(tenant, 'GET', userPath(primary.user_id))).body.identities).toHaveLength(1)
  })

  it('refuses the main identity, unknown identities and users, hostile segments', async () => {
    const { primary } = await pair()
    const base = linkPath(primary.user_id)
    expect(
      (await api(tenant, 'DELETE', `${base}/auth0/${bare(primary.user_id)}`)).body.message,
    ).toBe('The main identity cannot be unlinked.')
    expect((await api(tenant, 'DELETE', `${base}/auth0/nobody`)).body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'The identity does not exist.',
      errorCode: 'inexistent_identity',
    })
    expect((await api(tenant, 'DELETE', `${linkPath('auth0|nobody')}/auth0/x`)).status).toBe(404)
    const raw = `/users/${encodeURIComponent(primary.user_id)}/identities`
    for (const [provider, id] of [
      ['__proto__', 'x'],
      ['auth0', '..'],
      ['..', '.'],
      ['constructor', '__proto__'],
    ]) {
      expect((await rawApi(tenant, 'DELETE', `${raw}/${provider}/${id}`)).status).toBe(404)
    }
  })

  it('needs update:users (or update:current_user_identities)', async () => {
    const token = await getToken(tenant, NARROW.clientId, NARROW.clientSecret)
    const res = await api(tenant, 'POST', linkPath('auth0|x'), { token, body: {} })
    expect(res.status).toBe(403)
    expect(res.body.message).toBe(
      'Insufficient scope, expected any of: update:users,update:current_user_identities',
    )
  })
})

describe('link_with', () => {
  it('links the user named by a secondary ID token signed by the tenant for the calling client', async () => {
    // The tenant's signing key is only reachable through its data file: sign as the tenant would.
    const dataFile = join(await mkdtemp(join(tmpdir(), 'auth0plus-link-with-')), 'tenant.json')
    const first = await startTenant({ dataFile })
    const main = await createUser(first, { email: 'main@link-with.test' })
    const other = await createUser(first, { email: 'other@link-with.test' })
    await first.stop()
    const saved = await readDataFile(dataFile)
    const key = signingKeyFrom(createPrivateKey(saved.signingKey.pem), saved.signingKey.kid)
    const second = await startTenant({ dataFile })
    try {
      const idToken = (claims: Record<string, unknown>) =>
        signJwt(
          {
            iss: `${second.domain}/`,
            sub: other.user_id,
            aud: second.clientId,
            exp: Math.floor(Date.now() / 1000) + 600,
            ...claims,
          },
          key,
        )
      const link = (token: string) =>
        api(second, 'POST', linkPath(main.user_id), { body: { link_with: token } })
      expect((await link(idToken({ aud: 'another-client' }))).status).toBe(400)
      expect((await link(idToken({ iss: 'https://evil.test/' }))).status).toBe(400)
      expect((await link(idToken({ exp: Math.floor(Date.now() / 1000) - 1 }))).status).toBe(400)
      const res = await link(idToken({}))
      expect(res.status).toBe(201)
      expect(res.body.map((i: { user_id: string }) => i.user_id)).toEqual([
        bare(main.user_id),
        bare(other.user_id),
      ])
    } finally {
      await second.stop()
    }
  })
})
