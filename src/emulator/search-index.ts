import type { Clock } from './clock.js'
import { defaultOrder } from './search/default-order.js'
import { FieldIndexes } from './search/field-indexes.js'
import type { IndexedUsers } from './search/plan-candidates.js'
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
  #ordered: UserRecord[] | undefined
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
    return { ordered: this.users(), fields: this.#fields }
  }

  /** Every searchable user in the default order. The array is shared: do not mutate it. */
  users(): readonly UserRecord[] {
    const now = this.now()
    let due = 0
    while (due < this.#pending.length && this.#pending[due]!.visibleAt <= now) {
      const change = this.#pending[due]!
      this.#apply(change.userId, change.user)
      due++
    }
    if (due > 0) this.#pending.splice(0, due)
    this.#ordered ??= [...this.#users.values()].sort(defaultOrder)
    return this.#ordered
  }

  // Kept sorted incrementally (binary search + splice): re-sorting 50,000 users after every
  // write of a bulk job would make search the bottleneck.
  #apply(userId: string, user: UserRecord | null): void {
    const old = this.#users.get(userId)
    if (user === null) this.#users.delete(userId)
    else this.#users.set(userId, user)
    // Records are immutable (user-store.ts), so the old one still holds the keys it was indexed by.
    if (old !== undefined) this.#fields.remove(old)
    if (user !== null) this.#fields.add(user)
    const ordered = this.#ordered
    if (ordered === undefined) return
    if (old !== undefined) {
      const at = lowerBound(ordered, old)
      if (ordered[at]?.user_id === userId) ordered.splice(at, 1)
      else this.#ordered = undefined
    }
    if (user !== null && this.#ordered !== undefined) {
      ordered.splice(lowerBound(ordered, user), 0, user)
    }
  }
}

/** First position whose element does not sort before `user`. */
function lowerBound(ordered: readonly UserRecord[], user: UserRecord): number {
  let low = 0
  let high = ordered.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (defaultOrder(ordered[mid]!, user) < 0) low = mid + 1
    else high = mid
  }
  return low
}
