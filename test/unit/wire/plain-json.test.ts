import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { InvalidArgument } from '../../../src/errors.js'
import { assertPlainJson } from '../../../src/wire/plain-json.js'
import { connect } from '../../support/nock-tenant.js'

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

const circular: Record<string, unknown> = { a: 1 }
circular.self = circular
const odd: [string, unknown, string][] = [
  ['a symbol', { email: Symbol('x') }, 'the user.email is a symbol'],
  ['a bigint', { user_metadata: { n: 10n } }, 'the user.user_metadata.n is a bigint'],
  ['a function', { name: () => 'x' }, 'the user.name is a function'],
  ['NaN', { user_metadata: { n: Number.NaN } }, 'is NaN'],
  ['a cycle', { user_metadata: circular }, 'a circular reference'],
  ['a Proxy', { user_metadata: new Proxy({}, {}) }, 'a Proxy'],
  [
    'a throwing getter',
    {
      get name(): string {
        throw new Error('boom')
      },
    },
    'a getter or setter',
  ],
  ['a toJSON', { user_metadata: { toJSON: () => ({}) } }, 'a toJSON method'],
  ['a class instance', { user_metadata: { m: new Map() } }, 'a class instance'],
  ['a symbol key', { user_metadata: { [Symbol('k')]: 1 } }, 'symbol keys'],
]

describe('assertPlainJson', () => {
  it.each(odd)('refuses %s with InvalidArgument naming the path', (_, value, message) => {
    expect(() => assertPlainJson(value, 'the user')).toThrow(InvalidArgument)
    expect(() => assertPlainJson(value, 'the user')).toThrow(message)
  })

  it('accepts plain data, dates and null-prototype objects', () => {
    const bare = Object.assign(Object.create(null) as object, { a: [1, 'b', null, true] })
    expect(() =>
      assertPlainJson({ a: bare, when: new Date(0), list: [{ x: undefined }] }, 'x'),
    ).not.toThrow()
  })
})

// Before: create({ email: Symbol() }) sent a POST without the e-mail; a bigint threw a TypeError.
describe('odd values never reach the wire', () => {
  it.each(odd)('create() with %s is refused before any request', async (_, value) => {
    const auth0 = connect()
    await expect(auth0.users.create(value as never)).rejects.toThrow(InvalidArgument)
  })

  it('an odd value assigned after construction is refused by save(), before any request', async () => {
    const user = new (connect().users)({ email: 'a@b.c', password: 'Long-enough-1' })
    ;(user as unknown as Record<string, unknown>).nickname = Symbol('x')
    await expect(user.save()).rejects.toThrow('is a symbol')
  })
})
