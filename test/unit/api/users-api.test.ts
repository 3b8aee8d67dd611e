import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { UsersApi } from '../../../src/api/users-api.js'
import { UnexpectedAnswer } from '../../../src/errors.js'
import {
  api,
  connect,
  envelope,
  fakeUser,
  fakeUsers,
  pageQuery,
} from '../../support/nock-tenant.js'
import { API, testClient } from '../http/fixtures.js'

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

const ID = 'auth0|000000000000000000000001'

describe('answers of the wrong shape are refused, never hydrated', () => {
  it('GET /users/{id} answering a list is not a user', async () => {
    const scope = api()
      .get(`/users/${encodeURIComponent(ID)}`)
      .reply(200, fakeUsers(2))
    const error = await connect()
      .users.get(ID)
      .catch((e: unknown) => e)
    scope.done()
    expect(error).toBeInstanceOf(UnexpectedAnswer)
    expect(String(error)).toContain('a list of 2 where one user was expected')
  })

  it('a user without a user_id is not a user', async () => {
    const scope = api()
      .get(`/users/${encodeURIComponent(ID)}`)
      .reply(200, { email: 'a@b.c' })
    await expect(connect().users.get(ID)).rejects.toThrow(UnexpectedAnswer)
    scope.done()
  })

  it('a search page with a non-numeric total fails the count instead of giving NaN', async () => {
    const scope = api().get('/users').query(true).reply(200, { users: [], total: 'lots' })
    await expect(connect().users.all().count()).rejects.toThrow('a page with a non-numeric total')
    scope.done()
  })

  it('a page asked without totals reads a bare list, and refuses anything else', async () => {
    const users = new UsersApi(testClient().http)
    const request = users.searchRequest({ q: 'email:a*', page: 1, per_page: 100 })
    const scope = nock(API)
      .get('/users')
      .query({ q: 'email:a*', page: '1', per_page: '100' })
      .reply(200, fakeUsers(2))
      .get('/users')
      .query({ q: 'email:a*', page: '1', per_page: '100' })
      .reply(200, envelope(fakeUsers(2), 2))
    await expect(users.search(request)).resolves.toEqual({ records: fakeUsers(2) })
    await expect(users.search(request)).rejects.toThrow(UnexpectedAnswer)
    scope.done()
  })

  it('users-by-email answering an object is not a list of users', async () => {
    const scope = api().get('/users-by-email').query({ email: 'a@b.c' }).reply(200, fakeUser(1))
    await expect(connect().users.get({ email: 'a@b.c' })).rejects.toThrow(UnexpectedAnswer)
    scope.done()
  })

  it('a well-formed page still reads as before', async () => {
    const scope = api()
      .get('/users')
      .query(pageQuery('identities.connection:"Username-Password-Authentication"', 0, 100))
      .reply(200, envelope(fakeUsers(2), 2))
    expect(await connect().users.all().toArray()).toHaveLength(2)
    scope.done()
  })
})
