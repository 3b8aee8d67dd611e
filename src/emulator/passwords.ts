import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Users' passwords, kept beside the profiles (never in them, so no API answer can carry one) and
 * only as salted SHA-256 digests: enough to keep test passwords out of the data file and of
 * memory dumps. Not a production password KDF — a slow one (scrypt, bcrypt) would cost tens of
 * milliseconds per created user and make bulk tests against the emulator crawl.
 */
export class PasswordStore {
  /** user_id → `sha256$<salt hex>$<digest hex>`. */
  readonly #hashes = new Map<string, string>()

  constructor(saved: Record<string, string> = {}) {
    for (const [userId, hash] of Object.entries(saved)) this.#hashes.set(userId, hash)
  }

  set(userId: string, password: string): void {
    const salt = randomBytes(16).toString('hex')
    this.#hashes.set(userId, `sha256$${salt}$${digest(salt, password)}`)
  }

  delete(userId: string): void {
    this.#hashes.delete(userId)
  }

  /** True when `password` is the user's; false for a wrong one or a user without a password. */
  verify(userId: string, password: string): boolean {
    const [scheme, salt, expected] = (this.#hashes.get(userId) ?? '').split('$')
    if (scheme !== 'sha256' || salt === undefined || expected === undefined) return false
    const actual = Buffer.from(digest(salt, password), 'hex')
    const wanted = Buffer.from(expected, 'hex')
    return actual.length === wanted.length && timingSafeEqual(actual, wanted)
  }

  /** The digests, for the data file. */
  toJSON(): Record<string, string> {
    return Object.fromEntries(this.#hashes)
  }
}

function digest(salt: string, password: string): string {
  return createHash('sha256').update(`${salt}:${password}`, 'utf8').digest('hex')
}
