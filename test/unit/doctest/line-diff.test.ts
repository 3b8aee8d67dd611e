import { describe, expect, it } from 'vitest'
import { lineDiff } from '../../../src/doctest/line-diff.js'
import { reflowLike } from '../../../src/doctest/reflow.js'

describe('lineDiff', () => {
  it('keeps common lines and marks the rest', () => {
    expect(lineDiff('a\nb\nc', 'a\nx\nc\nd')).toEqual([
      { sign: ' ', text: 'a' },
      { sign: '-', text: 'b' },
      { sign: '+', text: 'x' },
      { sign: ' ', text: 'c' },
      { sign: '+', text: 'd' },
    ])
  })
})

describe('reflowLike', () => {
  it('lays the actual words out on the expected lines', () => {
    const expected = "{ id: 'auth0|1',\n  email: 'roger@example.com',\n  tags: [] }"
    const actual = "{\n  id: 'auth0|1',\n  email: 'brian@example.com',\n  tags: []\n}"
    expect(reflowLike(expected, actual)).toBe(
      "{ id: 'auth0|1',\n  email: 'brian@example.com',\n  tags: [] }",
    )
  })

  it('keeps extra words on the line of the last matched word', () => {
    expect(reflowLike('a b\nc', 'a b x y\nc')).toBe('a b x y\nc')
    expect(reflowLike('a\nb', 'z a b')).toBe('z a\nb')
  })
})
