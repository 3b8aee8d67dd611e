import { partitionPoint } from '../partition-point.js'

type User = Record<string, unknown>

/**
 * The first `count` users in `compare` order, sorted, without sorting them all: a page of 50 out
 * of 80,000 candidates costs one comparison per candidate, plus a short insertion now and then.
 * `compare` must be a total order (tie-broken), so the answer does not depend on input order.
 *
 * @example
 * ```ts
 * firstInOrder(matches, 100, byEmailThenDefault) // matches 0…99 of the sorted result
 * ```
 */
export function firstInOrder(
  users: readonly User[],
  count: number,
  compare: (a: User, b: User) => number,
): User[] {
  if (count <= 0) return []
  if (users.length <= 4 * count) return [...users].sort(compare).slice(0, count)
  const best: User[] = []
  for (const user of users) {
    if (best.length === count) {
      if (compare(user, best[count - 1]!) >= 0) continue
      best.pop()
    }
    best.splice(
      partitionPoint(best.length, (i) => compare(best[i]!, user) <= 0),
      0,
      user,
    )
  }
  return best
}
