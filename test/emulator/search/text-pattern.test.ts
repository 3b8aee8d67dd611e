import { describe, expect, it } from 'vitest'
import { textPattern } from '../../../src/emulator/search/text-pattern.js'
import { rng } from '../../support/prng.js'

/** The old regex reading of a wildcard term: the meaning the linear matcher must keep. */
function reference(parts: readonly string[]): (value: string) => boolean {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  const regex = new RegExp(`^${parts.map(escape).join('.*')}$`, 's')
  return (value) => regex.test(value)
}

describe('textPattern', () => {
  it.each([
    [['jo', ''], 'john', true],
    [['', 'ohn', ''], 'x', false],
    [['a', 'a'], 'a', false], // prefix and suffix may not overlap
    [['a', 'a'], 'aa', true],
    [['ab', 'b', 'ba'], 'abba', false], // the middle run needs its own b
    [['ab', 'b', 'ba'], 'abbba', true],
    [['', '.', ''], 'a.b', true], // regex specials are literal
    [['', '.', ''], 'ab', false],
    [['a', '', '', 'c'], 'ac', true], // a**c
    [['x', 'y'], 'x\ny', true], // * crosses newlines, as the `s` regex did
  ])('%j on %j → %s', (parts, value, expected) => {
    expect(textPattern(parts)(value)).toBe(expected)
  })

  it('agrees with the regex reading on 20,000 random patterns and values', () => {
    const r = rng(0x5eed)
    const alphabet = ['a', 'b', 'c', '.', '\n']
    const word = (max: number) =>
      Array.from({ length: r.int(max + 1) }, () => r.pick(alphabet)).join('')
    for (let i = 0; i < 20_000; i++) {
      const parts = Array.from({ length: 2 + r.int(4) }, () => word(2))
      const value = word(8)
      expect(textPattern(parts)(value), `${JSON.stringify(parts)} ${JSON.stringify(value)}`).toBe(
        reference(parts)(value),
      )
    }
  })

  it('answers a pathological term over a long value at once (no backtracking)', () => {
    // `a*a*…*c` with twelve stars over 100,000 a's: a backtracking regex would never finish.
    const parts = [...Array.from({ length: 12 }, () => 'a'), 'c']
    const started = performance.now()
    expect(textPattern(parts)('a'.repeat(100_000))).toBe(false)
    expect(textPattern(parts)(`${'a'.repeat(100_000)}c`)).toBe(true)
    expect(performance.now() - started).toBeLessThan(1000)
  })
})
