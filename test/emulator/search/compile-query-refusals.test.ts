import { describe, expect, it } from 'vitest'
import { compileQuery, SearchQueryError } from '../../../src/emulator/search/index.js'

const PREFIX = 'The search query string has an error: '

describe('compileQuery — refusals and their messages', () => {
  it.each([
    ['foo:bar', 'unknown field "foo".'],
    ['picture:x', 'unknown field "picture".'],
    ['email.raw:"a@b.c"', 'unknown field "email.raw".'],
    ['logins_count.x:1', 'unknown field "logins_count.x".'],
    ['user_metadata..a:1', 'unknown field "user_metadata..a".'],
    ['_exists_:foo', 'unknown field "foo".'],
    ['_missing_:email', '_missing_ is not supported, use NOT _exists_:field (in _missing_:email).'],
    [
      '_exists_:user_metadata.*',
      '_exists_ needs a field name without wildcards (in _exists_:user_metadata.*).',
    ],
    ['name:/ja.e/', 'regular expressions are not supported (in name:/ja.e/).'],
    ['name:jane~', 'fuzzy queries (~) are not supported (in name:jane~).'],
    ['name:"jane smith"~2', 'proximity queries (~) are not supported (in name:"jane smith"~2).'],
    ['logins_count:abc', '"abc" is not a number (in logins_count:abc).'],
    ['logins_count:0x10', '"0x10" is not a number (in logins_count:0x10).'],
    ['email_verified:yes', '"yes" is not a boolean (in email_verified:yes).'],
    ['email_verified:TRUE', '"TRUE" is not a boolean (in email_verified:TRUE).'],
    ['created_at:someday', '"someday" is not a date (in created_at:someday).'],
  ])('%s', (q, detail) => {
    expect(() => compileQuery(q)).toThrow(new SearchQueryError(PREFIX + detail))
  })

  it.each(['name:(jane', 'name:jane)', 'name:', 'a:b:c', '-(name:jane)', 'name:[a TO]'])(
    'turns the parser error for %j into a syntax error',
    (q) => {
      expect(() => compileQuery(q)).toThrow(SearchQueryError)
      expect(() => compileQuery(q)).toThrow(
        /^The search query string has an error: syntax error at column \d+: Expected /,
      )
    },
  )

  it.each([
    ['AND', 1],
    ['OR name:jane', 1],
    ['NOT', 1],
    ['name:jane AND', 11],
    ['name:jane OR NOT', 14],
    ['name:jane &&', 11],
    ['name:jane AND AND name:bob', 11],
    ['name:jane OR || name:bob', 11],
    ['NOT NOT name:jane', 1],
    ['name:jane NOT NOT name:bob', 11],
    ['(name:jane AND)', 12],
    ['email:(a OR)', 10],
    ['(AND name:jane)', 2],
  ])('refuses the misplaced operator in %j', (q, column) => {
    expect(() => compileQuery(q)).toThrow(
      new SearchQueryError(
        `${PREFIX}syntax error at column ${column}: misplaced operator "${q.slice(column - 1).split(/[\s()]/)[0]}".`,
      ),
    )
  })

  it.each([
    'name:"a AND"',
    'name:a\\ AND',
    'name:[AND TO OR]',
    'name:"(" AND name:")"',
    'name:AND\\ OR',
  ])('accepts operator words that are values: %j', (q) => {
    expect(() => compileQuery(q)).not.toThrow()
  })

  it('keeps the parser error as the cause', () => {
    const error = (() => {
      try {
        compileQuery('name:(jane')
      } catch (e) {
        return e as SearchQueryError
      }
    })()
    expect(error?.name).toBe('SearchQueryError')
    expect(error?.message).toBe(
      PREFIX + (error?.cause as Error).message.replace(/^/, 'syntax error at column 11: '),
    )
  })

  it('refuses at compile time, before any user is evaluated', () => {
    expect(() => compileQuery('name:*sa')).toThrow(SearchQueryError)
  })
})
