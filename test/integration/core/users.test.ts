import { describe, expect, it } from 'vitest'
import {
  AttributeError,
  Auth0Error,
  DoesNotExist,
  InvalidArgument,
  MultipleObjectsReturned,
  Q,
} from '../../../src/index.js'
import { uniqueEmail, useEmulator } from '../../support/emulator-tenant.js'

const PASSWORD = 'Highway-to-hell-79'
const { connect, tenant } = useEmulator()

describe('creating users', () => {
  it('create() returns a saved user with Auth0 defaults', async () => {
    const email = uniqueEmail('angus')
    const user = await connect().users.create({
      email,
      password: PASSWORD,
      user_metadata: { band: 'AC/DC' },
    })
    expect(user._fetched).toBe(true)
    expect(user.user_id).toMatch(/^auth0\|[0-9a-f]{24}$/)
    expect(user.picture).toMatch(/^https:\/\/s\.gravatar\.com\/avatar\/[0-9a-f]{32}\?s=480/)
    expect(user.identities?.[0]?.connection).toBe(tenant().connection)
    expect(user.user_metadata).toEqual({ band: 'AC/DC' })
    expect(() => user.password).toThrow(AttributeError)
  })

  it('new + save() creates; saving again with no change sends nothing', async () => {
    const users = connect().users
    const singer = new users({ email: uniqueEmail('bon'), password: PASSWORD })
    expect(singer._fetched).toBe(false)
    await singer.save()
    expect(singer._fetched).toBe(true)
    const updatedAt = singer.updated_at
    await singer.save()
    expect(singer.updated_at).toBe(updatedAt)
  })

  it('a rebuilt copy cannot be created twice: 409', async () => {
    const users = connect().users
    const original = await users.create({ email: uniqueEmail('malcolm'), password: PASSWORD })
    const copy = new users(original.asDict())
    copy.password = PASSWORD
    const error = await copy.save().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Auth0Error)
    expect(String(error)).toBe('409: The user already exists.')
  })

  it('an attribute POST /users does not take is refused before any request', async () => {
    await expect(connect().users.create({ email: 'x@y.z', hobby: 'x' } as never)).rejects.toThrow(
      InvalidArgument,
    )
  })
})

describe('get', () => {
  it('by id, by e-mail (immediately consistent), by search', async () => {
    const users = connect().users
    const email = uniqueEmail('cliff')
    const created = await users.create({ email, password: PASSWORD, given_name: 'Cliff' })
    expect((await users.get(created.user_id!)).email).toBe(email)
    expect((await users.get({ email })).user_id).toBe(created.user_id)
    expect((await users.get({ email: email.toUpperCase() })).user_id).toBe(created.user_id)
    expect((await users.get({ given_name: 'Cliff', email })).user_id).toBe(created.user_id)
  })

  it('DoesNotExist for a missing id, e-mail or search', async () => {
    const users = connect().users
    await expect(users.get('auth0|000000000000000000000000')).rejects.toThrow(users.DoesNotExist)
    await expect(users.get({ email: uniqueEmail('nobody') })).rejects.toThrow(DoesNotExist)
    await expect(users.get({ nickname: 'no-such-nickname-*' })).rejects.toThrow(
      'User Does Not Exist',
    )
  })

  it('MultipleObjectsReturned from a wildcard lookup', async () => {
    const users = connect().users
    const tag = `brothers${Date.now()}`
    await users.create({ email: uniqueEmail(`${tag}.malcolm`), password: PASSWORD })
    await users.create({ email: uniqueEmail(`${tag}.angus`), password: PASSWORD })
    await expect(users.get({ email: `${tag}*` })).rejects.toThrow(MultipleObjectsReturned)
  })
})

describe('getOrCreate and updateOrCreate', () => {
  it('creates once, then finds', async () => {
    const users = connect().users
    const email = uniqueEmail('phil')
    const args = { email, defaults: { password: PASSWORD, user_metadata: { instrument: 'drums' } } }
    const [first, created] = await users.getOrCreate(args)
    const [second, again] = await users.getOrCreate(args)
    expect([created, again]).toEqual([true, false])
    expect(second.user_id).toBe(first.user_id)
    expect(second.user_metadata).toEqual({ instrument: 'drums' })
  })

  it('ten concurrent getOrCreate calls for one e-mail yield one user', async () => {
    const users = connect().users
    const email = uniqueEmail('race')
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        users.getOrCreate({ email, defaults: { password: PASSWORD } }),
      ),
    )
    const ids = new Set(results.map(([user]) => user.user_id))
    expect(ids.size).toBe(1)
    expect(results.filter(([, created]) => created)).toHaveLength(1)
    expect(await users.query({ email }).count()).toBe(1)
  })

  it('updateOrCreate applies the defaults to the match', async () => {
    const users = connect().users
    const email = uniqueEmail('brian')
    await users.create({ email, password: PASSWORD, user_metadata: { band: 'Geordie' } })
    const [user, created] = await users.updateOrCreate({
      email,
      defaults: { user_metadata: { band: 'AC/DC' }, given_name: 'Brian' },
    })
    expect(created).toBe(false)
    expect((await users.get(user.user_id!)).user_metadata).toEqual({ band: 'AC/DC' })
  })
})

