import type { Clock } from './clock.js'
import { defaultOrder } from './search/default-order.js'
import { FieldIndexes } from './search/field-indexes.js'
import type { IndexedUsers } from './search/plan-candidates.js'
import { UserOrder } from './search/user-order.js'
import type { UserRecord } from './user-defaults.js'

export { defaultOrder }

interface PendingChange {
  visibleAt: number
  userId: string
  user: UserRecord | null
}

/**
 * The secondary datastore GET /users searches. Auth0's search is eventually consistent: it reads
 * an index synced from the primary store, so a write shows up in search only "after a short
 * period". Here every change becomes visible `delayMs` after it was made (0 = at once).
 * Beside the default order it keeps the per-field indexes the query planner reads
 * (`search/field-indexes.ts`), updated with each change as it becomes visible.
 */
export class SearchIndex {
  readonly #users = new Map<string, UserRecord>()
  readonly #pending: PendingChange[] = []
  #ordered: UserOrder | undefined
  readonly #fields = new FieldIndexes(() => this.#users.values())

  constructor(
    readonly delayMs: number,
    private readonly now: Clock,
  ) {}

  /** Records a change of the primary store; it becomes searchable after the delay. */
  record(userId: string, user: UserRecord | null): void {
    if (this.delayMs <= 0) {
      this.#apply(userId, user)
      return
    }
    this.#pending.push({ visibleAt: this.now() + this.delayMs, userId, user })
  }

  /** Makes a user searchable at once (data loaded at start, not a write through the API). */
  load(userId: string, user: UserRecord): void {
    this.#apply(userId, user)
  }

  /** The searchable users and their indexes, as the query planner reads them. */
  indexed(): IndexedUsers {
    return { ordered: this.#order(), fields: this.#fields }
  }

  /** Every searchable user in the default order (a copy: the full scan's input). */
  users(): UserRecord[] {
    return [...this.#order()]
  }

  /** Applies the changes now due; sorts everyone once, the first time an order is needed. */
  #order(): UserOrder {
    const now = this.now()
    let due = 0
    while (due < this.#pending.length && this.#pending[due]!.visibleAt <= now) {
      const change = this.#pending[due]!
      this.#apply(change.userId, change.user)
      due++
    }
    if (due > 0) this.#pending.splice(0, due)
    this.#ordered ??= UserOrder.fromSorted(
      [...this.#users.values()].sort(defaultOrder),
      defaultOrder,
    )
    return this.#ordered
  }

  // Kept sorted incrementally (a binary search and a shift inside one chunk): neither re-sorting
  // nor shifting a million-element array after every write.
  #apply(userId: string, user: UserRecord | null): void {
    const old = this.#users.get(userId)
    if (user === null) this.#users.delete(userId)
    else this.#users.set(userId, user)
    // Records are immutable (user-store.ts), so the old one still holds the keys it was indexed by.
    if (old !== undefined) this.#fields.remove(old)
    if (user !== null) this.#fields.add(user)
    const ordered = this.#ordered
    if (ordered === undefined) return
    if (old !== undefined && !ordered.remove(old)) this.#ordered = undefined
    else if (user !== null) ordered.insert(user)
  }
}
