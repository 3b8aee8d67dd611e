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
  #listener: ((userId: string, digest: string | null) => void) | undefined

  /** `saved`: user_id → digest pairs, as {@link entries} gives them (the data file's). */
  constructor(saved: Iterable<[string, string]> = []) {
    for (const [userId, hash] of saved) this.#hashes.set(userId, hash)
  }

  /** Called after each change with the new digest, or null when it was removed (the journal). */
  onChange(listener: (userId: string, digest: string | null) => void): void {
    this.#listener = listener
  }

  set(userId: string, password: string): void {
    const salt = randomBytes(16).toString('hex')
    const hash = `sha256$${salt}$${digest(salt, password)}`
    this.#hashes.set(userId, hash)
    this.#listener?.(userId, hash)
  }

  delete(userId: string): void {
    if (this.#hashes.delete(userId)) this.#listener?.(userId, null)
  }

  /** True when `password` is the user's; false for a wrong one or a user without a password. */
  verify(userId: string, password: string): boolean {
    const [scheme, salt, expected] = (this.#hashes.get(userId) ?? '').split('$')
    if (scheme !== 'sha256' || salt === undefined || expected === undefined) return false
    const actual = Buffer.from(digest(salt, password), 'hex')
    const wanted = Buffer.from(expected, 'hex')
    return actual.length === wanted.length && timingSafeEqual(actual, wanted)
  }

  /** The digests, for the data file: a live iterator (a snapshot written in the background). */
  entries(): IterableIterator<[string, string]> {
    return this.#hashes.entries()
  }
}

function digest(salt: string, password: string): string {
  return createHash('sha256').update(`${salt}:${password}`, 'utf8').digest('hex')
}