describe('save', () => {
  it('merges metadata one level deep and deletes removed keys', async () => {
    const users = connect().users
    const user = await users.create({
      email: uniqueEmail('stevie'),
      password: PASSWORD,
      user_metadata: { band: 'AC/DC', joined: 1988, stage: { left: true } },
    })
    user.user_metadata = { band: 'AC/DC', stage: { right: true }, vocals: false }
    await user.save()
    const fresh = await users.get(user.user_id!)
    expect(fresh.user_metadata).toEqual({ band: 'AC/DC', stage: { right: true }, vocals: false })
  })

  it('changes e-mail and password together (two PATCHes)', async () => {
    const users = connect().users
    const user = await users.create({ email: uniqueEmail('dave'), password: PASSWORD })
    const email = uniqueEmail('dave.evans')
    user.email = email
    user.password = 'Dirty-deeds-76!'
    await user.save()
    expect(user.email).toBe(email)
    expect(() => user.password).toThrow("'User' object does not have a new password")
    expect((await users.get({ email })).user_id).toBe(user.user_id)
  })

  it("Auth0's password policy errors reach the caller", async () => {
    const user = await connect().users.create({ email: uniqueEmail('weak'), password: PASSWORD })
    user.password = 'alllowercase'
    await expect(user.save()).rejects.toThrow('PasswordStrengthError: Password is too weak')
  })

  it('refresh() and delete(), by instance and by id', async () => {
    const users = connect().users
    const a = await users.create({ email: uniqueEmail('mark'), password: PASSWORD })
    const b = await users.create({ email: uniqueEmail('simon'), password: PASSWORD })
    a.name = 'unsaved'
    await a.refresh()
    expect(a.name).toBe(a.email)
    await a.delete()
    await users.delete(b.user_id!)
    await users.delete(b.user_id!) // idempotent, as Auth0's DELETE is
    await expect(users.get(a.user_id!)).rejects.toThrow(DoesNotExist)
    await expect(users.get(b.user_id!)).rejects.toThrow(DoesNotExist)
  })
})

describe('queries', () => {
  it('count, slicing, only, orderBy and Q against real search', async () => {
    const users = connect().users
    const tag = `q${Date.now()}`
    for (const [i, name] of ['ann', 'bob', 'cat', 'dan', 'eve'].entries()) {
      await users.create({
        email: uniqueEmail(`${tag}.${name}`),
        password: PASSWORD,
        app_metadata: { tag, rank: i },
      })
    }
    const band = users.query({ app_metadata__tag: tag })
    expect(await band.count()).toBe(5)
    const sorted = band.orderBy('-email')
    const emails = (await sorted.toArray()).map((u) => u.email!)
    expect(emails).toEqual([...emails].sort().reverse())
    expect((await sorted.slice(1, 3).toArray()).map((u) => u.email)).toEqual(emails.slice(1, 3))
    expect((await sorted.at(4))?.email).toBe(emails[4])
    const slim = await band.only('email').first()
    expect(Object.keys(slim!.asDict()).sort()).toEqual(['email', 'user_id'])
    const either = users.query(Q({ email: `${tag}.ann*` }).or({ email: `${tag}.eve*` }))
    expect(await either.count()).toBe(2)
    expect(await band.exclude({ email: `${tag}.bob*` }).count()).toBe(4)
    const raw = users.query(
      { q: `app_metadata.rank:[1 TO 3]`, app_metadata__tag: tag },
      { fields: 'user_id,email' },
    )
    expect(await raw.count()).toBe(3)
    const streamed: string[] = []
    for await (const user of band) streamed.push(user.user_id!)
    expect(new Set(streamed).size).toBe(5)
  })

  it('a Q the emulator would refuse is refused before any request', () => {
    expect(() => connect().users.query({ user_metadata__band: 'AC*' })).toThrow('Invalid lookup')
  })
})
