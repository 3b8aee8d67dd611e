import { describe, expect, it } from 'vitest'
import { InvalidArgument } from '../../../src/errors.js'
import { planUpdate } from '../../../src/model/plan-update.js'

const context = { password: undefined, connection: 'db', clientId: 'cid' }

describe('planUpdate', () => {
  it('sends nothing, not {}, when nothing changed', () => {
    const user = { email: 'a@x.io', user_metadata: { a: 1 }, created_at: '2024' }
    expect(planUpdate(user, structuredClone(user), context)).toEqual([])
  })

  it('sends only what changed', () => {
    expect(planUpdate({ name: 'A', nickname: 'a' }, { name: 'B', nickname: 'a' }, context)).toEqual(
      [{ name: 'B' }],
    )
  })

  it('merges metadata one level deep and deletes removed keys with null', () => {
    const before = { user_metadata: { keep: 1, change: { deep: 1 }, drop: true } }
    const after = { user_metadata: { keep: 1, change: { deep: 2 }, add: 'x' } }
    expect(planUpdate(before, after, context)).toEqual([
      { user_metadata: { change: { deep: 2 }, drop: null, add: 'x' } },
    ])
  })

  it('clears metadata set to undefined with {}, and skips already-empty metadata', () => {
    expect(planUpdate({ app_metadata: { a: 1 } }, { app_metadata: undefined }, context)).toEqual([
      { app_metadata: {} },
    ])
    expect(planUpdate({ app_metadata: {} }, {}, context)).toEqual([])
  })

  it('unsets a removed root attribute with null', () => {
    expect(planUpdate({ given_name: 'Angus' }, {}, context)).toEqual([{ given_name: null }])
  })

  it('adds connection (and client_id for e-mail) where Auth0 needs it', () => {
    expect(planUpdate({ email: 'a@x.io' }, { email: 'b@x.io' }, context)).toEqual([
      { email: 'b@x.io', connection: 'db', client_id: 'cid' },
    ])
    expect(planUpdate({ blocked: false }, { blocked: true }, context)).toEqual([{ blocked: true }])
  })

  it('sends the password alone when it comes with e-mail, then the rest', () => {
    const steps = planUpdate(
      { email: 'a@x.io', user_metadata: {} },
      { email: 'b@x.io', user_metadata: { a: 1 } },
      { ...context, password: 'n3w-Passw0rd!' },
    )
    expect(steps).toEqual([
      { password: 'n3w-Passw0rd!', connection: 'db' },
      { email: 'b@x.io', user_metadata: { a: 1 }, connection: 'db', client_id: 'cid' },
    ])
  })

  it('splits password, username and e-mail into three PATCHes', () => {
    const steps = planUpdate(
      { email: 'a@x.io', username: 'a' },
      { email: 'b@x.io', username: 'b', user_metadata: { x: 1 } },
      { ...context, password: 'pw' },
    )
    expect(steps).toEqual([
      { password: 'pw', connection: 'db' },
      { username: 'b', connection: 'db' },
      { email: 'b@x.io', user_metadata: { x: 1 }, connection: 'db', client_id: 'cid' },
    ])
  })

  it('sends a lone password with its connection', () => {
    expect(planUpdate({}, {}, { ...context, password: 'pw' })).toEqual([
      { password: 'pw', connection: 'db' },
    ])
  })

  it('refuses attributes Auth0 sets or does not store', () => {
    expect(() => planUpdate({ created_at: 'x' }, { created_at: 'y' }, context)).toThrow(
      new InvalidArgument("Cannot save 'created_at': Auth0 sets it."),
    )
    expect(() => planUpdate({}, { favourite: 'AC/DC' }, context)).toThrow(
      /keep custom data in user_metadata/,
    )
  })

  it('refuses an e-mail change when no connection is known', () => {
    expect(() =>
      planUpdate({ email: 'a@x.io' }, { email: 'b@x.io' }, { ...context, connection: undefined }),
    ).toThrow(InvalidArgument)
  })
})
