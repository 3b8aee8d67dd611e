import { describe, expect, it } from 'vitest'
import { InvalidLookup } from '../../src/index.js'
import { cliWords } from '../../src/cli/cli-words.js'
import { parseFields } from '../../src/cli/record-fields.js'
import { parseAssignment } from '../../src/cli/users-assignment.js'
import { selectionFrom } from '../../src/cli/users-selection.js'
import { updateFields } from '../../src/cli/users-set-fields.js'
import { whereQ } from '../../src/cli/users-where.js'
import { UsageError } from '../../src/cli/usage-error.js'

describe('parseAssignment', () => {
  it('splits at the first "=" and keeps the value as text', () => {
    expect(parseAssignment('user_metadata.band=AC/DC=rock', '--where')).toEqual({
      key: 'user_metadata.band',
      value: 'AC/DC=rock',
      json: false,
    })
  })

  it('parses the value as JSON after ":="', () => {
    expect(parseAssignment('app_metadata.level:=5', '--where')).toEqual({
      key: 'app_metadata.level',
      value: 5,
      json: true,
    })
    expect(parseAssignment('x:=["a,b","c"]', '--where').value).toEqual(['a,b', 'c'])
  })

  it('refuses a missing key or "=", and bad JSON', () => {
    expect(() => parseAssignment('email', '--where')).toThrow(UsageError)
    expect(() => parseAssignment(' =x', '--where')).toThrow('has no key')
    expect(() => parseAssignment('a:={nope', '--set')).toThrow('takes JSON')
  })
})

describe('whereQ', () => {
  it('types values on the typed root fields only', () => {
    expect(String(whereQ('logins_count__gte=5', '--where'))).toBe('logins_count:[5 TO *]')
    expect(String(whereQ('blocked=true', '--where'))).toBe('blocked:true')
    expect(String(whereQ('user_metadata.age=5', '--where'))).toBe('user_metadata.age:"5"')
    expect(String(whereQ('user_metadata.age:=5', '--where'))).toBe('user_metadata.age:5')
    expect(String(whereQ('user_metadata__band=AC/DC', '--where'))).toBe(
      'user_metadata.band:"AC/DC"',
    )
  })

  it('splits lists for __in and __range, reads __exists as a boolean', () => {
    expect(String(whereQ('email__in=a@x.io, b@x.io', '--where'))).toBe(
      'email:("a@x.io" OR "b@x.io")',
    )
    expect(String(whereQ('logins_count__range=1,10', '--where'))).toBe('logins_count:[1 TO 10]')
    expect(String(whereQ('email__exists=false', '--where'))).toBe('NOT _exists_:email')
    expect(String(whereQ('name__exact=a*b', '--where'))).toBe('name:"a*b"')
  })

  it('refuses bad values and keys before any request', () => {
    expect(() => whereQ('blocked=yes', '--where')).toThrow('takes true or false')
    expect(() => whereQ('logins_count=many', '--where')).toThrow('takes a number')
    expect(() => whereQ('logins_count__range=1', '--where')).toThrow('FROM,TO')
    expect(() => whereQ('email__exists=1', '--where')).toThrow(UsageError)
    expect(() => whereQ('shoe_size=44', '--where')).toThrow(InvalidLookup)
    expect(() => whereQ('user_metadata.band=AC*', '--where')).toThrow(InvalidLookup)
  })
})

describe('cliWords', () => {
  it("tells the library's advice in flags", () => {
    expect(
      cliWords('a value of only "*" matches any value; use { email__exists: true }', '--where'),
    ).toBe('a value of only "*" matches any value; use --where email__exists=true')
    expect(cliWords("For anything else write the lucene with Q.raw('...')", '--where')).toBe(
      "For anything else write the lucene with --q '...'",
    )
  })
})

describe('selectionFrom', () => {
  it('ANDs every flag, negating --exclude', () => {
    const selection = selectionFrom(
      {
        email: '*@acdc.com',
        where: ['logins_count__lt=1'],
        exclude: ['blocked=true'],
        q: 'name:bon',
      },
      'db',
    )
    expect(String(selection.where)).toBe(
      'email:*@acdc.com AND logins_count:[* TO 1} AND NOT blocked:true AND name:bon',
    )
    expect(selection.filtered).toBe(true)
    expect(selection.params).toEqual({})
    expect(selection.scope).toBe('connection "db" (CONNECTION)')
  })

  it('scopes to a connection, or to none', () => {
    expect(selectionFrom({ allConnections: true }, 'db').params).toEqual({ connection: null })
    expect(selectionFrom({ connection: 'other' }, 'db').params).toEqual({ connection: 'other' })
    expect(selectionFrom({}, undefined)).toMatchObject({
      filtered: false,
      scope: 'every connection',
    })
    expect(() => selectionFrom({ connection: 'x', allConnections: true }, 'db')).toThrow('not both')
    expect(() => selectionFrom({ email: ' ' }, 'db')).toThrow('--email needs a value')
  })
})

describe('updateFields', () => {
  it('builds metadata merges and typed root fields, merged with --set-json', () => {
    expect(
      updateFields(
        ['user_metadata.band=AC/DC', 'blocked=true', 'app_metadata.level:=3'],
        '{"user_metadata":{"x":1}}',
      ),
    ).toEqual({ user_metadata: { x: 1, band: 'AC/DC' }, blocked: true, app_metadata: { level: 3 } })
    expect(updateFields(['user_metadata.old:=null'])).toEqual({ user_metadata: { old: null } })
  })

  it('refuses what Auth0 would refuse or misread', () => {
    expect(() => updateFields([])).toThrow('update needs what to change')
    expect(() => updateFields(['password=x'])).toThrow('passwords are not set in bulk')
    expect(() => updateFields(['email=a@x.io'])).toThrow('unique per connection')
    expect(() => updateFields(['logins_count=3'])).toThrow('Auth0 cannot update "logins_count"')
    expect(() => updateFields(['user_metadata.a.b=1'])).toThrow('one level deep')
    expect(() => updateFields(['user_metadata=x'])).toThrow('replaces an object')
    expect(() => updateFields(['name.first=x'])).toThrow('has no nested keys')
    expect(() => updateFields(['name=a', 'name=b'])).toThrow('set twice')
    expect(() => updateFields([], '[1]')).toThrow('JSON object')
    expect(() => updateFields([], '{"shoe":1}')).toThrow('cannot update "shoe"')
    expect(() => updateFields(['user_metadata.a=1'], '{"user_metadata":null}')).toThrow('conflicts')
  })
})

describe('parseFields', () => {
  it('splits and checks field names', () => {
    expect(parseFields('user_id, email,user_metadata.band')).toEqual([
      'user_id',
      'email',
      'user_metadata.band',
    ])
    expect(parseFields(undefined)).toBeUndefined()
    expect(() => parseFields(',')).toThrow('at least one field')
    expect(() => parseFields('email;rm')).toThrow('not a field name')
  })
})
