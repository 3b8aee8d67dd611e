import { describe, expect, it } from 'vitest'
import { Auth0PlusError, InvalidLookup } from '../../../src/errors.js'
import { Q, type Lookup } from '../../../src/query/q.js'

// Callers in plain JS (or with `as any`) can pass anything; the builder must still refuse it.
const loose = (lookup: Record<string, unknown>) => lookup as Lookup

function refusal(build: () => unknown): InvalidLookup {
  try {
    build()
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidLookup)
    expect(error).toBeInstanceOf(Auth0PlusError)
    return error as InvalidLookup
  }
  throw new Error('expected InvalidLookup, nothing was thrown')
}

describe('refused lookups throw InvalidLookup naming the key and saying what to do', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    // keys
    [
      'unknown root field',
      { picture: 'x' },
      /"picture": "picture" is not a field Auth0 can search.*Q\.raw/,
    ],
    ['unknown email sub-field', { email__foo: 'x' }, /"email\.foo" is not a field.*__in, __gt/],
    [
      'unknown suffix on a root field',
      { logins_count__between: 1 },
      /"logins_count\.between" is not a field/,
    ],
    ['case matters in field names', { Email: 'x' }, /"Email" is not a field/],
    [
      'django __contains',
      { name__contains: 'jo' },
      /"__contains" is not a lookup suffix.*'\*smith\*'/,
    ],
    ['django suffix under metadata', { user_metadata__name__icontains: 'x' }, /written with a dot/],
    ['django __isnull', { email__isnull: true }, /__exists: true or __exists: false/],
    ['django __startswith', { name__startswith: 'jo' }, /'jo\*'/],
    ['django __ne', { name__ne: 'jo' }, /\.not\(\)/],
    ['empty segment', { 'user_metadata..x': 'v' }, /empty segment/],
    ['trailing dot', { 'user_metadata.': 'v' }, /empty segment/],
    [
      'metadata key with a space',
      { 'user_metadata.first name': 'v' },
      /"first name" has characters.*Q\.raw/,
    ],
    ['metadata key with a colon', { 'app_metadata.a:b': 'v' }, /"a:b" has characters/],
    // values
    ['undefined', { email: undefined }, /"email": the value is undefined/],
    [
      'null',
      { 'user_metadata.x': null },
      /"user_metadata\.x": null.*user_metadata__x__exists: false/,
    ],
    ['NaN', { logins_count: NaN }, /NaN cannot be searched; only finite numbers/],
    ['Infinity', { logins_count: Infinity }, /Infinity cannot be searched/],
    ['invalid Date', { created_at: new Date('nope') }, /the Date is invalid/],
    ['object', { user_metadata: { plan: 'gold' } }, /object is not a searchable value.*dotted key/],
    ['function', { name: () => 'x' }, /function is not a searchable value/],
    ['bigint', { logins_count: 1n }, /bigint is not a searchable value/],
    ['list without __in', { email: ['a', 'b'] }, /a list is not a searchable value.*__in/],
    ['lone surrogate', { name: 'a\uD800b' }, /lone surrogate/],
    // wildcards
    [
      'wildcard on user_metadata',
      { user_metadata__plan: 'go*' },
      /no.* wildcards on user_metadata.*user_metadata__plan__exact/,
    ],
    [
      'wildcard on app_metadata',
      { 'app_metadata.plan': 'go*' },
      /not allow wildcards on app_metadata/,
    ],
    ['only stars', { name: '*' }, /only "\*" matches any value; use \{ name__exists: true \}/],
    ['only stars, several', { email: '***' }, /email__exists: true/],
    ['question mark', { name: 'jo?n*' }, /no "\?" wildcard/],
    [
      'leading star, 2 literals',
      { name: '*sa' },
      /leading "\*" needs at least 3 literal characters.*name__exact/,
    ],
    ['leading star, short first run', { name: '*ab*cdef' }, /at least 3 literal/],
    ['leading star, 2 astral chars', { name: '*😀😀' }, /at least 3 literal/],
    ['tab in a wildcard', { name: 'a\tb*' }, /tabs, line breaks/],
    ['newline in a wildcard', { name: 'a\nb*' }, /tabs, line breaks/],
    ['ideographic space in a wildcard', { name: 'a\u3000b*' }, /ideographic spaces/],
    ['leading > in a wildcard', { name: '>a*' }, /cannot start with "<" or ">"/],
    ['leading < in a wildcard', { name: '<a*' }, /cannot start with "<" or ">"/],
    [
      'wildcard inside __in on metadata',
      { user_metadata__x__in: ['a*'] },
      /wildcards on user_metadata/,
    ],
    // __in
    ['empty __in', { email__in: [] }, /empty __in list matches nothing/],
    ['__in with a scalar', { email__in: 'a@b.c' }, /__in takes a list/],
    ['__in with undefined', { email__in: undefined }, /the value is undefined/],
    ['__in with a null element', { email__in: ['a', null] }, /null is not a searchable value/],
    // ranges
    ['range on user_metadata', { user_metadata__age__gte: 18 }, /no.* ranges on user_metadata/],
    ['__range on user_metadata', { user_metadata__age__range: [1, 2] }, /ranges on user_metadata/],
    ['boolean bound', { logins_count__gt: true }, /number, a string or a Date, not a boolean/],
    ['null bound', { logins_count__gt: null }, /null is not a searchable value/],
    ['empty string bound', { name__gte: '' }, /"" cannot be a range bound/],
    ['TO as a bound', { name__gte: 'TO' }, /"TO" cannot be a range bound/],
    ['space in a bound', { name__gte: 'a b' }, /cannot contain whitespace/],
    [']' + ' in a bound', { name__lte: 'a]' }, /"\]" or "\}"/],
    ['} in a bound', { name__lte: 'a}' }, /"\]" or "\}"/],
    [
      '__range not a pair',
      { logins_count__range: [1] },
      /__range takes \[from, to\].*__gte or __lte/,
    ],
    ['__range scalar', { logins_count__range: 1 }, /__range takes \[from, to\]/],
    [
      '__range with a null end',
      { logins_count__range: [1, null] },
      /null is not a searchable value/,
    ],
    [
      '__range reversed numbers',
      { logins_count__range: [5, 1] },
      /the range is empty: 5 comes after 1/,
    ],
    [
      '__range reversed dates',
      { created_at__range: [new Date(1000), new Date(0)] },
      /range is empty/,
    ],
    ['NaN bound', { logins_count__lte: NaN }, /only finite numbers/],
    // __exists
    ['__exists with a string', { email__exists: 'yes' }, /__exists takes true or false/],
  ])('%s', (_, lookup, message) => {
    const error = refusal(() => Q(loose(lookup)))
    expect(error.message).toMatch(/^Invalid lookup "/)
    expect(error.message).toMatch(message)
  })

  it('validates lookups passed to and/or as well', () => {
    const error = refusal(() => Q({ email: 'a@b.c' }).or(loose({ name: undefined })))
    expect(error.message).toBe(
      'Invalid lookup "name": the value is undefined, which is almost always an unset variable',
    )
  })

  it.each<[string, unknown, RegExp]>([
    ['a string', 'email:"a"', /takes a lookup object.*Q\.raw/],
    ['null', null, /takes a lookup object/],
    ['an array', [{ email: 'a' }], /takes a lookup object/],
    ['a Date', new Date(0), /must be a plain object/],
    ['a Map', new Map([['email', 'a']]), /must be a plain object/],
  ])('Q() refuses %s', (_, input, message) => {
    expect(refusal(() => Q(input as Lookup)).message).toMatch(message)
  })

  it('Q.raw refuses a non-string', () => {
    expect(refusal(() => Q.raw(42 as unknown as string)).message).toBe(
      'Q.raw takes a lucene string, not number',
    )
  })

  it('the empty Q cannot be negated', () => {
    expect(refusal(() => Q({}).not()).message).toMatch(/Cannot negate an empty Q/)
    expect(refusal(() => Q.raw('  ').not()).message).toMatch(/Cannot negate an empty Q/)
  })
})
