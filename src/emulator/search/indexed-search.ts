import { compileSort, parseSort } from './compile-sort.js'
import { defaultOrder } from './default-order.js'
import { firstInOrder } from './first-in-order.js'
import { candidatesOf, type Candidates, type IndexedUsers } from './plan-candidates.js'
import { TEXT_INDEXED } from './query-plan.js'
import type { SearchPage, SearchRequest } from './search-request.js'
import type { SortedChunks } from './sorted-chunks.js'
import type { UserOrder } from './user-order.js'
import type { UserTest } from './term-clause.js'

type User = Record<string, unknown>

// Up to this many candidates (or a quarter of everyone), selecting the page from them beats
// walking a sort index and testing as we go.
const SORT_CANDIDATES_UP_TO = 20_000

/**
 * Answers a search page from the indexes: the plan narrows the users the predicate is run on, the
 * page comes out in the default order or from an ordered index, and the scan that remains (for
 * what no index serves, or for an exact total) is one linear pass. Same answer as `scanSearch`.
 */
export function indexedSearch(source: IndexedUsers, request: SearchRequest): SearchPage {
  const candidates = request.test && candidatesOf(request.plan, source)
  // An exact plan needs no predicate on its candidates (a missing predicate accepts everyone).
  const verify = candidates !== undefined && request.exact ? undefined : request.test
  if (request.sort === undefined) return defaultOrderPage(source, request, candidates, verify)
  if (CREATED_SORTS.has(request.sort)) {
    // Everyone (no q) or a created_at slice is already in created_at order.
    const slice = request.test === undefined ? everyone(source) : candidates
    if (slice?.walk !== undefined) return createdSlicePage(slice, request, verify)
  }
  return sortedPage(source, request, request.sort, candidates, verify)
}

const CREATED_SORTS = new Set(['created_at:1', 'created_at:-1'])

/**
 * A created_at slice sorted by created_at is already in order (ties by the default order, as a
 * stable sort keeps them): ascending is the slice, descending its runs of one instant from the
 * end. A page is a walk that stops at its end, unless a total needs the predicate on every user.
 */
function createdSlicePage(
  slice: Candidates,
  { sort, start, limit, totals }: SearchRequest,
  verify: UserTest | undefined,
): SearchPage {
  const end = start + limit
  const inOrder = sort === 'created_at:1' ? slice.walk!(1) : newestFirst(slice.walk!(-1))
  if (verify === undefined) {
    return { users: walkOrdered(inOrder, () => true, start, end, false).users, total: slice.size }
  }
  return walkOrdered(inOrder, verify, start, end, totals)
}

/**
 * Every user as one created_at slice, when that is their created_at order: every date regular
 * and present (users without one sort first by default, but last by created_at).
 */
function everyone(source: IndexedUsers): Candidates | undefined {
  const { ordered } = source
  const first = ordered.between(0, 1).next().value
  if (!source.fields.datesRegular || (first !== undefined && !first['created_at'])) return undefined
  return {
    size: ordered.size,
    ordered: true,
    list: () => [...ordered],
    walk: (direction) =>
      direction === 1 ? ordered.between(0, ordered.size) : ordered.betweenBackward(0, ordered.size),
  }
}

/** Users read last to first, newest first; those of one instant keep their default order. */
function* newestFirst(backward: Iterable<User>): Generator<User> {
  let run: User[] = []
  for (const user of backward) {
    if (run.length > 0 && run[0]!['created_at'] !== user['created_at']) {
      for (let i = run.length - 1; i >= 0; i--) yield run[i]!
      run = []
    }
    run.push(user)
  }
  for (let i = run.length - 1; i >= 0; i--) yield run[i]!
}

function defaultOrderPage(
  source: IndexedUsers,
  { test, start, limit, totals }: SearchRequest,
  candidates: Candidates | undefined,
  verify: UserTest | undefined,
): SearchPage {
  const end = start + limit
  const { ordered } = source
  if (test === undefined) return { users: ordered.slice(start, end), total: ordered.size }
  if (candidates?.walk !== undefined) {
    // A created_at slice: exact, it is the answer; else the page is a walk that stops at its
    // end unless a total is wanted (a partition's later pages ask for none).
    const slice = candidates.walk(1)
    if (verify === undefined) {
      return {
        users: walkOrdered(slice, () => true, start, end, false).users,
        total: candidates.size,
      }
    }
    return walkOrdered(slice, verify, start, end, totals)
  }
  if (candidates !== undefined && !dense(candidates, ordered)) {
    const matches = verify === undefined ? candidates.list() : candidates.list().filter(verify)
    const users = candidates.ordered
      ? matches.slice(start, end)
      : firstInOrder(matches, end, defaultOrder).slice(start)
    return { users, total: matches.length }
  }
  if (candidates !== undefined) {
    // Matches are frequent: the page is a short walk of the default order, the total a count.
    const users = walkOrdered(ordered, test, start, end, false).users
    return { users, total: totals ? countMatches(source, verify, candidates) : undefined }
  }
  return walkOrdered(ordered, test, start, end, totals)
}

