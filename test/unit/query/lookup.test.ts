import { describe, expect, it } from 'vitest'
import { Q, type Lookup } from '../../../src/query/q.js'

const rendered = (lookup: Lookup) => String(Q(lookup))

describe('lookup keys', () => {
  it.each<[string, Lookup, string]>([
    ['root field', { email: 'a@b.c' }, 'email:"a@b.c"'],
    [
      'dotted metadata',
      { 'user_metadata.family_name': 'Young' },
      'user_metadata.family_name:"Young"',
    ],
    [
      'django metadata',
      { user_metadata__family_name: 'Young' },
      'user_metadata.family_name:"Young"',
    ],
    ['deep django path', { app_metadata__plan__tier: 'gold' }, 'app_metadata.plan.tier:"gold"'],
    ['mixed separators', { 'app_metadata.plan__tier': 'gold' }, 'app_metadata.plan.tier:"gold"'],
    [
      'identities sub-field',
      { identities__connection: 'google-oauth2' },
      'identities.connection:"google-oauth2"',
    ],
    ['email.domain dotted', { 'email.domain': 'example.com' }, 'email.domain:"example.com"'],
    ['email.domain django', { email__domain: 'example.com' }, 'email.domain:"example.com"'],
    ['organization_id', { organization_id: 'org_1' }, 'organization_id:"org_1"'],
    [
      'metadata key with dash and unicode',
      { 'user_metadata.prénom-2': 'x' },
      'user_metadata.prénom-2:"x"',
    ],
    [
      'single leading underscore key',
      { user_metadata___private: 'x' },
      'user_metadata._private:"x"',
    ],
    [
      'metadata key named like a suffix, dotted',
      { 'user_metadata.in': 'x' },
      'user_metadata.in:"x"',
    ],
    ['root metadata object', { user_metadata: 'x' }, 'user_metadata:"x"'],
    [
      'several keys AND in insertion order',
      { name: 'jo*', email_verified: true, logins_count: 3 },
      'name:jo* AND email_verified:true AND logins_count:3',
    ],
    ['empty lookup', {}, ''],
  ])('%s', (_, lookup, q) => {
    expect(rendered(lookup)).toBe(q)
  })

  it('accepts every searchable root field', () => {
    const roots = [
      'app_metadata',
      'blocked',
      'created_at',
      'email',
      'email_verified',
      'family_name',
      'given_name',
      'identities',
      'last_ip',
      'last_login',
      'logins_count',
      'name',
      'nickname',
      'organization_id',
      'phone_number',
      'phone_verified',
      'updated_at',
      'user_id',
      'user_metadata',
      'username',
    ]
    for (const root of roots) expect(rendered({ [root]: 'v' })).toBe(`${root}:"v"`)
  })
})

describe('lookup values', () => {
  it.each<[string, Lookup, string]>([
    ['string is quoted', { name: 'jane smith' }, 'name:"jane smith"'],
    ['quote and backslash escaped in quotes', { name: 'a"b\\c' }, 'name:"a\\"b\\\\c"'],
    [
      'specials need no escape in quotes',
      { name: 'a+b-(c) [d]:e/f AND g' },
      'name:"a+b-(c) [d]:e/f AND g"',
    ],
    ['empty string', { name: '' }, 'name:""'],
    ['unicode kept', { email: 'x@äcdc.com' }, 'email:"x@äcdc.com"'],
    ['astral and combining kept', { name: '😀e\u0301' }, 'name:"😀e\u0301"'],
    ['true', { email_verified: true }, 'email_verified:true'],
    ['false', { blocked: false }, 'blocked:false'],
    ['integer', { logins_count: 5 }, 'logins_count:5'],
    ['zero', { logins_count: 0 }, 'logins_count:0'],
    ['negative number escaped', { app_metadata__score: -5 }, 'app_metadata.score:\\-5'],
    ['decimal', { app_metadata__score: 2.5 }, 'app_metadata.score:2.5'],
    ['exponent escaped', { app_metadata__score: 1e21 }, 'app_metadata.score:1e\\+21'],
    [
      'Date as quoted ISO',
      { created_at: new Date(Date.UTC(2024, 0, 2)) },
      'created_at:"2024-01-02T00:00:00.000Z"',
    ],
  ])('%s', (_, lookup, q) => {
    expect(rendered(lookup)).toBe(q)
  })
})

