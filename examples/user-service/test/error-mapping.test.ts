import {
  Auth0Error,
  DoesNotExist,
  InvalidArgument,
  InvalidLookup,
  NetworkError,
  RateLimitError,
  SearchLimitExceeded,
  TimeoutError,
} from 'auth0plus'
import { describe, expect, it } from 'vitest'
import { toHttpError } from '../src/error-mapping.js'
import { HttpError } from '../src/http-error.js'

// 2024-01-01T00:00:00Z, in ms.
const NOW = 1_704_067_200_000
const now = () => NOW
const request = { method: 'GET', path: '/users' }
const rateLimit = (resetAt: number) =>
  new RateLimitError(
    { statusCode: 429, message: 'Global limit has been reached' },
    resetAt,
    request,
  )

describe('toHttpError', () => {
  it.each([
    [new DoesNotExist('User Does Not Exist'), 404],
    [new Auth0Error({ statusCode: 404, message: 'The user does not exist.' }, request), 404],
    [new Auth0Error({ statusCode: 409, message: 'The user already exists.' }, request), 409],
    [new Auth0Error({ statusCode: 400, message: 'PasswordStrengthError' }, request), 400],
    [new InvalidLookup('Invalid lookup "x"'), 400],
    [new InvalidArgument('bad'), 400],
    [new SearchLimitExceeded('over 1000'), 400],
    [new Auth0Error({ statusCode: 401, message: 'Unauthorized' }, request), 502],
    [new Auth0Error({ statusCode: 403, message: 'Insufficient scope' }, request), 502],
    [new Auth0Error({ statusCode: 415, message: 'Unsupported Media Type' }, request), 502],
    [new Auth0Error({ statusCode: 500, message: 'internal' }, request), 502],
    [new Auth0Error({ statusCode: 503, message: 'unavailable' }, request), 502],
    [new NetworkError('connect ECONNREFUSED', 'ECONNREFUSED', request), 503],
    [new TimeoutError('timeout of 100ms exceeded', 'ETIMEDOUT', request), 504],
    [new TypeError("Cannot read properties of undefined (reading 'x')"), 500],
    ['a string', 500],
  ])('%s → %i', (error, status) => {
    expect(toHttpError(error, now).status).toBe(status)
  })

  it("passes Auth0's errorCode on with its 400s and 409s, but not its 401s", () => {
    const bad = new Auth0Error(
      { statusCode: 400, message: 'bad q', errorCode: 'invalid_query_string' },
      request,
    )
    expect(toHttpError(bad, now).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'bad q',
      errorCode: 'invalid_query_string',
    })
    const denied = new Auth0Error(
      { statusCode: 401, message: 'Invalid token', errorCode: 'x' },
      request,
    )
    expect(toHttpError(denied, now).body).not.toHaveProperty('errorCode')
  })

  it('turns the reset time into Retry-After seconds, rounded up, at least 1', () => {
    expect(toHttpError(rateLimit(NOW / 1000 + 7), now).headers).toEqual({ 'Retry-After': '7' })
    expect(toHttpError(rateLimit(NOW / 1000 + 0.2), () => NOW).headers).toEqual({
      'Retry-After': '1',
    })
    expect(toHttpError(rateLimit(NOW / 1000 - 30), now).headers).toEqual({ 'Retry-After': '1' })
  })

  it('sends no Retry-After when Auth0 gave no reset time', () => {
    const error = toHttpError(rateLimit(-1), now)
    expect(error.status).toBe(429)
    expect(error.headers).toEqual({})
    expect(error.message).toBe("Auth0's rate limit is reached.")
  })

  it('keeps an HttpError as it is', () => {
    const error = new HttpError(413, 'too big')
    expect(toHttpError(error, now)).toBe(error)
  })
})
