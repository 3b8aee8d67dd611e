import type { Clock } from './clock.js'

/**
 * A Map whose entries expire `lifetimeMs` after they are set, holding at most `max` of them.
 * One lifetime for all means insertion order is expiry order, so each `set` sweeps expired
 * entries from the head (amortised O(1)) and, at the cap, drops the oldest: state that outside
 * requests create (login transactions, codes) stays bounded however they are flooded. Keys are
 * Map keys, never object properties, so `__proto__` is just a string.
 */
export class ExpiringMap<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>()

  constructor(
    private readonly now: Clock,
    private readonly lifetimeMs: number,
    private readonly max: number,
  ) {}

  get size(): number {
    return this.#entries.size
  }

  set(key: string, value: V): void {
    this.#entries.delete(key)
    this.#sweep()
    this.#entries.set(key, { value, expiresAt: this.now() + this.lifetimeMs })
  }

  /** The live value, or undefined (unknown or expired; an expired entry is dropped). */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    if (this.now() >= entry.expiresAt) {
      this.#entries.delete(key)
      return undefined
    }
    return entry.value
  }

  delete(key: string): boolean {
    return this.#entries.delete(key)
  }

  #sweep(): void {
    const now = this.now()
    for (const [key, entry] of this.#entries) {
      if (now < entry.expiresAt && this.#entries.size < this.max) break
      this.#entries.delete(key)
    }
  }
}