describe('wildcards', () => {
  it.each<[string, Lookup, string]>([
    ['trailing', { name: 'jo*' }, 'name:jo*'],
    ['leading with 3 literals', { name: '*usa' }, 'name:*usa'],
    ['contains', { name: '*john*' }, 'name:*john*'],
    ['inner', { name: 'jane*smith' }, 'name:jane*smith'],
    ['space escaped', { name: 'jane s*' }, 'name:jane\\ s*'],
    [
      'every special escaped',
      { name: '+-&|!(){}[]^"~:\\/ *' },
      'name:\\+\\-\\&\\|\\!\\(\\)\\{\\}\\[\\]\\^\\"\\~\\:\\\\\\/\\ *',
    ],
    [
      'operator words kept as text',
      { name: 'a AND b OR NOT c*' },
      'name:a\\ AND\\ b\\ OR\\ NOT\\ c*',
    ],
    ['leading run of stars', { name: '**abc' }, 'name:**abc'],
    [
      'wildcard on identities',
      { identities__connection: 'google*' },
      'identities.connection:google*',
    ],
    ['wildcard on user_id', { user_id: 'auth0|*' }, 'user_id:auth0\\|*'],
  ])('%s', (_, lookup, q) => {
    expect(rendered(lookup)).toBe(q)
  })
})

describe('suffixes', () => {
  const jan1 = new Date(Date.UTC(2024, 0, 1))
  it.each<[string, Lookup, string]>([
    ['__exact quotes a star', { name__exact: 'jo*' }, 'name:"jo*"'],
    ['__exact on metadata', { user_metadata__code__exact: '*?' }, 'user_metadata.code:"*?"'],
    ['__exact with a number', { logins_count__exact: 2 }, 'logins_count:2'],
    ['__in', { email__in: ['a@x.com', 'b@x.com'] }, 'email:("a@x.com" OR "b@x.com")'],
    ['__in with one value', { email__in: ['a@x.com'] }, 'email:"a@x.com"'],
    ['__in with numbers', { logins_count__in: [1, 2] }, 'logins_count:(1 OR 2)'],
    ['__in with booleans', { email_verified__in: [true, false] }, 'email_verified:(true OR false)'],
    ['__in applies the wildcard rule', { name__in: ['jo*', 'ann'] }, 'name:(jo* OR "ann")'],
    [
      '__in with a wildcard starting NOT uses field-prefixed operands',
      { name__in: ['a', 'NOTE*'] },
      'name:"a" OR name:NOTE*',
    ],
    ['__in on metadata', { app_metadata__plan__in: ['a', 'b'] }, 'app_metadata.plan:("a" OR "b")'],
    ['__gt', { logins_count__gt: 10 }, 'logins_count:{10 TO *]'],
    ['__gte', { logins_count__gte: 10 }, 'logins_count:[10 TO *]'],
    ['__lt', { logins_count__lt: 10 }, 'logins_count:[* TO 10}'],
    ['__lte', { logins_count__lte: 10 }, 'logins_count:[* TO 10]'],
    ['__gte with a Date', { created_at__gte: jan1 }, 'created_at:[2024-01-01T00:00:00.000Z TO *]'],
    [
      '__lte with a partial date string',
      { last_login__lte: '2017-12' },
      'last_login:[* TO 2017-12]',
    ],
    [
      '__gt with a negative number',
      { app_metadata__score__gt: -1.5 },
      'app_metadata.score:{-1.5 TO *]',
    ],
    ['range bound specials escaped', { name__gte: 'a*(b)/c' }, 'name:[a\\*\\(b\\)\\/c TO *]'],
    ['a literal * bound is not an open end', { name__lt: '*' }, 'name:[* TO \\*}'],
    ['__range numbers', { logins_count__range: [1, 5] }, 'logins_count:[1 TO 5]'],
    ['__range equal bounds', { logins_count__range: [5, 5] }, 'logins_count:[5 TO 5]'],
    [
      '__range Dates',
      { created_at__range: [jan1, new Date(Date.UTC(2024, 11, 31))] },
      'created_at:[2024-01-01T00:00:00.000Z TO 2024-12-31T00:00:00.000Z]',
    ],
    ['__range strings', { name__range: ['a', 'm'] }, 'name:[a TO m]'],
    ['range on app_metadata', { app_metadata__age__gte: 18 }, 'app_metadata.age:[18 TO *]'],
    ['__exists true', { email__exists: true }, '_exists_:email'],
    ['__exists false', { email_verified__exists: false }, 'NOT _exists_:email_verified'],
    [
      '__exists nested',
      { user_metadata__display__lang__exists: true },
      '_exists_:user_metadata.display.lang',
    ],
    [
      '__exists false among other keys',
      { email: 'a@b.c', logins_count__exists: false },
      'email:"a@b.c" AND NOT _exists_:logins_count',
    ],
  ])('%s', (_, lookup, q) => {
    expect(rendered(lookup)).toBe(q)
  })
})
