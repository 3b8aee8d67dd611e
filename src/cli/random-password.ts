import { randomInt } from 'node:crypto'

const CLASSES = [
  'abcdefghijkmnopqrstuvwxyz',
  'ABCDEFGHJKLMNPQRSTUVWXYZ',
  '23456789',
  '!@#$%^&*',
] as const
const ALL = CLASSES.join('')

/**
 * A strong random password (24 characters, crypto RNG) that passes every Auth0 password
 * policy up to `excellent`: all four character classes, no character three times in a row.
 * Nobody learns it: restored users set their own through "Forgot password".
 */
export function randomPassword(length = 24): string {
  for (;;) {
    const chars = CLASSES.map((set) => pick(set))
    while (chars.length < length) chars.push(pick(ALL))
    // Fisher–Yates, so the guaranteed characters are not always first.
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1)
      ;[chars[i], chars[j]] = [chars[j]!, chars[i]!]
    }
    const password = chars.join('')
    if (!/(.)\1\1/.test(password)) return password
  }
}

function pick(set: string): string {
  return set[randomInt(set.length)]!
}
