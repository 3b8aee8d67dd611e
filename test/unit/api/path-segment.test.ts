import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { pathSegment } from '../../../src/api/path-segment.js'
import { InvalidArgument } from '../../../src/errors.js'
import { connect } from '../../support/nock-tenant.js'

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

describe('pathSegment', () => {
  it('percent-encodes an id so it stays one segment', () => {
    expect(pathSegment('auth0|64f1', 'user id')).toBe('auth0%7C64f1')
    expect(pathSegment('a/../b', 'user id')).toBe('a%2F..%2Fb')
    expect(pathSegment('...', 'user id')).toBe('...')
  })

  it.each([['.'], ['..'], [''], [undefined], [42], [Symbol('x')], [{}]])(
    'refuses %s, which would change the path or is no id',
    (id) => {
      expect(() => pathSegment(id, 'user id')).toThrow(InvalidArgument)
    },
  )
})

// Without the check, get('.') went to GET /api/v2/users/ (every connection's first page) and
// delete('..') to DELETE /api/v2/. No interceptor is set: any request would fail the test.
describe('dot-segment ids never reach the network', () => {
  const auth0 = connect()
  it.each([['.'], ['..']])('users.get(%j), users.delete, user.delete and user.save', async (id) => {
    await expect(auth0.users.get(id)).rejects.toThrow(InvalidArgument)
    await expect(auth0.users.get({ user_id: id })).rejects.toThrow(InvalidArgument)
    await expect(auth0.users.delete(id)).rejects.toThrow(InvalidArgument)
    const user = auth0.users.objects.hydrate({ user_id: id, email: 'a@b.c' })
    await expect(user.delete()).rejects.toThrow(InvalidArgument)
    await expect(user.refresh()).rejects.toThrow(InvalidArgument)
    user.email = 'b@b.c'
    await expect(user.save()).rejects.toThrow(InvalidArgument)
  })
})
