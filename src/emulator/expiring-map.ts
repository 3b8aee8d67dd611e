import type { Clock } from './clock.js'

interface Entry<V> {
  value: V
  expiresAt: number
}

/**
 * A map whose entries live `lifetimeMs` and of which at most `maxEntries` are kept, for state
 * anyone can create (login transactions need no credentials). Every entry gets the same
 * lifetime and a write moves its key to the end, so the Map's insertion order is also expiry
 * order: expired entries are swept from the front, each at most once — amortised O(1) per write
 * instead of a scan of everything (a clock moved backwards only delays a sweep; `get` still
 * checks each entry). When full, the oldest entry makes room.
 *
 * @example
 * const pending = new ExpiringMap<string>(Date.now, 600_000, 10_000)
 * pending.set('tx1', 'data')
 * pending.get('tx1') // 'data' for ten minutes, then undefined
 */
export class ExpiringMap<V> {
  readonly #entries = new Map<string, Entry<V>>()

  constructor(
    private readonly now: Clock,
    readonly lifetimeMs: number,
    readonly maxEntries: number,
  ) {}

  /** Entries held, expired ones not yet swept included. */
  get size(): number {
    return this.#entries.size
  }

  set(key: string, value: V): void {
    const now = this.now()
    this.#sweep(now)
    this.#entries.delete(key)
    while (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#oldestKey()!)
    this.#entries.set(key, { value, expiresAt: now + this.lifetimeMs })
  }

  /** The live value, or undefined when absent or expired. Reads sweep too, so idle maps empty. */
  get(key: string): V | undefined {
    const now = this.now()
    this.#sweep(now)
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    if (now >= entry.expiresAt) {
      this.#entries.delete(key)
      return undefined
    }
    return entry.value
  }

  /** The live value, removed whatever it was (a second take of the same key finds nothing). */
  take(key: string): V | undefined {
    const value = this.get(key)
    this.#entries.delete(key)
    return value
  }

  delete(key: string): void {
    this.#entries.delete(key)
  }

  /** Live values, oldest first. */
  *values(): IterableIterator<V> {
    const now = this.now()
    for (const entry of this.#entries.values()) if (now < entry.expiresAt) yield entry.value
  }

  #sweep(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (now < entry.expiresAt) return
      this.#entries.delete(key)
    }
  }

  #oldestKey(): string | undefined {
    return this.#entries.keys().next().value
  }
}
