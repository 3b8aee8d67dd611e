import { describe, expect, it } from 'vitest'
import { SearchQueryError } from '../../../src/emulator/search/index.js'
import { matching } from './users.fixture.js'

describe('compileQuery — numeric ranges', () => {
  it.each([
    ['logins_count:[1 TO 5]', ['jane', 'dave']],
    ['logins_count:{1 TO 5]', ['jane']],
    ['logins_count:[1 TO 5}', ['dave']],
    ['logins_count:{1 TO 5}', []],
    ['logins_count:[100 TO *]', ['bob']],
    ['logins_count:[* TO 0]', ['carol']],
    ['logins_count:{* TO *}', ['jane', 'bob', 'carol', 'dave']],
    ['logins_count:[5 TO 120}', ['jane']],
    ['logins_count:[-1 TO 0.5]', ['carol']],
    ['logins_count:[9 TO 10]', []], // numeric, not text, comparison ("120" > "9" as text)
    ['app_metadata.score:[10 TO *]', ['jane']], // ranges are allowed on app_metadata
    ['app_metadata.score:[* TO 10]', ['bob']],
  ])('%s → %j', (q, expected) => {
    expect(matching(q)).toEqual(expected)
  })
})

describe('compileQuery — date ranges with partial dates', () => {
  it.each([
    // [2017-11 = from the start of Nov; 2017-12] = to the end of Dec
    ['created_at:[2017-11 TO 2017-12]', ['jane', 'bob']],
    // 2017-12} = before the start of Dec
    ['created_at:[2017-11 TO 2017-12}', ['jane']],
    // {2017-11 = after the end of Nov
    ['created_at:{2017-11 TO 2017-12]', ['bob']],
    ['created_at:[* TO 2017-12]', ['jane', 'bob']],
    ['created_at:[2018 TO *]', ['carol', 'dave']],
    ['created_at:{2017 TO *]', ['carol', 'dave']],
    ['created_at:[* TO 2018}', ['jane', 'bob']],
    ['created_at:[2017-11-15 TO 2017-11-15]', ['jane']],
    ['created_at:[2017-11-15T08 TO 2017-11-15T08]', ['jane']],
    ['last_login:{2017-11 TO 2017-12]', ['jane']], // bob logged in on the last ms of November
    ['last_login:[2017-11 TO 2017-11]', ['bob']],
    ['last_login:[2024-06-01T12 TO 2024-06-01T12]', ['dave']], // stored without milliseconds
    ['created_at:[1514764800000 TO 1514764800000]', ['carol']], // epoch milliseconds
    ['app_metadata.since:[2020 TO 2020-05]', ['jane']], // ISO strings in app_metadata compare as dates
    ['app_metadata.since:[2020 TO 2020-05}', []],
  ])('%s → %j', (q, expected) => {
    expect(matching(q)).toEqual(expected)
  })
})

describe('compileQuery — quoted and escaped bounds, millisecond precision', () => {
  it.each([
    ['created_at:["2017-12-31T23:59:59.999Z" TO *]', ['bob', 'carol', 'dave']],
    ['created_at:{"2017-12-31T23:59:59.999Z" TO *]', ['carol', 'dave']],
    ['created_at:[* TO "2017-12-31T23:59:59.998Z"]', ['jane']],
    ['created_at:["2017-12-31T23:59:59.999Z" TO "2018-01-01T00:00:00.000Z"}', ['bob']],
    ['created_at:[2017-12-31T23\\:59\\:59.999Z TO 2018-01-01T00\\:00\\:00.000Z}', ['bob']],
    ['created_at:[2017-12-31T23\\:59\\:59.999Z TO 2018-01-01T00\\:00\\:00.000Z]', ['bob', 'carol']],
    ['created_at:{2017-12-31T23\\:59\\:59.998Z TO 2017-12-31T23\\:59\\:59.999Z]', ['bob']],
    ['created_at:["2018-01-01T01:00:00+01:00" TO "2018-01-01T01:00:00.000+01:00"]', ['carol']],
    ['created_at:["2017-12-31T23:59:59.999Z" TO *] AND name:"bob stone"', ['bob']],
    ['name:"x [y" OR created_at:["2024-01-01T00:00:00.000Z" TO *]', ['dave']], // a bracket inside a phrase is not a range
  ])('%s → %j', (q, expected) => {
    expect(matching(q)).toEqual(expected)
  })
})

describe('compileQuery — text ranges', () => {
  it.each([
    ['name:[a TO c]', ['bob']],
    ['name:[A TO CZ]', ['bob', 'carol']], // case-insensitive field: bounds fold too
    ['user_id:[auth0 TO auth1]', ['jane', 'carol']],
    ['app_metadata.plan:[free TO gold]', ['jane', 'carol']], // case-sensitive: "Gold" sorts before "free"
    ['username:["jane_s" TO "jane_s"]', ['jane']],
  ])('%s → %j', (q, expected) => {
    expect(matching(q)).toEqual(expected)
  })
})

describe('compileQuery — refused ranges', () => {
  it.each([
    [
      'user_metadata.age:[1 TO 2]',
      'range queries are not allowed on user_metadata fields (in user_metadata.age:[1 TO 2]).',
    ],
    [
      'user_metadata.addresses.zip:{* TO 9}',
      'range queries are not allowed on user_metadata fields (in user_metadata.addresses.zip:{* TO 9}).',
    ],
    [
      'logins_count:[a TO 5]',
      'range bounds must be numbers on logins_count (in logins_count:[a TO 5]).',
    ],
    [
      'created_at:[2017-13 TO *]',
      'range bounds must be dates on created_at (in created_at:[2017-13 TO *]).',
    ],
    [
      'created_at:[2017-02-30 TO *]',
      'range bounds must be dates on created_at (in created_at:[2017-02-30 TO *]).',
    ],
    [
      'last_login:[yesterday TO *]',
      'range bounds must be dates on last_login (in last_login:[yesterday TO *]).',
    ],
    ['[1 TO 2]', 'a range query needs a field name (in :[1 TO 2]).'],
    [
      'blocked:[false TO true]',
      'range queries are not supported on boolean field blocked (in blocked:[false TO true]).',
    ],
  ])('refuses %s', (q, detail) => {
    expect(() => matching(q)).toThrow(SearchQueryError)
    expect(() => matching(q)).toThrow(`The search query string has an error: ${detail}`)
  })
})
