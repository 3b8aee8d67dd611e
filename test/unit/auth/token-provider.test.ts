import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { resolveTenant } from '../../../src/auth/tenant-address.js'
import { tokenKey } from '../../../src/auth/token-key.js'
import { ClientCredentialsProvider } from '../../../src/auth/client-credentials-provider.js'
import { StaticTokenProvider } from '../../../src/auth/token-provider.js'
import { MemoryTokenStore } from '../../../src/auth/token-store.js'
import { Auth0Error, Auth0PlusError } from '../../../src/errors.js'

const ORIGIN = 'https://tenant.eu.auth0.com'
const address = resolveTenant('tenant.eu.auth0.com')
const T0 = 1_700_000_000 // unix seconds

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

/** Expects `count` token requests, answering tok-1, tok-2, ... each valid for `expiresIn` s. */
function tokenEndpoint(count: number, expiresIn = 3600) {
  let issued = 0
  return nock(ORIGIN)
    .post('/oauth/token', {
      grant_type: 'client_credentials',
      client_id: 'cid',
      client_secret: 'csecret',
      audience: `${ORIGIN}/api/v2/`,
    })
    .times(count)
    .reply(200, () => ({
      access_token: `tok-${++issued}`,
      token_type: 'Bearer',
      expires_in: expiresIn,
    }))
}

function provider(
  clock: { s: number },
  extra: { leewaySeconds?: number; store?: MemoryTokenStore } = {},
) {
  return new ClientCredentialsProvider({
    address,
    clientId: 'cid',
    clientSecret: 'csecret',
    now: () => clock.s * 1000,
    ...extra,
  })
}

describe('StaticTokenProvider', () => {
  it('returns its token and cannot renew', async () => {
    const tokens = new StaticTokenProvider('static-token')
    expect(tokens.renewable).toBe(false)
    expect(await tokens.token()).toBe('static-token')
    await expect(tokens.renew('static-token')).rejects.toThrow(Auth0PlusError)
    await expect(tokens.renew('static-token')).rejects.not.toThrow(/static-token/)
  })

  it('refuses an empty token', () => {
    expect(() => new StaticTokenProvider('')).toThrow(/non-empty/)
  })
})

describe('ClientCredentialsProvider', () => {
  it('fetches once and serves the cached token until leeway before expiry', async () => {
    const clock = { s: T0 }
    const scope = tokenEndpoint(2)
    const tokens = provider(clock)
    expect(await tokens.token()).toBe('tok-1')
    clock.s = T0 + 3600 - 61 // 61 s left: still outside the 60 s leeway
    expect(await tokens.token()).toBe('tok-1')
    clock.s = T0 + 3600 - 60 // inside the leeway: renewed before it expires
    expect(await tokens.token()).toBe('tok-2')
    scope.done()
  })

  it('honours a custom leeway', async () => {
    const clock = { s: T0 }
    const scope = tokenEndpoint(2)
    const tokens = provider(clock, { leewaySeconds: 600 })
    await tokens.token()
    clock.s = T0 + 3000
    expect(await tokens.token()).toBe('tok-2')
    scope.done()
  })

  it('uses half the life of a token shorter than twice the leeway', async () => {
    const clock = { s: T0 }
    const scope = tokenEndpoint(2, 30)
    const tokens = provider(clock)
    expect(await tokens.token()).toBe('tok-1')
    clock.s = T0 + 14
    expect(await tokens.token()).toBe('tok-1')
    clock.s = T0 + 15
    expect(await tokens.token()).toBe('tok-2')
    scope.done()
  })

  it('shares one token request among eight concurrent first calls', async () => {
    const scope = tokenEndpoint(1)
    const tokens = provider({ s: T0 })
    const got = await Promise.all(Array.from({ length: 8 }, () => tokens.token()))
    expect(got).toEqual(Array(8).fill('tok-1'))
    scope.done()
  })

  it('renews once for eight concurrent 401s with the same stale token', async () => {
    const scope = tokenEndpoint(2)
    const tokens = provider({ s: T0 })
    const stale = await tokens.token()
    const renewed = await Promise.all(Array.from({ length: 8 }, () => tokens.renew(stale)))
    expect(renewed).toEqual(Array(8).fill('tok-2'))
    // A late 401 for the old token gets the new one without another request.
    expect(await tokens.renew(stale)).toBe('tok-2')
    scope.done()
  })

  it('reuses a fresh token from the store and skips it when it is the stale one', async () => {
    const store = new MemoryTokenStore()
    const key = tokenKey(address, 'cid')
    await store.set(key, { access_token: 'stored', expires_at: T0 + 3600 })
    const scope = tokenEndpoint(1)
    const tokens = provider({ s: T0 }, { store })
    expect(await tokens.token()).toBe('stored')
    expect(await tokens.renew('stored')).toBe('tok-1')
    expect(await store.get(key)).toEqual({ access_token: 'tok-1', expires_at: T0 + 3600 })
    scope.done()
  })

  it('ignores an expired stored token', async () => {
    const store = new MemoryTokenStore()
    await store.set(tokenKey(address, 'cid'), { access_token: 'old', expires_at: T0 + 30 })
    const scope = tokenEndpoint(1)
    expect(await provider({ s: T0 }, { store }).token()).toBe('tok-1')
    scope.done()
  })

  it('lets the token endpoint refusal through, then tries again on the next call', async () => {
    const refused = nock(ORIGIN)
      .post('/oauth/token')
      .reply(401, { error: 'access_denied', error_description: 'Unauthorized' })
    const tokens = provider({ s: T0 })
    await expect(tokens.token()).rejects.toThrow(Auth0Error)
    refused.done()
    const scope = tokenEndpoint(1)
    expect(await tokens.token()).toBe('tok-1')
    scope.done()
  })
})
