import type { Clock } from './clock.js'

/** Auth0's default threshold: failed logins for one identifier from one IP before a block. */
export const DEFAULT_THRESHOLD = 10

/** A block (and a failure count) lasts 30 days after the last failed attempt, as on Auth0. */
export const BLOCK_LIFETIME_MS = 30 * 24 * 3600 * 1000

/** Counters and blocks kept at most, each; past that the least recently failed goes first [I]. */
export const MAX_ENTRIES = 10_000

/** Auth0's answer to a login of a blocked identifier (`429 too_many_attempts`). */
export const BLOCKED_MESSAGE =
  "Your account has been blocked after multiple consecutive login attempts. We've sent you an email with instructions on how to unblock it."

/** `startEmulator({ bruteForce })`: `false` turns the protection off. */
export interface BruteForceOptions {
  /** Failed attempts (1–100) that block an identifier from an IP. Default 10. */
  threshold?: number
}

/** One block, as `GET /api/v2/user-blocks` lists them. */
export interface BlockEntry {
  identifier: string
  ip: string
}

interface Failures {
  identifier: string
  ip: string
  count: number
  lastFailureAt: number
}

/**
 * Auth0's "Block Brute-force Logins": failed logins are counted per (identifier, source IP);
 * the attempt that reaches the threshold blocks that identifier from that IP, and a blocked
 * pair cannot log in, not even with the right password, until 30 days after its last failure,
 * an unblock (admin, or a password change) or a successful login resets it. Identifiers are
 * compared lower-cased. Memory is bounded: counters and blocks live in insertion-ordered maps
 * (a failure re-inserts its key), capped at {@link MAX_ENTRIES} each, expired from the front.
 *
 * Shared by the login page and the password grants; the user-blocks endpoints read
 * {@link blocksOf} and call {@link unblock}.
 *
 * @example
 * const guard = new BruteForceGuard(Date.now)
 * if (guard.isBlocked(email, ip)) return tooManyAttempts()
 * if (!passwordOk) return guard.recordFailure(email, ip) === 'blocked' ? tooManyAttempts() : wrongPassword()
 * guard.recordSuccess(email, ip)
 */
export class BruteForceGuard {
  readonly #failures = new Map<string, Failures>()
  readonly #blocks = new Map<string, Failures>()
  readonly threshold: number

  constructor(
    private readonly now: Clock,
    options: BruteForceOptions = {},
    private readonly maxEntries = MAX_ENTRIES,
  ) {
    const threshold = options.threshold ?? DEFAULT_THRESHOLD
    if (!Number.isInteger(threshold) || threshold < 1 || threshold > 100) {
      throw new Error(`bruteForce.threshold must be an integer from 1 to 100, not ${threshold}`)
    }
    this.threshold = threshold
  }

  /** True while `userKey` is blocked from `ip`. */
  isBlocked(userKey: string, ip: string): boolean {
    const now = this.now()
    this.#sweep(now)
    const block = this.#blocks.get(keyOf(userKey, ip))
    return block !== undefined && now < block.lastFailureAt + BLOCK_LIFETIME_MS
  }

  /** Counts a failed login; `'blocked'` when this attempt reached the threshold (or was blocked). */
  recordFailure(userKey: string, ip: string): 'blocked' | 'counted' {
    const now = this.now()
    this.#sweep(now)
    const key = keyOf(userKey, ip)
    const blocked = this.#blocks.get(key)
    if (blocked !== undefined) {
      blocked.lastFailureAt = now
      moveToEnd(this.#blocks, key, blocked)
      return 'blocked'
    }
    const entry = this.#failures.get(key) ?? {
      identifier: userKey.toLowerCase(),
      ip,
      count: 0,
      lastFailureAt: now,
    }
    entry.count += 1
    entry.lastFailureAt = now
    this.#failures.delete(key)
    if (entry.count >= this.threshold) {
      this.#insert(this.#blocks, key, entry)
      return 'blocked'
    }
    this.#insert(this.#failures, key, entry)
    return 'counted'
  }

  /** A successful login resets the count for that identifier and IP. */
  recordSuccess(userKey: string, ip: string): void {
    this.#failures.delete(keyOf(userKey, ip))
  }

  /** Lifts the blocks (and counts) of `userKey`: from `ip` only, or from every IP. */
  unblock(userKey: string, ip?: string): void {
    if (ip !== undefined) {
      this.#failures.delete(keyOf(userKey, ip))
      this.#blocks.delete(keyOf(userKey, ip))
      return
    }
    const identifier = userKey.toLowerCase()
    for (const map of [this.#failures, this.#blocks]) {
      for (const [key, entry] of map) if (entry.identifier === identifier) map.delete(key)
    }
  }

  /** The live blocks of `userKey`, oldest first. */
  blocksOf(userKey: string): BlockEntry[] {
    this.#sweep(this.now())
    const identifier = userKey.toLowerCase()
    return [...this.#blocks.values()]
      .filter((entry) => entry.identifier === identifier)
      .map(({ ip }) => ({ identifier, ip }))
  }

  /** Entries held (counters + blocks), for tests of the cap. */
  get size(): number {
    return this.#failures.size + this.#blocks.size
  }

  #insert(map: Map<string, Failures>, key: string, entry: Failures): void {
    while (map.size >= this.maxEntries) map.delete(map.keys().next().value!)
    map.set(key, entry)
  }

  /** Both maps are in last-failure order: expired entries are all at the front. */
  #sweep(now: number): void {
    for (const map of [this.#failures, this.#blocks]) {
      for (const [key, entry] of map) {
        if (now < entry.lastFailureAt + BLOCK_LIFETIME_MS) break
        map.delete(key)
      }
    }
  }
}

function keyOf(userKey: string, ip: string): string {
  return `${userKey.toLowerCase()}\u0000${ip}`
}

function moveToEnd(map: Map<string, Failures>, key: string, entry: Failures): void {
  map.delete(key)
  map.set(key, entry)
}
