import type { FieldIndexes } from './field-indexes.js'
import { isoBounds } from './instant-range.js'
import type { Plan } from './query-plan.js'
import type { UserOrder } from './user-order.js'

type User = Record<string, unknown>

/** What the indexes read: the per-field indexes and the users in the default order. */
export interface IndexedUsers {
  readonly fields: FieldIndexes
  /** Every searchable user, by `created_at` then `user_id` (see `defaultOrder`). */
  readonly ordered: UserOrder
}

/**
 * The users a plan can match, or undefined when no index narrows the query (then everyone is a
 * candidate). `size` is known before the list is built (an upper bound where operands overlap),
 * so a caller can decide not to build a list of 200,000 users; `list()` has no duplicates and is
 * in the default order when `ordered`.
 */
export interface Candidates {
  readonly size: number
  readonly ordered: boolean
  list(): readonly User[]
  /** A created_at slice: the users in the default order, first to last or last to first, lazily. */
  walk?(direction: 1 | -1): Iterable<User>
}

function listed(users: readonly User[], ordered: boolean): Candidates {
  return { size: users.length, ordered, list: () => users }
}

/**
 * Evaluates a plan against the indexes. AND keeps its smallest operand (the predicate checks the
 * rest), OR unites its operands; both only ever widen the true answer, never shrink it.
 */
export function candidatesOf(plan: Plan, source: IndexedUsers): Candidates | undefined {
  switch (plan.kind) {
    case 'all':
      return undefined
    case 'text':
      return textCandidates(source, plan.field, plan.value, plan.exact)
    case 'dynamic': {
      const found = source.fields.metadata.lookup(plan.path, plan.values)
      return found && { size: found.size, ordered: false, list: found.list }
    }
    case 'created':
      return createdCandidates(source, plan.min, plan.max)
    case 'and': {
      let best: Candidates | undefined
      for (const operand of plan.plans) {
        const found = candidatesOf(operand, source)
        if (found !== undefined && (best === undefined || found.size < best.size)) best = found
      }
      return best
    }
    case 'or': {
      const operands: Candidates[] = []
      for (const operand of plan.plans) {
        const found = candidatesOf(operand, source)
        if (found === undefined) return undefined
        operands.push(found)
      }
      const union = () => {
        const users = new Set<User>()
        for (const operand of operands) for (const user of operand.list()) users.add(user)
        return [...users]
      }
      return { size: operands.reduce((sum, c) => sum + c.size, 0), ordered: false, list: union }
    }
  }
}

function textCandidates(
  source: IndexedUsers,
  field: string,
  value: string,
  exact: boolean,
): Candidates | undefined {
  const index = source.fields.text(field)
  if (index === undefined) return undefined
  const found = new Set<User>()
  index.walk(value, 1, (key, user) => {
    if (exact ? key !== value : !key.startsWith(value)) return false
    found.add(user)
    return true
  })
  return listed([...found], false)
}

/**
 * `created_at` in [min, max] as one slice of the default order, found by binary search on the
 * stored strings (ISO strings of one shape sort as the instants they name). Only while every
 * stored date has that shape; otherwise the range is left to the predicate.
 */
function createdCandidates(source: IndexedUsers, min: number, max: number): Candidates | undefined {
  if (!source.fields.datesRegular) return undefined
  const ordered = source.ordered
  if (min > max) return listed([], true)
  const bounds = isoBounds(min, max)
  // Users without a date ('') sort first and never match: start at the first date.
  const low = bounds.from === '' ? '0' : bounds.from
  const from = ordered.firstPositionNot((user) => createdOf(user) < low)
  const to = ordered.firstPositionNot((user) => createdOf(user) <= bounds.to)
  return {
    size: to - from,
    ordered: true,
    list: () => ordered.slice(from, to),
    walk: (direction) =>
      direction === 1 ? ordered.between(from, to) : ordered.betweenBackward(from, to),
  }
}

/** The stored `created_at` as the default order compares it. */
function createdOf(user: User): string {
  return String(user['created_at'] ?? '')
}
