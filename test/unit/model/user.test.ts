import { inspect } from 'node:util'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AttributeError, Auth0Error, InvalidArgument } from '../../../src/errors.js'
import { User } from '../../../src/model/user.js'
import { api, connect, CONNECTION, fakeUser } from '../../support/nock-tenant.js'

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

const ID = 'auth0|000000000000000000000001'
const PATH = `/users/${encodeURIComponent(ID)}`

async function fetched() {
  const scope = api()
    .get(PATH)
    .reply(200, fakeUser(1, { user_metadata: { band: 'AC/DC', year: 1973 } }))
  const user = await connect().users.get(ID)
  scope.done()
  return user
}

describe('a new, local user', () => {
  it('is unsaved and makes no request', () => {
    const user = new (connect().users)()
    expect(user._fetched).toBe(false)
    expect(user.asDict()).toEqual({})
    expect(String(user)).toBe('<User>')
  })

  it('does not share nested objects with the fields it was built from', () => {
    const fields = { email: 'a@b.c', user_metadata: { a: 1 } }
    const user = new (connect().users)(fields)
    user.user_metadata!.a = 2
    expect(fields.user_metadata.a).toBe(1)
  })

  it('refuses names that would shadow its methods', () => {
    expect(() => new (connect().users)({ save: 1 } as never)).toThrow(InvalidArgument)
    expect(() => new (connect().users)({ _fetched: true } as never)).toThrow(InvalidArgument)
  })

  it('cannot be saved unless bound to a tenant', async () => {
    await expect(new User({ email: 'a@b.c' }).save()).rejects.toThrow(/auth0\.users/)
  })
})

describe('create', () => {
  it('POSTs every accepted field with the connection and forgets the password', async () => {
    const body = {
      email: 'angus@acdc.com',
      email_verified: true,
      given_name: 'Angus',
      user_metadata: { band: 'AC/DC' },
      password: 'Highway-to-hell-1',
      connection: CONNECTION,
    }
    const scope = api()
      .post('/users', body)
      .reply(
        201,
        fakeUser(1, {
          email: 'angus@acdc.com',
          given_name: 'Angus',
          user_metadata: { band: 'AC/DC' },
        }),
      )
    const user = await connect().users.create({
      email: 'angus@acdc.com',
      email_verified: true,
      given_name: 'Angus',
      user_metadata: { band: 'AC/DC' },
      password: 'Highway-to-hell-1',
    })
    scope.done()
    expect(user._fetched).toBe(true)
    expect(user.user_id).toBe('auth0|000000000000000000000001')
    expect(() => user.password).toThrow(
      new AttributeError("'User' object does not have a new password"),
    )
  })

  it('uses the connection given in the fields', async () => {
    const scope = api()
      .post('/users', { email: 'a@b.c', connection: 'other-db' })
      .reply(201, fakeUser(2))
    await connect().users.create({ email: 'a@b.c', connection: 'other-db' })
    scope.done()
  })

  it('refuses an attribute POST /users does not accept, before any request', async () => {
    const create = connect().users.create({ email: 'a@b.c', favourite_song: 'TNT' } as never)
    await expect(create).rejects.toThrow("POST /users does not accept 'favourite_song'")
  })

  it('needs a connection', async () => {
    await expect(
      connect({ defaultConnection: undefined }).users.create({ email: 'a@b.c' }),
    ).rejects.toThrow(InvalidArgument)
  })

  it('rebuilds an unsaved copy from asDict(), skipping what Auth0 computes', async () => {
    const original = await fetched()
    const copy = new (connect().users)(original.asDict())
    expect(copy._fetched).toBe(false)
    copy.password = 'Another-Passw0rd'
    const scope = api()
      .post('/users', {
        user_id: '000000000000000000000001',
        email: 'user1@example.com',
        email_verified: false,
        name: 'user1@example.com',
        nickname: 'user1',
        user_metadata: { band: 'AC/DC', year: 1973 },
        password: 'Another-Passw0rd',
        connection: CONNECTION,
      })
      .reply(409, {
        statusCode: 409,
        error: 'Conflict',
        message: 'The user already exists.',
        errorCode: 'auth0_idp_error',
      })
    const error = await copy.save().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Auth0Error)
    expect(String(error)).toBe('409: The user already exists.')
    expect(copy.password).toBe('Another-Passw0rd')
    scope.done()
  })
})

