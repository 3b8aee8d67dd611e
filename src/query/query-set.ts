import { inspect } from 'node:util'
import { InvalidArgument, SearchLimitExceeded } from '../errors.js'
import type { HttpClient } from '../http/http-client.js'
import type { QueryParams } from '../http/types.js'
import { isQ, Q, toQ, type Lookup } from './q.js'
import { planPages, SEARCH_CAP, type PagePlan } from './page-plan.js'
import { EMPTY_STATE, isSliced, withState, type QueryState } from './query-state.js'

type UserRecord = Record<string, unknown>

/** Where a query set's users come from and how records become instances. */
export interface QuerySource<T> {
  readonly http: HttpClient
  hydrate(record: UserRecord): T
}

interface Page {
  users: UserRecord[]
  total: number
}

const FIELD_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.]*$/

/**
 * A lazy, immutable search over the tenant's users (GET /api/v2/users, search engine v3).
 * Refining methods return a new query set and send nothing; `count`, `toArray`, `at`,
 * `first`, `exists` and `for await` are the only calls that reach Auth0.
 *
 * @example
 * const recent = auth0.users.query({ email: '*@acdc.com' }).orderBy('-created_at').slice(0, 10)
 * recent.q               // 'email:*@acdc.com AND identities.connection:"Username-Password-Authentication"'
 * await recent.toArray() // one request: per_page=10, page=0
 */
export class UserQuerySet<T> implements AsyncIterable<T> {
  readonly #source: QuerySource<T>
  readonly #state: QueryState
  /** Filled by `toArray()`; clones never carry it. */
  #cache: T[] | undefined

  constructor(source: QuerySource<T>, state: QueryState = EMPTY_STATE) {
    this.#source = source
    this.#state = state
  }

  // ---- Refining: each returns a new query set and makes no request. ----

  /** Users matching this query AND the lookup. */
  filter(lookup: Lookup | Q): UserQuerySet<T> {
    this.#refuseSliced('filter')
    const q = whereOf(lookup)
    return this.#with({ where: this.#state.where ? this.#state.where.and(q) : q })
  }

  /** Users matching this query AND NOT the lookup. */
  exclude(lookup: Lookup | Q): UserQuerySet<T> {
    this.#refuseSliced('exclude')
    const q = whereOf(lookup).not()
    return this.#with({ where: this.#state.where ? this.#state.where.and(q) : q })
  }

  /** Sorted by one field, descending with a leading `-`: `orderBy('-created_at')`. */
  orderBy(field: string): UserQuerySet<T> {
    this.#refuseSliced('orderBy')
    if (typeof field !== 'string') throw new InvalidArgument('orderBy takes a field name.')
    const descending = field.startsWith('-')
    const name = descending ? field.slice(1) : field
    if (!FIELD_NAME.test(name)) throw new InvalidArgument(`Cannot order by '${field}'.`)
    if (/^(user|app)_metadata(\.|$)/.test(name)) {
      throw new InvalidArgument(`Auth0 cannot sort by metadata ('${name}').`)
    }
    return this.#with({ sort: `${name}:${descending ? -1 : 1}` })
  }

  /** Fetches only these attributes (and `user_id`, so the users can still be saved). */
  only(...fields: string[]): UserQuerySet<T> {
    if (fields.length === 0) throw new InvalidArgument('only() needs at least one field.')
    for (const field of fields) {
      if (typeof field !== 'string' || !FIELD_NAME.test(field)) {
        throw new InvalidArgument(`'${String(field)}' is not a field name.`)
      }
    }
    return this.#with({ fields: [...new Set(['user_id', ...fields])] })
  }

  /**
   * Results `[start, end)`, like `Array.prototype.slice` without negative indexes (Auth0
   * cannot count from the end). Slicing a slice narrows it; filtering one is an error.
   */
  slice(start: number, end?: number): UserQuerySet<T> {
    checkIndex(start, 'slice start')
    if (end !== undefined) checkIndex(end, 'slice end')
    const base = this.#state
    const from = base.start + start
    let to = end === undefined ? base.end : base.start + Math.max(end, start)
    if (base.end !== undefined && to !== undefined) to = Math.min(to, base.end)
    return this.#with({ start: Math.min(from, to ?? from), end: to })
  }

  /** The lucene `q` this query set sends (`''` for every user). */
  get q(): string {
    return this.#state.where ? String(this.#state.where) : ''
  }

  // ---- Evaluating: these reach Auth0. ----

