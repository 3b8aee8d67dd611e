import { describe, expect, it } from 'vitest'
import { compileSort, SearchQueryError } from '../../../src/emulator/search/index.js'
import { USERS } from './users.fixture.js'

const order = (sort: string) =>
  [...USERS].sort(compileSort(sort)).map((user) => String(user['user_id']).split('|')[1])

describe('compileSort', () => {
  it.each([
    ['created_at:1', ['jane', 'bob', 'carol', 'dave']],
    ['created_at:-1', ['dave', 'carol', 'bob', 'jane']],
    ['logins_count:-1', ['bob', 'jane', 'dave', 'carol']],
    ['logins_count:1', ['carol', 'dave', 'jane', 'bob']],
    // case-insensitive fields sort case-insensitively
    ['name:1', ['dave', 'bob', 'carol', 'jane']],
    ['email:1', ['bob', 'carol', 'jane', 'dave']],
    // missing values last, in both directions
    ['last_login:1', ['bob', 'jane', 'dave', 'carol']],
    ['last_login:-1', ['dave', 'jane', 'bob', 'carol']],
    ['email_verified:1', ['bob', 'jane', 'carol', 'dave']],
    ['email_verified:-1', ['jane', 'bob', 'carol', 'dave']],
    // several values: smallest ascending, largest descending
    ['identities.connection:-1', ['dave', 'bob', 'jane', 'carol']],
    ['email.domain:1', ['jane', 'carol', 'bob', 'dave']],
  ])('%s → %j', (sort, expected) => {
    expect(order(sort)).toEqual(expected)
  })

  it('compares the field only, leaving ties to the caller', () => {
    const compare = compileSort('identities.connection:1')
    // jane's and bob's smallest connection are both "Username-Password-Authentication"
    expect(compare(USERS[0]!, USERS[1]!)).toBe(0)
    expect(compare(USERS[2]!, USERS[2]!)).toBe(0)
    expect(compileSort('last_login:1')(USERS[2]!, { user_id: 'x' })).toBe(0) // both missing
  })

  it.each([
    'created_at',
    'created_at:2',
    'created_at:asc',
    'created_at:1 ',
    ':1',
    'created-at:1',
    'created_at:+1',
  ])('refuses the malformed %j with the pattern message', (sort) => {
    expect(() => compileSort(sort)).toThrow(
      new SearchQueryError(
        `Query validation error: 'String does not match pattern ^(([a-zA-Z0-9_\\.]+))\\:(1|-1)$: ${sort}' on property sort (Field to sort by. Use field:order where order is 1 for ascending and -1 for descending. e.g. created_at:1).`,
      ),
    )
  })

  it.each([
    [
      'user_metadata.age:1',
      'Query validation error: sorting by app_metadata or user_metadata fields is not supported (sort=user_metadata.age).',
    ],
    [
      'app_metadata.plan:-1',
      'Query validation error: sorting by app_metadata or user_metadata fields is not supported (sort=app_metadata.plan).',
    ],
    [
      'app_metadata:1',
      'Query validation error: sorting by app_metadata or user_metadata fields is not supported (sort=app_metadata).',
    ],
    ['foo:1', 'Query validation error: cannot sort by unknown field "foo".'],
    [
      'identities:1',
      'Query validation error: cannot sort by object field "identities", use one of its sub-fields.',
    ],
  ])('refuses %s', (sort, message) => {
    expect(() => compileSort(sort)).toThrow(new SearchQueryError(message))
  })
})
