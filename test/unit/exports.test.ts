import { describe, expect, expectTypeOf, it } from 'vitest'
import * as auth0plus from '../../src/index.js'
import type {
  AuthenticationMethodSet,
  BulkOptions,
  Job,
  LogEvent,
  RecordQuerySet,
  UserBlock,
  BulkProgress,
  BulkResult,
  ExportedUser,
  ExportOptions,
  User,
} from '../../src/index.js'

describe('the public surface', () => {
  it('exports exactly these runtime names', () => {
    expect(Object.keys(auth0plus).sort()).toEqual([
      'AttributeError',
      'Auth0',
      'Auth0Error',
      'Auth0PlusError',
      'AuthenticationMethodSet',
      'BULK_UPDATE_FIELDS',
      'DoesNotExist',
      'FileTokenStore',
      'InvalidArgument',
      'InvalidLookup',
      'Job',
      'LOOKUP_SUFFIXES',
      'LoginError',
      'METADATA_FIELDS',
      'MemoryTokenStore',
      'MultipleObjectsReturned',
      'NetworkError',
      'Q',
      'QuerySet',
      'RateLimitError',
      'RecordQuerySet',
      'RedisTokenStore',
      'SearchLimitExceeded',
      'TimeoutError',
      'Token',
      'UnexpectedAnswer',
      'User',
      'UserQuerySet',
      'checkImportUser',
      'getToken',
      'isQ',
      'login',
      'logout',
      'storedLoginToken',
    ])
  })

  it('roots every error in Auth0PlusError, each with its own name', () => {
    const body = { statusCode: 400, error: 'Bad Request', message: 'm' }
    const request = { method: 'GET', path: '/users' }
    const errors: Error[] = [
      new auth0plus.Auth0Error(body, request),
      new auth0plus.RateLimitError({ ...body, statusCode: 429 }, -1, request),
      new auth0plus.NetworkError('reset', 'ECONNRESET', request),
      new auth0plus.TimeoutError('timed out', 'ETIMEDOUT', request),
      new auth0plus.DoesNotExist('m'),
      new auth0plus.MultipleObjectsReturned('m'),
      new auth0plus.AttributeError('m'),
      new auth0plus.InvalidLookup('m'),
      new auth0plus.InvalidArgument('m'),
      new auth0plus.SearchLimitExceeded('m'),
      new auth0plus.UnexpectedAnswer('m'),
      new auth0plus.LoginError('timeout', 'm'),
    ]
    for (const error of errors) {
      expect(error).toBeInstanceOf(auth0plus.Auth0PlusError)
      expect(error.name).toBe(error.constructor.name)
    }
    expect(String(errors[0])).toBe('400: m')
  })

  it('binds the model errors to the top-level classes', () => {
    const auth0 = new auth0plus.Auth0('tenant.example.com', 'token')
    expect(auth0.users.DoesNotExist).toBe(auth0plus.DoesNotExist)
    expect(auth0.users.MultipleObjectsReturned).toBe(auth0plus.MultipleObjectsReturned)
    expect(new auth0.users()).toBeInstanceOf(auth0plus.User)
  })

  it('exports the bulk and export types the CLI codes against', () => {
    const users = new auth0plus.Auth0('tenant.example.com', 'token').users
    const qs = users.all()
    expectTypeOf(qs.delete).parameter(0).toEqualTypeOf<BulkOptions<User> | undefined>()
    expectTypeOf(qs.delete).returns.resolves.toEqualTypeOf<BulkResult>()
    expectTypeOf<BulkOptions<User>['onProgress']>().toEqualTypeOf<
      ((progress: BulkProgress) => void) | undefined
    >()
    expectTypeOf<BulkResult['failed'][number]>().toEqualTypeOf<{ user_id: string; error: Error }>()
    expectTypeOf(users.export).parameter(0).toEqualTypeOf<ExportOptions | undefined>()
    expectTypeOf(users.export).returns.toEqualTypeOf<AsyncIterable<ExportedUser>>()
  })

  it('types the account-lifecycle methods with the exported names', () => {
    const users = new auth0plus.Auth0<{ plan?: string }>('tenant.example.com', 'token').users
    const user = new users()
    // Types only: the getters need a saved user at run time.
    expectTypeOf<(typeof user)['logs']>().toEqualTypeOf<RecordQuerySet<LogEvent>>()
    expectTypeOf<(typeof user)['authenticationMethods']>().toEqualTypeOf<AuthenticationMethodSet>()
    expectTypeOf(user.blocks).returns.resolves.toEqualTypeOf<UserBlock[]>()
    expectTypeOf(user.sendVerificationEmail).returns.resolves.toEqualTypeOf<Job>()
    expectTypeOf(user.passwordChangeTicket).returns.resolves.toEqualTypeOf<string>()
    expectTypeOf(user.checkPassword).returns.resolves.toEqualTypeOf<boolean>()
    expectTypeOf(users.authenticate).returns.resolves.toEqualTypeOf<User<{
      plan?: string
    }> | null>()
    expectTypeOf(users.unblockIdentifier).returns.resolves.toEqualTypeOf<void>()
  })
})
