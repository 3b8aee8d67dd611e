import { describe, expect, it } from 'vitest'
import { matching } from './users.fixture.js'

const ALL = ['jane', 'bob', 'carol', 'dave']

describe('compileQuery — boolean operators and grouping', () => {
  it.each([
    ['', ALL],
    ['   ', ALL],
    ['*', ALL],
    ['*:*', ALL],
    ['name:jane* AND email_verified:true', ['jane']],
    ['name:jane* && email_verified:true', ['jane']],
    ['name:jane* AND email_verified:false', []],
    ['name:jane* OR name:bob*', ['jane', 'bob']],
    ['name:jane* || name:bob*', ['jane', 'bob']],
    // the default operator is OR, as in Lucene and Elasticsearch
    ['name:jane* name:bob*', ['jane', 'bob']],
    // operators are upper-case only: `and` is a plain term (matching nobody here)
    ['name:jane* and name:bob*', ['jane', 'bob']],
    ['name:jane* AND name:bob*', []],
    ['NOT name:jane*', ['bob', 'carol', 'dave']],
    ['-name:jane*', ['bob', 'carol', 'dave']],
    ['!name:jane*', ['bob', 'carol', 'dave']],
    ['name:-jane*', ['bob', 'carol', 'dave']], // the parser hands the prefix over after the colon too
    ['not name:jane*', ['jane']], // lower-case `not` is a term, OR-ed in
    // the documented examples
    ['email_verified:false OR NOT _exists_:email_verified', ['bob', 'carol', 'dave']],
    ['NOT _exists_:logins_count OR logins_count:0', ['carol']],
    ['email:("jane.smith@example.com" OR "carol@example.com")', ['jane', 'carol']],
    ['email:("jane.smith@example.com" "carol@example.com")', ['jane', 'carol']],
    // AND binds tighter than OR
    ['name:jane* OR name:bob* AND logins_count:0', ['jane']],
    ['name:jane* AND logins_count:5 OR name:carol*', ['jane', 'carol']],
    ['(name:jane* OR name:bob*) AND logins_count:[100 TO *]', ['bob']],
    ['name:(jane* OR bob*) AND logins_count:[100 TO *]', ['bob']],
    ['name:jane* AND (logins_count:5 OR logins_count:120)', ['jane']],
    ['NOT (name:jane* OR name:bob*)', ['carol', 'dave']],
    ['email.domain:((example.com) OR other.org)', ['jane', 'bob', 'carol']],
    ['((name:jane*))', ['jane']],
    // `a NOT b` reads as `a AND NOT b`
    ['name:bob* NOT email_verified:true', ['bob']],
    ['name:jane* NOT email_verified:true', []],
    ['name:jane* AND NOT email_verified:true', []],
    ['name:jane* OR NOT email_verified:true', ['jane', 'bob', 'carol', 'dave']],
    ['NOT blocked:true AND NOT email_verified:true', ['bob', 'dave']],
    // + and - prefixes: required and prohibited clauses of the OR group
    ['+name:jane* name:bob*', ['jane']],
    ['name:jane* -email_verified:true', []],
    ['name:bob* -email_verified:true', ['bob']],
    ['+email.domain:example.com -blocked:true', ['jane']],
    ['-blocked:true -email_verified:true', ['bob', 'dave']],
    ['name:(+bob* -jane*)', ['bob']],
    ['name:(jane* bob*) -logins_count:5', ['bob']],
    ['name:jane*^2 OR name:bob*', ['jane', 'bob']], // a boost only changes scores
  ])('%j → %j', (q, expected) => {
    expect(matching(q)).toEqual(expected)
  })

  it('evaluates one compiled query against many users', () => {
    expect(matching('logins_count:[1 TO *] AND NOT blocked:true')).toEqual(['jane', 'bob', 'dave'])
    expect(matching('logins_count:[1 TO *] AND NOT blocked:true', [])).toEqual([])
  })
})
