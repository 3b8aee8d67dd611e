import { describe, expect, it } from 'vitest'
import { Auth0Error, RateLimitError } from '../../../src/errors.js'
import { errorBody, errorFromResponse } from '../../../src/wire/error-from-response.js'
import { redact, secretsIn } from '../../../src/wire/redact.js'
import { isRetryableNetworkError, isRetryableStatus } from '../../../src/http/retry-policy.js'

describe('errorBody', () => {
  it('reads the Management API shape', () => {
    const text = JSON.stringify({
      statusCode: 409,
      error: 'Conflict',
      message: 'The user already exists.',
      errorCode: 'auth0_idp_error',
    })
    expect(errorBody(409, 'Conflict', text)).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'The user already exists.',
      errorCode: 'auth0_idp_error',
    })
  })

  it('reads a JWT 401 without errorCode', () => {
    const text =
      '{"statusCode":401,"error":"Unauthorized","message":"Invalid token","attributes":{"error":"Invalid token"}}'
    expect(errorBody(401, '', text)).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Invalid token',
      errorCode: undefined,
    })
  })

  it('reads the OAuth shape, its error becoming errorCode', () => {
    expect(
      errorBody(
        403,
        '',
        '{"error":"unauthorized_client","error_description":"Grant type not allowed"}',
      ),
    ).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'Grant type not allowed',
      errorCode: 'unauthorized_client',
    })
    expect(errorBody(400, '', '{"error":"invalid_request"}')).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Bad Request',
      errorCode: 'invalid_request',
    })
  })

  it('reads anything else from the HTTP status', () => {
    expect(errorBody(502, 'Bad Gateway', '<html><body>502</body></html>')).toEqual({
      statusCode: 502,
      error: 'Bad Gateway',
      message: 'Bad Gateway',
    })
    expect(errorBody(503, '', '')).toMatchObject({ message: 'Service Unavailable' })
    expect(errorBody(599, 'Odd', '[1]')).toMatchObject({ statusCode: 599, message: 'Odd' })
    expect(errorBody(599, '', 'null')).toMatchObject({ message: 'HTTP 599' })
  })

  it('trusts the HTTP status over the body', () => {
    expect(errorBody(404, '', '{"statusCode":200,"message":"gone"}').statusCode).toBe(404)
  })
})

describe('errorFromResponse', () => {
  it('builds an Auth0Error with method and path, scrubbing echoed secrets', () => {
    const err = errorFromResponse(
      {
        status: 400,
        statusText: 'Bad Request',
        headers: {},
        text: '{"statusCode":400,"error":"Bad Request","message":"PasswordNoUserInfoError: hunter22 contains user info","errorCode":"invalid_body"}',
      },
      { method: 'POST', path: '/users' },
      ['hunter22'],
    )
    expect(err).toBeInstanceOf(Auth0Error)
    expect(err).toMatchObject({
      statusCode: 400,
      method: 'POST',
      path: '/users',
      errorCode: 'invalid_body',
    })
    expect(err.message).toBe('PasswordNoUserInfoError: [redacted] contains user info')
  })
})

describe('errorFromResponse on a 429', () => {
  it('is a RateLimitError with resetAt, -1 without the header', () => {
    const res = {
      status: 429,
      statusText: '',
      headers: { 'x-ratelimit-reset': '1767225601' },
      text: '',
    }
    const info = { method: 'GET', path: '/users' }
    expect(errorFromResponse(res, info, [])).toMatchObject({
      name: 'RateLimitError',
      resetAt: 1767225601,
    })
    expect(errorFromResponse({ ...res, headers: {} }, info, [])).toBeInstanceOf(RateLimitError)
    expect(errorFromResponse({ ...res, headers: {} }, info, [])).toMatchObject({ resetAt: -1 })
  })
})

describe('redact / secretsIn', () => {
  it('finds secrets by key at any depth', () => {
    expect(
      secretsIn({ password: 'pw-1234', nested: { client_secret: 'cs-1234', name: 'x' }, n: 1 }),
    ).toEqual(['pw-1234', 'cs-1234'])
    expect(secretsIn('text')).toEqual([])
    expect(secretsIn(undefined)).toEqual([])
  })

  it('replaces every occurrence, leaving very short strings alone', () => {
    expect(redact('a pw-1234 b pw-1234', ['pw-1234'])).toBe('a [redacted] b [redacted]')
    expect(redact('abc', ['b'])).toBe('abc')
  })
})

describe('retry policy', () => {
  it('retries 429 for every method', () => {
    for (const method of ['GET', 'POST', 'PATCH', 'DELETE'])
      expect(isRetryableStatus(method, 429)).toBe(true)
  })

  it('retries 5xx and 408 only for idempotent methods', () => {
    expect(isRetryableStatus('GET', 503)).toBe(true)
    expect(isRetryableStatus('DELETE', 500)).toBe(true)
    expect(isRetryableStatus('GET', 408)).toBe(true)
    expect(isRetryableStatus('POST', 503)).toBe(false)
    expect(isRetryableStatus('PATCH', 502)).toBe(false)
    expect(isRetryableStatus('GET', 404)).toBe(false)
  })

  it('retries network errors for idempotent methods, and for any method when nothing was sent', () => {
    expect(isRetryableNetworkError('GET', 'ECONNRESET')).toBe(true)
    expect(isRetryableNetworkError('POST', 'ECONNRESET')).toBe(false)
    expect(isRetryableNetworkError('POST', 'ETIMEDOUT')).toBe(false)
    expect(isRetryableNetworkError('PATCH', undefined)).toBe(false)
    expect(isRetryableNetworkError('POST', 'ECONNREFUSED')).toBe(true)
  })
})