  /** How many users match: one small request for Auth0's `include_totals` total. */
  async count(): Promise<number> {
    if (this.#cache) return this.#cache.length
    const { total } = await this.#fetchPage(0, 1, ['user_id'])
    const { start, end } = this.#state
    return Math.max(0, Math.min(total, end ?? total) - start)
  }

  async exists(): Promise<boolean> {
    return (await this.count()) > 0
  }

  /** The user at index `i` of this query set, or `undefined`. */
  async at(i: number): Promise<T | undefined> {
    checkIndex(i, 'index')
    if (this.#cache) return this.#cache[i]
    const [user] = await this.slice(i, i + 1).toArray()
    return user
  }

  async first(): Promise<T | undefined> {
    return this.at(0)
  }

  /** Every matching user. Cached: a second call makes no request. */
  async toArray(): Promise<T[]> {
    this.#cache ??= await this.#collect()
    return [...this.#cache]
  }

  /** Streams page by page (100 a request) in constant memory; uses the cache when filled. */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.#cache) {
      yield* this.#cache
      return
    }
    const { start, end } = this.#state
    if (end !== undefined && end <= start) return
    const plan = this.#plan()
    let remaining = end === undefined ? Infinity : end - start
    let page = plan.firstPage
    let skip = plan.skip
    let pending = this.#fetchPage(page, plan.perPage)
    for (;;) {
      const { users, total } = await pending
      if (page === plan.firstPage) this.#checkCap(total)
      const done = users.length < plan.perPage || (page + 1) * plan.perPage >= reach(total, end)
      const taken = users.slice(skip, skip + remaining)
      remaining -= taken.length
      if (!done && remaining > 0) {
        pending = this.#fetchPage(page + 1, plan.perPage)
        // The consumer may stop early; an unawaited prefetch must not crash the process.
        pending.catch(() => {})
      }
      for (const record of taken) yield this.#source.hydrate(record)
      if (done || remaining <= 0) return
      page++
      skip = 0
    }
  }

  [inspect.custom](): string {
    const { sort, fields, start, end } = this.#state
    const parts = [`q=${JSON.stringify(this.q)}`]
    if (sort) parts.push(`sort=${sort}`)
    if (fields) parts.push(`fields=${fields.join(',')}`)
    if (isSliced(this.#state)) parts.push(`slice=[${start}, ${end ?? ''})`)
    return `<UserQuerySet ${parts.join(' ')}>`
  }

  // ---- Internals. ----

  async #collect(): Promise<T[]> {
    const { start, end } = this.#state
    if (end !== undefined && end <= start) return []
    const plan = this.#plan()
    const first = await this.#fetchPage(plan.firstPage, plan.perPage)
    this.#checkCap(first.total)
    const last = reach(first.total, end)
    // Once the total is known, the other pages are independent: fetch them side by side
    // (the HTTP layer bounds the concurrency).
    const pageNumbers: number[] = []
    for (let page = plan.firstPage + 1; page * plan.perPage < last; page++) pageNumbers.push(page)
    const rest = await Promise.all(pageNumbers.map((page) => this.#fetchPage(page, plan.perPage)))
    const records = [first, ...rest].flatMap((page) => page.users)
    const window = records.slice(plan.skip, end === undefined ? undefined : plan.skip + end - start)
    return window.map((record) => this.#source.hydrate(record))
  }

  #plan(): PagePlan {
    const { start, end } = this.#state
    if (start >= SEARCH_CAP) throw capError(start + 1)
    return planPages(start, end)
  }

  /** Fails before acting when the window reaches past what Auth0's paging can serve. */
  #checkCap(total: number): void {
    const last = reach(total, this.#state.end)
    if (last > SEARCH_CAP) throw capError(last, total)
  }

  async #fetchPage(page: number, perPage: number, fields = this.#state.fields): Promise<Page> {
    const params: QueryParams = {
      q: this.q || undefined,
      search_engine: 'v3',
      page,
      per_page: perPage,
      include_totals: true,
      sort: this.#state.sort,
      fields: fields?.join(','),
      include_fields: fields ? true : undefined,
    }
    const { data } = await this.#source.http.request<Page>({ method: 'GET', path: '/users', params })
    return { users: data.users, total: data.total }
  }

  #with(change: Partial<QueryState>): UserQuerySet<T> {
    return new UserQuerySet(this.#source, withState(this.#state, change))
  }

  #refuseSliced(method: string): void {
    if (isSliced(this.#state)) {
      throw new InvalidArgument(`Cannot ${method} a query set once it has been sliced.`)
    }
  }
}

/** A lookup's `q` key is raw lucene, ANDed with its other keys: `{ q: 'x:1', email: 'a@b.c' }`. */
function whereOf(lookup: Lookup | Q): Q {
  if (isQ(lookup)) return lookup
  if (typeof lookup !== 'object' || lookup === null || !('q' in lookup)) return toQ(lookup)
  const { q, ...rest } = lookup
  if (typeof q !== 'string') throw new InvalidArgument('q must be a lucene string.')
  const raw = Q.raw(q)
  return Object.keys(rest).length > 0 ? toQ(rest).and(raw) : raw
}

/** How far into the result list this window reaches. */
function reach(total: number, end: number | undefined): number {
  return Math.min(total, end ?? total)
}

function checkIndex(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidArgument(
      `${what} must be a non-negative integer (Auth0 cannot count from the end), got ${String(value)}.`,
    )
  }
}

function capError(needed: number, total?: number): SearchLimitExceeded {
  const matches = total === undefined ? '' : ` matches ${total} users and`
  return new SearchLimitExceeded(
    `This query${matches} needs results up to #${needed}, but Auth0 search serves only the first ` +
      `${SEARCH_CAP}. Narrow the query (e.g. by created_at), or read every user with the users export job.`,
  )
}
