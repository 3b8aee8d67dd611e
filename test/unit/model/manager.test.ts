import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Auth0Error, DoesNotExist, MultipleObjectsReturned } from '../../../src/errors.js'
import { Q } from '../../../src/query/q.js'
import {
  api,
  connect,
  CONNECTION,
  envelope,
  fakeUser,
  pageQuery,
} from '../../support/nock-tenant.js'

const SCOPE = `identities.connection:"${CONNECTION}"`
const ID = 'auth0|000000000000000000000001'
const NOT_FOUND = {
  statusCode: 404,
  error: 'Not Found',
  message: 'The user does not exist.',
  errorCode: 'inexistent_user',
}
const CONFLICT = {
  statusCode: 409,
  error: 'Conflict',
  message: 'The user already exists.',
  errorCode: 'auth0_idp_error',
}

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

describe('get', () => {
  it('by id string or { user_id } uses GET /users/{id}', async () => {
    const scope = api()
      .get(`/users/${encodeURIComponent(ID)}`)
      .times(2)
      .reply(200, fakeUser(1))
    const users = connect().users
    expect(String(await users.get(ID))).toBe(`<User ${ID}>`)
    expect((await users.get({ user_id: ID }))._fetched).toBe(true)
    scope.done()
  })

  it('turns a 404 into DoesNotExist, catchable both ways', async () => {
    const scope = api().get('/users/auth0%7Cnope').reply(404, NOT_FOUND)
    const users = connect().users
    const error = await users.get('auth0|nope').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(users.DoesNotExist)
    expect(error).toBeInstanceOf(DoesNotExist)
    expect((error as Error).message).toBe('User Does Not Exist')
    expect((error as Error).cause).toBeInstanceOf(Auth0Error)
    scope.done()
  })

  it('by e-mail alone uses /users-by-email and keeps the model connection', async () => {
    const other = fakeUser(2, {
      identities: [
        { connection: 'google-oauth2', user_id: '2', provider: 'google-oauth2', isSocial: true },
      ],
    })
    const scope = api()
      .get('/users-by-email')
      .query({ email: 'user1@example.com' })
      .reply(200, [fakeUser(1), other])
    const user = await connect().users.get({ email: 'user1@example.com' })
    expect(user.user_id).toBe(ID)
    scope.done()
  })

  it('retries a capitalised e-mail lower-cased', async () => {
    const scope = api()
      .get('/users-by-email')
      .query({ email: 'Angus@ACDC.com' })
      .reply(200, [])
      .get('/users-by-email')
      .query({ email: 'angus@acdc.com' })
      .reply(200, [fakeUser(1)])
    await connect().users.get({ email: 'Angus@ACDC.com' })
    scope.done()
  })

  it('by any other lookup searches two results and tells none, one and many apart', async () => {
    const q = `email:b* AND ${SCOPE}`
    const scope = api()
      .get('/users')
      .query(pageQuery(q, 0, 2))
      .reply(200, envelope([], 0, 0, 2))
      .get('/users')
      .query(pageQuery(q, 0, 2))
      .reply(200, envelope([fakeUser(1), fakeUser(2)], 2, 0, 2))
      .get('/users')
      .query(pageQuery(q, 0, 2))
      .reply(200, envelope([fakeUser(1)], 1, 0, 2))
    const users = connect().users
    await expect(users.get({ email: 'b*' })).rejects.toThrow(
      new DoesNotExist('User Does Not Exist'),
    )
    const many = users.get({ email: 'b*' })
    await expect(many).rejects.toThrow(MultipleObjectsReturned)
    await expect(many).rejects.toThrow('User.get returned multiple users')
    expect((await users.get({ email: 'b*' })).user_id).toBe(ID)
    scope.done()
  })

  it('accepts a Q', async () => {
    const scope = api()
      .get('/users')
      .query(pageQuery(`(name:"A" OR name:"B") AND ${SCOPE}`, 0, 2))
      .reply(200, envelope([fakeUser(1)], 1, 0, 2))
    await connect().users.get(Q({ name: 'A' }).or({ name: 'B' }))
    scope.done()
  })
})

