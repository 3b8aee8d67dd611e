import { describe, expect, it } from 'vitest'
import { matchesExpected } from '../../../src/doctest/compare.js'

const loose = { normalizeWhitespace: true }
const exact = { normalizeWhitespace: false }

describe('matchesExpected', () => {
  it('compares exactly without an ellipsis', () => {
    expect(matchesExpected('3', '3', loose)).toBe(true)
    expect(matchesExpected('3', '4', loose)).toBe(false)
    expect(matchesExpected("'a'", 'a', loose)).toBe(false)
  })

  it('lets `...` match anything, including nothing', () => {
    expect(matchesExpected('<User auth0|...>', '<User auth0|65f0c2a1>', loose)).toBe(true)
    expect(matchesExpected('<User auth0|...>', '<User auth0|>', loose)).toBe(true)
    expect(matchesExpected('<User auth0|...>', '<User google|1>', loose)).toBe(false)
    expect(
      matchesExpected(
        "'https://s.gravatar.com/avatar/...?s=480&r=pg&d=...'",
        "'https://s.gravatar.com/avatar/9f3a?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com'",
        loose,
      ),
    ).toBe(true)
  })

  it('matches several ellipses in order, and never lets start and end overlap', () => {
    expect(matchesExpected('a...b...c', 'a1b2c', loose)).toBe(true)
    expect(matchesExpected('a...c...b', 'a1b2c', loose)).toBe(false)
    expect(matchesExpected('ab...ba', 'aba', loose)).toBe(false)
  })

  it('lets `...` span lines, in either whitespace mode', () => {
    const actual = "{\n  id: 'auth0|1',\n  email: 'a@b.c',\n  name: 'A'\n}"
    expect(matchesExpected("{\n  id: 'auth0|1',\n  ...\n}", actual, exact)).toBe(true)
    expect(matchesExpected("{ id: 'auth0|1', ... name: 'A' }", actual, loose)).toBe(true)
  })

  it('ignores how a value is wrapped when whitespace is normalized', () => {
    expect(matchesExpected("[ 'a',\n  'b' ]", "[ 'a', 'b' ]", loose)).toBe(true)
    expect(matchesExpected("[ 'a',\n  'b' ]", "[ 'a', 'b' ]", exact)).toBe(false)
  })

  it('never counts trailing whitespace or surrounding blank lines', () => {
    expect(matchesExpected('a  \nb\n\n', 'a\nb', exact)).toBe(true)
  })
})