/**
 * Unordered candidates are many (1 user in 16 or more): walking the default order until the page
 * is full visits ~16 × page users, cheaper than ordering the candidates.
 */
function dense(candidates: Candidates, ordered: UserOrder): boolean {
  return !candidates.ordered && candidates.size * 16 >= ordered.size
}

/** One pass over the default order, which stops at the end of the page unless counting all. */
function walkOrdered(
  ordered: Iterable<User>,
  test: UserTest,
  start: number,
  end: number,
  totals: boolean,
): SearchPage {
  const users: User[] = []
  let total = 0
  for (const user of ordered) {
    if (!test(user)) continue
    if (total >= start && total < end) users.push(user)
    total++
    if (!totals && total >= end) return { users, total: undefined }
  }
  return { users, total }
}

function sortedPage(
  source: IndexedUsers,
  request: SearchRequest,
  sort: string,
  candidates: Candidates | undefined,
  verify: UserTest | undefined,
): SearchPage {
  const { start, limit, totals } = request
  const end = start + limit
  const { field, direction } = parseSort(sort)
  const index =
    TEXT_INDEXED.has(field.name) && !field.emailDomain && source.fields.sortable(field.name)
      ? source.fields.text(field.name)
      : undefined
  if (index === undefined || (candidates && !walkable(candidates, source.ordered))) {
    const compare = compileSort(sort)
    const byField = (a: User, b: User) => compare(a, b) || defaultOrder(a, b)
    const pool = candidates?.list() ?? [...source.ordered]
    const matches = verify === undefined ? pool : pool.filter(verify)
    return { users: firstInOrder(matches, end, byField).slice(start), total: matches.length }
  }
  const member = candidates && new Set(candidates.list())
  const accept = (user: User) =>
    (member === undefined || member.has(user)) && (verify === undefined || verify(user))
  const users = walkInOrder(index, direction, source.ordered, accept, start, end)
  return { users, total: totals ? countMatches(source, verify, candidates) : undefined }
}

/**
 * Walking the sort index pays off only for many candidates spread through it: 83,000 users named
 * `jane*` sorted by email sit in one stretch of the email index, which a walk from the far end
 * crosses entirely (750,000 entries at a million users); selecting from the 83,000 costs less.
 */
function walkable(candidates: Candidates, ordered: UserOrder): boolean {
  return candidates.size > SORT_CANDIDATES_UP_TO && candidates.size * 4 >= ordered.size
}

/**
 * Walks the field's ordered index from the right end: a user's first entry is its sort key
 * (smallest value ascending, largest descending, as `compileSort`), users with equal keys come in
 * the default order, users without a value come last. Stops when the page is full.
 */
function walkInOrder(
  index: SortedChunks,
  direction: 1 | -1,
  ordered: Iterable<User>,
  accept: (user: User) => boolean,
  start: number,
  end: number,
): User[] {
  const page: User[] = []
  const seen = new Set<User>()
  let matched = 0
  const take = (user: User): boolean => {
    if (!accept(user)) return true
    if (matched >= start) page.push(user)
    matched++
    return matched < end
  }
  let group: User[] = []
  let groupKey: string | undefined
  const flush = (): boolean => {
    if (group.length > 1) group.sort(defaultOrder)
    for (const user of group) if (!take(user)) return false
    group = []
    return true
  }
  let full = end <= 0
  if (!full) {
    index.walk(undefined, direction, (key, user) => {
      if (key !== groupKey) {
        if (!flush()) {
          full = true
          return false
        }
        groupKey = key
      }
      if (!seen.has(user)) {
        seen.add(user)
        group.push(user)
      }
      return true
    })
  }
  if (full || !flush()) return page
  for (const user of ordered) if (!seen.has(user) && !take(user)) break
  return page
}

function countMatches(
  source: IndexedUsers,
  test: UserTest | undefined,
  candidates: Candidates | undefined,
): number {
  if (test === undefined) return candidates?.list().length ?? source.ordered.size
  const pool = candidates?.list() ?? source.ordered
  let count = 0
  for (const user of pool) if (test(user)) count++
  return count
}
