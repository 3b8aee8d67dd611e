import { inspect } from 'node:util'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getToken, Token } from '../../../src/auth/get-token.js'
import { Auth0Error, InvalidArgument, NetworkError, TimeoutError } from '../../../src/errors.js'

const DOMAIN = 'tenant.eu.auth0.com'
const ORIGIN = 'https://tenant.eu.auth0.com'
const NOW = 1_700_000_000_000

function tokenRequest(audience = `${ORIGIN}/api/v2/`) {
  return {
    grant_type: 'client_credentials',
    client_id: 'client-id',
    client_secret: 'client-secret',
    audience,
  }
}

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

describe('getToken', () => {
  it('posts the client-credentials grant and computes expires_at locally', async () => {
    const scope = nock(ORIGIN, { reqheaders: { 'content-type': 'application/json' } })
      .post('/oauth/token', tokenRequest())
      .reply(200, {
        access_token: 'eyJ.token',
        token_type: 'Bearer',
        expires_in: 86400,
        scope: 'read:users',
      })
    const token = await getToken(DOMAIN, 'client-id', 'client-secret', { now: () => NOW })
    scope.done()
    expect(token).toBeInstanceOf(Token)
    expect(token.access_token).toBe('eyJ.token')
    expect(token.token_type).toBe('Bearer')
    expect(token.expires_in).toBe(86400)
    expect(token.expires_at).toBe(NOW / 1000 + 86400)
    expect(token.scope).toBe('read:users')
  })

  it('sends an explicit audience and talks to a full origin', async () => {
    const scope = nock('http://127.0.0.1:4010')
      .post('/oauth/token', tokenRequest('https://custom/'))
      .reply(200, { access_token: 'a', token_type: 'Bearer', expires_in: 60 })
    await getToken('http://127.0.0.1:4010', 'client-id', 'client-secret', {
      audience: 'https://custom/',
    })
    scope.done()
  })

  it('never prints the access token', async () => {
    nock(ORIGIN)
      .post('/oauth/token')
      .reply(200, { access_token: 'eyJ.secret-token', token_type: 'Bearer', expires_in: 60 })
    const token = await getToken(DOMAIN, 'client-id', 'client-secret', { now: () => NOW })
    for (const shown of [
      inspect(token),
      inspect(token, { showHidden: true, depth: null }),
      String(token),
      JSON.stringify(token),
      JSON.stringify({ ...token }),
    ]) {
      expect(shown).not.toContain('eyJ.secret-token')
    }
    expect(inspect(token)).toContain("access_token: '[redacted]'")
    expect(JSON.parse(JSON.stringify(token))).toEqual({
      access_token: '[redacted]',
      token_type: 'Bearer',
      expires_in: 60,
      expires_at: NOW / 1000 + 60,
    })
  })

  it('turns an OAuth error body into Auth0Error', async () => {
    nock(ORIGIN)
      .post('/oauth/token')
      .reply(401, { error: 'access_denied', error_description: 'Unauthorized' })
    const err = await getToken(DOMAIN, 'client-id', 'client-secret').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Auth0Error)
    expect(err).toMatchObject({
      statusCode: 401,
      error: 'Unauthorized',
      errorCode: 'access_denied',
      message: 'Unauthorized',
      method: 'POST',
      path: '/oauth/token',
    })
    expect(String(err)).toBe('401: Unauthorized')
  })

  it('reports a missing client grant with Auth0 description', async () => {
    nock(ORIGIN).post('/oauth/token').reply(403, {
      error: 'access_denied',
      error_description:
        'Client is not authorized to access "https://tenant.eu.auth0.com/api/v2/".',
    })
    await expect(getToken(DOMAIN, 'client-id', 'client-secret')).rejects.toThrow(
      /Client is not authorized/,
    )
  })

  it('reads a non-JSON error answer from the status', async () => {
    nock(ORIGIN).post('/oauth/token').reply(502, '<html>Bad gateway</html>')
    await expect(getToken(DOMAIN, 'client-id', 'client-secret')).rejects.toMatchObject({
      statusCode: 502,
      message: 'Bad Gateway',
    })
  })

  it('refuses a 200 without an access token', async () => {
    nock(ORIGIN).post('/oauth/token').reply(200, { token_type: 'Bearer' })
    await expect(getToken(DOMAIN, 'client-id', 'client-secret')).rejects.toThrow(
      /without an access_token/,
    )
  })

  it('reports a network failure as NetworkError', async () => {
    // nock 14 emits only Error instances; a plain object would hang until the timeout.
    nock(ORIGIN)
      .post('/oauth/token')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
    const err = await getToken(DOMAIN, 'client-id', 'client-secret').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NetworkError)
    expect(err).not.toBeInstanceOf(TimeoutError)
    expect(err).toMatchObject({ code: 'ECONNRESET', method: 'POST', path: '/oauth/token' })
  })

  it('reports a slow token endpoint as TimeoutError', async () => {
    nock(ORIGIN)
      .post('/oauth/token')
      .delay(200)
      .reply(200, { access_token: 'a', token_type: 'Bearer', expires_in: 60 })
    await expect(getToken(DOMAIN, 'client-id', 'client-secret', { timeout: 20 })).rejects.toThrow(
      TimeoutError,
    )
  })

  it('checks its arguments before any request', async () => {
    await expect(getToken(DOMAIN, '', 'client-secret')).rejects.toThrow(InvalidArgument)
    await expect(getToken(DOMAIN, 'client-id', '')).rejects.toThrow(InvalidArgument)
    await expect(getToken('ftp://x', 'client-id', 'client-secret')).rejects.toThrow(InvalidArgument)
  })
})
