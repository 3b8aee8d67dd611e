/**
 * Input parsing that used to backtrack quadratically, found while looking for more ReDoS after
 * issue 11: the bearer header (before any authentication) and Lucene numbers in `q`.
 */
import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { authenticate } from '../../src/emulator/auth.js'
import { signingKeyFrom } from '../../src/emulator/jwt.js'
import { compileQuery } from '../../src/emulator/search/index.js'
import { parseNumber } from '../../src/emulator/search/term-clause.js'

const timed = <T>(run: () => T): [T, number] => {
  const started = performance.now()
  const result = run()
  return [result, performance.now() - started]
}

describe('linear parsing of hostile input', () => {
  it('reads the bearer header in linear time (60,000 spaces then two words)', () => {
    const key = signingKeyFrom(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)
    const checks = { isAudience: () => true, issuer: 'x/', now: Date.now }
    const header = `Bearer ${' '.repeat(60_000)}a b`
    const [, ms] = timed(() =>
      expect(() => authenticate(header, key, checks)).toThrow('Missing authentication'),
    )
    // The old regex took ~14 s on this header; linear parsing takes well under a millisecond.
    expect(ms).toBeLessThan(500)
    expect(() => authenticate('Bearer   ', key, checks)).toThrow('Invalid token')
    expect(() => authenticate('bearer  not.a.jwt  ', key, checks)).toThrow('Invalid token')
  })

  it('parses Lucene numbers in linear time and keeps their syntax', () => {
    const digits = '1'.repeat(16_000)
    const [parsed, ms] = timed(() => parseNumber(`${digits}x`))
    expect(parsed).toBeUndefined()
    expect(ms).toBeLessThan(250) // the old pattern: ~1.6 s
    const [, compileMs] = timed(() =>
      expect(() => compileQuery(`logins_count:${digits}x`)).toThrow(/is not a number/),
    )
    expect(compileMs).toBeLessThan(1000)
    for (const [text, value] of [
      ['12', 12],
      ['-1.5', -1.5],
      ['+.5', 0.5],
      ['3.', 3],
      ['1e3', 1000],
      ['2.5E-1', 0.25],
    ] as const) {
      expect(parseNumber(text), text).toBe(value)
    }
    for (const text of ['', '.', '0x1f', '1e', '1.2.3', 'e3', '- 1']) {
      expect(parseNumber(text), text).toBeUndefined()
    }
  })
})
