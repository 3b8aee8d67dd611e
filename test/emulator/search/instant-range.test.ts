import { describe, expect, it } from 'vitest'
import { instantTest, isCanonicalDate } from '../../../src/emulator/search/instant-range.js'

const parsedTest = (low: number, high: number) => (value: string) => {
  const ms = Date.parse(value)
  return ms >= low && ms <= high
}

describe('instantTest compares canonical dates as strings, with the answer Date.parse gives', () => {
  it('knows which strings toISOString() could have written', () => {
    expect(isCanonicalDate('2022-03-01T10:20:30.456Z')).toBe(true)
    expect(isCanonicalDate('2024-02-29T00:00:00.000Z')).toBe(true)
    // Date.parse rolls these over (to March 3rd, March 1st, the next day): not canonical.
    expect(isCanonicalDate('2022-02-31T00:00:00.000Z')).toBe(false)
    expect(isCanonicalDate('2022-02-29T00:00:00.000Z')).toBe(false)
    expect(isCanonicalDate('2022-01-01T24:00:00.000Z')).toBe(false)
    expect(isCanonicalDate('2022-13-01T00:00:00.000Z')).toBe(false)
    expect(isCanonicalDate('2022-03-01T10:20:30Z')).toBe(false)
    expect(isCanonicalDate('+012022-03-01T10:20:30.000Z')).toBe(false)
  })

  it('agrees with parsing on 20,000 random values and bounds, odd and rolled-over ones included', () => {
    let seed = 7
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    const span = Date.UTC(2030, 0, 1) - Date.UTC(2015, 0, 1)
    const instant = () => Date.UTC(2015, 0, 1) + Math.floor(random() * span)
    const pad = (n: number, width = 2) => String(n).padStart(width, '0')
    const odd = () =>
      `20${pad(15 + Math.floor(random() * 15))}-${pad(1 + Math.floor(random() * 13))}-${pad(
        1 + Math.floor(random() * 31),
      )}T${pad(Math.floor(random() * 25))}:00:00.000Z`
    for (let i = 0; i < 20_000; i++) {
      const [low, high] = [instant(), instant()].sort((a, b) => a - b) as [number, number]
      const value =
        random() < 0.5
          ? new Date(instant()).toISOString()
          : random() < 0.5
            ? odd()
            : new Date(instant()).toISOString().slice(0, 10)
      expect([value, instantTest(low, high)(value)]).toEqual([value, parsedTest(low, high)(value)])
    }
  })

  it('treats bounds beyond four-digit years as open ends', () => {
    expect(instantTest(-Infinity, Infinity)('0001-01-01T00:00:00.000Z')).toBe(true)
    expect(
      instantTest(Date.parse('9999-12-31T23:59:59.999Z') + 1, Infinity)('9999-12-31T23:59:59.999Z'),
    ).toBe(false)
  })
})