describe('save on a fetched user', () => {
  it('sends nothing when nothing changed', async () => {
    const user = await fetched()
    await user.save()
  })

  it('PATCHes only what changed and refreshes from the answer', async () => {
    const user = await fetched()
    user.user_metadata = { ...user.user_metadata, year: 1974 }
    user.name = 'Angus Young'
    const scope = api()
      .patch(PATH, { user_metadata: { year: 1974 }, name: 'Angus Young' })
      .reply(
        200,
        fakeUser(1, {
          name: 'Angus Young',
          user_metadata: { band: 'AC/DC', year: 1974 },
          updated_at: '2025-01-01T00:00:00.000Z',
        }),
      )
    await user.save()
    scope.done()
    expect(user.updated_at).toBe('2025-01-01T00:00:00.000Z')
    await user.save() // nothing left to send
  })

  it('detects nested mutation', async () => {
    const user = await fetched()
    ;(user.user_metadata as { band: string }).band = 'Rose Tattoo'
    const scope = api()
      .patch(PATH, { user_metadata: { band: 'Rose Tattoo' } })
      .reply(200, fakeUser(1))
    await user.save()
    scope.done()
  })

  it('splits e-mail and password into two PATCHes with the connection', async () => {
    const user = await fetched()
    user.email = 'brian@acdc.com'
    user.password = 'Back-in-black-80'
    const scope = api()
      .patch(PATH, { password: 'Back-in-black-80', connection: CONNECTION })
      .reply(200, fakeUser(1))
      .patch(PATH, { email: 'brian@acdc.com', connection: CONNECTION, client_id: 'client-1' })
      .reply(200, fakeUser(1, { email: 'brian@acdc.com' }))
    await user.save()
    scope.done()
    expect(user.email).toBe('brian@acdc.com')
    expect(() => user.password).toThrow(AttributeError)
  })

  it('is resumable: after a failed second PATCH, save() sends only the rest', async () => {
    const user = await fetched()
    user.email = 'brian@acdc.com'
    user.password = 'Back-in-black-80'
    const failing = api()
      .patch(PATH, { password: 'Back-in-black-80', connection: CONNECTION })
      .reply(200, fakeUser(1))
      .patch(PATH, { email: 'brian@acdc.com', connection: CONNECTION, client_id: 'client-1' })
      .reply(400, {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Nope',
        errorCode: 'invalid_body',
      })
    await expect(user.save()).rejects.toThrow(Auth0Error)
    failing.done()
    expect(user.email).toBe('brian@acdc.com')
    const retry = api()
      .patch(PATH, { email: 'brian@acdc.com', connection: CONNECTION, client_id: 'client-1' })
      .reply(200, fakeUser(1, { email: 'brian@acdc.com' }))
    await user.save()
    retry.done()
  })

  it("uses the user's own connection from identities", async () => {
    const scope = api()
      .get(PATH)
      .reply(
        200,
        fakeUser(1, {
          identities: [
            { connection: 'legacy-db', user_id: '1', provider: 'auth0', isSocial: false },
          ],
        }),
      )
    const user = await connect().users.get(ID)
    scope.done()
    user.email_verified = true
    const patch = api()
      .patch(PATH, { email_verified: true, connection: 'legacy-db' })
      .reply(200, fakeUser(1))
    await user.save()
    patch.done()
  })

  it('snapshots users loaded by a query too', async () => {
    const scope = api()
      .get('/users')
      .query(true)
      .reply(200, { start: 0, limit: 100, length: 1, total: 1, users: [fakeUser(1)] })
    const [user] = await connect().users.all().toArray()
    scope.done()
    await user!.save() // unchanged: no request
  })
})

describe('the write-only password', () => {
  it('is readable only while pending, and never shown', async () => {
    const user = new (connect().users)({ email: 'a@b.c', password: 'S3cret-Password!' })
    expect(user.password).toBe('S3cret-Password!')
    expect(JSON.stringify(user)).not.toContain('S3cret')
    expect(inspect(user, { showHidden: true, depth: null })).not.toContain('S3cret')
    expect(JSON.stringify(user.asDict())).not.toContain('S3cret')
    expect(Object.keys(user)).not.toContain('password')
  })

  it('refuses a non-string password', () => {
    const user = new (connect().users)()
    expect(() => {
      user.password = 42 as never
    }).toThrow(InvalidArgument)
  })
})

describe('delete and refresh', () => {
  it('deletes by instance, URL-encoding the id', async () => {
    const user = await fetched()
    const scope = api().delete(PATH).reply(204)
    await user.delete()
    scope.done()
    expect(user._fetched).toBe(false)
  })

  it('deletes by id', async () => {
    const scope = api().delete('/users/auth0%7Ca%2Fb%20c').reply(204)
    await connect().users.delete('auth0|a/b c')
    scope.done()
  })

  it('refuses an empty id before any request', async () => {
    await expect(connect().users.delete('')).rejects.toThrow(InvalidArgument)
    await expect(new (connect().users)().delete()).rejects.toThrow(InvalidArgument)
  })

  it('refresh() drops unsaved changes', async () => {
    const user = await fetched()
    user.name = 'changed'
    const scope = api().get(PATH).reply(200, fakeUser(1))
    await user.refresh()
    scope.done()
    expect(user.name).toBe('user1@example.com')
  })
})

describe('presentation', () => {
  it('shows <User id> in String() and util.inspect', async () => {
    const user = await fetched()
    expect(String(user)).toBe(`<User ${ID}>`)
    expect(inspect(user)).toBe(`<User ${ID}>`)
    expect(inspect([user])).toBe(`[ <User ${ID}> ]`)
    expect(user.getId()).toBe(ID)
  })
})
