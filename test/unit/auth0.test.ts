import { inspect } from 'node:util'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Auth0 } from '../../src/auth0.js'
import { InvalidArgument } from '../../src/errors.js'
import { MemoryTokenStore } from '../../src/auth/token-store.js'
import { fakeUser } from '../support/nock-tenant.js'

const SECRET = 'client-secret-do-not-leak'
const ORIGIN = 'https://cc.example.com'

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

function tokenReply(token: string) {
  return { access_token: token, token_type: 'Bearer', expires_in: 86400, scope: 'read:users' }
}

describe('Auth0', () => {
  it('takes a bare host (https implied) or a full origin', () => {
    expect(new Auth0('tenant.eu.auth0.com', 'T').domain).toBe('https://tenant.eu.auth0.com')
    expect(new Auth0('http://127.0.0.1:4010', 'T').domain).toBe('http://127.0.0.1:4010')
  })

  it('refuses bad options before any request', () => {
    expect(() => new Auth0('t.example.com', '')).toThrow(InvalidArgument)
    expect(() => new Auth0('t.example.com', { clientId: 'x' })).toThrow(/clientSecret/)
    expect(() => new Auth0('t.example.com', 'T', { timeout: -1 })).toThrow(InvalidArgument)
    expect(() => new Auth0('t.example.com', 'T', { defaultConnection: '' })).toThrow(
      InvalidArgument,
    )
    expect(() => new Auth0('', 'T')).toThrow(InvalidArgument)
  })

  it('fetches one token for eight concurrent first calls, then reuses it', async () => {
    const token = nock(ORIGIN)
      .post('/oauth/token', {
        grant_type: 'client_credentials',
        client_id: 'cid',
        client_secret: SECRET,
        audience: `${ORIGIN}/api/v2/`,
      })
      .once()
      .reply(200, tokenReply('tok-1'))
    const calls = nock(`${ORIGIN}/api/v2`, { reqheaders: { authorization: 'Bearer tok-1' } })
      .get(/\/users\/.*/)
      .times(9)
      .reply(200, fakeUser(1))
    const auth0 = new Auth0('cc.example.com', { clientId: 'cid', clientSecret: SECRET })
    await Promise.all(Array.from({ length: 8 }, (_, i) => auth0.users.get(`auth0|${i}`)))
    await auth0.users.get('auth0|again')
    token.done()
    calls.done()
  })

  it('renews the token once and replays on a 401', async () => {
    const token = nock(ORIGIN)
      .post('/oauth/token')
      .reply(200, tokenReply('stale'))
      .post('/oauth/token')
      .reply(200, tokenReply('fresh'))
    const stale = nock(`${ORIGIN}/api/v2`, { reqheaders: { authorization: 'Bearer stale' } })
      .get('/users/auth0%7C1')
      .reply(401, {
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Expired token received for JSON Web Token validation',
        attributes: { error: 'Expired token received for JSON Web Token validation' },
      })
    const fresh = nock(`${ORIGIN}/api/v2`, { reqheaders: { authorization: 'Bearer fresh' } })
      .get('/users/auth0%7C1')
      .reply(200, fakeUser(1))
    const auth0 = new Auth0('cc.example.com', {
      clientId: 'cid',
      clientSecret: SECRET,
      maxRetries: 0,
    })
    await auth0.users.get('auth0|1')
    token.done()
    stale.done()
    fresh.done()
  })

  it('shares tokens through a token store', async () => {
    const store = new MemoryTokenStore()
    const token = nock(ORIGIN).post('/oauth/token').once().reply(200, tokenReply('shared'))
    const calls = nock(`${ORIGIN}/api/v2`, { reqheaders: { authorization: 'Bearer shared' } })
      .get('/users/auth0%7C1')
      .times(2)
      .reply(200, fakeUser(1))
    const options = { clientId: 'cid', clientSecret: SECRET, tokenStore: store }
    await new Auth0('cc.example.com', options).users.get('auth0|1')
    await new Auth0('cc.example.com', options).users.get('auth0|1')
    token.done()
    calls.done()
  })

  it('never shows its secret', () => {
    const auth0 = new Auth0('cc.example.com', {
      clientId: 'cid',
      clientSecret: SECRET,
      defaultConnection: 'db',
    })
    expect(inspect(auth0, { showHidden: true, depth: null })).toBe(
      '<Auth0 https://cc.example.com connection=db>',
    )
    expect(inspect(auth0.users, { showHidden: true, depth: null })).not.toContain(SECRET)
    expect(JSON.stringify(auth0)).not.toContain(SECRET)
  })

  it('keeps two clients apart (no global state)', () => {
    const a = new Auth0('a.example.com', 'T', { defaultConnection: 'one' })
    const b = new Auth0('b.example.com', 'T', { defaultConnection: 'two' })
    expect(a.users.connection).toBe('one')
    expect(b.users.connection).toBe('two')
    expect(a.users).not.toBe(b.users)
  })
})

describe('Auth0.fromEnv', () => {
  it('reads DOMAIN, CLIENT_ID, CLIENT_SECRET and CONNECTION', () => {
    const auth0 = Auth0.fromEnv({
      DOMAIN: 'env.example.com',
      CLIENT_ID: 'cid',
      CLIENT_SECRET: SECRET,
      CONNECTION: 'db',
    })
    expect(auth0.domain).toBe('https://env.example.com')
    expect(auth0.users.connection).toBe('db')
  })

  it('names what is missing, and no value', () => {
    const attempt = () => Auth0.fromEnv({ DOMAIN: 'env.example.com', CLIENT_SECRET: SECRET })
    expect(attempt).toThrow(InvalidArgument)
    expect(attempt).toThrow(/CLIENT_ID/)
    expect(attempt).not.toThrow(new RegExp(SECRET))
  })
})