describe('getOrCreate', () => {
  it('returns the match, created = false', async () => {
    const scope = api()
      .get('/users-by-email')
      .query({ email: 'user1@example.com' })
      .reply(200, [fakeUser(1)])
    const [user, created] = await connect().users.getOrCreate({
      email: 'user1@example.com',
      defaults: { password: 'x' },
    })
    expect([user.user_id, created]).toEqual([ID, false])
    scope.done()
  })

  it('creates from lookup ∪ defaults without mutating its argument', async () => {
    const args = {
      email: 'angus@acdc.com',
      user_metadata__band: 'AC/DC',
      defaults: { password: 'Highway-2-hell', user_metadata: { instrument: 'guitar' } },
    }
    const before = structuredClone(args)
    // Two keys: not an e-mail-only lookup, so the lookup is a search.
    const search = api()
      .get('/users')
      .query(pageQuery(`email:"angus@acdc.com" AND user_metadata.band:"AC/DC" AND ${SCOPE}`, 0, 2))
      .reply(200, envelope([], 0, 0, 2))
      .post('/users', {
        email: 'angus@acdc.com',
        user_metadata: { band: 'AC/DC', instrument: 'guitar' },
        password: 'Highway-2-hell',
        connection: CONNECTION,
      })
      .reply(201, fakeUser(1))
    const [, created] = await connect().users.getOrCreate(args)
    expect(created).toBe(true)
    expect(args).toEqual(before)
    search.done()
  })

  it('after a 409 race, looks the user up again instead of failing', async () => {
    const scope = api()
      .get('/users-by-email')
      .query({ email: 'malcolm@acdc.com' })
      .reply(200, [])
      .post('/users', { email: 'malcolm@acdc.com', password: 'pw', connection: CONNECTION })
      .reply(409, CONFLICT)
      .get('/users-by-email')
      .query({ email: 'malcolm@acdc.com' })
      .reply(200, [fakeUser(1, { email: 'malcolm@acdc.com' })])
    const [user, created] = await connect().users.getOrCreate({
      email: 'malcolm@acdc.com',
      defaults: { password: 'pw' },
    })
    expect(created).toBe(false)
    expect(user.email).toBe('malcolm@acdc.com')
    scope.done()
  })

  it('after a lost answer (503), finds the user the create made instead of failing', async () => {
    const scope = api()
      .get('/users-by-email')
      .query({ email: 'phil@acdc.com' })
      .reply(200, [])
      .post('/users', { email: 'phil@acdc.com', connection: CONNECTION })
      .reply(503, { statusCode: 503, error: 'Service Unavailable', message: 'busy' })
      .get('/users-by-email')
      .query({ email: 'phil@acdc.com' })
      .reply(200, [fakeUser(4, { email: 'phil@acdc.com' })])
    const [user, created] = await connect().users.getOrCreate({ email: 'phil@acdc.com' })
    expect([user.email, created]).toEqual(['phil@acdc.com', false])
    scope.done()
  })

  it('sends a lost create again when it left no user', async () => {
    const scope = api()
      .get('/users-by-email')
      .query({ email: 'chris@acdc.com' })
      .times(2)
      .reply(200, [])
      .post('/users', { email: 'chris@acdc.com', connection: CONNECTION })
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .post('/users', { email: 'chris@acdc.com', connection: CONNECTION })
      .reply(201, fakeUser(5, { email: 'chris@acdc.com' }))
    const [, created] = await connect().users.getOrCreate({ email: 'chris@acdc.com' })
    expect(created).toBe(true)
    scope.done()
  })

  it('rethrows the 409 when the conflicting user does not match the lookup', async () => {
    const scope = api()
      .get('/users-by-email')
      .query({ email: 'bon@acdc.com' })
      .times(2)
      .reply(200, [])
      .post('/users')
      .reply(409, CONFLICT)
    const result = connect().users.getOrCreate({ email: 'bon@acdc.com' })
    await expect(result).rejects.toThrow(Auth0Error)
    scope.done()
  })
})

describe('updateOrCreate', () => {
  it('applies defaults to the match and saves only what changed', async () => {
    const scope = api()
      .get('/users-by-email')
      .query({ email: 'user1@example.com' })
      .reply(200, [fakeUser(1, { user_metadata: { band: 'AC/DC' } })])
      .patch(`/users/${encodeURIComponent(ID)}`, {
        user_metadata: { year: 1973 },
        given_name: 'Angus',
      })
      .reply(200, fakeUser(1))
    const [, created] = await connect().users.updateOrCreate({
      email: 'user1@example.com',
      defaults: { user_metadata: { year: 1973 }, given_name: 'Angus' },
    })
    expect(created).toBe(false)
    scope.done()
  })

  it('creates when nothing matches', async () => {
    const scope = api()
      .get('/users-by-email')
      .query({ email: 'cliff@acdc.com' })
      .reply(200, [])
      .post('/users', { email: 'cliff@acdc.com', given_name: 'Cliff', connection: CONNECTION })
      .reply(201, fakeUser(3))
    const [, created] = await connect().users.updateOrCreate({
      email: 'cliff@acdc.com',
      defaults: { given_name: 'Cliff' },
    })
    expect(created).toBe(true)
    scope.done()
  })
})
