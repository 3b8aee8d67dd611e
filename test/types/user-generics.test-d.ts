import { describe, expectTypeOf, it } from 'vitest'
import { Auth0 } from '../../src/auth0.js'
import type { User } from '../../src/model/user.js'
import type { UserQuerySet } from '../../src/query/user-query-set.js'

interface Profile {
  band: string
  year?: number
}
interface Roles {
  roles: string[]
}

const auth0 = new Auth0<Profile, Roles>('tenant.example.com', 'token')

describe('metadata generics', () => {
  it('types user_metadata and app_metadata on every path that yields users', async () => {
    const user = await auth0.users.get('auth0|1')
    expectTypeOf(user).toEqualTypeOf<User<Profile, Roles>>()
    expectTypeOf(user.user_metadata).toEqualTypeOf<Profile | undefined>()
    expectTypeOf(user.app_metadata).toEqualTypeOf<Roles | undefined>()

    const [created, isNew] = await auth0.users.getOrCreate({
      email: 'a@b.c',
      defaults: { user_metadata: { band: 'x' } },
    })
    expectTypeOf(created).toEqualTypeOf<User<Profile, Roles>>()
    expectTypeOf(isNew).toEqualTypeOf<boolean>()

    const qs = auth0.users.query({ email: 'b*' })
    expectTypeOf(qs).toEqualTypeOf<UserQuerySet<User<Profile, Roles>>>()
    expectTypeOf(await qs.toArray()).toEqualTypeOf<User<Profile, Roles>[]>()
    expectTypeOf(await qs.first()).toEqualTypeOf<User<Profile, Roles> | undefined>()
    for await (const each of qs) expectTypeOf(each).toEqualTypeOf<User<Profile, Roles>>()

    expectTypeOf(new auth0.users({ user_metadata: { band: 'AC/DC' } })).toEqualTypeOf<
      User<Profile, Roles>
    >()
  })

  it('refuses metadata of the wrong shape at compile time', () => {
    // @ts-expect-error band must be a string
    new auth0.users({ user_metadata: { band: 1973 } })
    // @ts-expect-error roles is required in app_metadata
    void auth0.users.create({ email: 'a@b.c', app_metadata: {} })
  })

  it('types attributes and keeps the password write-only in intent', async () => {
    const user = await auth0.users.get('auth0|1')
    expectTypeOf(user.email).toEqualTypeOf<string | undefined>()
    expectTypeOf(user.logins_count).toEqualTypeOf<number | undefined>()
    expectTypeOf(user._fetched).toEqualTypeOf<boolean>()
    expectTypeOf(user.save()).resolves.toEqualTypeOf<User<Profile, Roles>>()
    // @ts-expect-error a typo is a compile error, not a silent new attribute
    void user.emial
  })

  it('defaults metadata to plain records', async () => {
    const plain = new Auth0('tenant.example.com', 'token')
    const user = await plain.users.get('auth0|1')
    expectTypeOf(user.user_metadata).toEqualTypeOf<Record<string, unknown> | undefined>()
  })
})
