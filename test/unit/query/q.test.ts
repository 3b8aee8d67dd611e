import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { Q, isQ, toQ } from '../../../src/query/q.js'

const a = Q({ email: 'a@x.com' })
const b = Q({ name: 'jo*' })
const c = Q({ blocked: true })
const d = Q({ logins_count: 1 })

describe('combining Qs', () => {
  it.each<[string, Q, string]>([
    ['and', a.and(b), 'email:"a@x.com" AND name:jo*'],
    ['or', a.or(b), 'email:"a@x.com" OR name:jo*'],
    ['and with a lookup', a.and({ blocked: false }), 'email:"a@x.com" AND blocked:false'],
    ['or with a lookup', a.or({ blocked: false }), 'email:"a@x.com" OR blocked:false'],
    ['and chain stays flat', a.and(b).and(c), 'email:"a@x.com" AND name:jo* AND blocked:true'],
    [
      'and of ands stays flat',
      a.and(b).and(c.and(d)),
      'email:"a@x.com" AND name:jo* AND blocked:true AND logins_count:1',
    ],
    ['or chain stays flat', a.or(b).or(c), 'email:"a@x.com" OR name:jo* OR blocked:true'],
    [
      'or of ors stays flat',
      a.or(b).or(c.or(d)),
      'email:"a@x.com" OR name:jo* OR blocked:true OR logins_count:1',
    ],
    ['and inside or', a.and(b).or(c), '(email:"a@x.com" AND name:jo*) OR blocked:true'],
    ['or inside and', a.or(b).and(c), '(email:"a@x.com" OR name:jo*) AND blocked:true'],
    ['or on the right of and', c.and(a.or(b)), 'blocked:true AND (email:"a@x.com" OR name:jo*)'],
    [
      'and on both sides of or',
      a.and(b).or(c.and(d)),
      '(email:"a@x.com" AND name:jo*) OR (blocked:true AND logins_count:1)',
    ],
    [
      'multi-key lookup inside or',
      a.or({ name: 'x', blocked: true }),
      'email:"a@x.com" OR (name:"x" AND blocked:true)',
    ],
    ['not of a clause', a.not(), 'NOT email:"a@x.com"'],
    ['not of and', a.and(b).not(), 'NOT (email:"a@x.com" AND name:jo*)'],
    ['not of or', a.or(b).not(), 'NOT (email:"a@x.com" OR name:jo*)'],
    ['double not cancels', a.not().not(), 'email:"a@x.com"'],
    ['not of __exists false cancels', Q({ email__exists: false }).not(), '_exists_:email'],
    ['not inside and stays bare', a.and(b.not()), 'email:"a@x.com" AND NOT name:jo*'],
    ['not first inside and', a.not().and(b), 'NOT email:"a@x.com" AND name:jo*'],
    ['not inside or is parenthesised', a.or(b.not()), 'email:"a@x.com" OR (NOT name:jo*)'],
    [
      'exists false inside or',
      Q({ email_verified: false }).or({ email_verified__exists: false }),
      'email_verified:false OR (NOT _exists_:email_verified)',
    ],
    [
      'field group is one clause',
      Q({ email__in: ['a', 'b'] }).or(c),
      'email:("a" OR "b") OR blocked:true',
    ],
    [
      'an __in of field-prefixed operands is parenthesised in and',
      c.and({ name__in: ['NOTE*', 'a'] }),
      'blocked:true AND (name:NOTE* OR name:"a")',
    ],
    ['not of a field group', Q({ email__in: ['a', 'b'] }).not(), 'NOT email:("a" OR "b")'],
    [
      'deep nesting',
      a.and(b.or(c.and(d.not()))),
      'email:"a@x.com" AND (name:jo* OR (blocked:true AND NOT logins_count:1))',
    ],
  ])('%s', (_, q, lucene) => {
    expect(String(q)).toBe(lucene)
    expect(q.toString()).toBe(lucene)
  })
})

