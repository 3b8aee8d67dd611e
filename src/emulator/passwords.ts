import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { verifyImportedHash, type ImportedHash } from './imported-password-hash.js'

/** Stored form of a hash brought in by a users import, until the user's first login. */
const IMPORTED = 'imported$'

/**
 * Users' passwords, kept beside the profiles (never in them, so no API answer can carry one) and
 * only as salted SHA-256 digests: enough to keep test passwords out of the data file and of
 * memory dumps. Not a production password KDF — a slow one (scrypt, bcrypt) would cost tens of
 * milliseconds per created user and make bulk tests against the emulator crawl.
 *
 * Users imported with a `password_hash` or `custom_password_hash` keep that hash (as JSON) until
 * they first log in; then, as Auth0 does, the password is rehashed to the store's own scheme.
 */
export class PasswordStore {
  /** user_id → `sha256$<salt hex>$<digest hex>`, or `imported$<ImportedHash JSON>`. */
  readonly #hashes = new Map<string, string>()

  constructor(saved: Record<string, string> = {}) {
    for (const [userId, hash] of Object.entries(saved)) this.#hashes.set(userId, hash)
  }

  set(userId: string, password: string): void {
    const salt = randomBytes(16).toString('hex')
    this.#hashes.set(userId, `sha256$${salt}$${digest(salt, password)}`)
  }

  /** Keeps an imported hash; {@link check} verifies it and replaces it at the first login. */
  setImported(userId: string, hash: ImportedHash): void {
    this.#hashes.set(userId, IMPORTED + JSON.stringify(hash))
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

  /**
   * Like {@link verify}, and also for imported hashes (bcrypt, argon2, … need async work): a
   * match on an imported hash rehashes the password to the store's scheme.
   */
  async check(userId: string, password: string): Promise<boolean> {
    const stored = this.#hashes.get(userId)
    if (stored === undefined || !stored.startsWith(IMPORTED)) return this.verify(userId, password)
    let spec: ImportedHash
    try {
      spec = JSON.parse(stored.slice(IMPORTED.length)) as ImportedHash
    } catch {
      return false // a hand-edited data file
    }
    if (!(await verifyImportedHash(spec, password))) return false
    // Only if nothing replaced the hash meanwhile (a password change during the check).
    if (this.#hashes.get(userId) === stored) this.set(userId, password)
    return true
  }

  /** The digests, for the data file. */
  toJSON(): Record<string, string> {
    return Object.fromEntries(this.#hashes)
  }
}

function digest(salt: string, password: string): string {
  return createHash('sha256').update(`${salt}:${password}`, 'utf8').digest('hex')
}
