import { describe, expect, it } from 'vitest'
import type { UserRecord } from '../../../src/emulator/search/index.js'
import { matching } from './users.fixture.js'

// Every Lucene special character (and the space Auth0 asks to escape), each inside a value.
const SPECIALS = [
  '+',
  '-',
  '&&',
  '||',
  '!',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  '^',
  '"',
  '~',
  '*',
  '?',
  ':',
  '\\',
  '/',
  ' ',
]

const USERS: UserRecord[] = [
  ...SPECIALS.map((special, i) => ({
    user_id: `esc|${i}`,
    username: `a${special}b`,
    name: `N${special}M`,
  })),
  { user_id: 'esc|plain', username: 'ab', name: 'NM' },
  { user_id: 'esc|other', username: 'axb', name: 'NxM' },
]

/** `\` before every character: what a caller escaping term text would send. */
const escapeAll = (text: string) => text.replace(/./gs, '\\$&')
/** Inside a phrase only `"` and `\` need escaping. */
const escapePhrase = (text: string) => text.replace(/["\\]/g, '\\$&')

describe.each(SPECIALS.map((special, i) => [special, String(i)]))('escaping %j', (special, id) => {
  it('unquoted, escaped', () => {
    expect(matching(`username:a${escapeAll(special)}b`, USERS)).toEqual([id])
  })
  it('quoted', () => {
    expect(matching(`username:"a${escapePhrase(special)}b"`, USERS)).toEqual([id])
  })
  it('case-insensitive field, unquoted', () => {
    expect(matching(`name:n${escapeAll(special)}m`, USERS)).toEqual([id])
  })
  it('case-insensitive field, quoted', () => {
    expect(matching(`name:"n${escapePhrase(special)}m"`, USERS)).toEqual([id])
  })
  it('before a wildcard', () => {
    expect(matching(`username:a${escapeAll(special)}*`, USERS)).toEqual([id])
  })
  it('inside an escaped range bound', () => {
    const bound = `a${escapeAll(special)}b`
    expect(matching(`username:[${bound} TO ${bound}]`, USERS)).toEqual([id])
  })
  it('inside a quoted range bound', () => {
    const bound = `"a${escapePhrase(special)}b"`
    expect(matching(`username:[${bound} TO ${bound}]`, USERS)).toEqual([id])
  })
  it('in a term without a field', () => {
    expect(matching(`"a${escapePhrase(special)}b"`, USERS)).toEqual([id])
  })
})

describe('escaping — a star is a wildcard only when bare', () => {
  const star = String(SPECIALS.indexOf('*'))
  it.each([
    ['username:a*b', USERS.map((user) => String(user['user_id']).split('|')[1])], // every fixture username is a…b
    ['username:a\\*b', [star]],
    ['username:"a*b"', [star]],
    ['username:["a*b" TO "a*b"]', [star]],
    ['username:[a\\*b TO a\\*b]', [star]],
  ])('%s → %j', (q, expected) => {
    expect(matching(q, USERS)).toEqual(expected)
  })
})