describe('Q.raw', () => {
  it.each<[string, Q, string]>([
    ['alone, verbatim', Q.raw('name:"jane smith"~2'), 'name:"jane smith"~2'],
    ['parenthesised in and', Q.raw('a:1 OR b:2').and(c), '(a:1 OR b:2) AND blocked:true'],
    ['parenthesised in or', c.or(Q.raw('a:1 AND b:2')), 'blocked:true OR (a:1 AND b:2)'],
    [
      'one clause is not parenthesised',
      Q.raw(' logins_count:[10 TO *] ').and(c),
      'logins_count:[10 TO *] AND blocked:true',
    ],
    ['one clause under not', Q.raw('user_id:auth0\\|*').not(), 'NOT user_id:auth0\\|*'],
    ['a prefixed clause is parenthesised in or', c.or(Q.raw('-a:1')), 'blocked:true OR (-a:1)'],
    ['parenthesised under not', Q.raw('a:1 OR b:2').not(), 'NOT (a:1 OR b:2)'],
    ['blank is empty', Q.raw('   ').and(c), 'blocked:true'],
  ])('%s', (_, q, lucene) => {
    expect(String(q)).toBe(lucene)
  })
})

describe('the empty Q', () => {
  it('renders as an empty string and is the identity of and/or', () => {
    const empty = Q({})
    expect(empty.isEmpty).toBe(true)
    expect(Q.raw('').isEmpty).toBe(true)
    expect(a.isEmpty).toBe(false)
    expect(String(empty)).toBe('')
    expect(empty.and(a)).toSatisfy((q: Q) => String(q) === String(a))
    expect(String(a.and(empty))).toBe(String(a))
    expect(String(empty.or(a))).toBe(String(a))
    expect(String(a.or({}))).toBe(String(a))
    expect(String(empty.or({}))).toBe('')
  })

  it('lets a loop build an OR from nothing', () => {
    const q = ['a', 'b', 'c'].reduce((acc, name) => acc.or({ name }), Q({}))
    expect(String(q)).toBe('name:"a" OR name:"b" OR name:"c"')
  })
})

describe('Q objects', () => {
  it('are immutable: combining returns new Qs and leaves the operands alone', () => {
    const both = a.and(b)
    expect(both).not.toBe(a)
    expect(String(a)).toBe('email:"a@x.com"')
    expect(Object.isFrozen(a)).toBe(true)
    expect(Object.isFrozen(Q)).toBe(true)
    expect(() => {
      ;(a as unknown as Record<string, unknown>).and = null
    }).toThrow(TypeError)
  })

  it('are told apart from lookups by isQ and instanceof', () => {
    expect(isQ(a)).toBe(true)
    expect(isQ(Q.raw('x:1'))).toBe(true)
    expect(isQ({ email: 'a' })).toBe(false)
    expect(isQ(null)).toBe(false)
    expect(isQ({ toString: () => 'email:"a"', and() {}, or() {}, not() {} })).toBe(false)
    expect(a instanceof Q).toBe(true)
    expect({} instanceof Q).toBe(false)
  })

  it('narrow unknown values for the type checker', () => {
    const value: unknown = a
    if (value instanceof Q) expect(String(value.not())).toBe('NOT email:"a@x.com"')
    if (isQ(value)) expect(String(value.or(b))).toBe('email:"a@x.com" OR name:jo*')
    expect.assertions(2)
  })

  it('toQ and Q() accept a lookup or a Q (returned as is)', () => {
    expect(toQ(a)).toBe(a)
    expect(Q(a)).toBe(a)
    expect(String(toQ({ email: 'x' }))).toBe('email:"x"')
  })

  it('show the lucene in JSON and util.inspect', () => {
    expect(JSON.stringify({ q: a })).toBe('{"q":"email:\\"a@x.com\\""}')
    expect(inspect(a)).toBe('Q<email:"a@x.com">')
    expect(`${a}`).toBe('email:"a@x.com"')
  })

  it('is named Q and callable without new', () => {
    expect(Q.name).toBe('Q')
    const q: Q = Q({ email: 'a' })
    expect(String(q)).toBe('email:"a"')
  })
})
